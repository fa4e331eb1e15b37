"""What a value changed in Python code is for, read from where the code uses it.

A diff names a changed constant by the code's own name (`X0_LAMBDA`, `N_RESTARTS`, `c_fc`), and many
such names say nothing to the taxonomy. The code says what they are: the keyword a constant is
passed as (`AdamW(params, lr=MATRIX_LR)`: a learning rate; `GPTConfig(n_layer=DEPTH)`: depth), the
call it is given to (`nn.Dropout(P_DROP)`: regularisation), the name it is stored under
(`self.n_head = HEADS`), the key it fills (`{"weight_decay": WD}`). Each use is one vote, placed by
the taxonomy from that name; the category most uses agree on is the parameter's. A number changed
inside a call (`nn.Linear(d, 4 * d)` in `self.c_fc = ...`) is placed by the call it sits in. Only
numbers are followed: a string constant is an identifier or a path (a test's fixture ids, a file
name), not a setting of what takes it.

Only a module's top-level settings are followed to their uses (a local variable such as `logits` is
read for other ends); only Python is read, with `ast`; a name the taxonomy places itself keeps its
own category.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterable, Iterator

from .categories import category_of_parameter
from .change import Change
from .names import snake_case
from .numbers import parse_number


def categories_by_use(source: str | None, changes: Iterable[Change]) -> dict[str, str]:
    """The category of each change's parameter that its name does not place, from its uses in `source`."""
    unplaced = [c for c in changes if _numeric(c) and category_of_parameter(str(c["parameter"])) is None]
    if not unplaced or not source:
        return {}
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    identifiers: dict[str, set[str]] = {}
    for name in _settings(tree):
        identifiers.setdefault(snake_case(name), set()).add(name)
    found: dict[str, str] = {}
    for change in unplaced:
        parameter = str(change["parameter"])
        names = identifiers.get(parameter, set())
        votes = Counter(v for node in ast.walk(tree) if _refers_to(node, names) for v in _uses(node, parents))
        if not votes:  # a number moved inside a call: what the call builds
            votes.update(_enclosing_calls(tree, _line(change)))
        if votes:
            found[parameter] = votes.most_common(1)[0][0]
    return found


def _settings(tree: ast.Module) -> Iterator[str]:
    """The names a module assigns at its top level: its settings. A local variable (`logits`) is
    assigned again and again in the code and read for other ends; its uses say nothing of the number."""
    for statement in tree.body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign)
            else []
        )
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    yield node.id


def _refers_to(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names


def _uses(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> Iterator[str]:
    """The categories the places a name is read in give it: climbing through the arithmetic around
    it (`4 * D_MODEL`) to the keyword, call, assignment or key that takes the value."""
    child, parent = node, parents.get(node)
    while isinstance(parent, ast.BinOp | ast.UnaryOp | ast.Call | ast.Tuple | ast.List):
        if isinstance(parent, ast.Call) and child is not parent.func:
            category = _call_category(parent)
            if category:
                yield category
            return
        child, parent = parent, parents.get(parent)
    named: str | None = None
    if isinstance(parent, ast.keyword):
        named = parent.arg
    elif isinstance(parent, ast.Assign | ast.AnnAssign):
        target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
        named = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else None
    elif isinstance(parent, ast.Dict):
        keys = [k for k, v in zip(parent.keys, parent.values, strict=True) if v is child]
        named = keys[0].value if keys and isinstance(keys[0], ast.Constant) and isinstance(keys[0].value, str) else None
    category = category_of_parameter(snake_case(named)) if named else None
    if category:
        yield category


def _enclosing_calls(tree: ast.AST, line: int | None) -> Iterator[str]:
    """The category of the innermost call around `line` that the taxonomy places (`nn.Linear`, `nn.Dropout`)."""
    if line is None:
        return
    around = [
        node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    for call in sorted(around, key=lambda n: (n.end_lineno or n.lineno) - n.lineno):
        category = _call_category(call)
        if category:
            yield category
            return


def _callee(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


# A layer is built by calling its class (`nn.Linear(d, 4 * d)`); "linear" alone in a name is as often
# a schedule's shape or a scan, so the word is a layer only as the name of what is called.
_LAYERS = frozenset({"linear", "lazy_linear", "bilinear"})


def _call_category(call: ast.Call) -> str | None:
    name = snake_case(_callee(call) or "")
    return "architecture" if name in _LAYERS else category_of_parameter(name)


def _numeric(change: Change) -> bool:
    values = [v for v in (change.get("from"), change.get("to")) if v is not None]
    return bool(values) and all(parse_number(str(v)) is not None for v in values)


def _line(change: Change) -> int | None:
    location = str(change.get("location") or "")
    _, _, line = location.rpartition(":")
    return int(line) if line.isdigit() else None

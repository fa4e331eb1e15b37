"""Exact changes from two versions of a Python file, read with `ast`.

- module-level constants (`TOTAL_BATCH_SIZE = 2**16` -> `2**15`, annotated ones too);
- numbers and other literals changed inside code whose shape did not change, named by the keyword
  they are passed as (`n_estimators=500` -> `300`), else the assignment they sit in, else the
  enclosing function;
- a setting a call declares by name, named by it (`parser.add_argument("--lr", default=0.01)`,
  `flags.DEFINE_float("lr", ...)`, `cfg.get("lr", 0.01)`: `lr`);
- code whose shape changed: one change per function or class touched (`replace`), added (`add`)
  or removed (`remove`).

Values keep their literal text (`2**15`); the direction is computed from the evaluated numbers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .change import Change, diff_change
from .fold import DEFINES, LEAF, MEMBER, REFERENCES, fold
from .names import snake_case
from .pyvalues import evaluate, is_literal, is_value_node, location_of, source_lines, value_change


@dataclass
class _Item:
    name: str  # qualified: "GPT.forward", "<module>" statements are named by their targets
    node: ast.AST
    kind: str  # "def", "class", "constant", "statement"
    member: bool = False  # defined in a class, not at module level


def python_changes(old: str | None, new: str | None, path: str) -> list[Change] | None:
    """The changes between two versions of the file at `path`; None when either does not parse."""
    try:
        old_tree = ast.parse(old or "")
        new_tree = ast.parse(new or "")
    except (SyntaxError, ValueError, RecursionError):
        return None
    old_src, new_src = old or "", new or ""
    old_items, new_items = _items(old_tree.body, old_src, ""), _items(new_tree.body, new_src, "")
    calls = _same_calls(old_items, new_items)
    if rewritten(old_items, new_items, paired=len(calls)):
        return [whole_module(path, "replace")]
    found = [c for before, after in calls for c in _call_values(before, after, old_src, new_src, path)]
    found += _diff(old_items, new_items, old_src, new_src, path)
    return _script_as_one(fold(found), path)


def rewritten(old_items: dict[str, _Item], new_items: dict[str, _Item], least: int = 4, paired: int = 0) -> bool:
    """Whether a module was replaced rather than edited: fewer than half of its definitions before
    are still there and fewer than half of those after were there before (a data-preparation
    script swapped for another task's). Its pieces are then no one's changes: the module is.
    `paired` counts items taken out of both as the same call with other numbers (`_same_calls`)."""
    before, after = len(old_items) + paired, len(new_items) + paired
    if before < least or after < least:
        return False
    kept = len(old_items.keys() & new_items.keys()) + paired
    return 2 * kept < before and 2 * kept < after


def whole_module(path: str, direction: str) -> Change:
    """One change for a whole Python file (added, removed or rewritten), named by the module."""
    return diff_change(_module_name(path), direction, f"{path}:1")


def _module_name(path: str) -> str:
    return snake_case(path.rsplit("/", 1)[-1].removesuffix(".py")) or "script"


def _script_as_one(changes: list[Change], path: str) -> list[Change]:
    """Edits of module-level statements (a script's body) are one change named by the file: each
    statement's text is no name a person would look for."""
    script = [c for c in changes if c.pop("_statement", False)]
    if not script:
        return changes
    first = min(int(str(c["location"]).rsplit(":", 1)[1]) for c in script)
    directions = {str(c["direction"]) for c in script}
    direction = directions.pop() if len(directions) == 1 else "replace"
    return [c for c in changes if c not in script] + [diff_change(_module_name(path), direction, f"{path}:{first}")]


def _diff(old_items: dict[str, _Item], new_items: dict[str, _Item], old_src: str, new_src: str, path: str) -> list[Change]:
    out: list[Change] = []
    names = list(dict.fromkeys([*old_items, *new_items]))
    for name in names:
        before, after = old_items.get(name), new_items.get(name)
        if before is None and after is not None:
            out.extend(_added(after, new_src, path, "add"))
        elif after is None and before is not None:
            out.extend(_added(before, old_src, path, "remove"))
        elif before is not None and after is not None:
            out.extend(_compared(before, after, old_src, new_src, path))
    return out


# Calls that only report (their arguments are messages, not settings).
_REPORTING = frozenset({"print", "pprint", "log", "info", "debug", "warning", "warn", "error", "write", "display", "echo"})


def _same_calls(old_items: dict[str, _Item], new_items: dict[str, _Item]) -> list[tuple[_Item, _Item]]:
    """Call statements that differ only in literal numbers or switches (`torch.manual_seed(42)` ->
    `(1337)`), taken out of both versions' items, one pair per call in order."""
    gone = [k for k in old_items if k not in new_items and _bare_call(old_items[k]) is not None]
    came = [k for k in new_items if k not in old_items and _bare_call(new_items[k]) is not None]
    pairs = []
    for old_key in gone:
        before = old_items[old_key]
        for new_key in came:
            after = new_items[new_key]
            if _bare_call(before) == _bare_call(after) and _only_numbers_moved(before.node, after.node):
                pairs.append((before, after))
                del old_items[old_key], new_items[new_key]
                came.remove(new_key)
                break
    return pairs


def _bare_call(item: _Item) -> str | None:
    """What a module-level call statement calls (`manual_seed`), unless it only reports."""
    node = item.node
    if item.kind != "statement" or not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    name = _function_name(node.value)
    return None if name is None or name in _REPORTING else ast.unparse(node.value.func)


def _function_name(call: ast.Call) -> str | None:
    """The last name of what a call calls (`manual_seed` of `torch.manual_seed(42)`)."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _only_numbers_moved(a: ast.AST, b: ast.AST) -> bool:
    pairs = _parallel(a, b, "", None)
    if not pairs:
        return False
    return all(_number_or_switch(x) and _number_or_switch(y) for _, x, y in pairs)


def _number_or_switch(node: ast.AST) -> bool:
    return evaluate(node) is not None or (isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool)))


def _call_values(before: _Item, after: _Item, old_src: str, new_src: str, path: str) -> list[Change]:
    """The values of a call statement, named by their keyword, else by the function called."""
    called = str(_bare_call(after)).rsplit(".", 1)[-1]
    out = []
    for name, old_node, new_node in _parallel(before.node, after.node, called, None) or []:
        made = value_change(name, old_node, new_node, old_src, new_src, location_of(path, new_node))
        if made:
            out.append(_tagged(made, name, False))
    return out


def _items(body: list[ast.stmt], source: str, prefix: str) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    for index, stmt in enumerate(body):
        for item in _named(stmt, prefix, index, source):
            key = item.name
            n = 2
            while key in items:  # a name defined twice: keep both, in order
                key = f"{item.name}#{n}"
                n += 1
            items[key] = item
    return items


def _named(stmt: ast.stmt, prefix: str, index: int, source: str) -> Iterator[_Item]:
    member = bool(prefix)
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield _Item(prefix + stmt.name, stmt, "def", member)
    elif isinstance(stmt, ast.ClassDef):
        yield _Item(prefix + stmt.name, stmt, "class", member)
    elif isinstance(stmt, ast.Assign) and _unpacked(stmt):
        # LR, WD = 0.01, 0.1: each name is its own constant, as on lines of their own
        for name, element in _unpacked(stmt):
            yield from _named(ast.copy_location(ast.Assign(targets=[name], value=element), element), prefix, index, source)
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and _target(stmt):
        target = _target(stmt)
        value = stmt.value
        kind = "constant" if value is not None and is_literal(value) else "statement"
        yield _Item(prefix + str(target), stmt, kind, member)
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        yield _Item(f"{prefix}import {ast.unparse(stmt)}", stmt, "statement", member)
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _declared_option(stmt.value):
        # parser.add_argument("--lr", default=0.01): named by the option, so both versions pair up
        call = stmt.value
        yield _Item(f"{prefix}{ast.unparse(call.func)}({_declared_option(call)})", stmt, "statement", member)
    else:
        # Other module-level code is named by what it is, so statements pair up across versions.
        head = ast.unparse(stmt).split("\n", 1)[0][:60]
        yield _Item(f"{prefix}{head}", stmt, "statement", member)


def _unpacked(stmt: ast.Assign) -> list[tuple[ast.Name, ast.expr]]:
    """The (name, value) pairs of `A, B = 1, 2`; empty for any other assignment."""
    if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Tuple) or not isinstance(stmt.value, ast.Tuple):
        return []
    names, values = stmt.targets[0].elts, stmt.value.elts
    if len(names) != len(values) or not all(isinstance(n, ast.Name) for n in names):
        return []
    return [(n, v) for n, v in zip(names, values, strict=True) if isinstance(n, ast.Name)]


def _target(stmt: ast.Assign | ast.AnnAssign) -> str | None:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        return targets[0].id
    if len(targets) == 1 and isinstance(targets[0], ast.Attribute):
        return ast.unparse(targets[0])
    if len(targets) == 1 and isinstance(targets[0], ast.Tuple):
        return ", ".join(ast.unparse(t) for t in targets[0].elts)
    return None


def _added(item: _Item, source: str, path: str, direction: str) -> list[Change]:
    if item.kind == "constant" and isinstance(item.node, (ast.Assign, ast.AnnAssign)) and item.node.value is not None:
        made = value_change(
            item.name,
            None if direction == "add" else item.node.value,
            item.node.value if direction == "add" else None,
            source,
            source,
            location_of(path, item.node),
        )
        return [_tagged(made, item.name, item.member)] if made else []
    if item.kind == "statement" and item.name.startswith("import "):
        return []  # an import follows the code that uses it
    return [_tagged(_code_change(item, direction, path), item.name, item.member)]


def _code_change(item: _Item, direction: str, path: str) -> Change:
    change = diff_change(snake_case(item.name.split("#")[0]) or "code", direction, location_of(path, item.node))
    if item.kind == "statement" and not item.member:
        change["_statement"] = True
    return change


def _tagged(
    change: Change,
    name: str,
    member: bool,
    references: frozenset[str] | None = None,
    defines: frozenset[str] = frozenset(),
) -> Change:
    """What `fold` reads: the change's own name, whether it is a class's, the names its edit began
    or stopped using, and the names it began to assign."""
    change[LEAF] = snake_case(name.split("#")[0].rsplit(".", 1)[-1])
    if member:
        change[MEMBER] = True
    if references is not None:
        change[REFERENCES] = references
        change[DEFINES] = defines
    return change


def _references(node: ast.AST) -> set[str]:
    """The names a piece of code reads or calls: variables, attributes and keyword arguments."""
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            names.add(child.id)
        elif isinstance(child, ast.Attribute):
            names.add(child.attr)
        elif isinstance(child, ast.keyword) and child.arg:
            names.add(child.arg)
    return {snake_case(n) for n in names}


def _assigned(node: ast.AST) -> set[str]:
    """The variables and attributes a piece of code assigns (`self.gate_scale = ...`)."""
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
        elif isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Store):
            names.add(child.attr)
    return {snake_case(n) for n in names}


def _same_lines(a: ast.AST, b: ast.AST, old_src: str, new_src: str) -> bool:
    """Whether two statements are written on the same lines, to the letter: the same code, found
    without comparing their trees (most of a large module is unchanged)."""
    spans = [(getattr(n, "lineno", None), getattr(n, "end_lineno", None)) for n in (a, b)]
    (first, last), (other_first, other_last) = spans
    if first is None or last is None or other_first is None or other_last is None:
        return False
    if getattr(a, "col_offset", 0) != getattr(b, "col_offset", 0):
        return False
    return source_lines(old_src)[first - 1 : last] == source_lines(new_src)[other_first - 1 : other_last]


def _replaced(before: _Item, after: _Item, path: str) -> Change:
    """An edit of code: named by what was edited, with the names it began or stopped using."""
    used = frozenset(_references(before.node) ^ _references(after.node))
    defines = frozenset(_assigned(after.node) - _assigned(before.node))
    return _tagged(_code_change(after, "replace", path), after.name, after.member, used, defines)


def _compared(before: _Item, after: _Item, old_src: str, new_src: str, path: str) -> list[Change]:
    if _same_lines(before.node, after.node, old_src, new_src) or ast.dump(before.node) == ast.dump(after.node):
        return []
    if (
        isinstance(before.node, ast.ClassDef)
        and isinstance(after.node, ast.ClassDef)
        and _header(before.node) == _header(after.node)
    ):  # a class is compared member by member
        prefix = f"{after.name}."
        return _diff(_items(before.node.body, old_src, prefix), _items(after.node.body, new_src, prefix), old_src, new_src, path)
    values = _parallel(before.node, after.node, before.name, None)
    if values is None:  # the shape changed: real code
        if (
            before.kind in ("constant", "statement")
            and after.kind in ("constant", "statement")
            and isinstance(before.node, (ast.Assign, ast.AnnAssign))
            and isinstance(after.node, (ast.Assign, ast.AnnAssign))
            and before.node.value is not None
            and after.node.value is not None
        ):
            made = value_change(before.name, before.node.value, after.node.value, old_src, new_src, location_of(path, after.node))
            if made and (made["direction"] in ("increase", "decrease") or before.kind == after.kind == "constant"):
                return [_tagged(made, before.name, after.member)]
            return [_replaced(before, after, path)]
        if before.kind == "statement" and after.kind == "statement" and before.name.startswith("import "):
            return []
        return [_replaced(before, after, path)]
    out = []
    own = after.member and isinstance(after.node, (ast.Assign, ast.AnnAssign))  # the value of a class's field
    for name, old_node, new_node in values:
        made = value_change(name, old_node, new_node, old_src, new_src, location_of(path, new_node))
        if made:
            out.append(_tagged(made, name, own))
    return out


def _header(node: ast.ClassDef) -> str:
    parts = [*node.bases, *node.keywords, *node.decorator_list]
    return "|".join([node.name, *(ast.dump(part) for part in parts)])


_Pairs = list[tuple[str, ast.AST, ast.AST]]


def _parallel(a: ast.AST, b: ast.AST, name: str, keyword: str | None) -> _Pairs | None:
    """Differing values of two trees of the same shape, each named; None when the shapes differ."""
    if is_value_node(a) and is_value_node(b):
        if ast.dump(a) == ast.dump(b):
            return []
        return [(keyword or name, a, b)]
    if type(a) is not type(b):
        return None
    if isinstance(a, ast.arguments) and isinstance(b, ast.arguments):
        return _arguments(a, b, name)
    if isinstance(a, ast.Call) and isinstance(b, ast.Call) and _declared_option(a) and _declared_option(a) == _declared_option(b):
        return _option(a, b, str(_declared_option(a)))
    if isinstance(a, ast.Dict) and isinstance(b, ast.Dict):
        return _dictionary(a, b, name)
    out: _Pairs = []
    for field_name, value_a in ast.iter_fields(a):
        value_b = getattr(b, field_name, None)
        if field_name in ("ctx", "type_comment"):
            continue
        scope = name
        if isinstance(a, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and field_name == "value":
            target = _target(a) if isinstance(a, (ast.Assign, ast.AnnAssign)) else ast.unparse(a.target)
            scope = target.split(".")[-1] if target else name
        elif isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and field_name == "body":
            scope = name
        elif isinstance(a, ast.Call) and field_name == "args" and _receiver(a):
            scope = str(_receiver(a))  # self.x0_lambdas.fill_(0.1): the value of x0_lambdas
        kw = a.arg if isinstance(a, ast.keyword) and field_name == "value" else None
        if isinstance(value_a, list) and isinstance(value_b, list):
            if len(value_a) != len(value_b):
                return None
            for x, y in zip(value_a, value_b, strict=True):
                found = _pair(x, y, scope, kw)
                if found is None:
                    return None
                out.extend(found)
        else:
            found = _pair(value_a, value_b, scope, kw)
            if found is None:
                return None
            out.extend(found)
    return out


def _dictionary(a: ast.Dict, b: ast.Dict, name: str) -> _Pairs | None:
    """A dict literal: a value under a string key is named by the key, as a keyword argument is
    (`{"eps": 1e-10}` -> `eps`)."""
    if len(a.keys) != len(b.keys) or any(
        (x is None) != (y is None) or (x is not None and y is not None and ast.dump(x) != ast.dump(y))
        for x, y in zip(a.keys, b.keys, strict=True)
    ):
        return None
    out: _Pairs = []
    for key, x, y in zip(a.keys, a.values, b.values, strict=True):
        label = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        found = _parallel(x, y, name, label)
        if found is None:
            return None
        out.extend(found)
    return out


# The first argument of a call that declares a setting: `--batch-size`, `learning_rate`.
_OPTION = re.compile(r"-{0,2}[A-Za-z][\w.-]*")
# Keywords of such a call whose value is the setting's own (argparse's default, click's value).
_OWN_VALUE = frozenset({"default", "value", "const"})
# Keywords that document a setting rather than set it.
_DOCUMENTING = frozenset({"help", "metavar", "dest", "description", "doc"})


def _declared_option(call: ast.Call) -> str | None:
    """The setting a call declares by name (`parser.add_argument("--lr", default=0.01)`,
    `flags.DEFINE_float("lr", 0.01, ...)`, `cfg.get("lr", 0.01)`): the snake_case of its first
    argument when that is a string naming an option and another argument follows; else None."""
    if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
        return None
    if _function_name(call) in _REPORTING:  # print("loss", 0.5) reports; it declares nothing
        return None
    if len(call.args) + len(call.keywords) < 2 or not _OPTION.fullmatch(call.args[0].value):
        return None
    return snake_case(call.args[0].value.lstrip("-")) or None


def _option(a: ast.Call, b: ast.Call, option: str) -> _Pairs | None:
    """The values of one declared setting: its own (the value after its name, a `default=`) named by
    the setting, another keyword's by the setting and the keyword (`lr_choices`); documentation (a
    `help=`, the text after the value in `DEFINE_float("lr", 0.01, "...")`) sets nothing."""
    if ast.dump(a.func) != ast.dump(b.func) or len(a.args) != len(b.args):
        return None
    if [k.arg for k in a.keywords] != [k.arg for k in b.keywords]:
        return None
    pairs = [(x, y, option) for x, y in zip(a.args[1:2], b.args[1:2], strict=True)]
    for x_kw, y_kw in zip(a.keywords, b.keywords, strict=True):
        if x_kw.arg not in _DOCUMENTING:
            own = x_kw.arg is None or x_kw.arg in _OWN_VALUE
            pairs.append((x_kw.value, y_kw.value, option if own else f"{option}_{x_kw.arg}"))
    out: _Pairs = []
    for x, y, label in pairs:
        found = _parallel(x, y, label, label)
        if found is None:
            return None
        out.extend(found)
    return out


def _receiver(call: ast.Call) -> str | None:
    """`x0_lambdas` of `self.x0_lambdas.fill_(...)`: the attribute a method call acts on."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        return func.value.attr
    return None


def _arguments(a: ast.arguments, b: ast.arguments, name: str) -> _Pairs | None:
    """A function's signature: a changed default is named by its argument (`base=10000` -> `base`)."""
    if [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs] != [x.arg for x in b.posonlyargs + b.args + b.kwonlyargs]:
        return None
    if len(a.defaults) != len(b.defaults) or len(a.kw_defaults) != len(b.kw_defaults):
        return None
    positional = (a.posonlyargs + a.args)[len(a.posonlyargs + a.args) - len(a.defaults) :]
    out: _Pairs = []
    named = [*zip(positional, a.defaults, b.defaults, strict=True), *zip(a.kwonlyargs, a.kw_defaults, b.kw_defaults, strict=True)]
    for arg, x, y in named:
        if x is None or y is None:
            if x is not y:
                return None
            continue
        found = _parallel(x, y, arg.arg, arg.arg)
        if found is None:
            return None
        out.extend(found)
    return out


def _pair(x: object, y: object, scope: str, keyword: str | None) -> _Pairs | None:
    if isinstance(x, ast.AST) and isinstance(y, ast.AST):
        return _parallel(x, y, scope, keyword)
    return [] if x == y else None

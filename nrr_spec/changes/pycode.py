"""Exact changes from two versions of a Python file, read with `ast`.

- module-level constants (`TOTAL_BATCH_SIZE = 2**16` -> `2**15`, annotated ones too);
- numbers and other literals changed inside code whose shape did not change, named by the keyword
  they are passed as (`n_estimators=500` -> `300`), else the assignment they sit in, else the
  enclosing function;
- code whose shape changed: one change per function or class touched (`replace`), added (`add`)
  or removed (`remove`).

Values keep their literal text (`2**15`); the direction is computed from the evaluated numbers.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .names import snake_case

Change = dict[str, object]
_MAX_POWER = 4096  # `2**15` evaluates; `10**10**10` does not


@dataclass
class _Item:
    name: str  # qualified: "GPT.forward", "<module>" statements are named by their targets
    node: ast.AST
    kind: str  # "def", "class", "constant", "statement"


def python_changes(old: str | None, new: str | None, path: str) -> list[Change] | None:
    """The changes between two versions of the file at `path`; None when either does not parse."""
    try:
        old_tree = ast.parse(old or "")
        new_tree = ast.parse(new or "")
    except (SyntaxError, ValueError, RecursionError):
        return None
    old_src, new_src = old or "", new or ""
    found = _diff(_items(old_tree.body, old_src, ""), _items(new_tree.body, new_src, ""), old_src, new_src, path)
    return _script_as_one(found, path)


def _script_as_one(changes: list[Change], path: str) -> list[Change]:
    """Edits of module-level statements (a script's body) are one change named by the file: each
    statement's text is no name a person would look for."""
    script = [c for c in changes if c.pop("_statement", False)]
    if not script:
        return changes
    first = min(int(str(c["location"]).rsplit(":", 1)[1]) for c in script)
    directions = {str(c["direction"]) for c in script}
    direction = directions.pop() if len(directions) == 1 else "replace"
    stem = snake_case(path.rsplit("/", 1)[-1].removesuffix(".py")) or "script"
    return [c for c in changes if c not in script] + [
        {"parameter": stem, "from": None, "to": None, "direction": direction, "evidence": "diff", "location": f"{path}:{first}"}
    ]


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
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield _Item(prefix + stmt.name, stmt, "def")
    elif isinstance(stmt, ast.ClassDef):
        yield _Item(prefix + stmt.name, stmt, "class")
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and _target(stmt):
        target = _target(stmt)
        value = stmt.value
        kind = "constant" if value is not None and _literal(value) else "statement"
        yield _Item(prefix + str(target), stmt, kind)
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        yield _Item(f"{prefix}import {ast.unparse(stmt)}", stmt, "statement")
    else:
        # Other module-level code is named by what it is, so statements pair up across versions.
        head = ast.unparse(stmt).split("\n", 1)[0][:60]
        yield _Item(f"{prefix}{head}", stmt, "statement")


def _target(stmt: ast.Assign | ast.AnnAssign) -> str | None:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        return targets[0].id
    if len(targets) == 1 and isinstance(targets[0], ast.Attribute):
        return ast.unparse(targets[0])
    if len(targets) == 1 and isinstance(targets[0], ast.Tuple):
        return ", ".join(ast.unparse(t) for t in targets[0].elts)
    return None


def _literal(node: ast.AST) -> bool:
    """A value written as a literal: numbers, strings, booleans, None, arithmetic on numbers, tuples of those."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
        return _literal(node.operand)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_literal(e) for e in node.elts)
    return False


def _value_node(node: ast.AST) -> bool:
    """A node the parallel walk compares as one value (`-0.2` and `2**15`, not their parts)."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, (ast.UnaryOp, ast.BinOp, ast.Tuple, ast.List)) and _literal(node)


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}


def evaluate(node: ast.AST) -> float | None:
    """The number a literal expression stands for, or None (not a number, or too large to compute)."""
    try:
        value = _evaluate(node)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _evaluate(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _evaluate(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left), _evaluate(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Pow):
            if abs(right) > _MAX_POWER or abs(left) > 1e6:
                return None
            return left**right
        function = _BINARY.get(type(node.op))
        return function(left, right) if function else None
    return None


def _text(node: ast.AST, source: str) -> str:
    return ast.get_source_segment(source, node) or ast.unparse(node)


def _location(path: str, node: ast.AST) -> str:
    return f"{path}:{getattr(node, 'lineno', 1)}"


def value_change(
    parameter: str, old: ast.AST | None, new: ast.AST | None, old_src: str, new_src: str, location: str
) -> Change | None:
    """One change of a literal value; None when both sides are the same number written two ways."""
    before = _text(old, old_src) if old is not None else None
    after = _text(new, new_src) if new is not None else None
    a = evaluate(old) if old is not None else None
    b = evaluate(new) if new is not None else None
    if before == after or (a is not None and a == b):
        return None
    if old is None:
        direction = "add"
    elif new is None:
        direction = "remove"
    elif a is not None and b is not None:
        direction = "increase" if b > a else "decrease"
    elif _one_number_moved(old, new):
        direction = str(_one_number_moved(old, new))  # betas (0.8, 0.95) -> (0.8, 0.9): the one that moved
    elif _is_bool(old) and _is_bool(new):
        direction = "enable" if getattr(new, "value", None) is True else "disable"
    else:
        direction = "set" if (a is None) != (b is None) else "replace"
    return {
        "parameter": snake_case(parameter) or parameter.lower(),
        "from": before,
        "to": after,
        "direction": direction,
        "evidence": "diff",
        "location": location,
    }


def _one_number_moved(old: ast.AST, new: ast.AST) -> str | None:
    if not (isinstance(old, (ast.Tuple, ast.List)) and isinstance(new, (ast.Tuple, ast.List)) and len(old.elts) == len(new.elts)):
        return None
    moved = [(evaluate(x), evaluate(y)) for x, y in zip(old.elts, new.elts, strict=True) if ast.dump(x) != ast.dump(y)]
    if len(moved) != 1 or moved[0][0] is None or moved[0][1] is None or moved[0][0] == moved[0][1]:
        return None
    a, b = moved[0]
    return "increase" if b > a else "decrease"  # type: ignore[operator]


def _is_bool(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, bool)


def _added(item: _Item, source: str, path: str, direction: str) -> list[Change]:
    if item.kind == "constant" and isinstance(item.node, (ast.Assign, ast.AnnAssign)) and item.node.value is not None:
        made = value_change(
            item.name,
            None if direction == "add" else item.node.value,
            item.node.value if direction == "add" else None,
            source,
            source,
            _location(path, item.node),
        )
        return [made] if made else []
    if item.kind == "statement" and item.name.startswith("import "):
        return []  # an import follows the code that uses it
    return [_code_change(item.name, direction, path, item.node, item.kind == "statement")]


def _code_change(name: str, direction: str, path: str, node: ast.AST, statement: bool = False) -> Change:
    change: Change = {
        "parameter": snake_case(name.split("#")[0]) or "code",
        "from": None,
        "to": None,
        "direction": direction,
        "evidence": "diff",
        "location": _location(path, node),
    }
    if statement and "." not in name:
        change["_statement"] = True
    return change


def _compared(before: _Item, after: _Item, old_src: str, new_src: str, path: str) -> list[Change]:
    if ast.dump(before.node) == ast.dump(after.node):
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
            made = value_change(before.name, before.node.value, after.node.value, old_src, new_src, _location(path, after.node))
            if made and (made["direction"] in ("increase", "decrease") or before.kind == after.kind == "constant"):
                return [made]
            return [_code_change(after.name, "replace", path, after.node, after.kind == "statement")]
        if before.kind == "statement" and after.kind == "statement" and before.name.startswith("import "):
            return []
        return [_code_change(after.name, "replace", path, after.node, after.kind == "statement")]
    out = []
    for name, old_node, new_node in values:
        made = value_change(name, old_node, new_node, old_src, new_src, _location(path, new_node))
        if made:
            out.append(made)
    return out


def _header(node: ast.ClassDef) -> str:
    parts = [*node.bases, *node.keywords, *node.decorator_list]
    return "|".join([node.name, *(ast.dump(part) for part in parts)])


_Pairs = list[tuple[str, ast.AST, ast.AST]]


def _parallel(a: ast.AST, b: ast.AST, name: str, keyword: str | None) -> _Pairs | None:
    """Differing values of two trees of the same shape, each named; None when the shapes differ."""
    if _value_node(a) and _value_node(b):
        if ast.dump(a) == ast.dump(b):
            return []
        return [(keyword or name, a, b)]
    if type(a) is not type(b):
        return None
    if isinstance(a, ast.arguments) and isinstance(b, ast.arguments):
        return _arguments(a, b, name)
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

"""Literal values in Python code: which nodes are values, the numbers they stand for, and one change of a value.

Values keep their literal text (`2**15`); the direction is computed from the evaluated numbers.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .change import Change, diff_change
from .names import snake_case
from .phrases import NUM

_MAX_POWER = 4096  # `2**15` evaluates; `10**10**10` does not


def is_literal(node: ast.AST) -> bool:
    """A value written as a literal: numbers, strings, booleans, None, arithmetic on numbers, tuples of those."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
        return is_literal(node.operand)
    if isinstance(node, ast.BinOp):
        return is_literal(node.left) and is_literal(node.right)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(is_literal(e) for e in node.elts)
    return False


def is_value_node(node: ast.AST) -> bool:
    """A node the parallel walk compares as one value (`-0.2` and `2**15`, not their parts)."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, (ast.UnaryOp, ast.BinOp, ast.Tuple, ast.List)) and is_literal(node)


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


# A number written as a string, as settings read from the environment are (`os.environ.get("LR", "0.01")`).
_NUMBER_TEXT = re.compile(rf"\s*{NUM}\s*")


def _evaluate(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and _NUMBER_TEXT.fullmatch(node.value):
            return float(node.value)
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
    return source_segment(source, node) or ast.unparse(node)


@lru_cache(maxsize=8)
def source_lines(source: str) -> list[str]:
    """A module's lines with their ends, split as the parser counts them (at \r\n, \r and \n only).
    Read once per module: `ast.get_source_segment` splits the whole source on every call."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", source)


def source_segment(source: str, node: ast.AST) -> str | None:
    """The source text of `node`, as `ast.get_source_segment` gives it (offsets are UTF-8 bytes)."""
    lineno, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    start_col, end_col = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    if lineno is None or end is None or start_col is None or end_col is None:
        return None
    lines = source_lines(source)
    if end > len(lines):
        return None
    if lineno == end:
        return lines[lineno - 1].encode()[start_col:end_col].decode(errors="replace")
    first = lines[lineno - 1].encode()[start_col:].decode(errors="replace")
    last = lines[end - 1].encode()[:end_col].decode(errors="replace")
    return "".join([first, *lines[lineno : end - 1], last])


def location_of(path: str, node: ast.AST) -> str:
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
    return diff_change(snake_case(parameter) or parameter.lower(), direction, location, before, after)


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

"""The one reader of numbers written as text: log cells, change values and proposals.

`0.9932`, `~79%`, `9.3s`, `151K`, `1,234`, `3x`, `2^15`, `2**15`, `524K`, `1e-3`, `70%`, and a
change written as a pair: `0.04→0.05`, `0.04 -> 0.05`, `from 0.04 to 0.05`.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(
    r"^\s*[~≈]?\s*(?P<num>[-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
    r"(?:\s*(?:\^|\*\*)\s*(?P<power>[-+]?\d+(?:\.\d+)?))?"
    r"\s*(?P<suffix>[kKmMbBgG]?)\s*(?P<unit>[a-zA-Z%/µ²³×]*(?:/[a-zA-Z]+)?)\s*$"
)
# Commas in a number group its thousands (`1,234,567`); any other comma separates numbers.
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE]|$)")
# "151K" counts; "5m" and "12ms" are units (minutes, milliseconds), not millions.
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9}
# Cells that mean "no measurement": the metric of a crashed run or an unmeasured column.
MISSING = frozenset(
    {
        *("", "-", "--", "---", "—", "——", "n/a", "na", "nan", "none", "null"),
        *("inf", "+inf", "-inf", "infinity", "?", "tbd", "pending", "various"),
    }
)
_ARROW = r"\s*(?:->|→|=>|⇒|-->)\s*"
_VALUE = r"[~≈]?[-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:(?:\^|\*\*)\d+)?[a-zA-Z%×]*"
_PAIR = re.compile(rf"^\s*(?:from\s+)?(?P<a>{_VALUE})(?:{_ARROW}|\s+to\s+)(?P<b>{_VALUE})\s*$", re.I)


def parse_number(cell: object) -> float | None:
    """A finite float from text such as `0.9932`, `~79%`, `9.3s`, `151K`, `1,234`, `3x`, `2^15`; None otherwise.

    A factor (`3x`) reads as its number and a percentage (`70%`) as the number written; `unit_of`
    says which it was.
    """
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        value = float(cell)
        return value if math.isfinite(value) else None
    return _parse_text(str(cell))


# A measurement written with its uncertainty: `-115 [-187, -44]`, `0.912 (0.90-0.93)`, `3.2 ± 0.4`.
_UNCERTAINTY = re.compile(r"\s*(?:\[[^\[\]]*\]|\([^()]*\d[^()]*\)|(?:±|\+/-)\s*[\d.eE+-]+%?)\s*$")


def _parse_text(text: str) -> float | None:
    text = text.strip()
    text = _UNCERTAINTY.sub("", text) or text
    if text.lower() in MISSING:
        return None
    match = _NUMBER.match(text)
    if not match or ("," in match.group("num") and not _THOUSANDS.match(match.group("num"))):
        return None  # "2,2,2" is a list of numbers, not 222
    raw = match.group("num").replace("_", "").replace(",", "")
    try:
        value = float(raw)
        if match.group("power"):
            value = value ** float(match.group("power"))
    except (ValueError, OverflowError, ZeroDivisionError):
        return None
    if isinstance(value, complex):  # a negative base to a fractional power
        return None
    suffix, unit = match.group("suffix"), match.group("unit")
    if suffix and not unit and suffix in _SCALE:
        value *= _SCALE[suffix]
    elif suffix and unit and len(unit) > 6:
        return None
    return value if math.isfinite(value) else None


def unit_of(cell: str) -> str | None:
    """The unit written after a number (`9.3s` -> `s`, `92.0%` -> `%`, `3x` -> `x`), or None."""
    match = _NUMBER.match(cell or "")
    if not match:
        return None
    unit = (match.group("suffix") if match.group("unit") else "") + match.group("unit")
    return unit or None


def is_factor(text: object) -> bool:
    """`3x`, `0.5×`: a multiple of the value before, not a value."""
    return isinstance(text, str) and parse_number(text) is not None and unit_of(text) in ("x", "×")


def same_value(old: str, new: str) -> bool:
    """Whether two values as written are one: the same text, or the same number ("0.1", "0.10")."""
    a = parse_number(old)
    return old == new or (a is not None and a == parse_number(new))


def compare(old: object, new: object) -> str | None:
    """`increase` or `decrease` when both read as numbers and differ; None otherwise."""
    a, b = on_one_scale(old, new)
    if a is None or b is None or a == b:
        return None
    return "increase" if b > a else "decrease"


def on_one_scale(old: object, new: object) -> tuple[float | None, float | None]:
    """Two values of one parameter as numbers on one scale: where one is written as a percentage
    and the other as a share of at most 1 (`0.05` and `5%`, a warm-up ratio written both ways),
    the percentage is read as its share."""
    a, b = parse_number(old), parse_number(new)
    if a is None or b is None:
        return a, b
    measured_a, measured_b = _in_base_unit(old), _in_base_unit(new)
    if measured_a and measured_b and measured_a[1] == measured_b[1]:
        return measured_a[0], measured_b[0]  # "512 MB" and "1 GB", "90 s" and "2 min"
    percent_a, percent_b = _is_percent(old), _is_percent(new)
    if percent_a and not percent_b and abs(b) <= 1:
        a /= 100
    elif percent_b and not percent_a and abs(a) <= 1:
        b /= 100
    return a, b


# Units of memory and of time, each in its base unit: a value written with one is compared in it.
_IN_BASE_UNIT: dict[str, tuple[float, str]] = {
    **{u: (f, "bytes") for u, f in {"b": 1, "byte": 1, "bytes": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12}.items()},
    **{u: (float(2**p), "bytes") for u, p in {"kib": 10, "mib": 20, "gib": 30, "tib": 40}.items()},
    **{u: (f, "seconds") for u, f in {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "msec": 1e-3, "s": 1}.items()},
    **{u: (f, "seconds") for u, f in {"sec": 1, "secs": 1}.items()},
    **{u: (f, "seconds") for u, f in {"second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60, "minutes": 60}.items()},
    **{u: (f, "seconds") for u, f in {"h": 3600, "hr": 3600, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}.items()},
}
# The units of memory and time a value may be written with (a unit belongs to its value).
MEASURE_UNITS = frozenset(_IN_BASE_UNIT)
_MEASURED = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-zµ]+)\s*")


def _in_base_unit(value: object) -> tuple[float, str] | None:
    """A number written with a unit of memory or time, in bytes or seconds, and which of the two."""
    match = _MEASURED.fullmatch(value) if isinstance(value, str) else None
    known = _IN_BASE_UNIT.get(match.group(2).lower()) if match else None
    return (float(match.group(1)) * known[0], known[1]) if match and known else None


def _is_percent(value: object) -> bool:
    return isinstance(value, str) and unit_of(value) == "%"


def value_pair(text: str) -> tuple[str, str] | None:
    """`0.04→0.05`, `0.04 -> 0.05`, `from 0.04 to 0.05`: the two values as written, or None."""
    match = _PAIR.match(text or "")
    if not match or parse_number(match.group("a")) is None or parse_number(match.group("b")) is None:
        return None
    return match.group("a"), match.group("b")

"""Names written in Chinese, Japanese or Korean script are read family name first: the reading lives
in `nrr_spec.names` (`parse_name` applies it), so the citation formats, `nrr new` and the
validator's name rules agree."""

from __future__ import annotations

from ..names import NameParts, family_first_parts, is_family_first, parse_name

__all__ = ["family_first_parts", "is_family_first", "read_name"]


def read_name(name: str, *, person: bool = False) -> NameParts:
    """`parse_name`, which reads names in CJK script family name first."""
    return parse_name(name, person=person)

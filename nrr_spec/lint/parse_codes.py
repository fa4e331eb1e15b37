"""The validator's rule for each kind of file that could not be read as a document.

The readers (`io`, the YAML loader) say what went wrong as a `ParseKind`; the rule codes are the
validator's own, so they are given here and nowhere below it.
"""

from __future__ import annotations

from ..parse_errors import ParseKind

PARSE_CODES: dict[str, str] = {
    ParseKind.syntax.value: "NRR001",
    ParseKind.duplicate_key.value: "NRR002",
    ParseKind.not_text.value: "NRR003",
    ParseKind.too_large.value: "NRR004",
    ParseKind.too_deep.value: "NRR005",
    ParseKind.alias_bomb.value: "NRR006",
    ParseKind.unreadable.value: "NRR007",
    ParseKind.not_a_record.value: "NRR008",
    ParseKind.not_json_data.value: "NRR009",
    ParseKind.number_out_of_range.value: "NRR010",
}


def parse_code(kind: str) -> str:
    """The rule code that reports a parse failure of this kind."""
    return PARSE_CODES[str(kind)]

"""How tests write a record by hand: what the standard requires of every record, and what a test adds."""

from __future__ import annotations

from typing import Any


def smallest_record(rid: str, title: str, statement: str = "p", summary: str = "s", **sections: Any) -> dict[str, Any]:
    """A record of schema 1.0 with only the required fields (its id, title, the problem's statement and
    the results' summary), then `sections` as given, in their order."""
    return {
        "schema_version": "1.0",
        "id": rid,
        "title": title,
        "problem": {"statement": statement},
        "results": {"summary": summary},
        **sections,
    }

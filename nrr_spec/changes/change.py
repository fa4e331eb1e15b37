"""A change as the parser hands it on: the dict a record's `experiment.changes` holds."""

from __future__ import annotations

Change = dict[str, object]


def diff_change(parameter: str, direction: str, location: str, before: object = None, after: object = None) -> Change:
    """A change read from a diff: exact (`evidence: diff`), with where in the code it was made."""
    return {"parameter": parameter, "from": before, "to": after, "direction": direction, "evidence": "diff", "location": location}


def in_words(change: Change) -> str:
    """A change as a title or summary names it: `depth 8 -> 9`, `learning_rate = 0.05`, `disable dropout`."""
    parameter, before, after = change["parameter"], change.get("from"), change.get("to")
    if after is None:
        return f"{change['direction']} {parameter}"
    return f"{parameter} {before} -> {after}" if before is not None else f"{parameter} = {after}"

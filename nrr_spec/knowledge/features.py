"""What the engine reads from a record dict or a proposal: outcome, category, changes, text.

Records are read as plain dicts (no pydantic) so that `nrr check` starts fast. A record without an
`experiment` section (written by a person) still contributes its text to similarity search.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..changes.names import is_camel_identifier, snake_case
from ..changes.phrases import TRAILING_VERBS, VERBS
from ..changes.stems import stem
from ..model.vocabulary import Disclosure, values
from .stats import Observation

DECIDED = {"keep", "discard", "crash"}
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "into",
        "than",
        "then",
        "as",
        "is",
        "are",
        "was",
        "be",
        "it",
        "its",
        "this",
        "that",
        "use",
        "using",
        "via",
        "try",
        "tried",
        "set",
        "change",
    }
)
# Words that say which way a change goes: the change parser's own (one vocabulary); the structure
# compares directions already.
DIRECTION_WORDS = frozenset(VERBS) | frozenset(TRAILING_VERBS)
_TOKEN = re.compile(r"[a-z0-9_]+(?:\.[0-9]+)?")
_NUMBER = re.compile(r"^\s*~?([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)(?:\^(\d+))?\s*([kmb]?)\s*(x|×|%)?\s*$", re.I)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9}


@dataclass
class Change:
    """One change a record or proposal makes: parameter, direction and (when numeric) the new value."""

    parameter: str
    direction: str
    to: str | None = None
    value: float | None = None
    evidence: str | None = None  # diff, description or declared (schema 1.1); None when not said
    start: str | None = None  # the value it started from (`from`), when known

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "direction": self.direction, "to": self.to}


@dataclass
class Item:
    """One record as the engine sees it."""

    ref: str  # record id, or file path when the record has none
    text: str
    outcome: str | None = None
    failure_class: str | None = None
    category: str = "other"
    changes: list[Change] = field(default_factory=list)
    session: str | None = None
    sequence: int | None = None
    path: str = ""
    row: int | None = None
    disclosure: str = "public"  # dual_use.disclosure: public, restricted, embargoed
    embargo_until: str | None = None  # ISO date
    metric: str = ""  # "val_bpb 1.2723 (baseline 1.2701)", for the answer that names an exact repeat

    @property
    def decided(self) -> bool:
        return self.outcome in DECIDED

    def observation(self) -> Observation:
        return Observation(
            success=self.outcome == "keep",
            crash=self.outcome == "crash" or bool(self.failure_class and self.failure_class.startswith("crash")),
            infra=self.failure_class == "crash_infra",
            category=self.category,
            changes=tuple((c.parameter, c.direction) for c in self.changes),
        )


def numeric(value: object) -> float | None:
    """A change's value as a number ("262K" -> 262000, "2^17", "3e-4", "10%"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    match = _NUMBER.match(str(value).replace(",", ""))
    if not match:
        return None
    try:
        number = float(match.group(1))
        if match.group(2):
            number = number ** int(match.group(2))
    except (OverflowError, ValueError):
        return None
    number *= _SCALE[match.group(3).lower()]
    if match.group(4) == "%":
        number /= 100
    return number if math.isfinite(number) else None


def tokens(text: str) -> list[str]:
    """Lower-case word and number tokens, words by their stems; snake_case and camelCase names also
    give their parts (`activePartBits`: active, part, bits)."""
    out: list[str] = []
    for written in re.split(r"[^\w.]+", text):
        written = written.strip("._")
        raw = written.lower()
        if not raw:
            continue
        if raw != written and is_camel_identifier(written):  # only a word with capitals can be camelCase
            raw = snake_case(written)  # its parts, as a record's parameter names them
        parts = [raw] + ([p for p in raw.split("_") if p] if "_" in raw else [])
        for part in parts:
            for tok in _TOKEN.findall(part):
                if tok not in STOPWORDS and len(tok) > 1:
                    out.append(stem(tok))
    return out


def query_words(text: str, changes: list[Change]) -> list[str]:
    """The words similarity compares. When the text parsed into changes, their values and directions
    are compared in the structure (values in log space), so numbers and direction verbs ("reduce",
    "increase") are left out of the words, where they would only match unrelated changes."""
    found = tokens(text + " " + " ".join(c.parameter for c in changes))
    if not changes:
        return list(dict.fromkeys(found))
    return list(dict.fromkeys(w for w in found if numeric(w) is None and w not in DIRECTION_WORDS))


def _changes(raw: object) -> list[Change]:
    from ..changes import normalise_parameter

    if not isinstance(raw, list):
        return []
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("parameter"), str) or not entry["parameter"]:
            continue
        direction = entry.get("direction") if isinstance(entry.get("direction"), str) else "set"
        to = entry.get("to")
        to_text = None if to is None else str(to)
        parameter = normalise_parameter(entry["parameter"]) or entry["parameter"].lower()
        evidence = entry.get("evidence") if isinstance(entry.get("evidence"), str) else None
        start = entry.get("from")
        out.append(Change(parameter, str(direction), to_text, numeric(to), evidence, None if start is None else str(start)))
    return out


def item_from_record(data: Any, path: str = "") -> Item | None:
    """The engine's view of one record dict; None when it is not a record at all."""
    if not isinstance(data, dict):
        return None
    experiment: dict[str, Any] = data["experiment"] if isinstance(data.get("experiment"), dict) else {}
    provenance = data.get("provenance")
    source = provenance.get("source") if isinstance(provenance, dict) else None
    texts = [experiment.get("description"), data.get("title"), data.get("summary")]
    hypothesis = data.get("hypothesis")
    if isinstance(hypothesis, dict):
        texts.append(hypothesis.get("statement"))
    text = " ".join(t for t in texts[:1] if isinstance(t, str)) or " ".join(t for t in texts if isinstance(t, str))
    outcome = experiment.get("outcome")
    sequence = experiment.get("sequence")
    row = source.get("row") if isinstance(source, dict) else None
    category = experiment.get("change_category")
    disclosure, embargo_until = _disclosure(data.get("dual_use"))
    return Item(
        ref=str(data.get("id") or path),
        text=text,
        outcome=outcome if isinstance(outcome, str) else None,
        failure_class=experiment.get("failure_class") if isinstance(experiment.get("failure_class"), str) else None,
        category=category if isinstance(category, str) and category else "other",
        changes=_changes(experiment.get("changes")),
        session=experiment.get("session") if isinstance(experiment.get("session"), str) else None,
        sequence=sequence if isinstance(sequence, int) else None,
        path=path,
        row=row if isinstance(row, int) else None,
        disclosure=disclosure,
        embargo_until=embargo_until,
        metric=_metric(experiment.get("metric")),
    )


def _disclosure(dual_use: object) -> tuple[str, str | None]:
    """The record's disclosure; anything but a well-formed "public" (or no dual-use section) is
    treated as withheld, so a malformed section never makes a record visible."""
    if dual_use is None:
        return Disclosure.public.value, None
    if not isinstance(dual_use, dict):
        return Disclosure.restricted.value, None
    disclosure = dual_use.get("disclosure")
    until = dual_use.get("embargo_until")
    if disclosure not in values(Disclosure):
        disclosure = Disclosure.restricted.value
    return str(disclosure), str(until) if isinstance(until, str) else None


def _metric(metric: object) -> str:
    if not isinstance(metric, dict) or not isinstance(metric.get("name"), str):
        return ""
    text = str(metric["name"])
    if not isinstance(metric.get("value"), (int, float)) or isinstance(metric.get("value"), bool):
        return f"no {text} measured"  # a crashed run: its baseline alone says nothing
    text += f" {metric['value']:.6g}"  # six figures: a loop's 0.017498580765463154 is 0.0174986
    if isinstance(metric.get("baseline"), (int, float)) and not isinstance(metric.get("baseline"), bool):
        text += f" (baseline {metric['baseline']:.6g})"
    return text


@dataclass
class Proposal:
    """A change someone intends to try, parsed into the record's terms."""

    text: str
    changes: list[Change]
    category: str
    understood: bool  # False when the parser found no known parameter in the text

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "category": self.category,
            "changes": [c.as_dict() for c in self.changes],
            "understood": self.understood,
        }


def parse_proposal(text: str = "", changes: list[str] | None = None, record: Any = None) -> Proposal:
    """A proposal from free text, `param=value` assignments, or a record dict (its experiment section)."""
    from ..changes import parse_description
    from ..changes.names import PARAMETER_SYNONYMS

    if record is not None:
        item = item_from_record(record)
        if item is not None and (item.changes or item.text):
            if item.changes:
                return Proposal(item.text, item.changes, item.category, True)
            text = item.text
    parts = [text.strip()] if text and text.strip() else []
    parts += [c.strip() for c in changes or [] if c.strip()]
    joined = ", ".join(parts)
    try:
        parsed, category = parse_description(joined) if joined else ([], "other")
    except Exception:  # a proposal the parser chokes on is "not understood", never a crash
        parsed, category = [], "other"
    found = _changes(parsed)
    known = set(PARAMETER_SYNONYMS.values())
    understood = bool(found) and (
        category not in (None, "", "other") or any(c.parameter in known or c.value is not None or c.to for c in found)
    )
    return Proposal(joined, found, category or "other", understood)

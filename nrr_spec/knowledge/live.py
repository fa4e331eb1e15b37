"""`nrr check` on a folder that holds one loop's log: the probability replay would give.

When every decided record of the folder belongs to the search under way (the live case: a loop
records each experiment into its own folder), the check walks that log in order as replay does
(`replay.Replayer`), asks about the proposal as its next row and updates the fitted model within the
log (`in_log`). The same rows then give the same probability in `nrr replay` and in `nrr check`.
A folder that mixes searches, or one too large to walk on every check, keeps the index's answer.

Reading each earlier row as a proposal (parsing its description's proposal view) and weighing it
are most of a walk's cost, and both depend only on the row and the rows before it: the parsed
proposal and the model's log-odds of each row are kept in the index's folder (`live.json`), keyed by
a hash of the package version, the index's schema version, the model and the row with every row before it, so a check parses
and weighs only the rows added since the last one. Any change to an earlier row changes the keys
of the rows after it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from ..io import atomic_write
from ..model.vocabulary import ExperimentOutcome
from ..store import RecordsFolder
from ..version import __version__
from .calibrated import log_odds, shipped, shipped_keep_only, shipped_prior
from .features import Change, Item, Proposal, item_from_record
from .in_log import InLogOffset
from .index import SCHEMA_VERSION, Index
from .replay import Replayer, proposal_of

LIVE_LIMIT = 1000  # decided records read on each check (about a second); beyond, the index's answer stands
CACHE = "live.json"


def live_probability(
    index: Index, root: Path, session: str | None, proposal: Proposal, record: dict[str, Any] | None = None
) -> float | None:
    """The probability of improvement of `proposal` (or of `record`, read as replay reads a row) as
    the next row of the folder's one log; None when the folder is not one log or has no decided row."""
    tried = index.session_steps(session, 0)[0]
    if not tried or tried > LIVE_LIMIT or tried != index.decided():
        return None
    own = str(record.get("id")) if isinstance(record, dict) and record.get("id") else None
    items = [
        item
        for doc in RecordsFolder(root).read().documents
        if (item := item_from_record(doc.data, doc.path)) is not None
        and item.decided
        and item.session == session
        and not (own and item.ref == own)
    ]
    items.sort(key=_order)
    weights = shipped()
    cache_path = index.state / CACHE if index.state is not None else None
    known = _read_cache(cache_path)
    kept: dict[str, Row] = {}
    replayer = Replayer()
    offset = InLogOffset(shipped_prior(), shipped_keep_only())
    # The index's schema version moves whenever what is read from a row's text does (its words, their stems).
    chain = hashlib.sha256(json.dumps([__version__, SCHEMA_VERSION, weights]).encode("utf-8"))
    for item in items:
        chain.update(_fingerprint(item))
        key = chain.hexdigest()
        if key in known:
            z, read = known[key]
            replayer.feed(item, scored=False, proposal=read)
        else:
            read = proposal_of(item)
            step = replayer.feed(item, proposal=read)
            z = log_odds(weights, step.features) if step is not None else None
        kept[key] = (z, read)
        if z is not None:
            offset.learn(z, item.outcome == ExperimentOutcome.keep)
    if cache_path is not None and kept.keys() != known.keys():
        with contextlib.suppress(OSError):
            atomic_write(cache_path, json.dumps({key: _stored(row) for key, row in kept.items()}))
    if record is not None and (asked := item_from_record(record)) is not None:
        proposal = proposal_of(asked)
    features = replayer.features_of(proposal)
    return offset.probability(log_odds(weights, features[0])) if features is not None else None


def _order(item: Item) -> tuple[int, int, str]:
    return (item.sequence if item.sequence is not None else 0, item.row if item.row is not None else 0, item.ref)


def _fingerprint(item: Item) -> bytes:
    changes = [(c.parameter, c.direction, c.to, c.evidence) for c in item.changes]
    fields = [item.ref, item.outcome, item.failure_class, item.category, item.text, changes, item.session, item.sequence]
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


Row = tuple[float | None, Proposal]  # a row's log-odds (None: not scored) and how it reads as a proposal


def _stored(row: Row) -> list[Any]:
    z, proposal = row
    changes = [[c.parameter, c.direction, c.to, c.value, c.evidence] for c in proposal.changes]
    return [z, proposal.text, changes, proposal.category, proposal.understood]


def _row(data: object) -> Row | None:
    """A cached row, None when it is not one (an older cache, a damaged file): the row is read again."""
    fields: Any = data
    try:
        z, text, changes, category, understood = fields
        parsed = [Change(str(p), str(d), _optional(t, str), _optional(v, float), _optional(e, str)) for p, d, t, v, e in changes]
        if z is not None and (isinstance(z, bool) or not isinstance(z, (int, float))):
            return None
        return (None if z is None else float(z)), Proposal(str(text), parsed, str(category), bool(understood))
    except (TypeError, ValueError):
        return None


def _optional(value: object, kind: type) -> Any:
    return None if value is None else kind(value)


def _read_cache(path: Path | None) -> dict[str, Row]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: row for key, value in data.items() if (row := _row(value)) is not None}

"""Full-text search: Pagefind indexes the latest version of each public record, and nothing else.

Pagefind is fed records, not pages: each public record goes in as a custom record (its page URL,
the text worth searching, its title and its facet values as filters) through Pagefind's service
protocol, so no HTML is written twice or parsed at all. Pagefind keeps its whole index in memory
until it writes it out (about 80 MB per 1,000 generated records, most of it while writing), and
the browser merges several indexes (`mergeIndex`) into one search, so the catalogue is indexed
in shards. A rebuild indexes again only the shards whose records changed (incremental.py), so
shards are cut where the records themselves say (plan_shards), not by count: adding, changing or
removing a record changes its own shard, and the others stay as they were.

The indexing runs in separate small processes (pagefind_service.py, run as a script): they need
threads to talk to Pagefind, and the build forks its page renderers, which must not inherit
threads. One shard is indexed while the build writes the rest of the site; several are indexed
after the build has let its records go (build.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..errors import NrrError
from ..model import Record
from .collect import Entry
from .facets import entry_facets, label, search_meta
from .pagefind_canon import canonical_bundle, share_wasm

# Records per shard, on average: a rebuild indexes again the shard of each changed record (and the
# last one, which new records join), so small shards keep an edit's rebuild short; few enough that
# a first search (which loads each shard's entry file, metadata and one index chunk; the WebAssembly
# is shared) stays small. Catalogues of more than LARGE_FROM records get LARGE_SHARD-record shards,
# so their first search loads no more than about ten shards.
SHARD = 1_000
LARGE_FROM = 20_000
LARGE_SHARD = 10_000
MAX_SHARD = 12_500  # bounds each indexer's memory at about 1 GB
LANGUAGE = "en"
# Each record's shard, as a Pagefind filter the catalogue's facets do not show: the page asks each
# shard whether it holds a query's words (see nrr-search.js) and searches only those that do.
SHARD_FILTER = "nrr_shard"
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # Markdown link targets: addresses, not words to find
_MARKUP = re.compile(r"[*_`#>]+")


class SearchIndexError(NrrError, RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


def pagefind_binary() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind is not installed: pip install 'nrr-spec[site]' (or build with --no-search)") from None
    binary = get_executable()
    if binary is None or not Path(binary).exists():
        raise SearchIndexError("the Pagefind binary was not found: pip install 'pagefind[bin]' (or build with --no-search)")
    return str(binary)


def _prose(text: str | None) -> str | None:
    return _MARKUP.sub(" ", _LINK_TARGET.sub("]", text)) if text else None


def _texts(record: Record) -> Iterator[str | None]:
    """What a reader would search a record page for, in page order; not the citation box or checklist."""
    r = record
    yield r.title
    for a in r.authors:
        yield a.name
        yield a.affiliation
    if r.dual_use:
        yield _prose(r.dual_use.framing_statement)
    yield _prose(r.summary)
    yield _prose(r.problem.statement)
    yield _prose(r.problem.motivation)
    yield r.problem.task
    if r.hypothesis:
        h = r.hypothesis
        yield from (_prose(h.statement), _prose(h.null_hypothesis), h.expected_effect, _prose(h.rationale))
        yield from (ref.citation for ref in h.prior_work)
    if r.methods:
        m = r.methods
        yield _prose(m.description)
        yield label(str(m.design)) if m.design else None
        for b in m.baselines:
            yield from (b.name, b.description)
        for d in m.datasets:
            yield from (d.name, d.split)
        yield from (x.name for x in m.metrics)
        for c in m.conditions:
            yield from (c.name, c.description)
        yield m.statistical_test.name if m.statistical_test else None
    res = r.results
    yield _prose(res.summary)
    for o in res.outcomes:
        yield from (o.metric, o.condition)
    yield label(str(res.evidence_class)) if res.evidence_class else None
    yield _prose(res.outliers)
    yield from (f.caption for f in res.figures)
    if r.experiment:
        x = r.experiment
        yield from (str(x.outcome), label(str(x.failure_class)) if x.failure_class else None)
        yield label(str(x.change_category)) if x.change_category else None
        yield from (x.description, _prose(x.lesson))
        yield from (c.parameter for c in x.changes)
    if r.interpretation:
        i = r.interpretation
        for cause in i.causes:
            yield from (label(str(cause.category)), _prose(cause.note))
        yield from (_prose(i.explanation), _prose(i.scope))
        for values in (i.confounders, i.alternative_explanations, i.limitations, i.lessons, i.next_steps):
            yield from (_prose(v) for v in values)
    for ref in r.references:
        yield ref.citation
    if r.dual_use and r.dual_use.assessment:
        yield _prose(r.dual_use.assessment)
    yield from (rev.summary for rev in r.revisions)


def search_text(entry: Entry) -> str:
    """The record's searchable text, one piece a line; titles of linked records too, as on its page."""
    linked = [other.title for other, _ in (*entry.outgoing, *entry.incoming)]
    return "\n".join(t for t in (*_texts(entry.record), *linked) if t)


def _message(number: int, payload: dict[str, Any]) -> bytes:
    text = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")) + b","


@dataclass
class Shard:
    """One Pagefind index: the file of service messages that builds it, and where it goes."""

    messages: Path
    bundle: Path


def shard_paths(count: int) -> list[str]:
    """Bundle folders relative to the site: the first is `pagefind/`, the others inside it."""
    return ["pagefind/", *(f"pagefind/shard-{n}/" for n in range(2, count + 1))]


def _cuts_after(record_id: str, period: int) -> bool:
    number = int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=8).digest(), "big")
    return number % period == 0


def plan_shards(entries: Sequence[Entry]) -> list[list[Entry]]:
    """The records of each shard, from the catalogue alone (a clean build and a rebuild agree).

    Records go in order of first publication and id, so new records join the last shard. A shard
    ends, once it holds half the target size, after a record whose id's hash says so (content-
    defined chunking): where the cuts fall depends on the records around them only, so a record
    added or removed anywhere changes its own shard and leaves the others alone.
    """
    target = SHARD if len(entries) <= LARGE_FROM else LARGE_SHARD
    least = max(1, target // 2)
    period = max(1, target - least)
    most = max(least, min(MAX_SHARD, 3 * target))
    ordered = sorted(entries, key=lambda e: (e.first_date or dt.date.min, e.id))
    groups: list[list[Entry]] = []
    current: list[Entry] = []
    for entry in ordered:
        current.append(entry)
        if len(current) >= most or (len(current) >= least and _cuts_after(entry.id, period)):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def write_shards(groups: Sequence[Sequence[Entry]], site: Path, work: Path, only: set[int] | None = None) -> list[Shard]:
    """Write the service messages of each shard (of those numbered in `only`, from 0) to `work`;
    the bundles will be written under `site`."""
    paths = shard_paths(len(groups))
    shards: list[Shard] = []
    for number, group in enumerate(groups):
        if only is not None and number not in only:
            continue
        shard = Shard(work / f"shard-{number + 1}.b64", site / paths[number])
        with shard.messages.open("wb") as handle:
            handle.write(_message(1, {"type": "NewIndex", "config": {"force_language": LANGUAGE}}))
            for n, entry in enumerate(group, start=2):
                record = entry.record
                handle.write(
                    _message(
                        n,
                        {
                            "type": "AddRecord",
                            "index_id": 0,
                            "url": "/" + urls.record_path(record.id),
                            "content": search_text(entry),
                            "language": LANGUAGE,
                            "meta": search_meta(entry),
                            "filters": {**entry_facets(entry), SHARD_FILTER: [str(number)]},
                        },
                    )
                )
            handle.write(_message(len(group) + 2, {"type": "WriteFiles", "index_id": 0, "output_path": str(shard.bundle)}))
        shards.append(shard)
    return shards


class SearchJob:
    """The indexer running beside the build; `wait()` returns when every shard is written.

    Shards are indexed by up to `parallel` Pagefind processes at once, each taking every
    `parallel`-th shard: one Pagefind keeps about one core busy, and two on two cores index
    about half as fast again as one.
    """

    def __init__(self, shards: list[Shard], parallel: int = 1) -> None:
        runner = Path(__file__).with_name("pagefind_service.py")
        binary = pagefind_binary()
        from ..processes import die_with_parent  # a killed build must not leave an indexer writing into its folder

        lanes = max(1, min(parallel, len(shards)))
        self._bundles = [shard.bundle for shard in shards]
        self._processes = [
            subprocess.Popen(
                [sys.executable, str(runner), binary, *(str(s.messages) for s in shards[lane::lanes])],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=die_with_parent,
            )  # the build has no threads to break
            for lane in range(lanes)
        ]

    def wait(self, timeout: float = 3600) -> None:
        deadline = time.monotonic() + timeout
        for process in self._processes:
            try:
                _, error = process.communicate(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.cancel()
                raise SearchIndexError(f"Pagefind did not finish within {timeout / 60:.0f} minutes") from None
            if process.returncode != 0:
                self.cancel()
                raise SearchIndexError(f"Pagefind failed ({process.returncode}): {error.strip()[-2000:]}")
        for bundle in self._bundles:
            canonical_bundle(bundle)
            share_wasm(bundle)

    def cancel(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
                process.wait()

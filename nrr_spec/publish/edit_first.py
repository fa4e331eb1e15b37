"""`nrr serve`: an edited record's page shown at once, before the rebuild that follows it.

A rebuild under `nrr serve` reads, digests and lays out the whole catalogue again: at 10,000
records, seconds, though one file changed. Before it, the pages an edit changes are put in place:
the edited record's own page and the pages of the records it links to or that link to it (they
show its title). Which pages those are, and what they hold, is decided as a build decides it: the
build keeps its catalogue, build key and page frames in the BuildState, the edited entry and its
neighbours are made again from it, and a page is written only where its digest differs from the
one the output's manifest holds. Each file is replaced whole by a rename, so a reader sees a
page as it was or as it is; the manifest is brought up to date, so the rebuild that follows (which
still runs, and brings the list, the dashboards, the feed and the search index up to date) links
these pages from the output instead of making them again, and leaves the same bytes as a clean
build.

Only an edit that cannot change anything else a record page shows is taken this way: files
already read by the last build, each still one valid, public record with the same id, version,
earlier versions and links, and no error. Anything else (a new, deleted or invalid file, a
changed link) waits for the rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

from ..io import read_file
from ..model import Record, RelatedRecord
from .build_state import BuildState
from .collect import Catalogue, Entry, is_negative_result
from .config import SiteConfig
from .incremental import BuildCache, default_cache_dir
from .page_digests import entry_digests, page_digests
from .pages import RecordRenderer
from .record_pages import write_record_pages
from .swap import MARKER

# More changed files than this at once (a checkout, a script) is left to the rebuild.
MOST_FILES = 8


def show_edits_first(state: BuildState, out: Path, config: SiteConfig, cache: str | os.PathLike[str] | bool = True) -> int:
    """Put the pages of the records edited since the last build in place in `out`; returns how
    many pages were written (0: nothing could be taken this way, the rebuild does it all)."""
    last = state.last
    if last is None or cache is False:
        return 0
    target = out.resolve()
    store = BuildCache(default_cache_dir(target) if cache is True else Path(cache).resolve(), target, MARKER)
    live = store.load(target)
    if live is None or live.key != last.key:
        return 0
    changed = state.memo.changed_files()
    if changed is None or not changed or len(changed) > MOST_FILES:
        return 0
    catalogue = last.catalogue
    by_path = {entry.path: entry for entry in catalogue.entries}
    made: dict[str, Entry] = {}
    for path in changed:
        entry = by_path.get(path)
        record = _read_one(path, last.today) if entry is not None else None
        if entry is None or record is None or entry.id in made:
            return 0
        edited = _same_place(entry, record, catalogue, last.today)
        if edited is None:
            return 0
        made[entry.id] = edited
    affected = _with_neighbours(made, catalogue)
    digests = page_digests(entry_digests(affected, last.key), last.shell)
    todo = [entry for entry in affected if live.records.get(entry.id) != digests[entry.id]]
    if not todo:
        return 0
    scratch = store.folder / f"edit-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        write_record_pages(todo, RecordRenderer(config, last.frames), scratch)
        moves = _moves(scratch, target, todo)
        if moves is None:
            return 0
        store.forget(target)  # a build stopped halfway leaves no manifest claiming the pages before
        for source, destination in moves:
            os.replace(source, destination)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    live.records.update({entry.id: digests[entry.id] for entry in todo})
    store.save(target, live)
    return len(todo)


def _read_one(path: str, today: dt.date) -> Record | None:
    """The file's one record, if it reads and checks without error."""
    from ..lint.engine import check_document

    docs, failures = read_file(path)
    if failures or len(docs) != 1:
        return None
    item, _, record = check_document(docs[0], today, place=False)
    if record is None or any(d.severity == "error" for d in item.diagnostics):
        return None
    return record


def _same_place(entry: Entry, record: Record, catalogue: Catalogue, today: dt.date) -> Entry | None:
    """The entry the build would make for the edited record, when the edit leaves everything else
    as it was: same id, version, publication, role and links (as the build keeps them)."""
    old = entry.record
    if record.id != old.id or record.version != old.version or not record.public(today):
        return None
    if is_negative_result(record) != is_negative_result(old):
        return None
    kept = [link for link in record.related if link.id in catalogue.by_id and link.id != record.id]
    if [link.id for link in kept] != [link.id for link in old.related]:
        return None
    if len(kept) != len(record.related):
        record = record.model_copy(update={"related": kept})
    return dataclasses.replace(entry, record=record)


def _with_neighbours(made: dict[str, Entry], catalogue: Catalogue) -> list[Entry]:
    """The edited entries and the entries they link to or that link to them, with their links made
    as the build makes them (collect.collect), from the records as they are now."""
    before = {id(catalogue.by_id[record_id].record): entry for record_id, entry in made.items()}
    ids = dict.fromkeys(made)
    for record_id in made:
        old = catalogue.by_id[record_id]
        ids.update(dict.fromkeys(record.id for record, _ in [*old.outgoing, *old.incoming]))

    def now(record_id: str) -> Record:
        return (made.get(record_id) or catalogue.by_id[record_id]).record

    def incoming(pair: tuple[Record, RelatedRecord]) -> tuple[Record, RelatedRecord]:
        source, link = pair
        edited = before.get(id(source))
        if edited is None:
            return pair
        # The edited record's own link, at the same place in its list (its links are as they were).
        place = next(n for n, other in enumerate(source.related) if other is link)
        return edited.record, edited.record.related[place]

    out = []
    for record_id in ids:
        entry = made.get(record_id) or catalogue.by_id[record_id]
        out.append(
            dataclasses.replace(
                entry,
                outgoing=[(now(link.id), link) for link in entry.record.related],
                incoming=[incoming(pair) for pair in catalogue.by_id[record_id].incoming],
            )
        )
    return out


def _moves(scratch: Path, target: Path, entries: list[Entry]) -> list[tuple[Path, Path]] | None:
    """(new file, file it replaces) for each page written; None when a record folder would not hold
    the same files as before (the rebuild removes and adds files; a rename cannot)."""
    moves = []
    for entry in entries:
        new, live = scratch / "records" / entry.id, target / "records" / entry.id
        names = sorted(str(p.relative_to(new)) for p in new.rglob("*") if p.is_file())
        if not live.is_dir() or names != sorted(str(p.relative_to(live)) for p in live.rglob("*") if p.is_file()):
            return None
        moves += [(new / name, live / name) for name in names]
    return moves

"""Rebuilds write only what changed, and the site they leave is the one a clean build writes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from nrr_spec.publish import BuildRefused, SiteConfig, build_site
from nrr_spec.publish.pages import environment
from nrr_spec.publish.synthetic import generate

TODAY = dt.date(2027, 1, 1)
CONFIG = SiteConfig(title="Incremental lab", base_url="https://lab.example.org/nr/")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def _build(records: Path, out: Path, **options: Any) -> Any:
    return build_site([records], out, CONFIG, today=TODAY, **options)


def _same_as_clean(records: Path, out: Path, tmp: Path, name: str, **options: Any) -> None:
    clean = tmp / f"clean-{name}"
    _build(records, clean, cache=False, **options)
    built, expected = _tree(out), _tree(clean)
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []
    assert _folders(out) == _folders(clean)


@pytest.fixture
def records(tmp_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(examples_dir, folder)
    for record in generate(40, seed=7):
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_rebuilds_after_edit_add_delete_and_template_change_equal_clean_builds(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nrr_spec.publish.search.SHARD", 8)  # several search shards, so some are left alone
    out = tmp_path / "site"
    first = _build(records, out)
    assert first.rendered == first.records
    shards = json.loads((out / "search" / "facets.json").read_text(encoding="utf-8"))["search"]
    assert len(shards) >= 2

    # An edit: its page, and the page of the record that links to it (which shows its title).
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = "Tent at batch size one collapses, again"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    # Three new records, published after the others.
    for n, record in enumerate(generate(3, seed=99)):
        record["id"] = f"new-result-{n}"
        record["created"] = "2026-12-30"
        if record.get("experiment", {}).get("outcome") in ("keep", "baseline"):  # context, not a record: make it one
            del record["experiment"]
            record["kind"] = "existing_method"
        (records / f"new-{n}.json").write_text(json.dumps(record), encoding="utf-8")
    second = _build(records, out)
    assert second.rendered == 1 + 1 + 3
    assert second.search_indexed < len(shards) + 1
    assert "Tent at batch size one collapses, again" in (out / "records" / data["id"] / "index.html").read_text("utf-8")
    _same_as_clean(records, out, tmp_path, "edit")
    # The previous site is kept in the cache folder, to be brought up to date by the next rebuild.
    assert (tmp_path / ".site.cache" / "site" / "records" / data["id"]).is_dir()
    assert not (tmp_path / ".site.cache" / "site" / "records" / "new-result-0").exists()

    # A record deleted: its folder goes, and nothing links to it any more.
    gone_id = generate(40, seed=7)[5]["id"]
    (records / f"{gone_id}.json").unlink()
    third = _build(records, out)
    assert not (out / "records" / gone_id).exists()
    # The copy brought up to date is the one a build behind: what the edit changed is linked from
    # the output, not made again; at most one other page links to the deleted record.
    assert third.rendered <= 1
    assert third.search_indexed <= 2  # its shard, and the shard of the page that linked to it
    _same_as_clean(records, out, tmp_path, "delete")

    # Nothing changed: nothing is written again, and the site is still whole.
    _build(records, out)
    fourth = _build(records, out)
    assert (fourth.rendered, fourth.search_indexed) == (0, 0)
    _same_as_clean(records, out, tmp_path, "same")

    # A template changed: every page that uses it is written again.
    templates = tmp_path / "templates"
    shutil.copytree(Path(environment().loader.searchpath[0]), templates)  # type: ignore[attr-defined]
    record_page = templates / "record.html"
    record_page.write_text(
        record_page.read_text(encoding="utf-8").replace("</article>", "<!-- v2 --></article>", 1)
        if "</article>" in record_page.read_text(encoding="utf-8")
        else record_page.read_text(encoding="utf-8") + "\n<!-- v2 -->\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("nrr_spec.resources.site_templates_dir", lambda: templates)
    monkeypatch.setattr("nrr_spec.publish.pages.site_templates_dir", lambda: templates)
    environment.cache_clear()
    try:
        fifth = _build(records, out)
        assert fifth.rendered == fifth.records
        assert "<!-- v2 -->" in (out / "records" / data["id"] / "index.html").read_text("utf-8")
        _same_as_clean(records, out, tmp_path, "template")
    finally:
        environment.cache_clear()
    # What rebuilds replaced is deleted after them, by a process of its own.
    deadline = time.monotonic() + 30
    while list((tmp_path / ".site.cache").glob("trash-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list((tmp_path / ".site.cache").glob("trash-*"))


def test_a_cache_elsewhere_and_no_cache(records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    cache = tmp_path / "cache"
    _build(records, out, search=False, cache=cache)
    # The narrative pages' Markdown is unchanged: mkdocs does not run again, its pages come from the cache.
    monkeypatch.setattr("nrr_spec.publish.build.build_narrative", lambda *_: pytest.fail("mkdocs ran again"))
    again = _build(records, out, search=False, cache=cache)
    monkeypatch.undo()
    assert again.rendered == 0
    assert (cache / "site" / "index.html").is_file()  # the previous site, ready for the next rebuild
    plain = tmp_path / "plain"
    _build(records, plain, search=False, cache=False)
    assert not (tmp_path / ".plain.cache").exists()
    assert _tree(plain) == _tree(out)


def _files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files the publisher reads from now on, in order."""
    from nrr_spec.publish import collect as collect_module

    read: list[str] = []
    real = collect_module.read_file
    monkeypatch.setattr(collect_module, "read_file", lambda path: read.append(str(path)) or real(path))
    return read


def _edit_one_and_delete_one(records: Path, title: str) -> tuple[Path, dict[str, Any]]:
    """Give one record a new title and delete another; returns the edited file and its data."""
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = title
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    (records / "dropout-no-gain-small-tabular.yaml").unlink()
    return edited, data


def test_serve_reads_again_only_the_files_that_changed(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nrr_spec.publish.collect import collect
    from nrr_spec.publish.read_memo import ReadMemo

    memo = ReadMemo()
    first = collect([records], today=TODAY, memo=memo)
    read = _files_read(monkeypatch)
    edited, data = _edit_one_and_delete_one(records, "Edited while served")
    again = collect([records], today=TODAY, memo=memo)
    assert read == [str(edited)]
    assert again.by_id[data["id"]].record.title == "Edited while served"
    assert "dropout-no-gain-small-tabular" not in again.by_id and len(again) == len(first) - 1
    fresh = collect([records], today=TODAY)
    assert [e.record for e in fresh.entries] == [e.record for e in again.entries]
    assert (fresh.warnings, fresh.withheld) == (again.warnings, again.withheld)


def test_serve_is_told_of_a_changed_record_file(records: Path) -> None:
    import threading

    from nrr_spec.publish.serve import _Changes

    changes = _Changes([records], interval=0.1)
    try:
        assert changes.wait(0.3) is False  # nothing changed within the time given
        done = threading.Event()
        threading.Thread(target=lambda: (changes.wait(), done.set()), daemon=True).start()
        (records / "notes.txt").write_text("not a record", encoding="utf-8")
        assert not done.wait(1.0)  # not a record file
        (records / "new.json").write_text("{}", encoding="utf-8")
        assert done.wait(10)
    finally:
        changes.stop()


def test_a_rebuild_reads_and_checks_again_only_the_files_that_changed(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    _build(records, out, search=False)
    read = _files_read(monkeypatch)
    edited, data = _edit_one_and_delete_one(records, "Edited between two builds")
    _build(records, out, search=False)
    assert read == [str(edited)]  # the other records came from the cache folder, already checked
    assert "Edited between two builds" in (out / "records" / data["id"] / "index.html").read_text("utf-8")
    _same_as_clean(records, out, tmp_path, "memo", search=False)

    # An invalid edit is still refused: the cache holds what was checked, never a pass for a changed file.
    original = data["id"]
    data["id"] = "Not A Valid Id"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(BuildRefused, match="have errors"):
        _build(records, out, search=False)

    # Another version of the validator or the model checks every file again.
    data["id"] = original
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    monkeypatch.setattr("nrr_spec.publish.incremental.checker_key", lambda: "another validator")
    read.clear()
    _build(records, out, search=False)
    assert len(read) == len([p for p in records.glob("*.*") if p.is_file()])


@pytest.mark.slow
def test_serve_shows_an_edit_first_and_indexes_it_next(records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nrr_spec.publish.search.SHARD", 8)
    out = tmp_path / "site"
    _build(records, out)
    _build(records, out)  # the cache's copy is now a build behind the output, as it is under nrr serve
    search_before = {p: b for p, b in _tree(out).items() if p.startswith("pagefind/")}
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = "Shown before it is indexed"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    first = _build(records, out, search_later=True)
    assert first.search_pending and first.search_indexed == 0
    assert "Shown before it is indexed" in (out / "records" / data["id"] / "index.html").read_text("utf-8")
    assert {p: b for p, b in _tree(out).items() if p.startswith("pagefind/")} == search_before
    second = _build(records, out)
    assert not second.search_pending and second.search_indexed >= 1
    _same_as_clean(records, out, tmp_path, "later")


def test_serve_prepares_the_spare_copy_before_the_first_edit(records: Path, tmp_path: Path) -> None:
    import os

    from nrr_spec.publish.incremental import prepare_spare

    out = tmp_path / "site"
    _build(records, out, search=False)
    assert not (tmp_path / ".site.cache" / "site").exists()  # a clean build leaves no spare copy
    prepare_spare(out, True)
    spare = tmp_path / ".site.cache" / "site"
    assert os.stat(spare / "index.html").st_ino == os.stat(out / "index.html").st_ino  # hard links
    folder = os.stat(spare).st_ino
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = "Edited once the copy was ready"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    again = _build(records, out, search=False)
    assert os.stat(out).st_ino == folder and again.rendered == 2  # the prepared copy was updated and swapped in
    _same_as_clean(records, out, tmp_path, "prepared", search=False)


def test_a_rebuild_writes_again_only_the_cache_buckets_of_the_files_it_read(records: Path, tmp_path: Path) -> None:
    from nrr_spec.publish.read_memo import bucket

    out = tmp_path / "site"
    _build(records, out, search=False)
    folder = tmp_path / ".site.cache" / "records"
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert len(before) > 1  # the files are spread over several buckets
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = "Edited: one bucket written again"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    _build(records, out, search=False)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert [name for name in after if after[name] != before.get(name)] == [f"{bucket(str(edited))}.pickle"]
    # A bucket that cannot be read only means its files are read again.
    (folder / f"{bucket(str(edited))}.pickle").write_bytes(b"not a pickle")
    _build(records, out, search=False)
    assert "Edited: one bucket written again" in (out / "records" / data["id"] / "index.html").read_text("utf-8")
    _same_as_clean(records, out, tmp_path, "buckets", search=False)


def test_an_edit_renders_again_only_the_browse_pages_it_changed(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrr_spec.publish import site_pages
    from nrr_spec.publish.build_state import BuildState

    config = SiteConfig(title="Incremental lab", base_url="https://lab.example.org/nr/", page_size=5)
    rendered: list[int] = []
    real = site_pages.render_browse

    def counted(*args: Any, **kwargs: Any) -> str:
        rendered.append(kwargs["page"])
        return real(*args, **kwargs)

    monkeypatch.setattr(site_pages, "render_browse", counted)
    out = tmp_path / "site"
    state = BuildState()  # as `nrr serve` keeps it between its builds
    build_site([records], out, config, today=TODAY, search=False, state=state)
    pages = len(rendered)
    assert pages > 4 and len(state.browse) == pages
    rendered.clear()
    edited = records / "tent-small-batch-imagenet-c-replication.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["title"] = "Edited: its browse page made again"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    build_site([records], out, config, today=TODAY, search=False, state=state)
    # The edited record's page of the list, and the page of the record that links to it (its row
    # digest covers its links), not every page.
    assert 1 <= len(rendered) <= 2
    browse = [p for p in out.joinpath("browse").rglob("index.html") if "Edited: its browse page" in p.read_text("utf-8")]
    assert len(browse) == 1
    # A new record moves every row, and changes the count every page shows: all are made again.
    rendered.clear()
    (records / "one-more.json").write_text(json.dumps({**data, "id": "one-more-negative-result"}), encoding="utf-8")
    build_site([records], out, config, today=TODAY, search=False, state=state)
    assert len(rendered) >= pages
    clean = tmp_path / "clean-browse"
    build_site([records], clean, config, today=TODAY, search=False, cache=False)
    built, expected = _tree(out), _tree(clean)
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []


def test_a_one_shot_build_keeps_nothing_in_memory_after_it(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a BuildState (the command line), every browse page is rendered again by each build,
    and no module holds what the build made once it returns."""
    import sys

    from nrr_spec.publish import site_pages

    config = SiteConfig(title="Incremental lab", base_url="https://lab.example.org/nr/", page_size=5)
    rendered: list[int] = []
    real = site_pages.render_browse
    monkeypatch.setattr(site_pages, "render_browse", lambda *a, **k: rendered.append(k["page"]) or real(*a, **k))
    out = tmp_path / "site"
    build_site([records], out, config, today=TODAY, search=False)
    pages = len(rendered)
    rendered.clear()
    build_site([records], out, config, today=TODAY, search=False)
    assert len(rendered) == pages  # nothing kept from the build before
    page = (out / "browse" / "index.html").read_text(encoding="utf-8")
    held = [
        f"{name}.{attr}"
        for name, module in list(sys.modules.items())
        if name.startswith("nrr_spec")
        for attr, value in vars(module).items()
        if type(value) is dict and any(type(v) is str and v == page for v in value.values())
    ]
    assert held == []


def test_a_new_record_runs_no_mkdocs_and_a_changed_page_converts_only_itself(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrr_spec.publish import build as build_module
    from nrr_spec.publish.narrative_cache import STAND_IN
    from nrr_spec.publish.site_pages import SitePage

    out = tmp_path / "site"
    _build(records, out, search=False)
    given: list[dict[str, str]] = []
    real = build_module.build_narrative
    monkeypatch.setattr(
        build_module, "build_narrative", lambda config, pages, *rest: given.append(pages) or real(config, pages, *rest)
    )
    record = generate(1, seed=5)[0]
    record.update(id="one-more-result", created="2026-12-30", kind="existing_method")
    record.pop("experiment", None)
    record.pop("related", None)
    (records / "one-more.json").write_text(json.dumps(record), encoding="utf-8")
    _build(records, out, search=False)
    # The front page's figures and latest records are filled in after mkdocs: a new record runs no
    # mkdocs at all, and the front page still counts and lists it.
    assert given == []
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "one-more-result" in front and "nrr-live" not in front
    _same_as_clean(records, out, tmp_path, "narrative", search=False)
    # One page's own Markdown changed: it is converted again; the others are stand-ins, their pages
    # taken from the build before.
    render = SitePage.render_markdown
    monkeypatch.setattr(
        SitePage,
        "render_markdown",
        lambda page, context: render(page, context) + ("\nRevised.\n" if page.docs == "about.md" else ""),
    )
    given.clear()  # the clean build above converted every page
    _build(records, out, search=False)
    assert len(given) == 1
    assert [name for name, text in given[0].items() if text != STAND_IN] == ["about.md"]
    assert "Revised." in (out / "about" / "index.html").read_text(encoding="utf-8")
    assert "one-more-result" in (out / "index.html").read_text(encoding="utf-8")
    _same_as_clean(records, out, tmp_path, "narrative-page", search=False)
    # The template of the unchanged pages changed: they are converted again.
    given.clear()
    monkeypatch.setattr("nrr_spec.publish.build.build_key", lambda *_: "another key")
    _build(records, out, search=False)
    assert len(given) == 1 and STAND_IN not in given[0].values()

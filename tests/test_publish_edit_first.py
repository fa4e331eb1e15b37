"""Under `nrr serve`, an edited record's page (and the pages that show its title) are put in place
before the rebuild, and the rebuild after them still leaves what a clean build writes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.build_state import BuildState
from nrr_spec.publish.edit_first import show_edits_first
from nrr_spec.publish.synthetic import generate

TODAY = dt.date(2027, 1, 1)
CONFIG = SiteConfig(title="Edit-first lab", base_url="https://lab.example.org/nr/")
EDITED = "tent-small-batch-imagenet-c-replication"
LINKS_HERE = "tent-cardiac-mri-scanner-shift"  # its page names the edited record's title


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(records: Path, out: Path, state: BuildState | None = None, **options: Any) -> Any:
    return build_site([records], out, CONFIG, today=TODAY, search=False, state=state, **options)


def _page(out: Path, record_id: str) -> str:
    return (out / "records" / record_id / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path, examples_dir: Path) -> tuple[Path, Path, BuildState]:
    """Records, their site and the state `nrr serve` keeps after two builds (the cache's copy is a build behind)."""
    folder = tmp_path / "records"
    shutil.copytree(examples_dir, folder)
    for record in generate(30, seed=3):
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    out = tmp_path / "site"
    state = BuildState()
    _build(folder, out, state)
    _build(folder, out, state)
    return folder, out, state


def _edit(folder: Path, **changes: Any) -> dict[str, Any]:
    path = folder / f"{EDITED}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def test_an_edit_shows_on_its_page_and_its_neighbours_before_the_rebuild(
    served: tuple[Path, Path, BuildState], tmp_path: Path
) -> None:
    folder, out, state = served
    assert state.last is not None
    assert LINKS_HERE in [record.id for record, _ in state.last.catalogue.by_id[EDITED].incoming]
    browse_before = (out / "browse" / "index.html").read_bytes()
    _edit(folder, title="Tent at batch size one, shown first")
    assert show_edits_first(state, out, CONFIG) == 2
    assert "Tent at batch size one, shown first" in _page(out, EDITED)
    assert "Tent at batch size one, shown first" in _page(out, LINKS_HERE)
    assert (out / "browse" / "index.html").read_bytes() == browse_before  # the list follows with the rebuild
    again = _build(folder, out, state)
    assert again.rendered == 0  # both pages were taken from the output, as put there
    clean = tmp_path / "clean"
    _build(folder, clean, cache=False)
    assert _tree(out) == _tree(clean)
    # Nothing edited since: nothing to show first.
    assert show_edits_first(state, out, CONFIG) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"id": "Not A Valid Id"},  # invalid: the rebuild refuses it, so it is never shown
        {"related": []},  # its links changed: other pages change too
        {"version": 7},  # a new version has pages of its own
        {"dual_use": {"concern": "high", "disclosure": "restricted", "assessment": "Withheld."}},  # no longer public
    ],
)
def test_an_edit_that_changes_more_than_its_pages_waits_for_the_rebuild(
    served: tuple[Path, Path, BuildState], change: dict[str, Any]
) -> None:
    folder, out, state = served
    before = _tree(out)
    _edit(folder, title="Not shown first", **change)
    assert show_edits_first(state, out, CONFIG) == 0
    assert _tree(out) == before


def test_nothing_is_shown_first_without_a_build_to_start_from(served: tuple[Path, Path, BuildState]) -> None:
    folder, out, state = served
    _edit(folder, title="Not shown first")
    assert show_edits_first(BuildState(), out, CONFIG) == 0  # no build kept
    assert show_edits_first(state, out, CONFIG, cache=False) == 0  # no manifest to keep true
    (folder / "dropout-no-gain-small-tabular.yaml").unlink()  # a file gone: the list changes
    assert show_edits_first(state, out, CONFIG) == 0
    assert "Not shown first" not in _page(out, EDITED)


def test_nrr_serve_shows_an_edit_first_then_rebuilds(tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The serve command's rebuild after an edit: the edited page first (said in its log), then the
    rebuild, whose site is the one a clean build writes."""
    from click.testing import CliRunner

    from nrr_spec.cli import main

    folder = tmp_path / "records"
    shutil.copytree(examples_dir, folder)
    out = tmp_path / "site"
    seen: list[str] = []

    def serve_site(site: Path, watch: Any, rebuild: Any, **options: Any) -> None:
        assert rebuild(False) == 0  # the spare copy, a build behind: as once the search index caught up
        _edit(folder, title="Edited under nrr serve")
        code = rebuild(True)
        seen.append(_page(out, EDITED))
        assert code in (0, 2)

    monkeypatch.setattr("nrr_spec.publish.serve.serve_site", serve_site)
    serve = ["serve", str(folder), "--out", str(out), "--port", "0", "--no-search", "--today", "2027-01-01"]
    result = CliRunner().invoke(main, serve)
    assert result.exit_code == 0, result.output
    assert "2 edited page(s) shown in" in result.output
    assert "Edited under nrr serve" in seen[0]
    clean = tmp_path / "clean"
    CliRunner().invoke(main, ["build", str(folder), "--out", str(clean), "--no-search", "--today", "2027-01-01", "--no-cache"])
    assert _tree(out) == _tree(clean)

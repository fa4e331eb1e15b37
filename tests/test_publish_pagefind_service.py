"""The Pagefind runner returns only when the bundle Pagefind answered for is whole on disk."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish import pagefind_service as runner


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("pagefind") / "site"
    build_site([examples_dir], out, SiteConfig(title="Example lab"))
    return out / "pagefind"


def test_a_built_bundle_is_whole(bundle: Path) -> None:
    assert runner._whole(bundle)
    assert runner._settle(bundle, os.getpid()) is None


@pytest.mark.parametrize("damage", ["empty entry", "cut meta", "no meta"])
def test_a_bundle_still_being_written_is_not(bundle: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    entry = copy / "pagefind-entry.json"
    meta = copy / f"pagefind.{json.loads(entry.read_text())['languages']['en']['hash']}.pf_meta"
    if damage == "empty entry":
        entry.write_bytes(b"")  # as left by a service that exited before its last write landed
    elif damage == "cut meta":
        meta.write_bytes(meta.read_bytes()[:-8])
    else:
        meta.unlink()
    assert not runner._whole(copy)
    monkeypatch.setattr(runner, "SETTLE_SECONDS", 0.1)
    reason = runner._settle(copy, os.getpid())
    assert reason is not None and "pagefind-entry.json was not complete" in reason


def test_a_file_still_open_for_writing_keeps_the_bundle_unsettled(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write stalled on a loaded machine leaves sizes unchanged for a while: the open file says it is not done."""
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    monkeypatch.setattr(runner, "SETTLE_SECONDS", 0.2)
    with (copy / "pagefind-worker.js").open("ab"):
        assert runner._writing(os.getpid(), copy)
        assert runner._settle(copy, os.getpid()) is not None
    assert not runner._writing(os.getpid(), copy)
    assert runner._settle(copy, os.getpid()) is None

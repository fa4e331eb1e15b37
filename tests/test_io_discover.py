"""Which files a folder of records gives: record files at any depth, in a stable order; hidden
folders, other files and linked folders left out."""

from __future__ import annotations

from pathlib import Path

from nrr_spec.io import discover


def test_a_folder_gives_its_record_files_at_any_depth_in_path_order(tmp_path: Path) -> None:
    for name in ("b.json", "a.yaml", "deep/er/c.YML", "deep/d.jsonl", "notes.md", ".hidden.json", ".history/x/1.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)  # followed, it would never end
    (tmp_path / "linked.json").symlink_to(tmp_path / "b.json")  # a linked file is a file
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.yaml", "b.json", "deep/d.jsonl", "deep/er/c.YML", "linked.json"]


def test_a_file_named_is_given_as_it_is(tmp_path: Path) -> None:
    named = tmp_path / "record.txt"
    assert list(discover([named])) == [named]  # reading it says what is wrong with it

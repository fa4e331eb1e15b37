"""Over every row of the corpus's bundled repositories whose diff changes only module-level constants,
the record's changes are exactly the diff's, read here from the patch text independently of `ast`."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nrr_spec.changes.names import snake_case
from nrr_spec.convert.pipeline import ConvertOptions, convert_log

REPOS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "autoresearch" / "repos"
LOGS = REPOS.parent / "logs"
pytestmark = pytest.mark.skipif(
    not (REPOS / "REPOS.tsv").exists() or shutil.which("git") is None, reason="the corpus's git bundles are not here"
)
_CONSTANT = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?::\s*[\w\[\]., |]+)?=\s*(?P<value>[^#]+?)\s*(?:#.*)?$")


def _bundled_logs() -> list[tuple[str, str]]:
    if not (REPOS / "REPOS.tsv").exists():
        return []
    with (REPOS / "REPOS.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(r["bundle"], r["log_file"]) for r in rows if int(r["constant_only_diffs"] or 0) > 0]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bundles")
    out = {}
    for bundle in sorted({b for b, _ in _bundled_logs()}):
        target = folder / bundle.replace(".bundle", ".git")
        subprocess.run(
            ["bash", str(REPOS / "import_bundle.sh"), str(REPOS / bundle), str(target)], check=True, capture_output=True
        )
        out[bundle] = target
    return out


def constants_in_patch(patch: str) -> dict[str, tuple[str, str]] | None:
    """name -> (old, new) when every changed line of the patch is a module-level constant of a .py file; else None."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    current = ""
    for line in patch.splitlines():
        if line.startswith("diff --git"):
            current = line.split(" b/", 1)[-1]
            continue
        if line.startswith(("---", "+++", "@@", "index ", "new file", "deleted file")) or line[:1] not in "+-":
            continue
        if not current.endswith(".py"):
            return None
        body = line[1:]
        if not body.strip():
            continue
        match = _CONSTANT.match(body)
        if not match or re.search(r"[A-Za-z_]\w*\(", match.group("value")):
            return None
        (old if line[0] == "-" else new)[match.group("name")] = match.group("value")
    if set(old) != set(new) or not old:
        return None
    return {snake_case(name): (old[name], new[name]) for name in old if old[name] != new[name]}


def test_constant_only_diffs_become_exactly_the_records_changes(imported: dict[str, Path]) -> None:
    checked = 0
    for bundle, log in _bundled_logs():
        result = convert_log(LOGS / log, ConvertOptions(repo=imported[bundle]))
        assert not result.errors, result.errors
        for record in result.records:
            code = (record.get("reproducibility") or {}).get("code") or {}
            oracle = constants_in_patch(code.get("patch") or "")
            if oracle is None or record["experiment"]["outcome"] == "baseline":
                continue
            got = {c["parameter"]: (c["from"], c["to"]) for c in record["experiment"]["changes"]}
            assert got == oracle, (log, record["provenance"]["source"]["row"])
            assert all(
                c["evidence"] == "diff" and c["location"].startswith(code["patch"].split(" b/", 1)[1].split("\n")[0])
                for c in record["experiment"]["changes"]
            )
            checked += 1
    assert checked >= 40, checked  # the corpus README counts about 90 such commits among the present ones

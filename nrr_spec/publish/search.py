"""Full-text search: Pagefind indexes the latest version of each public record page, and nothing else."""

from __future__ import annotations

import subprocess
from pathlib import Path


class SearchIndexError(RuntimeError):
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


def index_site(site: Path) -> None:
    """Write the Pagefind bundle to `site/pagefind/`.

    Only `records/<id>/index.html` is read (the glob), and within it only the element marked
    `data-pagefind-body`: earlier versions, narrative and browse pages stay out of the index.
    Withheld records never had a page, so the index cannot contain them.
    """
    command = [pagefind_binary(), "--site", str(site), "--glob", "records/*/index.html",
               "--output-subdir", "pagefind", "--force-language", "en", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")

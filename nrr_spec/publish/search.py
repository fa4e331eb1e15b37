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


def index_site(docs: Path, bundle: Path) -> None:
    """Index the record documents under `docs` and write the Pagefind bundle to `bundle`.

    `docs` holds `records/<id>/index.html` for the latest version of each public record (the
    page body without the theme's frame, so result URLs are the record pages' own); only the
    element marked `data-pagefind-body` is indexed. Withheld records never had a document, so
    the index cannot contain them.
    """
    command = [pagefind_binary(), "--site", str(docs), "--glob", "records/*/index.html",
               "--output-path", str(bundle), "--force-language", "en", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")

"""The narrative pages (and theme files) mkdocs writes, kept in the cache folder between builds.

mkdocs took 0.3-1 s of each rebuild. When the pages' Markdown and the build key are as in an
earlier build, its output is copied from the cache folder and mkdocs does not run. When only some
pages changed (the front page shows the catalogue's counts and latest records, so it changes with
every record added), mkdocs runs with a one-line stand-in for each unchanged page, and that page's
output is then taken from the earlier build: a page's HTML depends on the configuration, the
navigation (whose titles are given, never read from the pages) and its own Markdown only, so it
is the same bytes, and the long pages (the field reference) are not converted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAND_IN = "# Unchanged\n"


def output_of(docs: str) -> str:
    """The file mkdocs writes for the Markdown file `docs` (directory URLs: about.md -> about/index.html)."""
    name = docs[: -len(".md")]
    if name == "index" or name.endswith("/index"):
        return f"{name}.html"
    return f"{name}/index.html"


def _digest(key: str, name: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\0{name}\0{len(text)}\0{text}".encode(), digest_size=16).hexdigest()


def narrative(
    cache: Path | None, key: str, pages: dict[str, str], out: Path, build: Callable[[dict[str, str]], dict[str, Any]]
) -> dict[str, Any]:
    """The narrative pages mkdocs writes into `out` for `pages` (docs path -> Markdown), and the page
    frames `build(pages)` returns: from the cache folder where the pages are as in an earlier build.

    Copies, not links: the build writes over some of these files (the browse and dashboard pages)."""
    from .shell import Frame

    if cache is None or not key:
        return build(pages)
    each = {name: _digest(key, name, pages[name]) for name in sorted(pages)}
    whole = hashlib.blake2b(json.dumps(each, sort_keys=True).encode(), digest_size=16).hexdigest()
    kept = cache / "narrative" / whole
    try:
        frames = json.loads((kept / "frames.json").read_text(encoding="utf-8"))
        shutil.copytree(kept / "site", out, dirs_exist_ok=True)
        return {name: Frame(html) for name, html in frames.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        pass  # none kept, or not whole: made again
    earlier = _earlier(cache, key)
    unchanged = {name for name, digest in each.items() if earlier is not None and earlier[1].get(name) == digest}
    made = build({name: STAND_IN if name in unchanged else text for name, text in pages.items()})
    for name in sorted(unchanged):
        assert earlier is not None
        shutil.copyfile(earlier[0] / "site" / output_of(name), out / output_of(name))
    for old in (cache / "narrative").glob("*") if (cache / "narrative").is_dir() else []:
        shutil.rmtree(old, ignore_errors=True)  # one set of pages, a few hundred KB
    temporary = cache / "narrative" / f".{whole}.{os.getpid()}"
    shutil.copytree(out, temporary / "site")
    (temporary / "frames.json").write_text(json.dumps({name: frame.source for name, frame in made.items()}), encoding="utf-8")
    (temporary / "pages.json").write_text(json.dumps({"key": key, "pages": each}), encoding="utf-8")
    os.replace(temporary, kept)
    return made


def _earlier(cache: Path, key: str) -> tuple[Path, dict[str, str]] | None:
    """The set of pages kept by an earlier build under the same build key, and its page digests."""
    folder = cache / "narrative"
    for kept in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            data = json.loads((kept / "pages.json").read_text(encoding="utf-8"))
            if data["key"] == key and (kept / "frames.json").is_file():
                return kept, dict(data["pages"])
        except (OSError, ValueError, TypeError, KeyError):
            continue
    return None

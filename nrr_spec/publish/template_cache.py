"""A bytecode cache for jinja2 templates, shared by builds: compiling the theme's and our templates
took about a second of every build, more than rendering a thousand record pages.

Also an mkdocs hook (`on_env`), so the theme's templates compiled by mkdocs use the same cache.
Entries are keyed by the template's name and a checksum of its source, so an edited or upgraded
template is simply compiled again. Where no cache folder can be written, templates are compiled
as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class _SafeCache(FileSystemBytecodeCache):
    """Builds may run side by side: entries are written whole (renamed into place), and an entry that
    cannot be read is a miss, never an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or half-written entry only means compiling the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        name = os.path.join(self.directory, self.pattern % (bucket.key,))
        temporary = f"{name}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as handle:
                bucket.write_bytecode(handle)
            os.replace(temporary, name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nrr-spec" / f"jinja-py{sys.version_info[0]}{sys.version_info[1]}"


def bytecode_cache() -> BytecodeCache | None:
    if os.environ.get("NRR_NO_TEMPLATE_CACHE"):
        return None
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return _SafeCache(str(folder))


def on_env(env: Any, config: Any, files: Any) -> Any:
    """mkdocs hook: compile the theme's templates through the cache."""
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache()
    return env

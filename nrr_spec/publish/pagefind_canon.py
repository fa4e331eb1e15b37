"""Pagefind's filter index written the same way every time.

Pagefind writes each filter (facet) as a list of values, and its metadata lists the filters, in
the order of a hash map: two runs on the same records give different files (its fragments and
word index are stable). A rebuild must give the bytes of a clean build, so after Pagefind has
written a bundle, the filter values and the metadata's list of filters are put in sorted order
and the files renamed after their content, as Pagefind names them.

The files are gzip-compressed `pagefind_dcd` + CBOR, of a few kinds only (arrays, text, whole
numbers). A file that holds anything else, or that this encoder would not write back byte for
byte, is left as Pagefind wrote it: search works the same either way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import NrrError

SIGNATURE = b"pagefind_dcd"


class _Unsupported(NrrError, ValueError):
    pass


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise _Unsupported(f"CBOR item {head:#x}")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unsupported(f"CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Unsupported("number too large")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool):
        raise _Unsupported("boolean")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise _Unsupported(type(value).__name__)


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unsupported("no signature")
    body = raw[len(SIGNATURE) :]
    value, end = _decode(body, 0)
    if end != len(body) or _encode(value) != body:
        raise _Unsupported("would not be written back the same")
    return value


def _write(folder: Path, prefix: str, language: str, digits: int, suffix: str, value: Any) -> str:
    """Write `value` as a file named after its content; return the name Pagefind's index uses."""
    body = SIGNATURE + _encode(value)
    name = f"{language}_{hashlib.sha256(body).hexdigest()[:digits]}"
    target = folder / f"{prefix}{name}{suffix}"
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_bytes(gzip.compress(body, mtime=0))
    os.replace(temporary, target)
    return name


def canonical_bundle(bundle: Path) -> bool:
    """Rewrite the filter index of the Pagefind bundle in `bundle` in sorted order; False if left as it was."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry_text = entry_path.read_text(encoding="utf-8")
        languages = json.loads(entry_text)["languages"]
        plans = []
        for language, info in languages.items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read(meta_path)
            filters = meta[3]
            contents = [(name, _read(bundle / "filter" / f"{file}.pf_filter"), file) for name, file in filters]
            plans.append((language, info["hash"], meta_path, meta, contents))
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError):
        return False
    for language, old_hash, meta_path, meta, contents in plans:
        old_files = {file for _, _, file in contents}
        renamed = []
        for name, content, _ in contents:
            content[1] = sorted(content[1], key=lambda item: (str(item[0]), repr(item[1:])))
            renamed.append([name, _write(bundle / "filter", "", language, 7, ".pf_filter", content)])
        for file in old_files - {file for _, file in renamed}:
            (bundle / "filter" / f"{file}.pf_filter").unlink(missing_ok=True)
        meta[3] = sorted(renamed)
        new_hash = _write(bundle, "pagefind.", language, 10, ".pf_meta", meta)
        if new_hash != old_hash:
            meta_path.unlink(missing_ok=True)
            entry_text = entry_text.replace(f'"hash":"{old_hash}"', f'"hash":"{new_hash}"')
    temporary = entry_path.with_name(f".{entry_path.name}.{os.getpid()}")
    temporary.write_text(entry_text, encoding="utf-8")
    os.replace(temporary, entry_path)
    return True


# Each Pagefind index loads its WebAssembly (72 KB) from its own bundle: at 10,000 records in five
# shards, the same file five times, 360 KB of a first search's 620 KB. The search script of the
# first bundle is made to load it from there for every shard (the browser then fetches one URL),
# and the shards' copies go. Only where Pagefind's script reads as expected: otherwise nothing changes.
_WASM_URL = "const wasm_url=`${this.basePath}wasm.${language}.pagefind`"
_SHARED_WASM_URL = 'const wasm_url=`${this.basePath.replace(/shard-[0-9]+\\/$/,"")}wasm.${language}.pagefind`'
_SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def share_wasm(bundle: Path) -> bool:
    """Make the bundles under `pagefind/` share the first bundle's WebAssembly; False if left as they were.

    For the first bundle (`pagefind/`), its scripts load the WebAssembly of every shard from it; for a
    shard (`pagefind/shard-N/`), its own copies are removed. Both only where Pagefind's scripts,
    which the bundle holds a copy of, have the expected form."""
    try:
        scripts = {name: (bundle / name).read_text(encoding="utf-8") for name in _SCRIPTS}
    except (OSError, UnicodeDecodeError):
        return False
    if not all(text.count(_WASM_URL) == 1 or text.count(_SHARED_WASM_URL) == 1 for text in scripts.values()):
        return False
    if bundle.name.startswith("shard-"):
        for wasm in bundle.glob("wasm.*.pagefind"):
            wasm.unlink()
        return True
    for name, text in scripts.items():
        if _WASM_URL in text:
            temporary = bundle / f".{name}.{os.getpid()}"
            temporary.write_text(text.replace(_WASM_URL, _SHARED_WASM_URL), encoding="utf-8")
            os.replace(temporary, bundle / name)
    return True

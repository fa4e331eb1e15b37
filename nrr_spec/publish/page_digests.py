"""Digests of what each record page and each search shard is made from: a rebuild writes again the
pages and re-indexes the shards whose digest changed since the build it updates (incremental.py).

A record's entry digest covers the record, its earlier versions and links, and the build key; its
page digest adds the page frames mkdocs makes. A search shard is made from entries only, so its
digest needs no frames, and a rebuild can start indexing before mkdocs has run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from .read_memo import record_json

# Field names of each dataclass fed to a digest, with what is fed before each ("D<name>(", "<field>="):
# dataclasses.fields() is looked up once per class, not once per record (10,000 times a build).
_DATACLASS_PARTS: dict[type, tuple[bytes, tuple[tuple[str, bytes], ...]]] = {}


def _dataclass_parts(kind: type) -> tuple[bytes, tuple[tuple[str, bytes], ...]] | None:
    parts = _DATACLASS_PARTS.get(kind)
    if parts is None and dataclasses.is_dataclass(kind):
        names = tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind))
        parts = _DATACLASS_PARTS[kind] = (b"D" + kind.__name__.encode() + b"(", names)
    return parts


def _feed(digest: Any, value: Any, dumped: dict[int, bytes]) -> None:
    """Everything `value` holds, unambiguously; records as their JSON (each dumped once per build)."""
    if isinstance(value, BaseModel):
        text = dumped.get(id(value))
        if text is None:
            text = dumped[id(value)] = record_json(value)
        digest.update(b"M%d:" % len(text) + text)
    elif (parts := _dataclass_parts(type(value))) is not None:
        digest.update(parts[0])
        for name, prefix in parts[1]:
            digest.update(prefix)
            _feed(digest, getattr(value, name), dumped)
        digest.update(b")")
    elif isinstance(value, (list, tuple)) and not value:
        digest.update(b"L0[]")
    elif isinstance(value, dict) and not value:
        digest.update(b"M0{}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"L%d[" % len(value))
        for item in value:
            _feed(digest, item, dumped)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(b"M%d{" % len(value))
        for k in sorted(value, key=repr):
            _feed(digest, k, dumped)
            _feed(digest, value[k], dumped)
        digest.update(b"}")
    elif value is None or isinstance(value, (str, int, float, bool, dt.date)):
        text = repr(value).encode()
        digest.update(b"S%d:" % len(text) + text)
    else:  # an unknown kind of value: its repr, which for plain objects differs each build (so: rebuilt)
        text = repr(value).encode()
        digest.update(b"O%d:" % len(text) + text)


def entry_digests(entries: Iterable[Any], salt: str, dumped: dict[int, bytes] | None = None) -> dict[str, str]:
    """Record id -> digest of everything its page is made from: the entry's record, earlier versions,
    linked records and any other field the entry holds; `salt` for what all pages share. `dumped`
    holds the JSON of records already made (by id() of the record), and gains the others'."""
    dumped = {} if dumped is None else dumped
    out: dict[str, str] = {}
    salted = hashlib.blake2b(salt.encode(), digest_size=16)  # the salt (page frames: 100 KB) hashed once
    for entry in entries:
        digest = salted.copy()
        _feed(digest, entry, dumped)
        out[entry.record.id] = digest.hexdigest()
    return out


def page_digests(entry: dict[str, str], shell: str) -> dict[str, str]:
    """Record id -> digest of its page: its entry digest and the page frames (`shell`)."""
    framed = hashlib.blake2b(shell.encode(), digest_size=16)  # the frames (100 KB) hashed once
    out = {}
    for record_id, digest in entry.items():
        page = framed.copy()
        page.update(digest.encode())
        out[record_id] = page.hexdigest()
    return out


def shard_digests(groups: Iterable[Iterable[Any]], digests: dict[str, str]) -> list[str]:
    """Digest per search shard: its place among all shards and the digests of its records, in order."""
    groups = list(groups)
    out = []
    for number, group in enumerate(groups):
        digest = hashlib.blake2b(f"{number}/{len(groups)}".encode(), digest_size=16)
        for entry in group:
            digest.update(digests[entry.id].encode())
        out.append(digest.hexdigest())
    return out

"""Rows kept between the two passes of a conversion, off the heap.

The first pass splits each row and parses its description once; what it finds waits here, in
batches of marshalled tuples, for the second pass, which makes the records. A short log stays in
memory; a long one moves to a temporary file (deleted when the spool is closed or collected), so
memory does not grow with the log and the log itself is read only once.
"""

from __future__ import annotations

import marshal
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import fields
from operator import attrgetter
from typing import Any

from ..errors import NrrError
from .rows import Row

BATCH = 1024  # rows a batch
BATCH_CHARS = 1_000_000
IN_MEMORY = 1024 * 1024  # bytes kept in memory before the spool moves to a temporary file

_VALUES = attrgetter(*(f.name for f in fields(Row)))  # a row's values, in the order Row() takes them
_SIZE = struct.Struct("<I")


class SpoolError(NrrError):
    """The temporary file could not be written (a full or read-only temporary folder)."""


class RowSpool:
    def __init__(self) -> None:
        self._file: Any = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (closed by rows() or close())
        self._batch: list[tuple[Any, ...]] = []
        self.count = 0
        self._chars = 0  # description characters in the batch: pasted code must not make a batch huge
        self._offsets: list[int] = []  # where each batch starts, to read them backwards

    def add(self, row: Row) -> None:
        self._batch.append(_VALUES(row))
        self.count += 1
        self._chars += len(row.description)
        if len(self._batch) >= BATCH or self._chars >= BATCH_CHARS:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            try:
                data = marshal.dumps(self._batch)
                self._offsets.append(self._file.tell())
                self._file.write(_SIZE.pack(len(data)))
                self._file.write(data)
            except OSError as exc:
                raise SpoolError(f"cannot write a temporary file in {tempfile.gettempdir()}: {exc.strerror or exc}") from exc
            self._batch, self._chars = [], 0

    def finish(self) -> None:
        """Every row is added: write the last batch."""
        self._flush()
        self._file.seek(0)

    def rows(self, reverse: bool = False) -> Iterator[Row]:
        """The rows in the order they were added (after `finish`), or the reverse, once; the spool is
        closed after the last."""
        try:
            if reverse:
                for offset in reversed(self._offsets):
                    self._file.seek(offset)
                    for values in reversed(self._batch_at()):
                        yield Row(*values)
                return
            while batch := self._batch_at():
                for values in batch:
                    yield Row(*values)
        finally:
            self.close()

    def _batch_at(self) -> list[tuple[Any, ...]]:
        size = self._file.read(_SIZE.size)
        if not size:
            return []
        # One read a batch: marshal.load on a spooled file would read it a few bytes at a time.
        # Only what this process wrote to its own unnamed temporary file is read back.
        batch: list[tuple[Any, ...]] = marshal.loads(self._file.read(_SIZE.unpack(size)[0]))  # noqa: S302
        return batch

    def close(self) -> None:
        self._file.close()

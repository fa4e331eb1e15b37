"""What a long-lived process keeps in memory between its builds of one site.

`nrr serve` builds the same site again after each edit. Between two builds it keeps what the last
one read and made: the records read and checked (ReadMemo), the browse pages by a digest of what
each shows, the fragment buckets it wrote to the cache folder (so it does not read back what it
has just written), and the catalogue and page frames of its last build (so that the page of an
edited record can be shown before the rebuild: edit_first.py). A one-shot `nrr build` passes
none, and holds none of it once its pages are written: at 100,000 records the browse pages alone
were about 100 MB.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .read_memo import ReadMemo

if TYPE_CHECKING:
    from .collect import Catalogue
    from .shell import Frame

# One fragment bucket as last written: its file's state (inode, size, times), the salt it was
# written under, and its pieces by name.
WrittenBucket = tuple[tuple[int, ...], str, dict[str, Any]]


@dataclass
class LastBuild:
    """What the last build swapped in was made from: enough to make a record page again as it would
    (edit_first.py)."""

    catalogue: Catalogue
    frames: dict[str, Frame]
    key: str  # the build key (incremental.build_key)
    shell: str  # the page frames, as page_digests.page_digests takes them
    today: dt.date


@dataclass
class BuildState:
    """Kept by the caller from one build of a site to the next (build_site's `state`)."""

    memo: ReadMemo = field(default_factory=ReadMemo)
    browse: dict[str, str] = field(default_factory=dict)  # browse pages of the last build, by Pieces.digest_of
    written: dict[Path, WrittenBucket] = field(default_factory=dict)  # fragment buckets last written
    last: LastBuild | None = None

"""Who writes or reviews a record, as the flags of `nrr new` and `nrr review` name them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """A record's author or reviewer; None means ask (or leave out). A review records no affiliation."""

    name: str | None = None
    orcid: str | None = None
    affiliation: str | None = None

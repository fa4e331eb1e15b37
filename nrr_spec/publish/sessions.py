"""Sessions: the experiments of one automated run (one log), gathered for the session's page."""

from __future__ import annotations

import hashlib
import re

_SLUG = re.compile(r"[^a-z0-9]+")


def session_slug(name: str) -> str:
    """The session's folder under sessions/: its name in lower-case letters, digits and hyphens.

    Names that differ only in punctuation or case would share a slug; a short hash of the name
    keeps them apart whenever the slug is not the name itself.
    """
    slug = _SLUG.sub("-", name.lower()).strip("-")[:80] or "session"
    return slug if slug == name else f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"  # noqa: S324 - a name, not a secret

"""Citation File Format 1.2.0 (YAML), as `cffconvert` and GitHub read it."""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Record
from ..urls import is_public_address
from .common import RESOURCE_TYPE, cited, clean, name_of, orcid_url

CFF_VERSION = "1.2.0"
CFF_DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")  # the pattern of the CFF 1.2.0 schema


def _author(author: Any) -> dict[str, str]:
    name = name_of(author)
    entry: dict[str, str] = {}
    if name.family:
        parts = {
            "family-names": name.family,
            "given-names": name.given,
            "name-particle": name.particle,
            "name-suffix": name.suffix,
        }
        entry = {key: value for key, value in parts.items() if value}
    else:
        entry = {"name": name.display}  # an entity (organization, software), or a person known by one name
    if author.affiliation:
        entry["affiliation"] = clean(author.affiliation)
    if author.email:
        entry["email"] = author.email
    orcid = orcid_url(author)
    if orcid:
        entry["orcid"] = orcid
    return entry


def cff_data(record: Record, base_url: str | None = None) -> dict[str, Any]:
    """The CFF document as a mapping, for callers that merge or validate it."""
    facts = cited(record, base_url)
    data: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": "If you use this negative result, please cite it using these metadata.",
        "type": "dataset",
        "title": facts.title,
        "abstract": facts.abstract,
        "authors": [_author(author) for author in facts.people] or [{"name": "Anonymous"}],
        "version": str(record.version),
    }
    date = facts.date
    if date:
        data["date-released"] = date.isoformat()
    if record.doi and CFF_DOI.match(record.doi):
        data["doi"] = record.doi
    url = facts.url
    if url:
        data["url"] = url
    identifiers: list[dict[str, str]] = [{"type": "other", "value": record.id, "description": f"{RESOURCE_TYPE} id"}]
    if record.doi:
        # CFF allows fewer characters in a DOI than DOIs may hold; a DOI outside its pattern is kept as "other".
        kind = "doi" if CFF_DOI.match(record.doi) else "other"
        identifiers.insert(0, {"type": kind, "value": record.doi, "description": "DOI of the record"})
    data["identifiers"] = identifiers
    words = facts.keywords
    if words:
        data["keywords"] = words
    if record.license:
        data["license"] = record.license
    code = record.reproducibility.code if record.reproducibility else None
    if code and is_public_address(code.repository):
        data["repository-code"] = code.repository
        if code.commit:
            data["commit"] = code.commit
    return data


# Text left unquoted only when no YAML reader could take it for anything but that text.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()+-]*[A-Za-z0-9.)]")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
# Characters YAML does not allow raw in a stream; JSON escapes are valid YAML double-quoted escapes.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _scalar(value: str) -> str:
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _emit(data: dict[str, Any]) -> str:
    """YAML for CFF's shapes (text, lists of text, lists of flat mappings); several times faster than a
    general YAML dumper, which matters when a catalogue exports a hundred thousand records."""
    lines: list[str] = []
    for key, value in data.items():
        if not isinstance(value, list):
            lines.append(f"{key}: {_scalar(value)}")
            continue
        lines.append(f"{key}:")
        for item in value:
            if isinstance(item, dict):
                lines += [f"{'  - ' if i == 0 else '    '}{k}: {_scalar(v)}" for i, (k, v) in enumerate(item.items())]
            else:
                lines.append(f"  - {_scalar(item)}")
    return "\n".join(lines) + "\n"


def export_cff(record: Record, base_url: str | None = None) -> str:
    return _emit(cff_data(record, base_url))

"""BibTeX: one @misc entry keyed by the record id, every LaTeX special escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import Record
from .common import RESOURCE_TYPE, abstract, clean, doi_url, inverted, issued, keywords, publisher, record_url, split_name

# Order matters only in that backslash is replaced in the same pass as the others (one regex).
# BibTeX counts every brace, escaped or not, when it finds where a field ends: `\{` alone leaves a
# field open to the end of the file. Braces in text are written as commands whose own braces balance.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(char) for char in _SPECIALS))
# Characters that would unbalance a brace-delimited verbatim field (url, doi) are percent-encoded.
_VERBATIM_UNSAFE = "{}\\ \"%"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Text made safe inside a brace-delimited BibTeX field; non-ASCII stays as UTF-8."""
    return _SPECIAL_RE.sub(lambda match: _SPECIALS[match.group(0)], clean(text))


def verbatim(text: str) -> str:
    """A URL or DOI for a verbatim field: kept as is except characters that would break the braces."""
    return "".join(quote(char, safe="") if char in _VERBATIM_UNSAFE or char.isspace() else char for char in clean(text))


def _author(name: str) -> str:
    split = split_name(name)
    if not (split.family and split.given) or _AND.search(split.literal):
        # A name that does not split, or contains the word "and", is one braced unit.
        return "{" + escape(split.literal) + "}"
    return escape(inverted(split))


def export_bibtex(record: Record, base_url: str | None = None) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + escape(record.title) + "}")]
    if record.authors:
        fields.append(("author", " and ".join(_author(author.name) for author in record.authors)))
    date = issued(record)
    if date:
        fields += [("year", str(date.year)), ("month", MONTHS[date.month - 1]), ("date", date.isoformat())]
    fields.append(("version", str(record.version)))
    fields.append(("howpublished", escape(RESOURCE_TYPE)))
    pub = publisher(record)
    if pub:
        fields.append(("publisher", escape(pub)))
    if record.doi:
        fields.append(("doi", verbatim(record.doi)))
    url = record_url(record, base_url) or (doi_url(record.doi) if record.doi else None)
    if url:
        fields.append(("url", verbatim(url)))
    words = keywords(record)
    if words:
        fields.append(("keywords", escape(", ".join(words))))
    if record.license:
        fields.append(("copyright", escape(record.license)))
    fields.append(("abstract", escape(abstract(record))))
    fields.append(("note", escape(f"{RESOURCE_TYPE}, version {record.version}")))
    width = max(len(name) for name, _ in fields)
    # Month names are BibTeX's predefined macros, written bare so every style can print them.
    body = ",\n".join(f"  {name.ljust(width)} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{record.id},\n{body}\n}}\n"

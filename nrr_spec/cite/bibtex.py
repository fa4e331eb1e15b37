"""BibTeX: one @misc entry keyed by the record id, every LaTeX special escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import Author, Record
from .common import RESOURCE_TYPE, cited, clean, name_of

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
_VERBATIM_UNSAFE = '{}\\ "%'
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Text made safe inside a brace-delimited BibTeX field; non-ASCII stays as UTF-8."""
    return _SPECIAL_RE.sub(lambda match: _SPECIALS[match.group(0)], clean(text))


def verbatim(text: str) -> str:
    """A URL or DOI for a verbatim field: kept as is except characters that would break the braces."""
    return "".join(quote(char, safe="") if char in _VERBATIM_UNSAFE or char.isspace() else char for char in clean(text))


def _part(text: str) -> str:
    # A part containing the word "and" or a comma would be read as two names or as another part.
    return "{" + escape(text) + "}" if _AND.search(text) or "," in text else escape(text)


def _author(author: Author) -> str:
    """BibTeX's "von Last, Jr, First" form, from the name's parts; a name that does not split is one braced unit."""
    name = name_of(author)
    if not name.family:
        return "{" + escape(name.display) + "}"
    text = (escape(name.particle) + " " if name.particle else "") + _part(name.family)
    if name.suffix:
        text += ", " + _part(name.suffix)
    if name.given or name.suffix:
        text += ", " + _part(name.given or "")
    return text


def export_bibtex(record: Record, base_url: str | None = None) -> str:
    facts = cited(record, base_url)
    fields: list[tuple[str, str]] = [("title", "{" + escape(record.title) + "}")]
    people = facts.people
    if people:
        fields.append(("author", " and ".join(_author(author) for author in people)))
    date = facts.date
    if date:
        fields += [("year", str(date.year)), ("month", MONTHS[date.month - 1]), ("date", date.isoformat())]
    fields.append(("version", str(record.version)))
    fields.append(("howpublished", escape(RESOURCE_TYPE)))
    pub = facts.publisher
    if pub:
        fields.append(("publisher", escape(pub)))
    if record.doi:
        fields.append(("doi", verbatim(record.doi)))
    url = facts.link
    if url:
        fields.append(("url", verbatim(url)))
    words = facts.keywords
    if words:
        fields.append(("keywords", escape(", ".join(words))))
    if record.license:
        fields.append(("copyright", escape(record.license)))
    fields.append(("abstract", escape(facts.abstract)))
    fields.append(("note", escape(f"{RESOURCE_TYPE}, version {record.version}")))
    width = max(len(name) for name, _ in fields)
    # Month names are BibTeX's predefined macros, written bare so every style can print them.
    body = ",\n".join(f"  {name.ljust(width)} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{record.id},\n{body}\n}}\n"

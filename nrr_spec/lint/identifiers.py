"""Identifier checks and normal forms: ORCID (ISO 7064), DOI, arXiv, SPDX licence expressions.

Pure functions, shared by the rules (which report) and by `--fix` (which normalises).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

ORCID_URL = "https://orcid.org/"
_ORCID = re.compile(r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?$")
_ARXIV_PREFIXES = re.compile(r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_LICENSE_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the 15 digits of an ORCID iD."""
    total = 0
    for char in base_digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_parts(value: str) -> str | None:
    """The bare 0000-0000-0000-000X form of an ORCID iD written bare or as URL; None if it is neither."""
    match = _ORCID.match(value.strip())
    return match.group(1).upper() if match else None


def orcid_problem(value: str) -> str | None:
    """Why `value` is not a valid ORCID iD, or None."""
    bare = orcid_parts(value)
    if bare is None:
        return f"{value!r} is not an ORCID iD (0000-0000-0000-000X, bare or as https://orcid.org/ URL)"
    digits = bare.replace("-", "")
    expected = orcid_check_digit(digits[:15])
    if digits[15] != expected:
        return f"ORCID iD {bare} fails its checksum: the last character should be {expected}, not {digits[15]}"
    return None


def orcid_url(value: str) -> str | None:
    """The canonical URL form of an ORCID iD, or None when it is not one."""
    bare = orcid_parts(value)
    return ORCID_URL + bare if bare else None


def doi_bare(value: str) -> str:
    """A DOI without resolver prefixes (https://doi.org/, doi:)."""
    return _DOI_PREFIXES.sub("", value.strip())


def doi_problem(value: str) -> str | None:
    if not _DOI.match(value):
        return f"{value!r} is not a DOI (10.<prefix>/<suffix>)"
    if value[-1] in ".,;:)]}":
        return f"DOI {value!r} ends with {value[-1]!r}, which is almost always punctuation copied with it"
    return None


def arxiv_bare(value: str) -> str:
    """An arXiv id without 'arXiv:' or the abs/pdf URL around it."""
    bare = _ARXIV_PREFIXES.sub("", value.strip())
    return bare[:-4] if bare.endswith(".pdf") else bare


def arxiv_problem(value: str) -> str | None:
    """Why `value` is not an arXiv identifier, or None."""
    match = _ARXIV_NEW.match(value)
    if match:
        year, month, number = int(match.group(1)), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            return f"arXiv id {value!r} has month {month:02d}"
        if (year, month) < (7, 4):
            return f"arXiv id {value!r} predates new-style identifiers (April 2007)"
        if len(number) == 5 and year < 15:
            return f"arXiv id {value!r} has a 5-digit number, used only from 2015"
        if len(number) == 4 and year >= 15:
            return f"arXiv id {value!r} has a 4-digit number; since 2015 numbers have 5 digits"
        return None
    if _ARXIV_OLD.match(value):
        return None
    return f"{value!r} is not an arXiv identifier (YYMM.NNNNN or archive/YYMMNNN)"


@lru_cache(maxsize=2)
def _spdx(kind: str) -> dict[str, tuple[str, bool]]:
    """lower-case id -> (canonical id, deprecated), from the SPDX list shipped with the package."""
    text = resources.files("nrr_spec.lint").joinpath("data", f"spdx-{kind}.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, deprecated = line.split("\t")
            table[name.lower()] = (name, deprecated == "1")
    return table


_PARENS = ("(", ")")
_OPERATORS = ("AND", "OR", "WITH")
_TOKENS = re.compile(r"\(|\)|[^\s()]+")


def spdx_check(expression: str) -> tuple[list[str], list[str], str]:
    """Check an SPDX licence expression.

    Returns (unknown ids, deprecated ids, the expression with ids in their canonical case).
    """
    licenses, exceptions = _spdx("licenses"), _spdx("exceptions")
    unknown: list[str] = []
    deprecated: list[str] = []
    out: list[str] = []
    after_with = False
    tokens = _TOKENS.findall(expression)
    if not tokens:
        return [expression], [], expression
    for token in tokens:
        upper = token.upper()
        if token in _PARENS or upper in _OPERATORS:
            out.append(token if token in _PARENS else upper)
            after_with = upper == "WITH"
            continue
        table = exceptions if after_with else licenses
        after_with = False
        plus = token.endswith("+")
        name = token[:-1] if plus and token[:-1].lower() in table else token
        if _LICENSE_REF.match(name):
            out.append(token)
            continue
        entry = table.get(name.lower())
        if entry is None:
            unknown.append(token)
            out.append(token)
            continue
        canonical, is_deprecated = entry
        if is_deprecated:
            deprecated.append(canonical)
        out.append(canonical + ("+" if name != token else ""))
    return unknown, deprecated, _join(out)


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return text.replace("( ", "(").replace(" )", ")")

"""Identifier checks and normal forms: ORCID (ISO 7064), DOI, arXiv, SPDX licence expressions.

Pure functions, shared by the rules (which report) and by `--fix` (which normalises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

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


_SPDX_ID = re.compile(r"^[A-Za-z0-9.-]+\+?$")


@dataclass(frozen=True)
class SpdxCheck:
    """What is wrong with an SPDX licence expression, and its canonical spelling."""

    syntax_error: str | None  # the expression does not parse (a dangling operator, an open parenthesis)
    unknown: list[str]  # ids that are neither on the SPDX list nor LicenseRef-...
    deprecated: list[str]  # ids the SPDX list marks deprecated, in their canonical case
    canonical: str  # ids in their canonical case, operators upper-case; the input when it does not parse

    @property
    def ok(self) -> bool:
        return self.syntax_error is None and not self.unknown


@lru_cache(maxsize=1)
def _licensing() -> Any:
    # license-expression's SPDX licensing: the SPDX grammar (AND, OR, WITH, parentheses, +) and the list.
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@lru_cache(maxsize=1024)
def spdx_check(expression: str) -> SpdxCheck:
    """Check an SPDX licence expression with the `license-expression` parser and the SPDX list."""
    from license_expression import ExpressionError, ExpressionParseError

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, strict=True)
    except (ExpressionError, ExpressionParseError) as exc:
        return SpdxCheck(str(exc), [], [], expression)
    if parsed is None:
        return SpdxCheck("the licence expression is empty", [], [], expression)
    licenses, exceptions = _spdx("licenses"), _spdx("exceptions")
    keys = [symbol.key for symbol in licensing.license_symbols(parsed, unique=True, decompose=True)]
    known_to_parser = set(keys) - set(licensing.unknown_license_keys(parsed, unique=True))
    unknown = [key for key in keys if not _LICENSE_REF.match(key) and (key not in known_to_parser or not _SPDX_ID.match(key))]
    deprecated = _written_ids(expression, licenses)
    canonical = expression if unknown else _canonical_case(expression, licenses, exceptions)
    return SpdxCheck(None, unknown, deprecated, canonical)


_TOKENS = re.compile(r"\(|\)|[^\s()]+")
_OPERATORS = frozenset({"AND", "OR", "WITH"})
_PARENS = frozenset({"(", ")"})


def _written_ids(expression: str, licenses: dict[str, tuple[str, bool]]) -> list[str]:
    """Deprecated ids as written: the parser reads GPL-2.0 as GPL-2.0-only, but the record still says GPL-2.0."""
    found = []
    for token in _TOKENS.findall(expression):
        entry = licenses.get(token.lower()) or (licenses.get(token[:-1].lower()) if token.endswith("+") else None)
        if entry and entry[1]:
            found.append(entry[0])
    return found


def _canonical_case(expression: str, licenses: dict[str, tuple[str, bool]], exceptions: dict[str, tuple[str, bool]]) -> str:
    """The expression as written with only the case of ids and operators and the spacing made canonical.

    Deliberately not the parser's own rendering, which replaces deprecated ids by their successors:
    `--fix` must never change what a licence means.
    """
    out: list[str] = []
    after_with = False
    for token in _TOKENS.findall(expression):
        upper = token.upper()
        if token in _PARENS or upper in _OPERATORS:
            out.append(token if token in _PARENS else upper)
            after_with = upper == "WITH"
            continue
        table = exceptions if after_with else licenses
        after_with = False
        plus = token.endswith("+") and token[:-1].lower() in table
        entry = table.get((token[:-1] if plus else token).lower())
        out.append(entry[0] + ("+" if plus else "") if entry else token)
    return " ".join(out).replace("( ", "(").replace(" )", ")")

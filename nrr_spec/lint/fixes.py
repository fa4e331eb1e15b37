"""`--fix`: rewrites that cannot change a record's meaning, made as text edits.

Each fix replaces one scalar in place (or inserts `schema_version`), so comments, key order,
quoting and layout of the file survive; YAML stays YAML and JSON stays JSON.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io import atomic_write, format_of, parse_text
from ..model.vocabulary import Entity
from ..names import name_fields, parse_name
from ..schema import KNOWN_VERSIONS
from .diagnostics import AppliedFix
from .identifiers import arxiv_bare, arxiv_problem, doi_bare, orcid_problem, orcid_url, spdx_check
from .positions import PositionIndex

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/:+-]*$")


@dataclass
class Fix:
    """One planned change: `new` replaces the value at `pointer` (or is inserted there)."""

    code: str
    pointer: str
    old: Any
    new: Any
    description: str
    insert: bool = False


def plan_fixes(data: Any) -> list[Fix]:
    """The meaning-preserving fixes for one record's data."""
    if not isinstance(data, dict):
        return []
    fixes: list[Fix] = []
    if "schema_version" not in data:
        version = KNOWN_VERSIONS[-1]
        fixes.append(Fix("NRR111", "/schema_version", None, version, f'added schema_version "{version}"', insert=True))
    elif isinstance(data["schema_version"], int | float) and not isinstance(data["schema_version"], bool):
        written = data["schema_version"]
        if str(written) in KNOWN_VERSIONS:  # YAML read `schema_version: 1.0` as a number
            fixes.append(Fix("NRR110", "/schema_version", written, str(written), f'schema_version {written!r} -> "{written}"'))
    for pointer, value in _strings(data, _ORCID_PLACES):
        url = orcid_url(value)
        if url and url != value and orcid_problem(value) is None:
            fixes.append(Fix("NRR202", pointer, value, url, f"ORCID {value!r} -> {url!r}"))
    for pointer, value in _strings(data, _DOI_PLACES):
        bare = doi_bare(value)
        if bare != value and bare.startswith("10."):
            fixes.append(Fix("NRR203", pointer, value, bare, f"DOI {value!r} -> {bare!r}"))
    for pointer, value in _strings(data, _ARXIV_PLACES):
        bare = arxiv_bare(value)
        if bare != value and arxiv_problem(bare) is None:
            fixes.append(Fix("NRR204", pointer, value, bare, f"arXiv id {value!r} -> {bare!r}"))
    # A record given its schema_version by this run gets the parts in this run too, so a second --fix finds nothing.
    added = next((fix.new for fix in fixes if fix.code == "NRR111"), None)
    fixes += _name_parts(data, added or data.get("schema_version"))
    for pointer, value in _strings(data, _LICENSE_PLACES):
        check = spdx_check(value)
        if check.ok and check.canonical != value:
            fixes.append(Fix("NRR205", pointer, value, check.canonical, f"licence {value!r} -> {check.canonical!r}"))
    return fixes


def _name_parts(data: dict[str, Any], version: Any) -> list[Fix]:
    """NRR209: name parts and entity added where the display name reads only one way (1.1 records)."""
    authors = data.get("authors")
    if version not in KNOWN_VERSIONS[1:] or not isinstance(authors, list):  # the parts are 1.1 fields
        return []
    fixes = []
    for i, author in enumerate(authors):
        name = author.get("name") if isinstance(author, dict) else None
        if not isinstance(name, str) or any(key in author for key in _NAME_KEYS):
            continue
        parts = parse_name(name)
        if not parts.certain or not (parts.splits or parts.entity in (Entity.software, Entity.organization)):
            continue
        for key, value in name_fields(parts).items():
            note = f"author {name!r}: added {key} {value!r}"
            fixes.append(Fix("NRR209", f"/authors/{i}/{key}", None, value, note, insert=True))
    return fixes


_NAME_KEYS = ("given_names", "family_names", "name_particle", "name_suffix", "entity")
_REFS = ("references/*", "hypothesis/prior_work/*", "methods/baselines/*/reference")
_ORCID_PLACES = ("authors/*/orcid", "dual_use/reviewers/*/orcid")
_DOI_PLACES = ("doi", "methods/datasets/*/doi", *(f"{r}/doi" for r in _REFS))
_ARXIV_PLACES = tuple(f"{r}/arxiv" for r in _REFS)
_LICENSE_PLACES = ("license", "methods/datasets/*/license")


def _strings(data: Any, places: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(pointer, value) for every string found at the given paths (`*` matches each list item)."""
    for place in places:
        yield from _walk(data, place.split("/"), "")


def _walk(node: Any, parts: list[str], pointer: str) -> Iterator[tuple[str, str]]:
    if not parts:
        if isinstance(node, str):
            yield pointer, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _walk(item, rest, f"{pointer}/{i}")
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, f"{pointer}/{head}")


def apply_fixes(text: str, fmt: str, fixes: list[Fix], index: PositionIndex | None = None) -> str:
    """`text` with the fixes applied as in-place edits; fixes that cannot be placed are skipped."""
    index = index or PositionIndex(text, fmt)
    edits: list[tuple[int, int, str]] = []
    added: dict[str, list[tuple[str, Any]]] = {}  # members added to one mapping go in as one edit, in order
    for fix in fixes:
        if fix.insert:
            parent, _, key = fix.pointer.rpartition("/")
            added.setdefault(parent, []).append((key, fix.new))
    for parent, members in added.items():
        edit = _insertion(text, fmt, index, parent, members)
        if edit:
            edits.append(edit)
    for fix in fixes:
        if fix.insert:
            continue
        span = index.span(fix.pointer)
        if span is None:
            continue
        edits.append((span[0], span[1], _render(fix.new, fmt, text[span[0] : span[1]])))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _render(value: str, fmt: str, original: str) -> str:
    if fmt != "yaml" or original[:1] in ("'", '"') or not _PLAIN.match(value):
        return json.dumps(value, ensure_ascii=False)
    import yaml

    return value if yaml.safe_load(value) == value else json.dumps(value)


def _insertion(
    text: str, fmt: str, index: PositionIndex, parent: str, members: list[tuple[str, Any]]
) -> tuple[int, int, str] | None:
    """An edit that adds `members` to the mapping at `parent`, before its first member."""
    entry = index.entries.get(parent)
    if entry is None:
        return None
    depth = parent.count("/") + 1
    firsts = [
        found[0] for pointer, found in index.entries.items() if pointer.startswith(parent + "/") and pointer.count("/") == depth
    ]
    start = entry[1]
    if fmt == "yaml" and text[start : start + 1] != "{":
        if not firsts:
            return None
        first = min(firsts)
        indent = " " * (first - (text.rfind("\n", 0, first) + 1))
        return first, first, "".join(f"{key}: {_render(value, fmt, '')}\n{indent}" for key, value in members)
    pairs = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in members]
    if not firsts:  # an empty object
        return start + 1, start + 1, ", ".join(pairs)
    first = min(firsts)
    separator = "," + (text[start + 1 : first] or " ")  # the layout between "{" and the first member, kept
    return first, first, separator.join(pairs) + separator


def fix_file(path: str | Path) -> list[AppliedFix]:
    """Apply every fix to one file in place (atomically); return what was changed."""
    with open(path, encoding="utf-8-sig", newline="") as handle:  # keep CRLF as it is
        text = handle.read()
    fmt = format_of(path, text)
    applied: list[AppliedFix] = []
    if fmt == "jsonl":
        lines = text.splitlines(keepends=True)
        docs, _ = parse_text(text, str(path), fmt)
        for doc in docs:
            fixes = plan_fixes(doc.data)
            if not fixes:
                continue
            line = lines[doc.line_offset]
            body = line.rstrip("\r\n")
            index = PositionIndex(body, "json", doc.line_offset)
            fixed = apply_fixes(body, "json", fixes, index)
            if _verified(fixed, "json", doc.data, fixes):
                lines[doc.line_offset] = fixed + line[len(body) :]
                applied += [_applied(path, fix, index) for fix in fixes]
        new_text = "".join(lines)
    else:
        docs, _ = parse_text(text, str(path), fmt)
        if not docs:
            return []
        fixes = plan_fixes(docs[0].data)
        index = PositionIndex(text, fmt)
        new_text = apply_fixes(text, fmt, fixes, index)
        if not _verified(new_text, fmt, docs[0].data, fixes):
            return []
        applied = [_applied(path, fix, index) for fix in fixes]
    if new_text != text:
        atomic_write(path, new_text)
    return applied


def _applied(path: str | Path, fix: Fix, index: PositionIndex) -> AppliedFix:
    line, column = index.locate(fix.pointer.rpartition("/")[0] if fix.insert else fix.pointer)
    return AppliedFix(str(path), fix.code, fix.pointer, fix.old, fix.new, fix.description, line, column)


def _verified(new_text: str, fmt: str, data: Any, fixes: list[Fix]) -> bool:
    """Whether the edited text parses to exactly the old data with the fixes applied (else nothing is written)."""
    expected = copy.deepcopy(data)
    for fix in fixes:
        *parents, last = fix.pointer.lstrip("/").split("/")
        node = expected
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = fix.new
        else:
            node[last] = fix.new
    docs, failures = parse_text(new_text, "<fixed>", fmt)
    return not failures and len(docs) == 1 and docs[0].data == expected

"""`--format sarif`: SARIF 2.1.0, which GitHub code scanning and other CI dashboards ingest."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ...version import __version__
from ..diagnostics import Report
from ..registry import RULES
from .common import display_path, dump_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str | None) -> str:
    """A relative URI for files under the current folder (stable across CI runs), else a file URI.

    Either is percent-encoded: a space, `#`, `%`, `:` or a non-ASCII letter in a file name would
    otherwise make a reference that means another file, or none.
    """
    shown = display_path(path)
    if not path or shown != path:
        return quote(shown)
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()
    return quote(relative, safe="/", errors="surrogateescape")


def as_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log with one run."""
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": rule.code,
            "name": "".join(part.capitalize() for part in rule.name.split("-")),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.summary} {rule.why}"},
            "help": {"text": f"{rule.why} Fix: {rule.fix}", "markdown": f"{rule.why}\n\n**Fix:** {rule.fix}"},
            "helpUri": f"https://nrr-spec.org/rules/#{rule.code.lower()}",
            "defaultConfiguration": {"level": _LEVELS[rule.severity]},
            "properties": {"tags": [rule.family.split(":")[0].lower()]},
        }
        for rule in (RULES[c] for c in codes)
    ]
    uris: dict[str | None, str] = {}
    results = []
    for diag, fingerprint in zip(report.diagnostics, _fingerprints(report, uris), strict=True):
        uri = uris[diag.file]
        region: dict[str, int] = {"startLine": diag.line or 1}
        if diag.column:
            region["startColumn"] = diag.column
        text = diag.message + (f" (at {diag.pointer})" if diag.pointer else "") + (f". {diag.hint}" if diag.hint else "")
        result: dict[str, Any] = {
            "ruleId": diag.code,
            "level": _LEVELS.get(diag.severity, "warning"),
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            "partialFingerprints": {"nrrPointer/v1": fingerprint},
            "properties": {"pointer": diag.pointer, "severity": diag.severity},
        }
        if diag.code in index:
            result["ruleIndex"] = index[diag.code]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nrr validate",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://nrr-spec.org/",
                        "rules": rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def _fingerprints(report: Report, uris: dict[str | None, str]) -> list[str]:
    """A fingerprint per result that follows it across runs as lines move: file, record, rule and pointer.

    Code scanning merges results with one fingerprint, so where a rule reports twice at one pointer
    (two missing fields at the root, say) the message tells them apart, and an ordinal any that
    remain alike.
    """
    keys = []
    for diag in report.diagnostics:
        if diag.file not in uris:
            uris[diag.file] = artifact_uri(diag.file)
        keys.append(f"{uris[diag.file]}\0{diag.record or 0}\0{diag.code}\0{diag.pointer}")
    repeated = {key for key, count in Counter(keys).items() if count > 1}
    seen: Counter[str] = Counter()
    fingerprints = []
    for key, diag in zip(keys, report.diagnostics, strict=True):
        if key in repeated:
            key = f"{key}\0{diag.message}"
            seen[key] += 1
            if seen[key] > 1:
                key = f"{key}\0{seen[key]}"
        fingerprints.append(hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest())
    return fingerprints


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    out.write(dump_json(as_sarif(report)))

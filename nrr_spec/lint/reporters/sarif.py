"""`--format sarif`: SARIF 2.1.0, which GitHub code scanning and other CI dashboards ingest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO

from ... import __version__
from ..diagnostics import Report
from ..registry import RULES
from . import display_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str | None) -> str:
    """A relative POSIX URI for files under the current folder (stable across CI runs), else a file URI."""
    shown = display_path(path)
    if not path or shown != path:
        return shown
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()


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
    results = []
    for diag in report.diagnostics:
        uri = artifact_uri(diag.file)
        region: dict[str, int] = {"startLine": diag.line or 1}
        if diag.column:
            region["startColumn"] = diag.column
        text = diag.message + (f" (at {diag.pointer})" if diag.pointer else "") + (f". {diag.hint}" if diag.hint else "")
        fingerprint = hashlib.sha256(f"{uri}\0{diag.record or 0}\0{diag.code}\0{diag.pointer}".encode()).hexdigest()
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


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    out.write(json.dumps(as_sarif(report), indent=2, ensure_ascii=False) + "\n")

"""`--format junit`: one test case per record (or unreadable file); errors are failures (warnings too with --strict).

Every piece of text from a record or a file name goes through `printable`: XML 1.0 has no way to
write most control characters, so one in an id or a path would make the whole file unreadable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from ..diagnostics import Diagnostic, Report
from .common import display_path, printable


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    cases: dict[tuple[str, int | None], tuple[str, list[Diagnostic]]] = {}
    for doc in report.documents:
        name = printable(
            display_path(doc.file) + (f" #{doc.record}" if doc.record else "") + (f" ({doc.record_id})" if doc.record_id else "")
        )
        cases[(doc.file, doc.record)] = (name, [])
    for diag in report.diagnostics:
        key = (diag.file or "<memory>", diag.record)
        if key not in cases:  # a file that could not be parsed has no document
            cases[key] = (printable(display_path(diag.file)), [])
        cases[key][1].append(diag)
    suites: dict[str, list[tuple[str, list[Diagnostic]]]] = {}
    for (file, _), case in cases.items():
        suites.setdefault(file, []).append(case)
    root = ET.Element("testsuites", name="nrr validate")
    total = failed = 0
    for file, file_cases in suites.items():
        shown = printable(display_path(file))
        suite = ET.SubElement(root, "testsuite", name=shown)
        suite_failures = 0
        for name, diagnostics in file_cases:
            element = ET.SubElement(suite, "testcase", classname="nrr.validate", name=name, file=shown)
            failing = ("error", "warning") if strict else ("error",)  # what fails the run fails the test case
            errors = [d for d in diagnostics if d.severity in failing]
            if errors:
                suite_failures += 1
                failure = ET.SubElement(
                    element, "failure", type=errors[0].code, message=f"{len(errors)} problem(s): {printable(errors[0].message)}"
                )
                failure.text = "\n".join(_line(d) for d in errors)
            others = [d for d in diagnostics if d.severity not in failing]
            if others:
                ET.SubElement(element, "system-out").text = "\n".join(_line(d) for d in others)
        suite.set("tests", str(len(file_cases)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += len(file_cases)
        failed += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


def _line(diag: Diagnostic) -> str:
    where = f"{printable(display_path(diag.file))}:{diag.line or 1}:{diag.column or 1}"
    return (
        f"{where}: {diag.severity} {diag.code} {printable(diag.message)}"
        + (f" [{printable(diag.pointer)}]" if diag.pointer else "")
        + (f"\n    hint: {printable(diag.hint)}" if diag.hint else "")
    )

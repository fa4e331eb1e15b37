"""The rule catalogue page (docs/rules.md), rendered from the rule registry.

`python -m nrr_spec.lint.catalogue` rewrites docs/rules.md from data/rules.toml; a test fails when the committed page
and the registry disagree, so the documentation cannot drift from the rules.
"""

from __future__ import annotations

from pathlib import Path

from .registry import FAMILIES, RULES

PAGE = Path(__file__).resolve().parent.parent.parent / "docs" / "rules.md"

_INTRO = """\
# Validator rules

Every rule `nrr validate` applies: its code, what it checks, why, an example and how to fix it.
Codes are stable: a code is never reused for another check. Severities are the defaults;
`[tool.nrr.severity]` changes them and `ignore` turns rules off (see
[Validating records](guides/validate.md)). Rules marked *fixable* are applied by `nrr validate --fix`,
which only makes changes that cannot alter what a record means.

Records converted from experiment logs (`kind: automated_experiment`, or with an `experiment`
section) describe one loop iteration, not a paper: NRR402, NRR403 and NRR411 to NRR416 do not
apply to them.

<!-- Generated from nrr_spec/lint/data/rules.toml by `python -m nrr_spec.lint.catalogue`; do not edit by hand. -->
"""


def render() -> str:
    """The whole page as Markdown."""
    lines = [_INTRO, "| Code | Name | Severity | Checks |", "| --- | --- | --- | --- |"]
    for rule in RULES.values():
        lines.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity} | {_cell(rule.summary)} |")
    family = ""
    for rule in RULES.values():
        if rule.code[:4] != family:
            family = rule.code[:4]
            lines += ["", f"## {family}xx · {FAMILIES[family]}", ""]
        fixable = " · fixable with `--fix`" if rule.fixable else ""
        lines += [
            f"### {rule.code} {rule.name} {{ #{rule.code.lower()} }}",
            "",
            f"**{rule.severity.capitalize()}**{fixable}. {rule.summary}",
            "",
            f"*Why:* {rule.why}",
            "",
            "```yaml",
            rule.example,
            "```",
            "",
            f"*How to fix:* {rule.fix}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write(path: Path = PAGE) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())

"""The rule registry: every code the validator can emit, with what it checks and why.

The rules are data (`data/rules.toml`): the rule catalogue page (docs/rules.md) is rendered from
the same table, so documentation and behaviour cannot drift apart. Codes are stable and never
reused; a rule module reports a code, and its severity and hint come from here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TABLE = tomllib.loads(resources.files("nrr_spec.lint").joinpath("data", "rules.toml").read_text(encoding="utf-8"))

FAMILIES: dict[str, str] = _TABLE["families"]


@dataclass(frozen=True)
class Rule:
    """Documentation and default severity of one rule code."""

    code: str
    name: str
    severity: str
    summary: str
    why: str
    example: str
    fix: str
    fixable: bool = False

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]]


RULES: dict[str, Rule] = {entry["code"]: Rule(**entry) for entry in _TABLE["rule"]}


def rule(code: str) -> Rule:
    """The rule registered under `code` (KeyError for unknown codes)."""
    return RULES[code]

"""Validator configuration: `[tool.nrr]` in pyproject.toml, or the top level of `.nrr.toml`.

    [tool.nrr]
    select = ["NRR"]                 # code prefixes to run (default: all)
    ignore = ["NRR416"]              # code prefixes to skip
    strict = false                   # warnings fail the run too
    [tool.nrr.severity]
    NRR402 = "error"                 # error, warning, info or off
    [tool.nrr.per-path-ignores]
    "records/legacy/**" = ["NRR4"]

The nearest `.nrr.toml` or `pyproject.toml` with a `[tool.nrr]` table, from the current folder
upwards (the rule of `nrr_spec.config_files`, shared with the site's settings), is used; path
patterns are relative to the folder that holds it.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config_files import find_settings, settings_in
from ..errors import ConfigError

_LEVELS = ("error", "warning", "info", "off")


@dataclass
class LintConfig:
    """Which rules run, at what severity, where."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    strict: bool = False
    root: Path | None = None  # folder the per-path patterns are relative to
    source: str | None = None  # file the configuration came from

    def enabled(self, code: str, path: str | None = None) -> bool:
        """Whether `code` is reported (for a diagnostic in `path`, if given)."""
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        if any(code.startswith(p) for p in self.ignore):
            return False
        if self.severity_of(code, "error") == "off":
            return False
        if path and self.per_path_ignores:
            relative = self._relative(path)
            for pattern, codes in self.per_path_ignores.items():
                if fnmatch.fnmatch(relative, pattern) and any(code.startswith(p) for p in codes):
                    return False
        return True

    def severity_of(self, code: str, default: str) -> str:
        """The configured severity of `code`; the longest matching prefix wins."""
        best = ""
        for prefix in self.severity:
            if code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return self.severity[best] if best else default

    def _relative(self, path: str) -> str:
        absolute = Path(path).resolve()
        root = (self.root or Path.cwd()).resolve()
        try:
            return absolute.relative_to(root).as_posix()
        except ValueError:
            return Path(path).as_posix()


LINT_FILE = ".nrr.toml"
LINT_TABLE = ("tool", "nrr")


def find_config(start: Path | None = None) -> Path | None:
    """The nearest .nrr.toml, or pyproject.toml with [tool.nrr], from `start` upwards (`config_files`)."""
    found = find_settings(LINT_FILE, LINT_TABLE, start)
    return found.path if found else None


def load_config(path: str | os.PathLike[str] | None = None, start: Path | None = None) -> LintConfig:
    """Load the configuration from `path`, or the nearest one found; defaults when there is none."""
    found = settings_in(path, LINT_TABLE) if path is not None else find_settings(LINT_FILE, LINT_TABLE, start)
    if found is None:
        return LintConfig() if path is None else config_from_table({}, str(path), Path(path).parent)
    table = found.table if isinstance(found.table, dict) else {}
    return config_from_table(table, str(found.path), found.path.parent)


def config_from_table(table: dict[str, Any], source: str = "<config>", root: Path | None = None) -> LintConfig:
    """Build a LintConfig from the keys of [tool.nrr] (unknown keys belong to other commands)."""

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, table.get(key.replace("-", "_"), []))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f'{source}: `{key}` must be a list of rule codes or prefixes, e.g. ["NRR4", "NRR501"]')
        _check_codes(value, source, key)
        return tuple(v.upper() for v in value)

    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{source}: `severity` must be a table of CODE = "error" | "warning" | "info" | "off"')
    for code, level in severity.items():
        if level not in _LEVELS:
            raise ConfigError(f"{source}: severity of {code} is {level!r}; use one of {', '.join(_LEVELS)}")
    _check_codes(list(severity), source, "severity")
    per_path = table.get("per-path-ignores", table.get("per_path_ignores", {}))
    if not isinstance(per_path, dict):
        raise ConfigError(f'{source}: `per-path-ignores` must be a table of "glob" = [codes]')
    ignores: dict[str, tuple[str, ...]] = {}
    for pattern, value in per_path.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: per-path-ignores {pattern!r} must be a list of rule codes")
        _check_codes(value, source, f"per-path-ignores {pattern!r}")
        ignores[pattern] = tuple(v.upper() for v in value)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"{source}: `strict` must be true or false")
    return LintConfig(
        codes("select"), codes("ignore"), {k.upper(): v for k, v in severity.items()}, ignores, strict, root, source
    )


def _check_codes(values: list[str], source: str, key: str) -> None:
    from .registry import RULES

    for value in values:
        prefix = value.upper()
        if not prefix.startswith("NRR") or not any(code.startswith(prefix) for code in RULES):
            raise ConfigError(
                f"{source}: `{key}` names {value!r}, which matches no rule code (codes look like NRR101; see the rule catalogue)"
            )

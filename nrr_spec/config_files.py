"""Finding nrr's settings files: one rule for the validator's settings and the site's.

From the starting folder upwards, stopping at the root of a repository (a folder holding `.git`),
each folder is tried for the command's own file (`.nrr.toml`, `nrr-site.toml`) and then for a
`pyproject.toml` holding the command's table (`[tool.nrr]`, `[tool.nrr.site]`); the first found is
used, and its folder is where relative paths in it resolve. A file that cannot be read or is not
TOML is a `ConfigError` naming it, never skipped in silence.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class SettingsFile:
    """A settings file found (or named), and the command's table in it."""

    path: Path
    table: Any  # the command's table: the whole of its own file, or its table of pyproject.toml
    source: str  # how messages name it: the path, with the table for pyproject.toml


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read: not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _pyproject_table(document: dict[str, Any], table: tuple[str, ...]) -> Any:
    found: Any = document
    for key in table:
        if not isinstance(found, dict) or key not in found:
            return None
        found = found[key]
    return found


def settings_in(path: str | os.PathLike[str], table: tuple[str, ...]) -> SettingsFile | None:
    """The settings of one file: all of it, or for a pyproject.toml its `table` (None when it has none)."""
    path = Path(path)
    document = read_toml(path)
    if path.name != PYPROJECT:
        return SettingsFile(path, document, str(path))
    found = _pyproject_table(document, table)
    if found is None:
        return None
    return SettingsFile(path, found, f"{path} [{'.'.join(table)}]")


def find_settings(own_file: str, table: tuple[str, ...], start: str | os.PathLike[str] | None = None) -> SettingsFile | None:
    """The nearest `own_file`, or pyproject.toml with `table`, from `start` (the current folder) upwards."""
    folder = Path(start if start is not None else Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / own_file
        if own.is_file():
            return settings_in(own, table)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file():
            found = settings_in(pyproject, table)
            if found is not None:
                return found
        if (candidate / ".git").exists():
            return None
    return None

"""What a command is given to work on, checked before it starts, and the exit codes every command shares.

Exit codes (the guide on validating records lists them for users):

- 0: the command did its work.
- 1: it ran and found problems in what it read (records that do not validate, a log row that could
  not be converted, a conflict with records already there), or could not write its result.
- 2: it could not start on what it was given, which the user must fix: a bad option, a path that
  does not exist, an empty log, no record files to work on.
- 130: interrupted; nothing was written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import NrrError
from ..os_errors import os_problem

if TYPE_CHECKING:
    from ..store import RecordsFolder

INPUT_ERROR = 2

# A log this small is read whole to tell one of blank lines from a log; a larger one never is.
_BLANK_CHECK_BYTES = 64 * 1024


class InputError(NrrError, click.ClickException):
    """Input the user must fix before the command can start: `Error: <message>` and exit code 2,
    as for a usage error, without the usage lines (the command was typed right)."""

    exit_code = INPUT_ERROR


def log_problem(path: Path) -> str | None:
    """Why `path` cannot be read as an experiment log (missing, a folder, empty), or None.

    Pipes and devices (`<(zcat log.gz)`, /dev/stdin) claim no size, so only a regular file is
    judged empty."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return f"{path}: no such file; check the path"
    except OSError as exc:
        return os_problem(exc, "read")
    if stat.S_ISDIR(status.st_mode):
        return f"{path} is a folder; give the log file in it"
    if not stat.S_ISREG(status.st_mode):
        return None
    if status.st_size == 0:
        return f"{path} is empty (0 bytes): it holds no experiments; give the log the loop wrote, with its header row"
    if status.st_size <= _BLANK_CHECK_BYTES:
        try:
            blank = not path.read_bytes().strip()
        except OSError:
            return None  # the converter says why it cannot read the file
        if blank:
            return f"{path} holds only blank lines: it holds no experiments; give the log the loop wrote"
    return None


class LogFile(click.ParamType):
    """An experiment log argument: a file that exists and holds something (`log_problem`)."""

    name = "log"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(str(value))
        problem = log_problem(path)
        if problem:
            self.fail(problem, param, ctx)
        return path


def output_folder(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """`--output` of a command that writes one file per record: a folder (made if missing) or '-'.

    A file in the way is named before any log is read, rather than failing every write after."""
    if value == "-":
        return value
    place = Path(value)
    while not place.exists() and place != place.parent:
        place = place.parent
    if place.exists() and not place.is_dir():
        shown = f"{value} is a file" if place == Path(value) else f"{place}, in {value}, is a file"
        raise click.BadParameter(
            f"{shown}, not a folder. Give a folder for one JSON file per record (it is made if missing), "
            "or - for JSON Lines on standard output; the file is left as it is.",
            ctx,
            param,
        )
    return value


def require_paths(paths: Iterable[str]) -> None:
    """Every path given exists; the first that does not is an input error."""
    for path in paths:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file or folder; give the files or folders that hold the records")


def no_record_files(paths: Iterable[str]) -> InputError:
    return InputError(f"no record files (.json, .yaml, .yml, .jsonl, .ndjson) found in {', '.join(paths)}")


def require_record_files(paths: tuple[str, ...]) -> None:
    """The paths exist and hold at least one record file."""
    from ..io import discover

    require_paths(paths)
    if next(iter(discover(paths)), None) is None:
        raise no_record_files(paths)


def records_folder(option: str | os.PathLike[str] | None) -> RecordsFolder:
    """The records folder `--records` names, which must be one (not missing, not a file)."""
    from ..store import RecordsFolder

    folder = RecordsFolder.at(option)
    problem = folder.problem()
    if problem and folder.root.is_file():
        raise InputError(f"--records {problem}")
    if problem:
        raise InputError(f"{problem}; give --records DIR (nrr convert and nrr new write records/ by default)")
    return folder

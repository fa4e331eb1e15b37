"""`nrr convert` options checked where they are given: an --output that is a file, thresholds out of
range, and help that describes only options the converter has."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from nrr_spec.cli import main
from nrr_spec.cli.convert import convert
from nrr_spec.cli.inputs import INPUT_ERROR
from nrr_spec.convert.profiles import PROFILES

LOG = Path(__file__).resolve().parent.parent / "examples" / "logs" / "results.tsv"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(LOG), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("under", [False, True], ids=["the file", "a folder under it"])
def test_an_output_that_is_a_file_is_named_and_kept(tmp_path: Path, under: bool) -> None:
    afile = tmp_path / "afile"
    afile.write_text("precious", encoding="utf-8")
    result = invoke("-o", str(afile / "records" if under else afile))
    assert result.exit_code == INPUT_ERROR and "Traceback" not in result.output
    assert f"{afile}{', in ' if under else ' '}" in result.output and "is a file, not a folder" in result.output
    assert "Give a folder" in result.output and "- for JSON Lines" in result.output
    assert "File exists" not in result.output and "records to" not in result.output
    assert afile.read_text(encoding="utf-8") == "precious"


def test_a_folder_that_is_not_there_yet_is_made(tmp_path: Path) -> None:
    result = invoke("-o", str(tmp_path / "new" / "records"))
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "new" / "records").glob("*.json"))


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--regression-threshold", "-1", "-1.0 is not in the range x>=0"),
        ("--marginal-threshold", "-0.001", "-0.001 is not in the range x>=0"),
        ("--marginal-threshold", "nan", "nan is not a finite number; give one in the range x>=0"),
        ("--regression-threshold", "inf", "inf is not a finite number; give one in the range x>=0"),
        ("--regression-threshold", "lots", "'lots' is not a valid float"),
    ],
)
def test_thresholds_out_of_range_are_usage_errors(option: str, value: str, says: str) -> None:
    result = invoke("-o", "-", option, value)
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.output and says in result.output
    assert result.stdout == ""  # refused before any record was made


def test_thresholds_in_range_convert_every_row() -> None:
    result = invoke("-o", "-", "--regression-threshold", "0", "--marginal-threshold", "0.5")
    assert result.exit_code == 0, result.output
    assert "0 skipped" in result.stderr and "NRR309" not in result.stderr


def _option(profile: str, name: str) -> click.Option:
    command = convert.commands[profile]
    return next(p for p in command.params if isinstance(p, click.Option) and name in p.opts)


def test_author_help_mentions_git_only_where_there_is_git() -> None:
    for name, profile in PROFILES.items():
        text = _option(name, "--author").help or ""
        has_git = any("--repo" in p.opts for p in convert.commands[name].params if isinstance(p, click.Option))
        assert has_git == profile.reads_diffs
        assert ("commit" in text) == has_git, (name, text)
        assert "with git:" not in text

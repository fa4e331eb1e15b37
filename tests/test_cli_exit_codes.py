"""One exit code for one kind of trouble, in every command: 2 for input the user must fix (a path
that is not there, an empty log, no record files), said in one line that names the file, never a
traceback (the convention is in `nrr_spec/cli/inputs.py` and the validating guide)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nrr_spec.cli import main
from nrr_spec.cli.inputs import INPUT_ERROR

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guides" / "validate.md"
LOG_COMMANDS = [["convert", "autoresearch"], ["convert", "table"], ["replay"], ["new", "--no-input", "--from"]]


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("command", LOG_COMMANDS, ids=" ".join)
def test_a_missing_log_is_input_to_fix(command: list[str], tmp_path: Path) -> None:
    result = invoke(*command, str(tmp_path / "results.tsv"))
    assert result.exit_code == INPUT_ERROR
    assert f"{tmp_path / 'results.tsv'}: no such file" in result.output


@pytest.mark.parametrize("content", ["", "\n\n  \n"], ids=["no bytes", "blank lines"])
@pytest.mark.parametrize("command", LOG_COMMANDS, ids=" ".join)
def test_an_empty_log_is_said_to_be_empty(command: list[str], content: str, tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(content, encoding="utf-8")
    result = invoke(*command, str(log))
    assert result.exit_code == INPUT_ERROR
    assert f"{log} is empty (0 bytes)" in result.output if not content else f"{log} holds only blank lines" in result.output
    assert "no header row" not in result.output and log.read_text(encoding="utf-8") == content


@pytest.mark.parametrize(
    "command",
    [["validate"], ["list"], ["build", "--no-search", "-q", "--out", "site"], ["score", "--all", "--records"]],
    ids=lambda c: c[0],
)
def test_no_record_files_is_the_same_code_everywhere(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = invoke(*command, "empty")
    assert result.exit_code == INPUT_ERROR and "no record files" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "gone"],
        ["list", "gone"],
        ["build", "gone"],
        ["score", "--all", "--records", "gone"],
        ["cite", "x-y-z", "--records", "gone"],
    ],
    ids=lambda c: c[0],
)
def test_a_missing_path_is_the_same_code_everywhere(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*command)
    assert result.exit_code == INPUT_ERROR and "gone" in result.output


def test_records_that_do_not_validate_are_findings_not_input_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"schema_version": "1.0", "id": "x"}\n', encoding="utf-8")
    assert invoke("score", "--all", "--records", str(tmp_path)).exit_code == 1
    assert invoke("validate", str(tmp_path)).exit_code == 1


def test_the_guide_states_the_convention_for_every_command() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes") :].split("\n## ", 1)[0]
    assert "Every `nrr` command ends with the same codes" in section
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in section
    assert "a path that does not exist, an empty log, **no record files found**" in section


def test_ctrl_c_in_any_command_exits_130_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nrr_spec.convert.pipeline as pipeline
    import nrr_spec.lint.runner as lint_runner

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "read_log", interrupted)
    monkeypatch.setattr(lint_runner, "run", interrupted)
    log = tmp_path / "results.tsv"
    log.write_text("val_bpb\tstatus\tdescription\n1.0\tkeep\tbaseline\n", encoding="utf-8")
    for args in (["convert", "autoresearch", str(log), "-o", str(tmp_path / "out")], ["validate", str(log)]):
        result = invoke(*args)
        assert (result.exit_code, result.stderr.strip().splitlines()[-1]) == (130, "Interrupted."), args
    assert not (tmp_path / "out").exists()

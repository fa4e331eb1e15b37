"""The `nrr` program ends as soon as its command is done, output flushed and exit status kept;
run inside another program, commands return and free what they hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.publish import build_memory

ROOT = Path(__file__).resolve().parent.parent
# An exit handler shows whether the interpreter ran its normal end (it does not after os._exit).
_PROGRAM = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('normal end', file=sys.stderr))\n"
    "from nrr_spec.cli import main\n"
    "sys.argv = ['nrr', *sys.argv[1:]]\n"
    "{call}\n"
)


def _run(call: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(call=call), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_program_ends_at_once_with_all_its_output_and_status() -> None:
    listed = _run("main()", "list", "examples/records")
    records = sorted(p.name for p in (ROOT / "examples" / "records").iterdir() if p.is_file())
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == len(records)  # every line reached the pipe before the end
    assert "normal end" not in listed.stderr

    refused = _run("main()", "validate", "examples/invalid")
    assert refused.returncode == 1 and "normal end" not in refused.stderr
    assert refused.stdout.strip()  # the problems were flushed before the process ended

    usage = _run("main()", "no-such-command")
    assert usage.returncode == 2 and "No such command" in usage.stderr


def test_a_command_run_inside_another_program_returns_normally() -> None:
    done = _run("main(['--version'])")
    assert done.returncode == 0 and done.stdout.startswith("nrr, version")
    assert "normal end" in done.stderr


def test_a_message_given_as_exit_status_is_printed_and_ends_with_status_1() -> None:
    done = _run("from nrr_spec.cli.process_end import hard_exit\nhard_exit('cannot go on')")
    assert done.returncode == 1 and done.stderr.strip() == "cannot go on"


def test_an_in_process_build_keeps_nothing_for_the_end(tmp_path: Path) -> None:
    before = len(build_memory.LEFT_FOR_EXIT)
    result = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "records"), "--out", str(tmp_path / "site"), "-q"])
    assert result.exit_code == 0, result.output
    assert len(build_memory.LEFT_FOR_EXIT) == before


def test_a_profiled_program_ends_normally_so_the_profile_is_written(tmp_path: Path) -> None:
    profile = tmp_path / "nrr.prof"
    code = "import sys\nfrom nrr_spec.cli import main\nsys.argv = ['nrr', 'list', 'examples/records']\nmain()\n"
    (tmp_path / "program.py").write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(tmp_path / "program.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0

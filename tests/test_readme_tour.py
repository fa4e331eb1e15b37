"""The README's tour, run as written: its lines in order, in a fresh folder holding what a clone has.

Interactive commands are answered as a person would: the answers the tour implies, the example
the prompt itself offers where an answer is required, and the default everywhere else.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INTERACTIVE = {"new", "review"}
ANSWERS = {  # what a person taking the tour would type where the prompt's example would not do
    r"^Title": "Label smoothing does not help OCR on receipts",
    r"^Your name": "Ada Lovelace",
    r"^Reviewer name": "Grace Hopper",
}
PROMPT = r": $"  # every click prompt ends so, and waits there
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tour_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A tour", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's tour has no sh block"
    lines = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def _interactive(line: str, cwd: Path, env: dict[str, str]) -> str:
    pexpect = pytest.importorskip("pexpect")
    words = shlex.split(line)
    child = pexpect.spawn(
        str(BIN / words[0]), words[1:], cwd=str(cwd), env=env, encoding="utf-8", timeout=60, dimensions=(50, 200)
    )
    seen, example = "", ""
    for _ in range(80):
        if child.expect([PROMPT, pexpect.EOF]) == 1:
            break
        text = ANSI.sub("", child.before + child.after)
        seen += text
        examples = re.findall(r"e\.g\. ([^\n]+)", text)
        example = examples[-1].strip() if examples else example
        label = text.strip().splitlines()[-1]
        answer = next((value for pattern, value in ANSWERS.items() if re.search(pattern, label)), None)
        if answer is None:
            answer = example if "an answer is needed here" in text else ""
        child.sendline(answer)
    else:
        pytest.fail(f"{line!r} kept asking:\n{seen[-2000:]}")
    seen += ANSI.sub("", child.before or "")
    child.close()
    assert child.exitstatus == 0, f"{line!r} failed:\n{seen[-3000:]}"
    return seen


@pytest.mark.slow
def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # the bundled log the tour converts
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", "TERM": "dumb"}
    record_id = None
    for line in tour_lines():
        assert line.startswith("nrr "), line
        if record_id:
            line = re.sub(r"\bID\b", record_id, line)
        if line.split()[1] in INTERACTIVE and "--no-input" not in line:
            output = _interactive(line, tmp_path, env)
        else:
            done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
            output = done.stdout + done.stderr
            assert done.returncode == 0, f"{line!r} exited {done.returncode}:\n{output[-3000:]}"
        if line.startswith("nrr new"):
            found = re.search(r"wrote (\S+) to records/", output)
            assert found, output[-2000:]
            record_id = found.group(1)
            assert (tmp_path / "records" / f"{record_id}.yaml").is_file()
    assert record_id and (tmp_path / "site-out" / "records" / record_id / "index.html").is_file()
    assert (tmp_path / "nrr.sarif").is_file()

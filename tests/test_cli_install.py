"""What an installation gives: the version flag, a clear word when an extra is missing, typed
packaging and a complete source distribution, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec import __version__
from nrr_spec.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = CliRunner().invoke(main, [flag])
    assert result.exit_code == 0 and result.output == f"nrr, version {__version__}\n"


# The command runs in a fresh interpreter where the extra's modules cannot be imported, as after
# `pip install nrr-spec` alone.
_WITHOUT = "import sys\nfor name in {blocked!r}: sys.modules[name] = None\nfrom nrr_spec.cli import main\nmain({args!r})\n"


@pytest.mark.parametrize(
    ("args", "blocked", "extra"),
    [
        (["build", "examples/records", "--out", "{tmp}/site"], ["mkdocs", "markdown_it", "pagefind"], "site"),
        (["serve", "examples/records", "--port", "0"], ["mkdocs", "markdown_it", "pagefind"], "site"),
        (["mcp"], ["mcp"], "mcp"),
    ],
)
def test_a_missing_extra_is_named_with_its_install_command(
    tmp_path: Path, args: list[str], blocked: list[str], extra: str
) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    code = _WITHOUT.format(blocked=blocked, args=args)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 2, done.stderr
    assert f"pip install 'nrr-spec[{extra}]'" in done.stderr and f"'nrr {args[0]}' needs the {extra} extra" in done.stderr
    assert "Traceback" not in done.stderr


def _hatchling(kind: str, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", kind, "-d", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("nrr_spec-*")
    return built


@pytest.mark.slow
def test_the_wheel_is_typed_and_the_sdist_has_what_its_tests_read(tmp_path: Path) -> None:
    with zipfile.ZipFile(_hatchling("wheel", tmp_path / "wheel")) as wheel:
        assert "nrr_spec/py.typed" in wheel.namelist()  # PEP 561: mypy checks code that uses nrr_spec
    with tarfile.open(_hatchling("sdist", tmp_path / "sdist")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"CITATION.cff", "LICENSE", "nrr_spec/py.typed", "package.json", "package-lock.json"} <= names
    assert {"tests/test_cite_project_cff.py", "bench/build.py"} <= names
    # The data the package reads at run time travels inside it (the repository's links to it cannot).
    data = {"nrr_spec/schemas/record-1.0.schema.json", "nrr_spec/templates/new/tiny.yaml", "nrr_spec/theme/assets/nrr.css"}
    assert data <= names


def test_shell_completion_works_as_the_readme_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_NRR_COMPLETE=bash_source nrr)"' in readme
    env = {**os.environ, "_NRR_COMPLETE": "bash_source"}
    done = subprocess.run([str(Path(sys.executable).parent / "nrr")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "_nrr_completion" in done.stdout

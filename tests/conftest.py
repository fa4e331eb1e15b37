"""Shared fixtures: paths to the repository's examples and the real corpus, and a machine full of planted secrets."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI draws the property tests' examples in a fixed order (`.ci/run` sets NRR_FIXED_EXAMPLES=1), so a
# commit that passed passes again; a developer's run draws new ones each time, and a failure it finds
# prints the seed that replays it (`--hypothesis-seed`).
settings.register_profile("fixed-examples", derandomize=True)
if os.environ.get("NRR_FIXED_EXAMPLES") == "1":
    settings.load_profile("fixed-examples")

# The table tests' assertion is written in a helper module: rewrite it as pytest rewrites a test's, so a
# failing case shows the answer it got.
pytest.register_assert_rewrite("table_tests")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RECORDS = EXAMPLES / "records"
# The corpus of real autoresearch logs sits beside the repository in development and CI.
CORPUS = Path(os.environ.get("NRR_CORPUS", ROOT.parent / "shared" / "corpus" / "autoresearch"))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return RECORDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "logs").is_dir():
        pytest.fail(f"corpus of real logs not found at {CORPUS}; set NRR_CORPUS")
    return CORPUS


# A real log with kept, discarded, crashed and baseline rows.
MAR8_LOG = "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"


@pytest.fixture(scope="session")
def examples_with_logs(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, corpus_dir: Path) -> Callable[..., Path]:
    """Makes a new folder of the example records plus logs of the corpus converted into it: `logs` maps
    a log's file name to the folder its records go to; the other arguments are more
    `nrr convert autoresearch` options."""
    from click.testing import CliRunner

    from nrr_spec.cli import main

    def make(logs: dict[str, str], *options: str) -> Path:
        folder = tmp_path_factory.mktemp("records")
        shutil.copytree(examples_dir, folder, dirs_exist_ok=True)
        for log, into in logs.items():
            args = ["convert", "autoresearch", str(corpus_dir / "logs" / log), "-o", str(folder / into), "--no-progress"]
            result = CliRunner().invoke(main, [*args, *options])
            assert result.exit_code == 0, result.output
        return folder

    return make


@pytest.fixture(scope="session")
def examples_with_a_log(examples_with_logs: Callable[..., Path]) -> Callable[..., Path]:
    """Makes a new folder of the example records plus MAR8_LOG converted into its `log/` folder; the
    arguments are more `nrr convert autoresearch` options."""
    return lambda *options: examples_with_logs({MAR8_LOG: "log"}, *options)


def require_browser() -> tuple[str, str]:
    """Paths of chromium and chromedriver; skip locally without them, fail in CI."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    message = "headless Chromium not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("NRR_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


# `nrr convert table` of the example MLflow export with its mapping file, to standard output.
CONVERT_MLFLOW_TABLE = [
    "convert",
    "table",
    str(EXAMPLES / "logs" / "mlflow-runs.csv"),
    "--map",
    str(EXAMPLES / "logs" / "mlflow-runs.map.yaml"),
    "--output",
    "-",
]
# What `nrr new` needs besides the template to write a record without asking.
NEW_RECORD = [
    "--title",
    "Dropout gives no gain on small tabular data",
    "--problem",
    "Overfitting on 2k rows.",
    "--author",
    "Ada Lovelace",
]


# Secrets planted where environment capture could pick them up; none may reach a record.
SECRETS = ("ghp_PlantedToken123456", "hunter2-planted-password", "sk-planted-api-key-999")


@pytest.fixture
def planted_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git working folder under a planted home (returned), with secrets in the environment, in
    the remote URL and in the output of a fake nvidia-smi that echoes the environment."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git not installed")
    home = tmp_path / "home" / "ada"
    work = home / "projects" / "tent"
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GITHUB_TOKEN", SECRETS[0])
    monkeypatch.setenv("DB_PASSWORD", SECRETS[1])
    monkeypatch.setenv("OPENAI_API_KEY", SECRETS[2])
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    smi = bin_dir / "nvidia-smi"
    smi.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--query-gpu=name,driver_version" ]; then\n'
        '  echo "NVIDIA A100 $GITHUB_TOKEN, 535.1"; echo "NVIDIA A100, 535.1"\n'
        'else echo "| NVIDIA-SMI 535.1   Driver Version: 535.1   CUDA Version: 12.2 |"; fi\n',
        encoding="utf-8",
    )
    smi.chmod(smi.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for args in (
        ["init", "-q"],
        ["remote", "add", "origin", f"https://ada:{SECRETS[0]}@github.com/example/tent.git?auth={SECRETS[2]}"],
    ):
        subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True)
    (work / "train.py").write_text("print('hi')\n", encoding="utf-8")
    for args in (["add", "train.py"], ["-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "init"]):
        subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True)
    return work

"""A copy of the package extended as a contributor would extend it, and `nrr` run from that copy.

The architecture page says which files a new converter, rule or citation format touches; the tests
that hold it to that change exactly those files in a copy and run the command end to end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class PackageCopy:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(ROOT / "nrr_spec", folder / "src" / "nrr_spec", ignore=shutil.ignore_patterns("__pycache__"))

    def path(self, relative: str) -> Path:
        """A file of the copied package, by its path under `nrr_spec/`."""
        return self.folder / "src" / "nrr_spec" / relative

    def insert(self, relative: str, lines: str, *, before: str, after: str = "") -> None:
        """Puts `lines` into the file just before the first line starting with `before` that follows `after`."""
        source = self.path(relative).read_text(encoding="utf-8")
        at = source.index("\n" + before, source.index(after)) + 1
        self.path(relative).write_text(source[:at] + lines + source[at:], encoding="utf-8")

    def nrr(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`nrr ARGS` from the copy, in the copy's folder; it must succeed."""
        code = "import sys\nfrom nrr_spec.cli import main\nsys.argv[0] = 'nrr'\nmain()\n"
        env = {**os.environ, "PYTHONPATH": str(self.folder / "src")}
        done = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=self.folder, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

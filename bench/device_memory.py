"""Benchmark: peak memory of nrr on endless inputs (device files, standard input) against its floor.

`nrr validate` reads at most the size limit of a record file (20 MB) from anything, and `nrr
convert` refuses devices and lines without end, so each run must stay bounded: its peak
resident memory is printed beside the floor (`nrr --version`, the interpreter and the command
line) and beside validating an ordinary record file. Each case runs in its own process, measured
by the kernel (wait4's maximum resident set size).

    python bench/device_memory.py [--timeout 120]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NRR = str(Path(sys.executable).parent / "nrr")
RECORD = ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml"


def peak(command: list[str], stdin_path: str | None, timeout: float) -> tuple[float, int, float]:
    """Peak resident memory in MB, exit code and seconds of one run."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115  (closed below)
    start = time.perf_counter()
    try:
        child = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    return usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nrr-bench-memory-") as tmp:
        cases: list[tuple[str, list[str], str | None]] = [
            ("floor: nrr --version", [NRR, "--version"], None),
            ("nrr validate record.yaml", [NRR, "validate", "--isolated", str(RECORD)], None),
        ]
        for device in ("/dev/zero", "/dev/urandom"):
            if Path(device).exists():
                cases.append((f"nrr validate {device}", [NRR, "validate", "--isolated", device], None))
        if Path("/dev/zero").exists():
            cases.append(("nrr validate - < /dev/zero", [NRR, "validate", "--isolated", "-"], "/dev/zero"))
            cases.append(("nrr convert autoresearch /dev/zero", [NRR, "convert", "autoresearch", "/dev/zero", "-o", tmp], None))
            cases.append(
                ("nrr convert autoresearch /dev/urandom", [NRR, "convert", "autoresearch", "/dev/urandom", "-o", tmp], None)
            )
        results = {}
        for name, command, stdin in cases:
            mb, code, seconds = peak(command, stdin, args.timeout)
            results[name] = mb
            print(f"{name:<40} peak {mb:7.1f} MB  exit {code}  {seconds:5.2f} s")
    floor = results["floor: nrr --version"]
    worst = max((name for name in results if "/dev/" in name), key=results.__getitem__, default=None)
    if worst:
        print(
            f"ratio: the largest peak on an endless input ({worst}) is x{results[worst] / floor:.2f} the floor "
            f"({results[worst]:.1f} MB against {floor:.1f} MB)"
        )


if __name__ == "__main__":
    main()

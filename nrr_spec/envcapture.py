"""The reproducibility appendix from the machine: software versions, hardware, code and commit.

Captures only what describes the computation. It never reads environment variables, never records
the host name, user name or home path, and strips credentials, query strings and fragments from git
remote URLs; a final pass drops any value that still holds the home path or the value of a
secret-looking environment variable.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Packages whose versions change ML results; only the installed ones are listed.
RELEVANT_PACKAGES = (
    "torch", "torchvision", "torchaudio", "jax", "jaxlib", "flax", "optax", "tensorflow", "keras",
    "numpy", "scipy", "pandas", "scikit-learn", "xgboost", "lightgbm", "transformers", "datasets",
    "tokenizers", "accelerate", "peft", "deepspeed", "lightning", "pytorch-lightning", "timm",
    "triton", "onnxruntime", "vllm", "nrr-spec",
)  # fmt: skip
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|KEY|CREDENTIAL|AUTH|COOKIE|SESSION", re.IGNORECASE)
_SCP_LIKE = re.compile(r"^(?:[^@/\s]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}):(?!//)([^\s]+)$")
TIMEOUT = 10


def _run(args: list[str], cwd: Path | None = None) -> str | None:
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def clean_remote(url: str) -> str | None:
    """A remote URL safe to publish: https, no user or password, no query or fragment; None if local."""
    url = url.strip()
    scp = _SCP_LIKE.match(url)
    if scp:
        # `git@host:org/repo.git?token=...`: scp-style has no query or fragment of its own, so what
        # follows a `?` or `#` is never part of the path, and may be a credential.
        path = re.split(r"[?#]", scp.group(2), maxsplit=1)[0].strip("/")
        return f"https://{scp.group(1)}/{path}" if path else None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ssh", "git", "git+ssh") or not parts.hostname:
        return None  # a path on this machine says nothing useful and may hold a home path
    host = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("http", "https") else "")
    scheme = parts.scheme if parts.scheme in ("http", "https") else "https"
    return urlunsplit((scheme, host, parts.path, "", ""))


def capture_git(folder: Path) -> dict[str, str] | None:
    """Repository URL and commit of the working folder, when it is a git checkout with a remote."""
    commit = _run(["git", "rev-parse", "HEAD"], folder)
    remotes = (_run(["git", "remote"], folder) or "").split()
    if not remotes:
        return None
    name = "origin" if "origin" in remotes else remotes[0]
    url = _run(["git", "remote", "get-url", name], folder)
    repository = clean_remote(url) if url else None
    if not repository:
        return None
    code = {"repository": repository}
    if commit and re.fullmatch(r"[0-9a-f]{6,64}", commit):
        code["commit"] = commit
    return code


def _os_name() -> str:
    release = Path("/etc/os-release")
    if release.is_file():
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', release.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match:
            return f"{match.group(1)} (Linux {platform.release()})"
    return platform.platform(terse=True)


def _cpu() -> str | None:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match:
            return " ".join(match.group(1).split())
    return platform.processor() or None


def _memory_gb() -> float | None:
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        match = re.search(r"^MemTotal:\s*(\d+)\s*kB", meminfo.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match:
            return round(int(match.group(1)) / 1024**2, 1)
    return None


def capture_gpu() -> dict[str, Any]:
    """Accelerator model, count, driver and CUDA version from nvidia-smi, when it is present."""
    listing = _run(["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"])
    if not listing:
        return {}
    rows = [[cell.strip() for cell in line.split(",")] for line in listing.splitlines() if line.strip()]
    found: dict[str, Any] = {"accelerator": rows[0][0], "count": len(rows)}
    if len(rows[0]) > 1:
        found["driver"] = rows[0][1]
    cuda = re.search(r"CUDA Version:\s*([\d.]+)", _run(["nvidia-smi"]) or "")
    if cuda:
        found["cuda"] = cuda.group(1)
    return found


def package_versions(names: Iterable[str] = RELEVANT_PACKAGES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def capture_environment(folder: str | os.PathLike[str] = ".", packages: Iterable[str] = RELEVANT_PACKAGES) -> dict[str, Any]:
    """A `reproducibility` section (environment, hardware, code) describing this machine and folder."""
    gpu = capture_gpu()
    environment: dict[str, Any] = {"python": platform.python_version(), "packages": package_versions(packages), "os": _os_name()}
    environment |= {key: gpu[key] for key in ("cuda", "driver") if key in gpu}
    hardware: dict[str, Any] = {"cpu": _cpu(), "accelerator": gpu.get("accelerator"), "count": gpu.get("count")}
    hardware["memory_gb"] = _memory_gb()
    section: dict[str, Any] = {
        "environment": {k: v for k, v in environment.items() if v not in (None, {}, "")},
        "hardware": {k: v for k, v in hardware.items() if v is not None},
    }
    code = capture_git(Path(folder))
    if code:
        section["code"] = code
    return _complete(scrub(section))


def _complete(section: dict[str, Any]) -> dict[str, Any]:
    """The section without the parts the scrub left incomplete: code whose repository it dropped
    (a commit without its repository names nothing), and sections it emptied."""
    code = section.get("code")
    if isinstance(code, dict) and "repository" not in code:
        del section["code"]
    return {key: value for key, value in section.items() if value not in ({}, [], None)}


def _forbidden() -> list[str]:
    home = str(Path.home())
    values = [home] if len(home) > 1 else []
    values += [value for name, value in os.environ.items() if _SECRET_NAME.search(name) and len(value) >= 6]
    return values


def scrub(data: Any, forbidden: list[str] | None = None) -> Any:
    """`data` without any string that contains the home path or a secret-looking variable's value."""
    forbidden = _forbidden() if forbidden is None else forbidden
    if isinstance(data, dict):
        kept = {key: scrub(value, forbidden) for key, value in data.items() if not _leaks(key, forbidden)}
        return {key: value for key, value in kept.items() if value is not _DROP}
    if isinstance(data, list):
        return [item for item in (scrub(value, forbidden) for value in data) if item is not _DROP]
    if isinstance(data, str) and _leaks(data, forbidden):
        return _DROP
    return data


_DROP = object()


def _leaks(text: str, forbidden: list[str]) -> bool:
    return any(secret in text for secret in forbidden)

"""Runs `pagefind --service` on files of service messages, one index after the other.

Run as a script by the build (`python pagefind_service.py BINARY MESSAGES...`), so it imports
nothing but the standard library: each file holds the base64 messages that build one index, the
last being WriteFiles. Exits non-zero, with the reason on stderr, if Pagefind reports an error.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

# How long Pagefind may take to finish the files it has said are written.
SETTLE_SECONDS = 120


def run_service(binary: str, messages: Path) -> None:
    """Send one shard's messages to `pagefind --service`; return when its index is written.

    The service reads requests until its input closes and stops then, finished or not, so the
    input stays open until the WriteFiles answer (the last message) has come back.
    """
    data = messages.read_bytes()
    last = data.count(b",")
    service = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert service.stdin is not None and service.stdout is not None

    def feed() -> None:
        assert service.stdin is not None
        try:
            service.stdin.write(data)
            service.stdin.flush()
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    buffer = b""
    failure = None
    done = False
    while not done:
        chunk = service.stdout.read1(1 << 16)  # type: ignore[attr-defined]  # a BufferedReader: returns what has come
        if not chunk:
            break
        buffer += chunk
        *answers, buffer = buffer.split(b",")
        for answer in answers:
            reply = json.loads(base64.b64decode(answer))
            payload = reply.get("payload") or {}
            if payload.get("type") == "Error" and failure is None:
                failure = payload.get("message", "unknown error")
            if reply.get("message_id") == last:
                done = True
    writer.join()
    if done and failure is None:
        failure = _settle(_output_path(data), service.pid)
    service.stdin.close()
    service.wait()
    if failure is not None or not done:
        raise SystemExit(f"Pagefind could not index {messages.name}: {failure or 'it stopped before writing the index'}")


def _output_path(data: bytes) -> Path:
    last = data.rstrip(b",").rsplit(b",", 1)[-1]
    return Path(json.loads(base64.b64decode(last))["payload"]["output_path"])


def _settle(bundle: Path, pid: int) -> str | None:
    """Wait until the bundle Pagefind has answered for is whole on disk; the reason if it never is.

    Pagefind answers WriteFiles while its last writes can still be in flight, and a service whose
    input closes then exits without them: under load this left an empty pagefind-entry.json, an
    empty pagefind-ui.css, or a pagefind-worker.js cut off mid-file. So the service is kept running
    until the entry file parses, the files it names are there, no file is empty, Pagefind holds no
    file of the bundle open, and the bundle has not changed between two looks.
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    last = None
    while True:
        if _whole(bundle) and not _writing(pid, bundle):
            now = _sizes(bundle)
            if now == last and 0 not in now.values():
                return None
            last = now
        if time.monotonic() > deadline:
            return f"{bundle / 'pagefind-entry.json'} was not complete {SETTLE_SECONDS} s after Pagefind wrote it"
        time.sleep(0.02)


def _writing(pid: int, bundle: Path) -> bool:
    """Whether the process has a file inside the bundle open (Linux /proc; elsewhere, sizes alone decide).

    A size that has not changed for a moment can still be a write stalled on a loaded machine;
    an open descriptor says the file is not finished.
    """
    descriptors = Path(f"/proc/{pid}/fd")
    prefix = str(bundle.resolve()) + "/"
    try:
        fds = list(descriptors.iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd).startswith(prefix):
                return True
        except OSError:  # closed since the listing
            continue
    return False


def _sizes(bundle: Path) -> dict[str, int]:
    """Size of each file of the bundle (not of the other shards' bundles inside the first one)."""
    sizes = {}
    for path in bundle.rglob("*"):
        relative = path.relative_to(bundle)
        if relative.parts[0].startswith("shard-"):
            continue
        try:
            if path.is_file():
                sizes[str(relative)] = path.stat().st_size
        except OSError:
            continue
    return sizes


def _whole(bundle: Path) -> bool:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
        languages = entry["languages"].items()
    except (OSError, ValueError, KeyError, AttributeError):
        return False
    for language, info in languages:
        try:
            gzip.decompress((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())  # a cut-off file fails
            wasm = bundle / f"wasm.{language}.pagefind"
            if wasm.exists() and wasm.stat().st_size == 0:  # languages without a stemmer have none
                return False
        except (OSError, EOFError, KeyError, TypeError):
            return False
    return True


def main(argv: list[str]) -> None:
    binary, *shards = argv
    for messages in shards:
        run_service(binary, Path(messages))


if __name__ == "__main__":
    main(sys.argv[1:])

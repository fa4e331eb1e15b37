"""`nrr serve`: the built site on localhost, rebuilt when a record file changes."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from ..io import discover
from ..os_errors import os_problem


class PortUnavailable(OSError):
    """The port to serve on cannot be listened on; str() says why and what to do."""

    def __str__(self) -> str:
        return str(self.strerror)


def snapshot(paths: Sequence[Path]) -> dict[str, float]:
    """Modification times of the record files (and kept history) under `paths`."""
    seen: dict[str, float] = {}
    for root in paths:
        files = list(discover([root]))
        if root.is_dir():
            files += [p for p in root.rglob(".history/**/*") if p.is_file()]
        for path in files:
            try:
                seen[str(path)] = path.stat().st_mtime
            except OSError:
                continue
    return seen


_TYPES = {".pf_meta": "application/octet-stream", ".pf_fragment": "application/octet-stream",
          ".pf_index": "application/octet-stream", ".pagefind": "application/octet-stream", ".wasm": "application/wasm"}


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def make_server(site: Path, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server for `site` on localhost; the folder is looked up per request, so a swapped-in build is served at once."""

    class Handler(_Handler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_TYPES}
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def translate_path(self, path: str) -> str:
            # The site folder is replaced whole by each build; resolve it again on every request.
            self.directory = str(site.resolve())
            return super().translate_path(path)

    return ThreadingHTTPServer((host, port), functools.partial(Handler))


def serve_site(site: Path, watch: Sequence[Path], rebuild: Callable[[], int], *, port: int = 8000, interval: float = 1.0) -> None:
    """Serve until interrupted; poll the records and rebuild when one changes.

    Raises PortUnavailable when the port cannot be listened on (in use, or privileged)."""
    try:
        server = make_server(site, port)
    except OSError as exc:
        raise PortUnavailable(exc.errno or 0, os_problem(exc, f"listen on 127.0.0.1:{port}")) from None
    host, bound = server.server_address[:2]
    click.echo(f"Serving {site} at http://{host!s}:{bound}/ (Ctrl+C to stop)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state = snapshot(watch)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watch)
            if now != state:
                state = now
                click.echo("Records changed; rebuilding…")
                click.echo("Rebuilt." if rebuild() == 0 else "Rebuild refused; still serving the previous site.")
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()

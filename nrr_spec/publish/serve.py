"""`nrr serve`: the built site on localhost, rebuilt when a record file changes."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from ..errors import NrrError
from ..os_errors import os_problem
from ..store import HISTORY_DIR, RecordsFolder


class PortUnavailable(NrrError, OSError):
    """The port to serve on cannot be listened on; str() says why and what to do."""

    def __str__(self) -> str:
        return str(self.strerror)


def snapshot(paths: Sequence[Path]) -> dict[str, float]:
    """Modification times of the record files (and kept history) under `paths`."""
    seen: dict[str, float] = {}
    for root in paths:
        folder = RecordsFolder(root)
        files = list(folder.files())
        if root.is_dir():
            files += list(folder.history_files())
        for path in files:
            try:
                seen[str(path)] = path.stat().st_mtime
            except OSError:
                continue
    return seen


_TYPES = {
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pagefind": "application/octet-stream",
    ".wasm": "application/wasm",
}


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


class SiteServer(ThreadingHTTPServer):
    """The HTTP server of a built site, which it serves under `mount` (a path ending in /)."""

    mount = "/"


def mount_path(site_url: str | None) -> str:
    """Where on the local server the site goes: the path of its base URL, as on the host it is
    built for (and as `mkdocs serve` does with site_url). 404.html is answered at any address, so
    mkdocs-material names its styles and links from that path (/nr/assets/...), not relative to it."""
    path = urlsplit(site_url).path if site_url else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def make_server(site: Path, port: int = 0, host: str = "127.0.0.1", mount: str = "/") -> SiteServer:
    """An HTTP server for `site` on localhost, under the path `mount` (see `mount_path`); the folder
    is looked up per request, so a swapped-in build is served at once."""

    class Handler(_Handler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_TYPES}
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def send_head(self) -> Any:
            path = urlsplit(self.path).path
            if path.startswith(mount):
                return super().send_head()
            if path == "/" or path + "/" == mount:  # the server's root leads to the site
                self.send_response(302)
                self.send_header("Location", mount)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)
            return None

        def translate_path(self, path: str) -> str:
            # The site folder is replaced whole by each build; resolve it again on every request.
            self.directory = str(site.resolve())
            return super().translate_path("/" + path[len(mount) :] if path.startswith(mount) else path)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            # A missing page gets the site's own 404 page, as on a static host, not Python's error text.
            page = site / "404.html"
            if code != 404 or self.command != "GET" or not page.is_file():
                super().send_error(code, message, explain)
                return
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = SiteServer((host, port), functools.partial(Handler))
    server.mount = mount
    return server


RECORD_SUFFIXES = (".json", ".yaml", ".yml", ".jsonl")


class _Changes:
    """Set when a record file under the watched folders changes: told at once by the system where
    watchdog is installed (it comes with mkdocs), else found by comparing snapshots every `interval`."""

    def __init__(self, watch: Sequence[Path], interval: float) -> None:
        self.event = threading.Event()
        self.interval = interval
        self.watch = watch
        self.observer: Any = None
        self.state: dict[str, float] | None = None
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            self.state = snapshot(watch)
            return
        changes = self.event

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
                if any(p.lower().endswith(RECORD_SUFFIXES) or f"/{HISTORY_DIR}" in p for p in paths):
                    changes.set()

        self.observer = Observer()
        for root in watch:
            self.observer.schedule(Handler(), str(root if root.is_dir() else root.parent), recursive=root.is_dir())
        self.observer.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Return True once something changed (and the burst of writes an editor makes has settled);
        False if nothing did within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if self.observer is None:
            assert self.state is not None
            while deadline is None or time.monotonic() < deadline:
                time.sleep(self.interval if deadline is None else max(0.0, min(self.interval, deadline - time.monotonic())))
                now = snapshot(self.watch)
                if now != self.state:
                    self.state = now
                    return True
            return False
        if not self.event.wait(timeout):
            return False
        while self.event.wait(0.05):  # writes still coming: wait until they stop
            self.event.clear()
        return True

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()


# After the pages of an edit are swapped in, the search index is brought up to date once no other
# edit has come for this long: indexing a shard takes seconds, and the next save should not wait for it.
SEARCH_AFTER_IDLE = 3.0


def listen(site: Path, port: int, mount: str = "/") -> SiteServer:
    """The server for `site`, its port already taken, so that a port in use is found before a
    build rewrites the folder another server may be serving. Nothing is answered until
    `serve_site` runs it; requests wait in the socket's queue until then.

    Raises PortUnavailable when the port cannot be listened on (in use, or privileged)."""
    try:
        return make_server(site, port, mount=mount)
    except OSError as exc:
        raise PortUnavailable(exc.errno or 0, os_problem(exc, f"listen on 127.0.0.1:{port}")) from None


def serve_site(
    site: Path,
    watch: Sequence[Path],
    rebuild: Callable[[bool], int],
    *,
    server: SiteServer,
    interval: float = 1.0,
    idle: Callable[[], None] | None = None,
) -> None:
    """Serve until interrupted with `server` (from `listen`); rebuild when a record changes (a
    rebuild writes only what changed).

    `rebuild(search_later)` returns 0 when done, 2 when the pages are swapped in and the search
    index is still to follow (it is brought up to date by `rebuild(False)` once no edit has come
    for SEARCH_AFTER_IDLE seconds), anything else when refused. `idle` runs while nothing changes
    after the first build (it prepares the cache's spare copy of the site)."""
    host, bound = server.server_address[:2]
    click.echo(f"Serving {site} at http://{host!s}:{bound}{server.mount} (Ctrl+C to stop)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    changes = _Changes(watch, interval)
    if idle is not None:
        idle()
    search_pending = False
    try:
        while True:
            if search_pending and not changes.wait(SEARCH_AFTER_IDLE):
                started = time.perf_counter()
                code = rebuild(False)
                search_pending = code == 2
                if code == 0:
                    click.echo(f"Search index brought up to date in {time.perf_counter() - started:.1f} s.")
                continue
            if not search_pending:
                changes.wait()
            started = time.perf_counter()
            click.echo("Records changed; rebuilding…")
            code = rebuild(True)
            took = time.perf_counter() - started
            search_pending = code == 2
            click.echo(
                f"Pages rebuilt in {took:.1f} s" + ("; the search index follows." if search_pending else ".")
                if code in (0, 2)
                else "Rebuild refused; still serving the previous site."
            )
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        changes.stop()
        server.shutdown()

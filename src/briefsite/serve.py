"""Preview server: build once, serve the site, rebuild on every change, reload open pages.

In: `BuildOptions`, an address, and a `report` callback that receives one line per event
(the address served, each build's outcome and time, each diagnostic as
`path:line: error: …`). `serve()` returns only when `stop` is set.

The site is served from the output folder that a normal build writes, and that folder
stays byte-identical to one: the reload script tag is added to HTML only as it is sent.
The pages' Content-Security-Policy forbids inline script, so the tag loads
`/__briefsite/reload.js`, which listens to Server-Sent Events at `/__briefsite/events`
and reloads the page on a `reload` event. A failed rebuild leaves the last good site in
place (the pipeline replaces the output folder only after a complete build), sends no
reload, and reports the diagnostics.

An edited briefing is shown at once: its page alone is made (`preview_article`) and served
from memory, and open pages reload; when the whole site has been rebuilt they reload again
and the page served is the built one. Only the ledger's links to other briefings wait for
the rebuild.

Changes to content/, templates/ (assets included) and pyproject.toml are watched with
watchdog when it is installed, else by polling modification times.
"""

from __future__ import annotations

import http.server
import io
import os
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from briefsite.diagnostics import BuildFailed
from briefsite.pipeline import BuildOptions, BuildReport, build_site, preview_article

try:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
except ImportError:  # the polling fallback below does the same job, only less promptly
    Observer = None

RELOAD_SCRIPT_URL = "/__briefsite/reload.js"
EVENTS_URL = "/__briefsite/events"
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_URL}" type="module"></script>'.encode()
RELOAD_SCRIPT = f"""\
// briefsite preview: reload this page once the site has been rebuilt.
new EventSource("{EVENTS_URL}").addEventListener("reload", () => location.reload());
""".encode()

DEBOUNCE = 0.1
"""Seconds without further changes before a rebuild starts: an editor's save is a burst."""
POLL_INTERVAL = 0.3
"""Seconds between scans when watchdog is not installed."""
PING_INTERVAL = 15.0
"""Seconds between SSE comment pings, so proxies and browsers keep the stream open."""
MAX_PREVIEWS = 5
"""More briefings changed at once than this (a checkout, a bulk import): wait for the rebuild."""
WATCHED_FOLDERS = ("content", "templates")
WATCHED_FILES = ("pyproject.toml",)


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          report: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Build the site, serve it on host:port (0 picks a free port), and rebuild on change.

    Reports `serving http://HOST:PORT/` once listening. Returns when `stop` is set; without
    `stop` it runs until interrupted. An unusable output folder raises UsageError before
    anything is served; content errors in the first build are reported, and the server
    then waits for a fix like it does after any failed rebuild.
    """
    stop = stop or threading.Event()
    root = options.root.resolve()
    out = (options.out or root / "_site").absolute()
    built = rebuild(options, report, first=True)

    reloads = _Reloads()
    changes = _Changes()
    previews = _Previews(built.archive if built else None)
    server = http.server.ThreadingHTTPServer((host, port), _handler(out, reloads, previews))
    server_thread = threading.Thread(target=server.serve_forever, name="briefsite-http")
    builder = threading.Thread(target=_rebuild_on_change,
                               args=(options, changes, reloads, previews, report, stop), name="briefsite-rebuild")
    stop_watching = _watch(root, changes, stop)
    server_thread.start()
    builder.start()
    address, bound_port = server.server_address[:2]
    report(f"serving http://{address}:{bound_port}/")
    try:
        stop.wait()
    finally:
        # Order matters: wake the threads that wait on us, then stop taking requests.
        stop.set()
        changes.wake()
        reloads.close()
        stop_watching()
        server.shutdown()
        server.server_close()
        server_thread.join()
        builder.join()


def rebuild(options: BuildOptions, report: Callable[[str], None], first: bool = False,
            changed: str = "") -> BuildReport | None:
    """Run one build and report its outcome and time; None when it failed.

    The single place a build happens, so a faster (incremental) build can replace
    `build_site` here without touching the server.
    """
    started = time.perf_counter()
    try:
        result = build_site(options)
    except BuildFailed as failed:
        seconds = time.perf_counter() - started
        for diagnostic in failed.diagnostics:
            report(str(diagnostic))
        errors = sum(d.is_error for d in failed.diagnostics)
        outcome = "build failed" if first else "rebuild failed"
        kept = "waiting for a fix" if first else "still serving the last good site"
        report(f"{outcome} with {errors} error(s) in {seconds:.2f} s{changed}; {kept}")
        return None
    seconds = time.perf_counter() - started
    for diagnostic in result.diagnostics:
        report(str(diagnostic))
    verb = "built" if first else "rebuilt"
    report(f"{verb} {result.articles} articles, {result.pages} pages in {seconds:.2f} s{changed}")
    return result


def _rebuild_on_change(options: BuildOptions, changes: _Changes, reloads: _Reloads, previews: _Previews,
                       report: Callable[[str], None], stop: threading.Event) -> None:
    # One thread does every rebuild, so they never overlap; changes made during a
    # rebuild are collected meanwhile and trigger exactly one more.
    root = options.root.resolve()
    while paths := changes.take(stop):
        one = min(paths)
        changed = f" ({one} changed)" if len(paths) == 1 else f" ({one} and {len(paths) - 1} more changed)"
        try:
            if previews.show(options, [root / path for path in paths]):
                reloads.announce()
            built = rebuild(options, report, changed=changed)
        except Exception as exc:  # a bug or an unusable output folder must not silently end the preview
            problem = "".join(traceback.format_exception_only(exc)).strip()
            report(f"rebuild stopped by {problem}; still serving the last good site")
            built = None
        if previews.end(built.archive if built else None) or built:
            reloads.announce()


class _Previews:
    """Pages of edited briefings, served in place of the built ones until the site is rebuilt."""

    def __init__(self, archive) -> None:
        self._lock = threading.Lock()
        self._archive = archive
        self._pages: dict[str, bytes] = {}

    def show(self, options: BuildOptions, paths: list[Path]) -> bool:
        """Make the pages of the edited briefings among `paths`; True if there are any."""
        articles = options.root.resolve() / "content" / "articles"
        edited = [p for p in paths if articles in p.parents and p.suffix in (".md", ".markdown") and p.is_file()]
        if self._archive is None or not edited or len(edited) > MAX_PREVIEWS:
            return False
        pages = [preview_article(options, path, self._archive) for path in edited]
        with self._lock:
            self._pages = {page.path: page.content for page in pages if page is not None}
            return bool(self._pages)

    def end(self, archive) -> bool:
        """Drop the previews once a rebuild is over (the new `archive`, or None when it failed);
        True if any were being served."""
        with self._lock:
            shown, self._pages = bool(self._pages), {}
            self._archive = archive or self._archive
            return shown

    def page(self, path: str) -> bytes | None:
        """The preview served at site path `path`, if there is one."""
        with self._lock:
            return self._pages.get(path)


class _Changes:
    """Watched paths changed since the last rebuild; a burst of saves is taken as one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._paths: set[str] = set()
        self._last = 0.0

    def add(self, path: str) -> None:
        with self._condition:
            self._paths.add(path)
            self._last = time.monotonic()
            self._condition.notify_all()

    def wake(self) -> None:
        """Let `take` notice that `stop` was set."""
        with self._condition:
            self._condition.notify_all()

    def take(self, stop: threading.Event) -> set[str]:
        """Wait for changes followed by DEBOUNCE seconds of quiet; empty once `stop` is set."""
        with self._condition:
            while not stop.is_set():
                quiet_for = time.monotonic() - self._last
                if self._paths and quiet_for >= DEBOUNCE:
                    paths, self._paths = self._paths, set()
                    return paths
                self._condition.wait(DEBOUNCE - quiet_for if self._paths else None)
            return set()


class _Reloads:
    """Tells every open event stream that a new site is ready."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.generation = 0
        self.closed = False

    def announce(self) -> None:
        with self._condition:
            self.generation += 1
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation after `seen`, or `seen` again after `timeout` or on close."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.generation != seen, timeout)
            return self.generation


def _handler(out: Path, reloads: _Reloads, previews: _Previews) -> type[http.server.SimpleHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".html": "text/html; charset=utf-8",
            ".css": "text/css; charset=utf-8",
            ".js": "text/javascript; charset=utf-8",
            ".json": "application/json",
            ".svg": "image/svg+xml",
            ".xml": "application/xml",
            ".wasm": "application/wasm",
            # Pagefind's index files are its own binary formats.
            ".pf_meta": "application/octet-stream",
            ".pf_index": "application/octet-stream",
            ".pf_fragment": "application/octet-stream",
            ".pf_filter": "application/octet-stream",
        }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, *args):
            pass  # one line per request would bury the build reports

        def end_headers(self):
            # Every reload must show the newest build.
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            if self.path.split("?", 1)[0] == EVENTS_URL:
                self._stream_events()
            else:
                super().do_GET()

        def send_head(self):
            route = self.path.split("?", 1)[0].split("#", 1)[0]
            if route == RELOAD_SCRIPT_URL:
                return self._send_bytes(200, RELOAD_SCRIPT, "text/javascript; charset=utf-8")
            path = Path(self.translate_path(self.path))
            if route.endswith("/"):
                path = path / "index.html"  # a new briefing's preview has no folder yet
            preview = previews.page(path.relative_to(out).as_posix()) if out in path.parents else None
            if preview is not None:
                return self._send_bytes(200, _with_reload_tag(preview), self.extensions_map[".html"])
            if path.suffix == ".html" and path.is_file():
                return self._send_bytes(200, _with_reload_tag(path.read_bytes()), self.extensions_map[".html"])
            return super().send_head()

        def list_directory(self, path):
            self.send_error(404)

        def send_error(self, code, message=None, explain=None):
            page = out / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = self._send_bytes(404, _with_reload_tag(page.read_bytes()), self.extensions_map[".html"])
            if self.command != "HEAD":
                self.copyfile(body, self.wfile)

        def _send_bytes(self, status: int, content: bytes, content_type: str) -> io.BytesIO:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            return io.BytesIO(content)

        def _stream_events(self):
            seen = reloads.generation  # read before replying: no rebuild after this is missed
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            try:
                while not reloads.closed:
                    generation = reloads.wait(seen, PING_INTERVAL)
                    if reloads.closed:
                        break
                    self.wfile.write(b"event: reload\ndata: \n\n" if generation != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = generation
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page went away; this thread, its only state, ends here

    return PreviewHandler


def _with_reload_tag(html: bytes) -> bytes:
    at = html.lower().rfind(b"</body>")
    return html + RELOAD_TAG if at < 0 else html[:at] + RELOAD_TAG + html[at:]


def _watch(root: Path, changes: _Changes, stop: threading.Event) -> Callable[[], None]:
    """Feed changes under root's watched paths into `changes`; return a function that stops it."""
    if Observer is None:
        # The first scan happens now, so a change made as soon as serve() reports is seen.
        poller = threading.Thread(target=_poll, args=(root, _snapshot(root), changes, stop),
                                  name="briefsite-poll")
        poller.start()
        return poller.join

    class Forward(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Opening and reading files (the build does) is not a change, and a folder's
            # "modified" only echoes the change to a file inside it.
            if event.is_directory and event.event_type == "modified":
                return
            if event.event_type in ("created", "modified", "deleted", "moved"):
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path and (relative := _watched(root, Path(os.fsdecode(path)))):
                        changes.add(relative)

    observer = Observer()
    for name in WATCHED_FOLDERS:
        if (root / name).is_dir():
            observer.schedule(Forward(), str(root / name), recursive=True)
    observer.schedule(Forward(), str(root), recursive=False)  # for pyproject.toml
    observer.start()

    def stop_observer() -> None:
        observer.stop()
        observer.join()

    return stop_observer


def _watched(root: Path, path: Path) -> str | None:
    """`path` relative to root if a change to it matters, else None."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None
    # Editors' swap, lock and backup files are not content.
    if relative.name.startswith(".") or relative.name.endswith("~"):
        return None
    top = relative.parts[0] if relative.parts else ""
    if top in WATCHED_FOLDERS or relative.as_posix() in WATCHED_FILES:
        return relative.as_posix()
    return None


def _poll(root: Path, before: dict[Path, tuple[int, int]], changes: _Changes, stop: threading.Event) -> None:
    while not stop.wait(POLL_INTERVAL):
        now = _snapshot(root)
        for path in before.keys() | now.keys():
            if before.get(path) != now.get(path) and (relative := _watched(root, path)):
                changes.add(relative)
        before = now


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every watched file."""
    files = [root / name for name in WATCHED_FILES]
    for name in WATCHED_FOLDERS:
        for folder, _, names in os.walk(root / name):
            files += [Path(folder) / n for n in names]
    found = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted between listing and stat: absent from this snapshot
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found

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
reload, and reports the diagnostics: in the terminal, and in every open page, over which
reload.js shows them (a `failed` event) until the next good build. While no build has
ever succeeded there is no site to show, and every page is that failure.

An edited briefing is shown at once: its page alone is made (`preview_article`) and served
from memory, and open pages reload; when the whole site has been rebuilt they reload again
and the page served is the built one. Only the ledger's links to other briefings wait for
the rebuild.

Changes to content/, templates/ (assets included) and pyproject.toml are watched with
watchdog when it is installed, else by polling. A watched folder that is created, deleted
and made again, or swapped for another by renaming, is watched afresh.

The preview is for the machine it runs on: it answers only requests addressed to a local
name or an IP address (so a web page cannot read drafts through DNS rebinding), serves at
most MAX_CONNECTIONS connections at once (later ones wait their turn), drops a connection
silent for IDLE_TIMEOUT seconds, answers a path that names no file with the 404 page, and
never prints a traceback: a browser that goes away mid-answer is no event, anything else is
one reported line. A port it cannot listen on is a UsageError, raised before any build.
"""

from __future__ import annotations

import errno
import html
import http.server
import io
import ipaddress
import json
import os
import stat
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefsite.diagnostics import BuildFailed, UsageError
from briefsite.pipeline import BuildOptions, BuildReport, build_site, preview_article

try:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
except ImportError:  # the polling fallback below does the same job, only less promptly
    Observer = None

RELOAD_SCRIPT_URL = "/__briefsite/reload.js"
FAILURE_STYLE_URL = "/__briefsite/failure.css"
EVENTS_URL = "/__briefsite/events"
FAILURE_ID = "briefsite-failure"
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_URL}" type="module"></script>'.encode()
RELOAD_SCRIPT = f"""\
// briefsite preview: reload this page once the site has been rebuilt, and show a failed
// build's problems over it until the next good build.
const events = new EventSource("{EVENTS_URL}");
events.addEventListener("reload", () => location.reload());
events.addEventListener("failed", (event) => show(JSON.parse(event.data)));

function show(failure) {{
  let box = document.getElementById("{FAILURE_ID}");
  if (!box) {{
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "{FAILURE_STYLE_URL}";
    document.head.append(style);
    box = document.createElement("section");
    box.id = "{FAILURE_ID}";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "{FAILURE_ID}-title");
    document.body.prepend(box);
  }}
  const title = document.createElement("h2");
  title.id = "{FAILURE_ID}-title";
  title.textContent = failure.title;
  const note = document.createElement("p");
  note.textContent = failure.note;
  const lines = document.createElement("pre");
  lines.textContent = failure.lines.join("\\n");
  const hide = document.createElement("button");
  hide.type = "button";
  hide.textContent = "Hide";
  hide.addEventListener("click", () => box.remove());
  box.replaceChildren(title, note, lines, hide);
}}
""".encode()
FAILURE_STYLE = f"""\
/* briefsite preview: a failed build's problems, over the page (reload.js). */
#{FAILURE_ID} {{ position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #fff5f5; color: #3b0a0a; border-bottom: 4px solid #b3261e;
  font: 0.95rem/1.45 system-ui, sans-serif; box-shadow: 0 2px 12px rgb(0 0 0 / 0.3); }}
#{FAILURE_ID} h2 {{ margin: 0 0 0.25rem; font-size: 1.1rem; color: inherit; }}
#{FAILURE_ID} p {{ margin: 0 0 0.5rem; }}
#{FAILURE_ID} pre {{ margin: 0 0 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 0.9rem/1.4 ui-monospace, monospace; color: inherit; background: none; }}
#{FAILURE_ID} button {{ font: inherit; padding: 0.2rem 0.8rem; }}
/* The page shown while there is no site: the box is its content, not over it. */
main > #{FAILURE_ID} {{ position: static; max-height: none; box-shadow: none; }}
""".encode()

DEBOUNCE = 0.1
"""Seconds without further changes before a rebuild starts: an editor's save is a burst."""
POLL_INTERVAL = 0.3
"""Seconds between scans when watchdog is not installed."""
PING_INTERVAL = 15.0
"""Seconds between SSE comment pings, so proxies and browsers keep the stream open."""
IDLE_TIMEOUT = 30.0
"""Seconds a connection may stay silent (or not take what is sent) before it is dropped."""
MAX_CONNECTIONS = 64
"""Connections served at once, each by a thread; an open page's event stream is one."""
MAX_PREVIEWS = 5
"""More briefings changed at once than this (a checkout, a bulk import): wait for the rebuild."""
WATCHED_FOLDERS = ("content", "templates")
WATCHED_FILES = ("pyproject.toml",)
NAME_MAX = 255
"""Bytes in a file name: a longer path segment can name no file."""


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          report: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Build the site, serve it on host:port (0 picks a free port), and rebuild on change.

    Reports `serving http://HOST:PORT/` once listening. Returns when `stop` is set; without
    `stop` it runs until interrupted. A port that cannot be listened on, or an unusable
    output folder, raises UsageError before anything is served; content errors in the first
    build are reported, and the server then waits for a fix like it does after any failed
    rebuild.
    """
    stop = stop or threading.Event()
    root = options.root.resolve()
    out = (options.out or root / "_site").absolute()
    status = _Status()
    previews = _Previews()
    server = _listen(host, port, _handler(out, status, previews), report)
    try:
        first = rebuild(options, report, first=True)
    except BaseException:
        server.server_close()
        raise
    status.built(first, site_changed=False)
    previews.end(first.report.archive if first.report else None)

    changes = _Changes()
    server_thread = threading.Thread(target=server.serve_forever, name="briefsite-http")
    builder = threading.Thread(target=_rebuild_on_change,
                               args=(options, changes, status, previews, report, stop), name="briefsite-rebuild")
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
        status.close()
        server.stopping.set()
        stop_watching()
        server.shutdown()
        server.server_close()
        server_thread.join()
        builder.join()


@dataclass(frozen=True)
class Outcome:
    """What one build came to: its report, or None and the lines that say why it failed."""

    report: BuildReport | None
    problems: tuple[str, ...] = ()
    """A failed build's diagnostics and summary, as reported."""


def rebuild(options: BuildOptions, report: Callable[[str], None], first: bool = False,
            changed: str = "") -> Outcome:
    """Run one build and report its outcome and time.

    The single place a build happens, so a faster (incremental) build can replace
    `build_site` here without touching the server. An unusable output folder on the first
    build raises UsageError; any other failure is reported and returned.
    """
    started = time.perf_counter()
    kept = "waiting for a fix" if first else "still serving the last good site"
    try:
        result = build_site(options)
    except BuildFailed as failed:
        seconds = time.perf_counter() - started
        errors = sum(d.is_error for d in failed.diagnostics)
        what = "build failed" if first else "rebuild failed"
        lines = [str(d) for d in failed.diagnostics]
        lines.append(f"{what} with {errors} error(s) in {seconds:.2f} s{changed}; {kept}")
        for line in lines:
            report(line)
        return Outcome(None, tuple(lines))
    except UsageError:
        if first:
            raise
        return _stopped_by(report, kept)
    except Exception:  # a bug, or the machine (a full disk): the preview goes on and says so
        return _stopped_by(report, kept)
    seconds = time.perf_counter() - started
    for diagnostic in result.diagnostics:
        report(str(diagnostic))
    verb = "built" if first else "rebuilt"
    report(f"{verb} {result.articles} articles, {result.pages} pages in {seconds:.2f} s{changed}")
    return Outcome(result)


def _stopped_by(report: Callable[[str], None], kept: str) -> Outcome:
    """Report the exception being handled in one line, as the outcome of a build."""
    line = f"build stopped by {_one_line(sys.exception())}; {kept}"
    report(line)
    return Outcome(None, (line,))


def _one_line(problem: BaseException) -> str:
    return "".join(traceback.format_exception_only(problem)).strip().replace("\n", " ")


def _rebuild_on_change(options: BuildOptions, changes: _Changes, status: _Status, previews: _Previews,
                       report: Callable[[str], None], stop: threading.Event) -> None:
    # One thread does every rebuild, so they never overlap; changes made during a
    # rebuild are collected meanwhile and trigger exactly one more.
    root = options.root.resolve()
    while paths := changes.take(stop):
        one = min(paths)
        changed = f" ({one} changed)" if len(paths) == 1 else f" ({one} and {len(paths) - 1} more changed)"
        try:
            if previews.show(options, [root / path for path in paths]):
                status.site_changed()
        except Exception as problem:  # the rebuild that follows says what is wrong with the briefing
            report(f"no quick preview of the edit: {_one_line(problem)}")
        outcome = rebuild(options, report, changed=changed)
        shown = previews.end(outcome.report.archive if outcome.report else None)
        status.built(outcome, site_changed=shown or outcome.report is not None)


class _Previews:
    """Pages of edited briefings, served in place of the built ones until the site is rebuilt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._archive = None
        """The last good build's, which a preview links to; None before one."""
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
        """Drop the previews once a build is over (its `archive`, or None when it failed);
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


class _Status:
    """What open pages are told: that what is served changed (reload), or why the last build
    failed (shown until a good one)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.generation = 0
        """Counts announcements; an event stream tells its page of each one after the one it saw."""
        self._site_changed_at = 0
        """The generation at which what is served last changed."""
        self.failure: bytes | None = None
        """JSON of the last build's failure ({title, note, lines}); None after a good build."""
        self.closed = False

    def site_changed(self) -> None:
        with self._condition:
            self._announce(site_changed=True)

    def built(self, outcome: Outcome, site_changed: bool) -> None:
        """Record a build's outcome, and announce it to open pages."""
        with self._condition:
            self.failure = None if outcome.report else _failure_json(outcome.problems)
            self._announce(site_changed)

    def now(self) -> tuple[int, bytes | None]:
        """The generation, and the failure then current."""
        with self._condition:
            return self.generation, self.failure

    def _announce(self, site_changed: bool) -> None:
        self.generation += 1
        if site_changed:
            self._site_changed_at = self.generation
        self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def next_event(self, seen: int, timeout: float) -> tuple[int, bytes | None]:
        """After generation `seen`: the new generation and the event that tells a page of it
        (None after `timeout` with nothing new, or on close)."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.generation != seen, timeout)
            if self.closed or self.generation == seen:
                return seen, None
            if self._site_changed_at > seen:
                return self.generation, b"event: reload\ndata: \n\n"
            return self.generation, _failed_event(self.failure) if self.failure else None


def _failure_json(problems: tuple[str, ...]) -> bytes:
    failure = {"title": "The build failed",
               "note": "Fix the problems below and save: the page reloads by itself.",
               "lines": list(problems)}
    return json.dumps(failure, ensure_ascii=False).encode("utf-8")


def _failed_event(failure: bytes) -> bytes:
    return b"event: failed\ndata: " + failure + b"\n\n"  # JSON has no raw newline: one data line


class _PreviewServer(http.server.ThreadingHTTPServer):
    """One thread a connection, at most MAX_CONNECTIONS at once; errors in one line, not tracebacks."""

    request_queue_size = 128  # connections waiting for a turn wait here, in the kernel

    def __init__(self, address, handler, report: Callable[[str], None]):
        self.report = report
        self.stopping = threading.Event()
        self._turns = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        # At the limit the accepting thread waits for a connection to end, and later ones wait
        # in the listen queue: a flood of connections cannot make a flood of threads.
        while not self._turns.acquire(timeout=0.2):
            if self.stopping.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._turns.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._turns.release()

    def handle_error(self, request, client_address):
        problem = sys.exception()
        if isinstance(problem, (ConnectionError, TimeoutError)):
            return  # the browser went away, or went quiet: nothing the user needs to hear of
        self.report(f"preview: a request from {client_address[0]} failed: {_one_line(problem)}")


def _listen(host: str, port: int, handler, report: Callable[[str], None]) -> _PreviewServer:
    """A server bound to host:port, or a UsageError that says why it cannot be."""
    try:
        return _PreviewServer((host, port), handler, report)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use, perhaps by another preview; "
                             "pass --port with another number, or --port 0 for a free one") from None
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def _handler(out: Path, status: _Status, previews: _Previews) -> type[http.server.SimpleHTTPRequestHandler]:
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
        timeout = IDLE_TIMEOUT

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, *args):
            pass  # one line per request would bury the build reports

        def end_headers(self):
            # Every reload must show the newest build.
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            if not self._addressed_to_this_machine():
                return
            if self.path.split("?", 1)[0] == EVENTS_URL:
                self._stream_events()
            else:
                super().do_GET()

        def do_HEAD(self):
            if self._addressed_to_this_machine():
                super().do_HEAD()

        def _addressed_to_this_machine(self) -> bool:
            # A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and
            # read what this server answers; its requests carry that name as their Host.
            host = self.headers.get("Host", "")
            if _is_local_host(host, self.server.server_address[1]):
                return True
            self.send_error(403, "Not a local address",
                            f"This preview answers only to a local address, such as "
                            f"http://127.0.0.1:{self.server.server_address[1]}/, not to the host {host!r}.")
            return False

        def send_head(self):
            route = self.path.split("?", 1)[0].split("#", 1)[0]
            if route == RELOAD_SCRIPT_URL:
                return self._send_bytes(200, RELOAD_SCRIPT, self.extensions_map[".js"])
            if route == FAILURE_STYLE_URL:
                return self._send_bytes(200, FAILURE_STYLE, self.extensions_map[".css"])
            failure = status.failure
            if failure and not (out / "index.html").is_file():
                return self._send_bytes(503, _no_site_page(failure), self.extensions_map[".html"])
            path = _site_path(out, route)
            if path is None:
                self.send_error(404)
                return None
            if os.path.isdir(path) and not route.endswith("/"):
                return self._redirect(route + "/")
            if route.endswith("/"):
                path = path / "index.html"  # a new briefing's preview has no folder yet
            preview = previews.page(path.relative_to(out).as_posix())
            if preview is not None:
                return self._send_bytes(200, _with_reload_tag(preview), self.extensions_map[".html"])
            try:
                found = open(path, "rb")
            except OSError:
                self.send_error(404)
                return None
            if path.suffix == ".html":
                with found:
                    return self._send_bytes(200, _with_reload_tag(found.read()), self.extensions_map[".html"])
            try:
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Length", str(os.fstat(found.fileno()).st_size))
                self.end_headers()
            except BaseException:
                found.close()
                raise
            return found  # do_GET copies it out and closes it

        def _redirect(self, location: str) -> None:
            query = self.path.partition("?")[2]
            self.send_response(301)
            self.send_header("Location", location + ("?" + query if query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None

        def send_error(self, code, message=None, explain=None):
            try:
                page = (out / "404.html").read_bytes() if code == 404 else None
            except OSError:  # no site yet, or a rebuild replacing it this instant
                page = None
            if page is None:
                return super().send_error(code, message, explain)
            body = self._send_bytes(404, _with_reload_tag(page), self.extensions_map[".html"])
            if self.command != "HEAD":
                self.copyfile(body, self.wfile)

        def _send_bytes(self, status_code: int, content: bytes, content_type: str) -> io.BytesIO:
            self.send_response(status_code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            return io.BytesIO(content)

        def _stream_events(self):
            seen, failure = status.now()  # read before replying: no build after this is missed
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            try:
                if failure:
                    self.wfile.write(_failed_event(failure))
                    self.wfile.flush()
                while not status.closed:
                    seen, event = status.next_event(seen, PING_INTERVAL)
                    if status.closed:
                        break
                    self.wfile.write(event or b": ping\n\n")
                    self.wfile.flush()
            except (ConnectionError, TimeoutError):
                pass  # the page went away; this thread, its only state, ends here

    return PreviewHandler


def _is_local_host(host: str, port: int) -> bool:
    """Whether a request's Host header names this machine and port: localhost (or a name
    under .localhost) or an IP address, the only names a rebinding page cannot use."""
    try:
        parsed = urllib.parse.urlsplit("//" + host)
        name, given_port = parsed.hostname, parsed.port or 80
    except ValueError:
        return False
    if not name or given_port != port:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _site_path(out: Path, route: str) -> Path | None:
    """The path under `out` that a URL path names, or None if it can name no file there: a
    segment that is not UTF-8, holds a NUL or a backslash, is '..' or is longer than a file
    name can be."""
    try:
        decoded = urllib.parse.unquote(route, errors="strict")
    except UnicodeDecodeError:
        return None
    segments = [segment for segment in decoded.split("/") if segment not in ("", ".")]
    for segment in segments:
        if segment == ".." or "\0" in segment or "\\" in segment or len(segment.encode("utf-8")) > NAME_MAX:
            return None
    return out.joinpath(*segments)


def _no_site_page(failure: bytes) -> bytes:
    """The page every address shows while no build has succeeded: the failure, as reload.js
    would show it over a page (it fills the same box when the next build fails)."""
    shown = json.loads(failure)
    lines = html.escape("\n".join(shown["lines"]))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(shown["title"])} · briefsite preview</title>
<link rel="stylesheet" href="{FAILURE_STYLE_URL}">
</head>
<body>
<main>
<h1>briefsite preview</h1>
<p>No build has succeeded yet, so there is no site to show.</p>
<section id="{FAILURE_ID}" role="alert" aria-labelledby="{FAILURE_ID}-title">
<h2 id="{FAILURE_ID}-title">{html.escape(shown["title"])}</h2>
<p>{html.escape(shown["note"])}</p>
<pre>{lines}</pre>
</section>
</main>
{RELOAD_TAG.decode()}
</body>
</html>
""".encode("utf-8")


def _with_reload_tag(html_bytes: bytes) -> bytes:
    at = html_bytes.lower().rfind(b"</body>")
    return html_bytes + RELOAD_TAG if at < 0 else html_bytes[:at] + RELOAD_TAG + html_bytes[at:]


def _watch(root: Path, changes: _Changes, stop: threading.Event) -> Callable[[], None]:
    """Feed changes under root's watched paths into `changes`; return a function that stops it."""
    if Observer is None:
        # The first scan happens now, so a change made as soon as serve() reports is seen.
        poller = threading.Thread(target=_poll, args=(root, _snapshot(root), changes, stop),
                                  name="briefsite-poll")
        poller.start()
        return poller.join
    watcher = _Watcher(root, changes)
    watcher.start()
    return watcher.stop


class _Watcher:
    """watchdog's observer on the project folder (for pyproject.toml, and for the watched
    folders coming and going) and on each watched folder, recursively.

    A watch follows the folder it was set on, not its name: deleted, that folder's watch ends;
    renamed away, its watch goes on reporting the old folder's changes under the name. So when
    a watched name changes in the project folder, the folder now there (if any) gets a watch of
    its own in place of the old one."""

    def __init__(self, root: Path, changes: _Changes) -> None:
        self.root = root
        self.changes = changes
        self.observer = Observer()
        self.handler = self._forwarder()
        self._lock = threading.Lock()
        self._watches: dict[str, tuple[object, tuple[int, int]]] = {}
        """Watched folder name → its watch and the (device, inode) of the folder watched."""

    def start(self) -> None:
        self.observer.schedule(self.handler, str(self.root), recursive=False)
        for name in WATCHED_FOLDERS:
            self._rewatch(name)
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()

    def _forwarder(self) -> FileSystemEventHandler:
        watcher = self

        class Forward(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                # Opening and reading files (the build does) is not a change, and a folder's
                # "modified" only echoes the change to a file inside it.
                if event.is_directory and event.event_type == "modified":
                    return
                if event.event_type in ("created", "modified", "deleted", "moved"):
                    for path in (event.src_path, getattr(event, "dest_path", "")):
                        if path:
                            watcher._changed(Path(os.fsdecode(path)))

        return Forward()

    def _changed(self, path: Path) -> None:
        if path.parent == self.root and path.name in WATCHED_FOLDERS:
            self._rewatch(path.name)  # before the rebuild is asked for: it misses nothing after
        if relative := _watched(self.root, path):
            self.changes.add(relative)

    def _rewatch(self, name: str) -> None:
        """Watch the folder now at root/name, unless it is the one watched already."""
        with self._lock:
            folder = self.root / name
            now = _identity(folder)
            watch, watched = self._watches.pop(name, (None, None))
            if watch is not None and now == watched:
                self._watches[name] = (watch, watched)
                return
            if watch is not None:
                try:
                    self.observer.unschedule(watch)
                except KeyError:
                    pass  # unscheduled already, as the observer stopped
            if now is not None:
                try:
                    self._watches[name] = (self.observer.schedule(self.handler, str(folder), recursive=True), now)
                except OSError:
                    pass  # gone again at once: its name's next change watches what comes


def _identity(folder: Path) -> tuple[int, int] | None:
    """The (device, inode) of the folder at `folder`, or None if there is none."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None


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


def _poll(root: Path, before: dict[Path, tuple[int, int, int]], changes: _Changes, stop: threading.Event) -> None:
    while not stop.wait(POLL_INTERVAL):
        now = _snapshot(root)
        for path in before.keys() | now.keys():
            if before.get(path) != now.get(path) and (relative := _watched(root, path)):
                changes.add(relative)
        before = now


def _snapshot(root: Path) -> dict[Path, tuple[int, int, int]]:
    """Inode, modification time and size of every watched file: a file swapped for a copy
    with the same time and size is another inode."""
    files = [root / name for name in WATCHED_FILES]
    for name in WATCHED_FOLDERS:
        for folder, _, names in os.walk(root / name):
            files += [Path(folder) / n for n in names]
    found = {}
    for path in files:
        try:
            seen = path.stat()
        except OSError:
            continue  # deleted between listing and stat: absent from this snapshot
        found[path] = (seen.st_ino, seen.st_mtime_ns, seen.st_size)
    return found

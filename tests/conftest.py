"""Shared fixtures: throw-away projects, the real archive built once, a server that
serves a built site under a sub-path (as GitHub Pages does at /REPO/), and Chromium."""

from __future__ import annotations

import functools
import json
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SUBPATH = "/briefsite/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def pytest_sessionfinish(session, exitstatus):
    # A run that collected no tests must not pass as green.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def run_build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py` of this repository on the project at `root`."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=root)


class Project:
    """A throw-away briefsite project: the repository's templates and config, given articles."""

    def __init__(self, root: Path):
        self.root = root
        self.articles = root / "content" / "articles"
        self.articles.mkdir(parents=True)
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")

    def add(self, name: str, text: str | bytes) -> Path:
        path = self.articles / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def registry(self, text: str) -> None:
        """Write content/actors.yaml."""
        (self.root / "content" / "actors.yaml").write_text(text, encoding="utf-8")

    def build(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return run_build(self.root, *args, env=env)

    @property
    def site(self) -> Path:
        return self.root / "_site"


def article(title="A briefing", date="2026-03-02", body="Some text.", summary="A summary.", **fields) -> str:
    """Markdown text of a briefing with these front-matter fields (None leaves a field out)."""
    front = {"title": title, "date": date, "summary": summary, **fields}
    # JSON is valid YAML, and quotes every string exactly.
    lines = [f"{key}: {json.dumps(value)}" for key, value in front.items() if value is not None]
    return "\n".join(["---", *lines, "---", "", body, ""])


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own archive, built once, as `python build.py` builds it."""
    out = tmp_path_factory.mktemp("real") / "_site"
    result = run_build(REPO, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under SUBPATH; anything else is 404, like a project site."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "__outside_subpath__")
        return super().translate_path("/" + path[len(SUBPATH):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().send_error(code, message, explain)


def serve(directory: Path):
    handler = functools.partial(SubPathHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """URL of the real archive served under a sub-path."""
    server, url = serve(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors and requests to other hosts."""
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("response", lambda res: res.status >= 400 and not res.url.endswith("/no/such/page/")
            and page.console_errors.append(f"HTTP {res.status} for {res.url}"))
    page.on("request", lambda req: not req.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            and page.foreign_requests.append(req.url))
    yield page
    context.close()

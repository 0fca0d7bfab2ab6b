"""The preview answers what a browser, a broken client or another web page sends it: bad
paths get the 404 page, a client that goes away or stays silent costs nothing and prints
nothing, connections are limited, only local addresses are answered, and a port in use is
one line before any build. A real server on a free port, real sockets."""

from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from briefsite import serve as serve_module
from conftest import REPO, article
from previewing import RELOAD_TAG, WAIT, Preview, wait_for


@pytest.fixture
def preview(project):
    project.add("a.md", article(title="Old title"))
    running = Preview(project.root)
    yield running
    running.close()


def _address(preview: Preview) -> tuple[str, int]:
    parts = urlsplit(preview.url)
    return parts.hostname, parts.port


def _request(preview: Preview, path: str, host: str | None = None) -> tuple[int, str]:
    """Status and text of GET `path`, sent as it is (not quoted), with `host` as the Host header."""
    address, port = _address(preview)
    connection = http.client.HTTPConnection(address, port, timeout=WAIT)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"{address}:{port}")
        connection.endheaders()
        response = connection.getresponse()
        if response.getheader("Content-Type") == "text/event-stream":
            return response.status, ""  # a stream that ends only with the page
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _closed_by_the_server(connection: socket.socket) -> bool:
    connection.setblocking(False)
    try:
        return connection.recv(1) == b""
    except BlockingIOError:
        return False


def _finished(preview: Preview) -> None:
    """Wait until the server has done with every connection made to it."""
    wait_for(lambda: not preview.request_threads() or None)


# --- Paths that can name no file -------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/%00",                         # a NUL byte
    "/" + "a" * 300 + "/",          # a segment longer than a file name can be
    "/%ED%A0%80",                   # a lone surrogate, encoded
    "/%FF",                         # not UTF-8
    "/articles/%2e%2e/%2e%2e/pyproject.toml",  # out of the site
], ids=["nul", "long segment", "lone surrogate", "not utf-8", "dot-dot"])
def test_a_path_that_can_name_no_file_gets_the_404_page_and_prints_nothing(preview, path, capfd):
    status, text = _request(preview, path)
    assert status == 404
    assert "Page not found" in text and RELOAD_TAG in text
    _finished(preview)
    assert capfd.readouterr().err == ""
    assert not [line for line in preview.lines if "request" in line]


# --- Clients that go away or say nothing -----------------------------------------------------

def test_a_request_cancelled_mid_answer_prints_nothing(preview, project, capfd):
    (project.site / "big.bin").write_bytes(bytes(32 << 20))  # more than the sockets hold
    address, port = _address(preview)
    with socket.create_connection((address, port), timeout=WAIT) as client:
        client.sendall(f"GET /big.bin HTTP/1.0\r\nHost: {address}:{port}\r\n\r\n".encode())
        assert client.recv(4096).startswith(b"HTTP/1.0 200")
        # Closed at once, unread data and all: the server's next write fails, as when a reader
        # clicks away while a page loads.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    _finished(preview)
    assert capfd.readouterr().err == ""
    assert not [line for line in preview.lines if "request" in line]


def test_a_silent_connection_is_dropped_after_the_idle_timeout(project, monkeypatch):
    monkeypatch.setattr(serve_module, "IDLE_TIMEOUT", 0.5)
    project.add("a.md", article())
    running = Preview(project.root)
    try:
        with socket.create_connection(_address(running), timeout=WAIT) as silent:
            assert silent.recv(1) == b""  # closed by the server, long before WAIT
    finally:
        running.close()


def test_connections_beyond_the_limit_wait_until_one_ends(project, monkeypatch):
    monkeypatch.setattr(serve_module, "MAX_CONNECTIONS", 2)
    monkeypatch.setattr(serve_module, "IDLE_TIMEOUT", 1.0)
    project.add("a.md", article(title="Old title"))
    running = Preview(project.root)
    try:
        silent = [socket.create_connection(_address(running), timeout=WAIT) for _ in range(2)]
        wait_for(lambda: len(running.request_threads()) == 2 or None)
        status, _, html = running.get("articles/a/")
        assert status == 200 and "Old title" in html
        # Answered in its turn: once the server had dropped a silent connection, not beside them.
        assert any(_closed_by_the_server(connection) for connection in silent)
        for connection in silent:
            connection.close()
    finally:
        running.close()


# --- Who may ask --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/articles/a/", "/__briefsite/events"])
def test_a_request_addressed_to_another_host_name_is_refused(preview, path):
    # What a page on rebound.example sends once its name points at 127.0.0.1 (DNS rebinding).
    status, text = _request(preview, path, host=f"rebound.example:{_address(preview)[1]}")
    assert status == 403
    assert "Old title" not in text


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "preview.localhost"])
def test_requests_addressed_to_a_local_name_or_address_are_answered(preview, name):
    status, text = _request(preview, "/articles/a/", host=f"{name}:{_address(preview)[1]}")
    assert status == 200 and "Old title" in text


# --- The port ----------------------------------------------------------------------------------

def test_a_port_in_use_is_refused_in_one_line_before_any_build(project):
    project.add("a.md", article())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "--serve",
                                 "--port", str(port)], capture_output=True, text=True, timeout=WAIT * 3)
    assert result.returncode != 0
    assert result.stderr == (f"briefsite: error: port {port} on 127.0.0.1 is in use, perhaps by another preview; "
                             "pass --port with another number, or --port 0 for a free one\n")
    assert not project.site.exists()

"""A preview server (`serve()`) running in a thread on a throw-away project, for the tests."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import Message
from pathlib import Path

import pytest

from briefsite.pipeline import BuildOptions
from briefsite.serve import serve

RELOAD_TAG = '<script src="/__briefsite/reload.js" type="module"></script>'
WAIT = 20.0
"""Seconds to wait for what should happen at once; only a hang takes longer."""


class Preview:
    """`serve()` running in a thread on the project, and what it reported."""

    def __init__(self, root: Path):
        self.root = root
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.threads_before = set(threading.enumerate())
        self.thread = threading.Thread(target=serve, args=(BuildOptions(root=root),),
                                       kwargs={"port": 0, "report": self.lines.append, "stop": self.stop})
        self.thread.start()
        serving = wait_for(lambda: next((l for l in self.lines if l.startswith("serving ")), None))
        self.url = serving.removeprefix("serving ")

    def get(self, path: str) -> tuple[int, Message, str]:
        """Status, headers (any case) and text of GET `path` (which has no leading slash)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=WAIT) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as failed:
            with failed:
                return failed.code, failed.headers, failed.read().decode("utf-8", "replace")

    def wait_for_line(self, text: str) -> str:
        return wait_for(lambda: next((l for l in self.lines if text in l), None))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "serve() did not return after stop was set"
        # Every thread serve() started (HTTP, rebuilds, watching, event streams) has ended.
        wait_for(lambda: not self.threads_started() or None, timeout=5)

    def threads_started(self) -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t not in self.threads_before and t.is_alive()]

    def request_threads(self) -> list[threading.Thread]:
        return [t for t in self.threads_started() if "process_request" in t.name]


def wait_for(check: Callable[[], object], timeout: float = WAIT):
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    pytest.fail(f"gave up after {timeout} s waiting for {check}")

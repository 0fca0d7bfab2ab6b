"""Run `python build.py ARGS...` with one or more stages of the build held up, so that a test can
act while a build is under way (start a second build, kill it, time it):

    python held_build.py [--hold STAGE=GATE ...] -- ARGS...

STAGE is `parse` (each parse-and-tag worker process), `pagefind` (each Pagefind run) or
`archive-pages` (rendering the pages made from the whole archive). GATE is a number of seconds
to wait, or a file: the held stage creates GATE.started, then waits until GATE exists.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def wait_at(gate: str) -> None:
    """Hold here as `gate` says: sleep that many seconds, or wait for that file to exist."""
    try:
        time.sleep(float(gate))
        return
    except ValueError:
        pass
    Path(f"{gate}.started").touch()
    while not os.path.exists(gate):
        time.sleep(0.02)


def _hold_parse(gate: str) -> None:
    from briefsite import pipeline

    global _parse_gate, _analyse_chunk
    _parse_gate, _analyse_chunk = gate, pipeline._analyse_chunk
    pipeline._analyse_chunk = _held_analyse_chunk


def _held_analyse_chunk(*args):
    # At module level, so that the pool can send it to its (forked) workers by name.
    wait_at(_parse_gate)
    return _analyse_chunk(*args)


def _hold_pagefind(gate: str) -> None:
    import pagefind_bin

    real = pagefind_bin.get_executable()
    try:
        float(gate)
        wait = f"sleep {gate}"
        folder = tempfile.mkdtemp(prefix="held-pagefind-")
        atexit.register(shutil.rmtree, folder, True)
        script = Path(folder, "pagefind")
    except ValueError:
        wait = f"touch '{gate}.started'; while [ ! -e '{gate}' ]; do sleep 0.02; done"
        script = Path(f"{gate}.pagefind")  # beside the gate: the test's own folder
    script.write_text(f'#!/bin/sh\n[ "$1" = "--version" ] || {{ {wait}; }}\nexec \'{real}\' "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    pagefind_bin.get_executable = lambda: script


def _hold_archive_pages(gate: str) -> None:
    from briefsite.render import Renderer

    archive_pages = Renderer.archive_pages

    def held(self, *args, **kwargs):
        wait_at(gate)
        yield from archive_pages(self, *args, **kwargs)

    Renderer.archive_pages = held


HOLDS = {"parse": _hold_parse, "pagefind": _hold_pagefind, "archive-pages": _hold_archive_pages}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", action="append", default=[], metavar="STAGE=GATE")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    for hold in options.hold:
        stage, _, gate = hold.partition("=")
        HOLDS[stage](gate)
    from briefsite.cli import main

    sys.exit(main([a for a in options.args if a != "--"]))

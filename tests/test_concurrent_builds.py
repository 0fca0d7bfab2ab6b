"""Builds that meet: a second build into the same folder, a build killed half-way, two live
previews of one project. Real processes, held mid-build (held_build.py) where a test must act
at a given moment; nothing is lost, nothing is left running, no traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, article

HELD_BUILD = Path(__file__).with_name("held_build.py")
WAIT = 60.0  # seconds: far more than any step takes; only a hang reaches it


def start_held_build(project, gate: Path, stage: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """Start a build of `project` that stops at `stage` until `gate` exists; return once it has
    got there. It runs in a session of its own, so that its processes can be found, and writes
    to `gate`.log (a pipe would stay open as long as any process it started)."""
    with open(f"{gate}.log", "w") as log:
        build = subprocess.Popen([sys.executable, str(HELD_BUILD), "--hold", f"{stage}={gate}", "--",
                                  "--root", str(project.root), *args],
                                 cwd=project.root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                 env={**os.environ, **(env or {})})
    started = Path(f"{gate}.started")
    wait_until(lambda: started.exists() or build.poll() is not None, f"the build to reach {stage}")
    assert build.poll() is None, Path(f"{gate}.log").read_text()
    return build


def wait_until(check, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.02)


def live_processes_of_session(session: int) -> list[str]:
    """The processes still running in `session` (zombies, already dead, are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(stat[:stat.rindex(")") + 1])
    return found


def kill_and_wait_for_its_processes(build: subprocess.Popen) -> None:
    """kill -9 the build, as an out-of-memory killer or a closed terminal would, and wait for
    every process it started to end."""
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    try:
        wait_until(lambda: not live_processes_of_session(build.pid), "the killed build's processes to end")
    finally:
        for line in live_processes_of_session(build.pid):  # leave no stray process to the other tests
            os.kill(int(line.split()[0]), signal.SIGKILL)


def many_articles(project, count: int = 50) -> None:
    """Enough briefings for the build to parse and tag them in worker processes."""
    for number in range(count):
        project.add(f"a{number:02d}.md", article(title=f"Briefing {number}", body=f"Text {number} on the border."))


def test_a_second_build_into_the_same_folder_stops_at_once_and_names_the_first(project, tmp_path):
    project.add("a.md", article(title="First edition"))
    assert project.build().returncode == 0
    project.add("a.md", article(title="Second edition"))
    gate = tmp_path / "go"
    first = start_held_build(project, gate, "pagefind")
    try:
        second = project.build()
    finally:
        gate.touch()
        first.wait(WAIT)
    assert second.returncode == 1
    assert f"_site: error: another build is running (pid {first.pid}) into this folder; wait for it to end, " \
           "then build again" in second.stderr.splitlines()
    assert "Traceback" not in second.stderr
    assert first.returncode == 0, Path(f"{gate}.log").read_text()
    assert "Second edition" in (project.site / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in project.root.iterdir()) == [".briefsite-cache", "_site", "content", "pyproject.toml",
                                                             "templates"]


def test_a_killed_build_leaves_no_process_and_the_next_build_succeeds_at_once(project, tmp_path):
    project.add("a.md", article(title="First edition"))
    assert project.build().returncode == 0
    project.add("a.md", article(title="Second edition"))
    build = start_held_build(project, tmp_path / "never", "pagefind")
    kill_and_wait_for_its_processes(build)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Second edition" in (project.site / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in project.site.rglob("*") if "pagefind-work-" in p.name]
    assert not list(project.root.glob(".briefsite-work-*"))


def test_parse_workers_end_with_a_killed_build(project, tmp_path):
    many_articles(project)
    build = start_held_build(project, tmp_path / "never", "parse", env={"BRIEFSITE_WORKERS": "2"})
    kill_and_wait_for_its_processes(build)
    assert project.build().returncode == 0


def test_a_lock_left_by_a_killed_build_does_not_block_the_next(project, tmp_path):
    project.add("a.md", article())
    build = start_held_build(project, tmp_path / "never", "pagefind", env={"BRIEFSITE_WORKERS": "1"})
    assert (project.root / ".briefsite-work-_site" / "lock").exists()
    kill_and_wait_for_its_processes(build)
    result = project.build()
    assert result.returncode == 0, result.stderr


class LivePreview:
    """`python build.py --serve` in a process of its own, and the lines it printed."""

    def __init__(self, project):
        self.process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root),
                                         "--serve", "--port", "0"], cwd=project.root, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def url(self) -> str:
        return next(line.split()[1] for line in self.lines if line.startswith("serving "))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(WAIT)


def test_two_live_previews_of_one_project_take_turns_to_rebuild(project):
    project.add("a.md", article(title="Edition 0"))
    previews = [LivePreview(project), LivePreview(project)]
    try:
        wait_until(lambda: all(p.count("serving ") for p in previews), "both previews to serve")
        for edition in (1, 2):
            rebuilt = [preview.count("rebuilt ") for preview in previews]
            project.add("a.md", article(title=f"Edition {edition}"))
            wait_until(lambda: all(p.count("rebuilt ") > before for p, before in zip(previews, rebuilt)),
                       "both previews to rebuild")
        for preview in previews:  # the home page, which only a build makes
            wait_until(lambda: "Edition 2" in urllib.request.urlopen(preview.url(), timeout=WAIT).read().decode(),
                       "the last edition on the home page")
    finally:
        for preview in previews:
            preview.stop()
    for preview in previews:
        assert not [line for line in preview.lines if re.search(r"failed|stopped by|Traceback", line)], preview.lines


def test_a_site_a_killed_build_left_half_published_is_put_back(project):
    project.add("a.md", article(title="First edition"))
    assert project.build().returncode == 0
    before = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    # What a build killed between its two renames leaves: the old site moved aside, no new one.
    work = project.root / ".briefsite-work-_site"
    work.mkdir()
    project.site.rename(work / "old-4242-0")
    project.add("b.md", "---\ntitle: [broken\n---\n")
    assert project.build().returncode == 1
    assert {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*") if p.is_file()} == before

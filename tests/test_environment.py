"""A machine that gets in the way: a full disk, a read-only or mounted output folder, an output
folder that is a symbolic link. Each gets a clear `path: error: message` saying what to do,
exit status 1 and no traceback, and loses nothing: the previous site, and the briefings, stay
as they were. Full and read-only disks are real file systems (tmpfs), mounted for the test."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, article


@contextmanager
def mounted_disk(folder: Path, size: str = "16m"):
    """A small file system of its own at `folder` (made if missing), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not let the tests mount a file system ({mounted.stderr.strip()}); "
                    "they need root and mount rights")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Fill the file system at `disk` to the last byte with a hidden file; return it."""
    filler = disk / ".filler"
    with open(filler, "wb", buffering=0) as file:
        block = b"\0" * 4096
        try:
            while True:
                file.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def briefsite(project, *args: str) -> subprocess.CompletedProcess:
    """`python build.py COMMAND ...` (this repository's code) on the project."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=project.root,
                          capture_output=True, text=True)


def test_a_full_disk_fails_the_build_with_advice_and_keeps_the_previous_site(project, tmp_path):
    with mounted_disk(tmp_path / "disk") as disk:
        out = disk / "_site"
        project.add("a.md", article(title="First"))
        assert project.build("--out", str(out)).returncode == 0
        before = tree(out)
        fill(disk)
        project.add("b.md", article(title="Second"))
        result = project.build("--out", str(out))
        assert result.returncode == 1
        [problem] = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert problem.startswith(f"{out}: error: cannot write {out}")
        assert problem.endswith(": the disk is full; free some space, then build again")
        assert "Traceback" not in result.stderr
        assert tree(out) == before
        assert sorted(os.listdir(disk)) == [".filler", "_site"]


def test_a_read_only_output_fails_the_build_with_advice_and_keeps_the_previous_site(project, tmp_path):
    with mounted_disk(tmp_path / "disk") as disk:
        out = disk / "_site"
        project.add("a.md", article(title="First"))
        assert project.build("--out", str(out)).returncode == 0
        before = tree(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        project.add("b.md", article(title="Second"))
        result = project.build("--out", str(out))
        assert result.returncode == 1
        [problem] = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert problem == (f"{out}: error: cannot write {disk}: the file system is read-only; build into a writable "
                           "folder with --out")
        assert "Traceback" not in result.stderr
        assert tree(out) == before


def test_a_mounted_output_folder_is_refused_with_advice(project):
    project.add("a.md", article())
    with mounted_disk(project.site):
        result = project.build()
        assert result.returncode == 1
        assert ("_site: error: cannot build into _site: it is a mount point, and a build swaps a whole new folder "
                "in for its output; mount the folder above it instead, or build elsewhere with --out and copy "
                "the files in") in result.stderr.splitlines()
        assert "Traceback" not in result.stderr
        assert os.listdir(project.site) == []


def test_an_output_folder_that_is_a_symbolic_link_is_published_through_and_stays_a_link(project, tmp_path):
    deployed = tmp_path / "www" / "site"
    deployed.mkdir(parents=True)
    project.site.symlink_to(deployed, target_is_directory=True)
    project.add("a.md", article(title="First"))
    assert project.build().returncode == 0
    project.add("b.md", article(title="Second"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert project.site.is_symlink() and project.site.resolve() == deployed
    assert "Second" in (deployed / "articles" / "b" / "index.html").read_text(encoding="utf-8")


def test_new_on_a_full_disk_writes_nothing_and_says_why(project):
    with mounted_disk(project.articles, size="1m"):
        filler = fill(project.articles)
        result = briefsite(project, "new", "The headline", "--root", str(project.root))
        assert result.returncode == 1
        assert ("content/articles/the-headline.md: error: cannot write the briefing: No space left on device; "
                "free some space and try again (nothing was written)") in result.stderr.splitlines()
        assert "Traceback" not in result.stderr
        assert os.listdir(project.articles) == [".filler"]
        filler.unlink()
        assert briefsite(project, "new", "The headline", "--root", str(project.root)).returncode == 0
        assert "draft: true" in (project.articles / "the-headline.md").read_text(encoding="utf-8")


def test_import_on_a_full_disk_writes_nothing_and_says_why(project, tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text("Cartels and courts\n\nBy Ana Ruiz\n\nMexico extradited 29 cartel members on Tuesday.\n")
    with mounted_disk(project.articles, size="1m"):
        filler = fill(project.articles)
        result = briefsite(project, "import", str(page), "--out", str(project.articles))
        assert result.returncode == 1
        assert "error: cannot write the briefing: No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
        assert os.listdir(project.articles) == [".filler"]
        filler.unlink()
        assert briefsite(project, "import", str(page), "--out", str(project.articles)).returncode == 0

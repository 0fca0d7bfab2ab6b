"""Write: put the rendered pages into a staging folder, then swap it in for the old site.

In: `Page`s (and cached files, linked rather than copied) and the output path. Out: the new
site at the output path, replaced whole, after every stage has succeeded, so a failed build
leaves the previous site exactly as it was. An output folder that briefsite did not make, or
one that holds the project, is never replaced. A symbolic link as the output folder is
published through: the folder it points to is replaced, and the link stays.

Builds into one folder never meet. Beside the output, on its file system (so the final swap
is a rename), is its work folder, `.briefsite-work-<name>/`. A build holds the lock on the
`lock` file in it (`claim_output`) from start to end; a second build stops at once, naming the
first (`OutputBusy`), or waits its turn. The system drops the lock when its holder ends,
however it ends, so a killed build never blocks the next one; and what a killed build left in
the work folder is removed by the next build to hold the lock, before it stages anything.

Files editors' commands write (`write_whole_file`) are written to a temporary file and
renamed, so a full disk never leaves an empty or partial briefing behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from briefsite.diagnostics import UsageError
from briefsite.records import CachedFile, DataFile, Page

MARKER = ".briefsite-output"
MARKER_TEXT = "This folder is made by briefsite and replaced whole on every build.\n"
WORK_PREFIX = ".briefsite-work-"
LOCK = "lock"


class OutputBusy(Exception):
    """Another build holds the output folder."""

    def __init__(self, pid: int | None):
        running = f"another build is running (pid {pid})" if pid else "another build is running"
        super().__init__(f"{running} into this folder; wait for it to end, then build again")
        self.pid = pid


class OutputUnusable(Exception):
    """The output folder cannot be replaced, for a reason the editor can fix (the message)."""


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something not ours."""
    out, root = out.resolve(), root.resolve()
    protected = {root, root / "content", root / "templates", root / "src", root / "tests",
                 Path.home().resolve(), Path(out.anchor)}
    if out in protected or out == root.parent or out in root.parents:
        raise UsageError(f"refusing to build into {out}: it is or contains the project, its content or "
                         "your home folder; choose an empty folder such as _site")
    if root / "content" in out.parents or root / "templates" in out.parents:
        raise UsageError(f"refusing to build into {out}: it is inside the project's content or templates")
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"refusing to build into {out}: it is a file, not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(f"refusing to replace {out}: it was not made by briefsite (it has no {MARKER} "
                             "file); choose another --out, or empty the folder yourself")


def output_folder(out: Path) -> Path:
    """The folder a build into `out` replaces: `out`, or the folder it links to."""
    try:
        return out.resolve() if out.is_symlink() else out
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise UsageError(f"{out} is a symbolic link that leads nowhere ({exc}); remove it or point it at a folder")


@contextmanager
def claim_output(out: Path, wait: bool = False) -> Iterator[Path]:
    """Hold the lock on building into `out` for the `with` block, and give its work folder,
    emptied of what killed builds left. Raise OutputBusy when another build holds it (with
    `wait`, wait for it instead), OutputUnusable when `out` cannot be replaced."""
    if os.path.ismount(out):
        raise OutputUnusable("it is a mount point, and a build swaps a whole new folder in for its output; "
                             "mount the folder above it instead, or build elsewhere with --out and copy the "
                             "files in")
    work = out.parent / f"{WORK_PREFIX}{out.name}"
    lock = _lock(work, wait)
    try:
        _remove_leftovers(work, out)
        yield work
    finally:
        _unlock(lock, work)


def _lock(work: Path, wait: bool) -> int:
    path = work / LOCK
    while True:
        work.mkdir(parents=True, exist_ok=True)
        try:
            lock = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            continue  # the build that held it removed the work folder just now
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _same_file(lock, path):
                _write_pid(lock)
                return lock
            # The build we waited for removed this lock file as it ended: take the new one.
        except BlockingIOError:
            holder = _holder(lock)
            os.close(lock)
            raise OutputBusy(holder) from None
        except BaseException:
            os.close(lock)
            raise
        os.close(lock)


def _same_file(lock: int, path: Path) -> bool:
    try:
        on_disk, held = path.stat(), os.fstat(lock)
    except FileNotFoundError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _write_pid(lock: int) -> None:
    # For the message another build gives; on a full disk it goes without.
    try:
        os.ftruncate(lock, 0)
        os.write(lock, f"{os.getpid()}\n".encode("ascii"))
    except OSError:
        pass


def _holder(lock: int) -> int | None:
    text = os.pread(lock, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _unlock(lock: int, work: Path) -> None:
    # Removed while still held, so a build waiting on this file sees it is stale; the work folder
    # goes too when nothing else is left in it.
    try:
        os.unlink(work / LOCK)
        work.rmdir()
    except OSError:
        pass
    fcntl.flock(lock, fcntl.LOCK_UN)
    os.close(lock)


def _remove_leftovers(work: Path, out: Path) -> None:
    """Remove the staging and old folders of builds that were killed (no other build is running:
    we hold the lock), but first put back the site of one killed between its two renames. What
    cannot be removed is left; every build stages in a new folder."""
    for entry in sorted(work.iterdir()):
        if entry.name == LOCK:
            continue
        if entry.name.startswith("old-") and not os.path.lexists(out):
            os.replace(entry, out)
        elif entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def staging_folder(work: Path) -> Path:
    """A new, empty folder in the work folder, for this build's site."""
    attempt = 0
    while True:
        staging = work / f"staging-{os.getpid()}-{attempt}"
        try:
            staging.mkdir()
            return staging
        except FileExistsError:  # a leftover that could not be removed
            attempt += 1


def published_path(path: Path, out: Path) -> Path:
    """For messages: `path`, if it is in a staging folder for `out`, as the file of `out` it would
    have become; the work folder as the folder it is in; else `path`."""
    work = out.parent / f"{WORK_PREFIX}{out.name}"
    if path in (work, work / LOCK):
        return out.parent
    if work not in path.parents:
        return path
    return out.joinpath(*path.relative_to(work).parts[1:])


def make_folders(staging: Path, folders: list[str]) -> threading.Thread:
    """Start making `folders` (site-relative) in `staging` on a thread of its own, and return
    it: making a folder is a system call during which other threads run, and the article
    folders take over a second to make at 10,000 briefings. `write_pages` makes any folder
    still missing, and reports what fails."""

    targets = [str(_target(staging, folder)) for folder in folders]

    def make() -> None:
        for target in targets:
            try:
                os.makedirs(target, exist_ok=True)
            except OSError:
                pass

    thread = threading.Thread(target=make, name="make-folders", daemon=True)
    thread.start()
    return thread


def write_pages(staging: Path, pages: Iterable[Page | CachedFile | DataFile]) -> int:
    """Write `pages` into `staging` as they come; return how many there were."""
    folders: set[Path] = set()
    count = 0
    for page in pages:
        target = _target(staging, page.path)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if isinstance(page, DataFile):
            with target.open("wb") as out:
                out.writelines(page.chunks)
        elif isinstance(page, CachedFile):
            try:
                os.link(page.source, target)
            except OSError:  # another file system, or one without hard links
                shutil.copyfile(page.source, target)
        else:
            target.write_bytes(page.content)
        count += 1
    return count


def _target(staging: Path, path: str) -> Path:
    parts = PurePosixPath(path).parts
    # Paths come from validated slugs; checked again so that none can leave the folder.
    if not parts or path.startswith("/") or any(part in ("..", ".") for part in parts):
        raise ValueError(f"page path escapes the output folder: {path!r}")
    return staging.joinpath(*parts)


def write_site_marks(staging: Path) -> None:
    """Write the files that mark `staging` as a site briefsite made."""
    # GitHub Pages would otherwise run Jekyll, which hides folders starting with '_'.
    (staging / ".nojekyll").write_bytes(b"")
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def publish(staging: Path, out: Path) -> None:
    """Replace `out` with `staging`: two renames, then the old site is deleted. Should the second
    rename fail, the old site is put back."""
    old = staging.with_name(staging.name.replace("staging-", "old-", 1))
    had_site = out.exists()
    if had_site:
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if had_site:
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)


def write_whole_file(path: Path, text: str, overwrite: bool = False) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all: into a temporary file beside it, then
    renamed into place. Without `overwrite`, raise FileExistsError rather than replace a file;
    any OSError names `path`."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # hidden: the build skips it
    try:
        with open(temporary, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())  # a full disk can fail only here, with delayed allocation
        if overwrite:
            os.replace(temporary, path)
        else:
            _rename_without_replacing(temporary, path)
    except OSError as exc:  # named after the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        temporary.unlink(missing_ok=True)


def _rename_without_replacing(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # fails if `target` exists, atomically
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        # A file system without hard links: check, then rename (a race with another writer is
        # as unlikely as it is harmless here, one editor's command against another's).
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(source, target)

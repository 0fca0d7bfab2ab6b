"""Write: put the rendered pages into a staging folder, then swap it in for the old site.

In: `Page`s (and cached files, linked rather than copied), the assets folder and the output
path. The output is only ever replaced whole, after every stage has succeeded, so a failed
build leaves the previous site exactly as it was. An output folder that briefsite did not
make, or one that holds the project, is never replaced.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from briefsite.diagnostics import UsageError
from briefsite.records import CachedFile, DataFile, Page

MARKER = ".briefsite-output"
MARKER_TEXT = "This folder is made by briefsite and replaced whole on every build.\n"


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


def staging_folder(out: Path) -> Path:
    """A fresh, empty folder beside `out` (same file system, so the final swap is a rename)."""
    staging = out.parent / f".briefsite-staging-{out.name}"
    if staging.exists():
        shutil.rmtree(staging)  # left behind by a build that was killed
    staging.mkdir(parents=True)
    return staging


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


def write_assets(staging: Path, assets: Path) -> None:
    """Copy the site's assets into `staging`, with the files that mark it as a site."""
    if assets.is_dir():
        shutil.copytree(assets, staging / "assets", dirs_exist_ok=True)
    # GitHub Pages would otherwise run Jekyll, which hides folders starting with '_'.
    (staging / ".nojekyll").write_bytes(b"")
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def publish(staging: Path, out: Path) -> None:
    """Replace `out` with `staging`: two renames, then the old site is deleted."""
    old = out.parent / f".briefsite-old-{out.name}"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)

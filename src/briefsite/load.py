"""Load: read the content folder into decoded source files, and the site's assets.

In: the project root. Out: one `SourceFile` per markdown article, in path order, plus
diagnostics for files that cannot be read as text. A UTF-8 BOM and CRLF line endings
are normalised away here so no later stage sees them. And the files of `templates/assets/`,
as the pages they become in the site.

Only the project's own files are read: a symbolic link that leads out of the project is
refused (it would publish whatever it points to), and so is anything but a regular file
(reading a named pipe would wait forever). A file name that is not UTF-8 is reported with
its bytes escaped, since it can be neither shown nor published as it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.records import Page, SourceFile

ARTICLES_DIR = PurePosixPath("content/articles")
ASSETS_DIR = PurePosixPath("templates/assets")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Files editors' tools leave beside content; not worth a warning.
IGNORED_NAMES = (".DS_Store", "Thumbs.db", ".gitkeep")


def load_articles(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Read every markdown file under `content/articles/` of `root`."""
    folder = root / ARTICLES_DIR
    diagnostics: list[Diagnostic] = []
    sources: list[SourceFile] = []
    if not folder.is_dir():
        return [], [error(ARTICLES_DIR, 0, "no articles folder; create it and put briefings (*.md) in it")]
    for path in sorted(_walk(folder)):
        rel = PurePosixPath(path.relative_to(root).as_posix())
        if path.name in IGNORED_NAMES or path.name.startswith("."):
            continue
        problem = _unreadable_name(rel) or _link_out_of(root, path, rel, "content/")
        if problem:
            diagnostics.append(problem)
            continue
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            diagnostics.append(warning(rel, 0, "not a markdown file (expected .md); skipped"))
            continue
        source, problem = _read(path, rel)
        if problem:
            diagnostics.append(problem)
        else:
            sources.append(source)
    return sources, diagnostics


def load_article(root: Path, path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read the one briefing at `path` (under `content/articles/` of `root`)."""
    rel = PurePosixPath(path.relative_to(root).as_posix())
    source, problem = _read(path, rel)
    return source, [problem] if problem else []


def load_assets(root: Path) -> tuple[list[Page], list[Diagnostic]]:
    """The files of `templates/assets/` of `root`, as the site's `assets/` pages, in path order.
    A folder linked from inside the project is read like one in it."""
    folder = root / ASSETS_DIR
    diagnostics: list[Diagnostic] = []
    assets: list[Page] = []
    if not folder.is_dir():
        return [], []
    for path in sorted(_walk(folder, links_into=root.resolve())):
        rel = PurePosixPath(path.relative_to(root).as_posix())
        problem = (_unreadable_name(rel) or _link_out_of(root, path, rel, "templates/assets/")
                   or _not_a_file(path, rel))
        if problem:
            diagnostics.append(problem)
            continue
        try:
            content = path.read_bytes()
        except OSError as exc:
            diagnostics.append(error(rel, 0, f"cannot read file: {exc.strerror}"))
            continue
        assets.append(Page(path=rel.relative_to(ASSETS_DIR.parent).as_posix(), content=content))
    return assets, diagnostics


def _walk(folder: Path, links_into: Path | None = None):
    """Every file under `folder`. Folders linked to are entered when they are inside
    `links_into` (each once: links can loop), and otherwise given as files, for the caller to
    refuse; without `links_into`, never entered."""
    entered = {folder.resolve()}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=links_into is not None):
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            path = Path(dirpath) / name
            if links_into is not None and path.is_symlink():
                real = _real(path)
                if not _inside(real, links_into):
                    filenames.append(name)
                    continue
                if real in entered:
                    continue
                entered.add(real)
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            yield Path(dirpath) / name


def _real(path: Path) -> Path:
    # Not Path.resolve, which raises on a loop of links: a loop is then found unreadable.
    return Path(os.path.realpath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _unreadable_name(rel: PurePosixPath) -> Diagnostic | None:
    name = str(rel)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # the bytes of a non-UTF-8 name, carried as surrogates
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        return error(shown, 0, "file name is not valid UTF-8; rename the file (with letters, digits and hyphens)")
    return None


def _link_out_of(root: Path, path: Path, rel: PurePosixPath, home: str) -> Diagnostic | None:
    if not path.is_symlink():
        return None
    target = _real(path)
    if _inside(target, root.resolve()):
        return None
    return error(rel, 0, f"symbolic link points outside the project (to {str(target)!r}); "
                         f"copy the file into {home} instead")


def _not_a_file(path: Path, rel: PurePosixPath) -> Diagnostic | None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return error(rel, 0, f"cannot read file: {exc.strerror}")
    if stat.S_ISREG(mode):
        return None
    return error(rel, 0, "not a regular file (a named pipe, device or socket); remove it, or put a plain file "
                         "in its place")


def _read(path: Path, rel: PurePosixPath) -> tuple[SourceFile | None, Diagnostic | None]:
    problem = _not_a_file(path, rel)
    if problem:
        return None, problem
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, error(rel, 0, f"cannot read file: {exc.strerror}")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, error(rel, line, "file contains a NUL byte; it is binary or corrupted, not markdown text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4]
        return None, error(rel, line, f"not valid UTF-8 (bytes {bad!r} at offset {exc.start}); "
                                      "re-save the file as UTF-8")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(path=rel, text=text), None

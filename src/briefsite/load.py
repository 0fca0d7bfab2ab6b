"""Load: read the content folder into decoded source files.

In: the project root. Out: one `SourceFile` per markdown article, in path order, plus
diagnostics for files that cannot be read as text. A UTF-8 BOM and CRLF line endings
are normalised away here so no later stage sees them.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.records import SourceFile

ARTICLES_DIR = PurePosixPath("content/articles")
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
        if path.is_symlink() and not _inside(path.resolve(), root.resolve()):
            diagnostics.append(error(rel, 0, f"symbolic link points outside the project (to {str(path.resolve())!r}); "
                                              "copy the file into content/ instead"))
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


def _walk(folder: Path):
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            yield Path(dirpath) / name


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _read(path: Path, rel: PurePosixPath) -> tuple[SourceFile | None, Diagnostic | None]:
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

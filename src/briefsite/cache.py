"""The analysis cache: what parsing, tagging and annotating each briefing gave, kept between builds.

Analysis is most of a build's work, and an edit changes one briefing. An entry is found by
the hash of the briefing (its path, front matter and body), the actor registry, the site's
language and briefsite's own code for analysis, so any change to one of them makes a new key. An
entry also carries a checksum of its content and the other briefings' files its links
resolved to. An entry that is missing, unreadable, whose checksum does not match, or whose
links would now resolve differently is simply recomputed: the cache can make a build
faster, never different.

Analyses are kept as pickles, which load four times faster than the same records rebuilt
from JSON. Their short strings (actor ids, kinds, units, dates…) are interned as they load:
each briefing's pickle would otherwise bring its own copies, a fifth of the archive's memory.
Loading a pickle can run code, so the cache is trusted exactly as far as the project's own
files are (like Python's __pycache__): whoever can write .briefsite-cache/ can write
build.py. The checksum guards against damage, not against such a writer.

An article's page files are kept whole, and the site gets hard links to them; so a cached
file is only ever replaced by a new one, never rewritten, and is checked before each use.

A briefing's rows in each data file (`export`) are kept as one entry of pieces, each with its
own checksum, so that each data file, written one after the other, reads only its piece.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import struct
import sys
import time
from functools import cache
from io import BytesIO
from pathlib import Path


FOLDER = ".briefsite-cache"
ANALYSES = f"{FOLDER}/analysis"
PAGES = f"{FOLDER}/pages"
DATA = f"{FOLDER}/data"
# What the cache folder holds; anything else in it was left by an older briefsite.
KNOWN = ("analysis", "pages", "data", "search")
# Every module whose behaviour shapes an analysis: a change to any of them invalidates the cache.
ANALYSIS_CODE = ("records.py", "parse.py", "inline_text.py", "markdown_dialect.py", "validate.py", "annotate.py",
                 "frontmatter_yaml.py", "cache.py", "tag", "data")
# And those that shape an article page, with the project's templates.
PAGE_CODE = ("records.py", "render.py", "cite.py", "linked_data.py", "cache.py")
# And those that shape a briefing's rows in the data files.
DATA_CODE = ("records.py", "export.py", "cache.py")


@cache
def code_version() -> str:
    """A hash of briefsite's analysis code and data (read once per process)."""
    package = Path(__file__).parent
    return _files_digest(package, ANALYSIS_CODE)


def page_code_version(templates: Path) -> str:
    """A hash of the code and templates article pages are rendered with."""
    return _digest(_files_digest(Path(__file__).parent, PAGE_CODE), _files_digest(templates, ("",)))


@cache
def data_code_version() -> str:
    """A hash of the code a briefing's rows in the data files are made with."""
    return _files_digest(Path(__file__).parent, DATA_CODE)


def data_key(fingerprint: str) -> str:
    """The key of a briefing's rows in the data files: its analysis's fingerprint covers
    everything they are made from."""
    return _digest(data_code_version(), fingerprint)


def cache_key(source: str, registry: str, language: str) -> str:
    """The key of one briefing's analysis: `source` is its path, front matter and body,
    `registry` the registry's contents, both as text."""
    return _digest(code_version(), registry, language, source)


def page_key(*parts: str | bytes) -> str:
    """The key of one article's page files: a hash of everything they are made from."""
    return _digest(*parts)


def pack(analysis, links: tuple) -> bytes:
    """One briefing's analysis (tagged article, untracked actors, diagnostics) and the
    links it depends on, as bytes for the cache or for sending between processes."""
    buffer = BytesIO()
    _InterningPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((analysis, links))
    return buffer.getvalue()


def unpack(data: bytes) -> tuple:
    """(analysis, links) from `pack`'s bytes, its short strings shared with the other analyses'."""
    return _InterningUnpickler(BytesIO(data)).load()


def load(root: Path, key: str, slugs_by_file: dict[str, str]):
    """The cached analysis under `key` as (tagged article, untracked actors, diagnostics),
    or None when there is none that can be trusted."""
    found = _read_entry(root / ANALYSES, key)
    if found is None:
        return None
    try:
        analysis, links = unpack(found[0])
    except Exception:  # a damaged pickle can fail in many ways; any of them means: recompute
        return None
    if any(slugs_by_file.get(name) != slug for name, slug in links):
        return None  # a briefing it links to was added, removed or renamed
    return analysis


def store(root: Path, key: str, packed: bytes) -> None:
    """Keep an analysis, as `pack` made it, under `key`."""
    _write_entry(root / ANALYSES, key, [packed])


# Strings up to this long are written apart from the rest and interned as they load: the
# labels, ids and short texts that recur across briefings. Longer ones (sentences) rarely do.
SHARED_STRING = 48


class _InterningPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj if type(obj) is str and len(obj) <= SHARED_STRING else None


class _InterningUnpickler(pickle.Unpickler):
    persistent_load = staticmethod(sys.intern)


def load_page_files(root: Path, key: str) -> list[Path] | None:
    """The page files kept under `key`, or None when there are none that can be trusted."""
    found = _read_entry(root / PAGES, key)
    if found is None:
        return None
    try:
        checksums = json.loads(found[0])
        paths = [_page_file(root, key, number) for number in range(len(checksums))]
        # Every file is checked: a site file edited in place would change its cache copy too.
        if all(hashlib.sha256(path.read_bytes()).hexdigest() == checksum
               for path, checksum in zip(paths, checksums)):
            return paths
    except (OSError, ValueError, TypeError):
        pass
    return None


def store_page_files(root: Path, key: str, files: list[bytes]) -> list[Path] | None:
    """Keep an article's page files under `key`; their paths in the cache, or None when
    they could not be written."""
    paths = [_page_file(root, key, number) for number in range(len(files))]
    try:
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        for path, content in zip(paths, files):
            _replace(path, content)
    except OSError:
        return None
    # The entry, written last, lists the files' checksums: a file without it is never used.
    _write_entry(root / PAGES, key, [json.dumps([hashlib.sha256(f).hexdigest() for f in files]).encode()])
    return paths


# An entry of pieces: its key and how many pieces, then each piece's size and SHA-256, then the
# pieces. Binary: it is read once per data file per briefing, and JSON would be most of that.
_PIECES_HEAD = struct.Struct("<64sI")
_PIECE = struct.Struct("<Q32s")


def load_piece(root: Path, key: str, number: int) -> bytes | None:
    """Piece `number` of the entry `store_pieces` kept under `key`, or None when it cannot be
    trusted. Only that piece is read and checked."""
    try:
        with open(os.path.join(root, DATA, key[:2], key), "rb") as file:
            head = file.read(_PIECES_HEAD.size)
            stored, count = _PIECES_HEAD.unpack(head)
            if stored != key.encode("ascii") or not number < count:
                return None
            table = file.read(count * _PIECE.size)
            offset = len(head) + len(table)
            for size, _ in _PIECE.iter_unpack(table[:number * _PIECE.size]):
                offset += size
            size, checksum = _PIECE.unpack_from(table, number * _PIECE.size)
            file.seek(offset)
            piece = file.read(size)
    except (OSError, ValueError, struct.error):
        return None
    return piece if len(piece) == size and hashlib.sha256(piece).digest() == checksum else None


def store_pieces(root: Path, key: str, pieces: list[bytes]) -> bool:
    """Keep `pieces` under `key` (a 64-digit hex key), each with its checksum; False when
    they could not be written (which only makes the next build slower)."""
    head = _PIECES_HEAD.pack(key.encode("ascii"), len(pieces))
    table = b"".join(_PIECE.pack(len(piece), hashlib.sha256(piece).digest()) for piece in pieces)
    path = Path(root, DATA, key[:2], key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, b"".join([head, table, *pieces]))
    except OSError:
        return False
    return True


def _page_file(root: Path, key: str, number: int) -> Path:
    return Path(os.path.join(root, PAGES, key[:2], f"{key}.{number}"))  # one parse, not four joins


def remove_leftovers(root: Path) -> None:
    """Remove what older versions of briefsite left in the cache folder."""
    try:
        for leftover in (root / FOLDER).iterdir():
            if leftover.name in KNOWN:
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink()
    except OSError:
        pass  # a cache left untidy costs disk space, never a wrong site


def prune(root: Path, kind: str, used: set[str]) -> None:
    """Remove the entries of `kind` (ANALYSES, PAGES or DATA) that this build did not use, but for
    as many of the most recently written as it used: an edit undone, or a build with drafts
    after one without, finds its entries again, and the cache stays within twice the archive."""
    try:
        unused: dict[str, list[os.DirEntry]] = {}  # an entry's key -> its files
        for bucket in os.scandir(root / kind):
            for entry in os.scandir(bucket.path):
                key = entry.name.partition(".")[0]
                if key not in used and not _being_written(entry):
                    unused.setdefault(key, []).append(entry)
        newest_first = sorted(unused.values(), key=lambda files: -max(f.stat().st_mtime for f in files))
        for files in newest_first[len(used):]:
            for file in files:
                os.unlink(file.path)
    except OSError:
        pass  # a cache left untidy costs disk space, never a wrong site


def _being_written(entry: os.DirEntry) -> bool:
    # Another build may be writing it right now (an hour is far longer than any write).
    return entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime < 3600


def _read_entry(folder: Path, key: str) -> list[bytes] | None:
    # An entry is a JSON header line (its key, its parts' sizes, a checksum) and the parts.
    try:
        header, _, body = (folder / key[:2] / key).read_bytes().partition(b"\n")
        stored = json.loads(header)
        if stored["key"] != key or stored["checksum"] != hashlib.sha256(body).hexdigest():
            return None
        parts, start = [], 0
        for size in stored["sizes"]:
            parts.append(body[start:start + size])
            start += size
        return parts if start == len(body) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_entry(folder: Path, key: str, parts: list[bytes]) -> None:
    # A failure to write only means a slower next build.
    body = b"".join(parts)
    header = json.dumps({"key": key, "sizes": [len(part) for part in parts],
                         "checksum": hashlib.sha256(body).hexdigest()}).encode("utf-8")
    path = folder / key[:2] / key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, header + b"\n" + body)
    except OSError:
        pass


def _replace(path: Path, content: bytes) -> None:
    # A new file, then a rename: never a half-written file under the real name, and never a
    # change to a file the site may hold a link to.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError:  # a full disk: leave no partial file to take up what space is left
        temporary.unlink(missing_ok=True)
        raise


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))  # so that ("ab", "c") and ("a", "bc") differ
        digest.update(data)
    return digest.hexdigest()


def _files_digest(folder: Path, names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = folder / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".txt", ".yaml", ".html", ".xml", ".css", ".js", ".svg"):
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()

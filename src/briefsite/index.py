"""Index: build the Pagefind search index over the staged site, in parts.

In: the staging folder, the site language and, for the cache, the project folder. Out:
`pagefind/` inside the staging folder. Only article pages are read and indexed (the templates
mark their bodies `data-pagefind-body`).

Languages. Each briefing is indexed in its own language (the `lang` of its body, else the
site's), so Pagefind stems its words as that language does: a Spanish briefing is found by
"capturar" when it says "capturaron". Pagefind keeps one index for each language and searches
with one language's stemmer in one runtime, so each language has its own parts, and the search
page gives each language other than the bundle's a runtime of its own and joins the results.

Parts. One Pagefind run over a large archive takes gigabytes of memory, and redoing it all for
one edited briefing wastes the time. So each article goes to one of K parts by a hash of its
slug (K = the number of articles / PAGES_PER_PART, rounded up), and each part is indexed by its
own Pagefind run over only its pages. Parts are assigned by linear hashing: when K grows by one,
one part splits in two and every other part keeps its pages, so the briefing that makes K grow
re-indexes two or three parts, not all of them. The search page joins the parts with
Pagefind's `mergeIndex`: the first part is the bundle in `pagefind/`, with Pagefind's scripts,
the others are in `pagefind/part-N/`, and `pagefind/parts.json` lists them.

Workers. One Pagefind runtime searches its indexes one after another in one worker, and ranking
a word that is on most pages costs each index time that grows with the square of its matches.
So `parts.json` splits the parts of the bundle's language (the site's, if any briefing is in it)
into two groups, one a worker (`workers`): the bundle with the first half, and the second half,
whose first part also holds Pagefind's worker script and WebAssembly to serve as a runtime's main
index. The search page gives each group a runtime when the reader's machine has a core for each.
The parts of each other language are one group (`languages`: language → folders), whose first
part is likewise a runtime's main index.

Cache. A finished part is kept in `.briefsite-cache/search/` under a key made of Pagefind's
version, the language, this module's code and the paths and bytes of the part's pages (but for
what Pagefind is told to ignore), with a checksum of every file; so an edit re-indexes only the
part that holds the edited briefing. An entry that is missing, incomplete or whose files do not
match their checksums is rebuilt.

Dates. Pagefind sorts within one index only: merged, results come back by score, and the date
sort's "score" is a page's rank within its own part. So each part also has a file mapping its
pages' ids to their sort date (`dates.HASH.json`), which the search page sorts by.

Reproducibility. Pagefind numbers pages in the order it is given them; told to read a folder,
in the order the file system lists it, which differs from one file system to another. So it is
run as a service and given a part's pages one at a time, sorted by path. And it writes its
filter indexes, and the metadata file that lists them, in hash-map order, so two runs over the
same pages give different bytes and file names. We rewrite those files in sorted order, named
by their content, so that a build is reproducible on any machine.

Pagefind runs die with the process that started them (`processes`), so a killed build
leaves none writing into its staging folder.

Browsing. Pagefind 1.5.2 fetches every word index chunk for a search with filters and no words;
its scripts get the fix Pagefind made after that release (see fetch_no_words_for_filters_only).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import cbor2

from briefsite.diagnostics import Diagnostic, error
from briefsite.processes import die_with_parent

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR in its index files
ARTICLES = "articles/*/index.html"
CACHE_DIR = ".briefsite-cache/search"
MANIFEST = "parts.json"
# Measured at 10,000 briefings (docs/performance.md): 625 pages a part re-index an edit in half
# the time 1,250 did, and a word on most pages is found faster (16 parts search it in 0.43 s
# against 8 parts' 0.55 s), for twice the bytes a new word fetches and slower cold links.
# 312 (33 parts) gained only 10-25 ms more and made loading the search page half a second slower.
PAGES_PER_PART = 625
PART_SIZE_VARIABLE = "BRIEFSITE_SEARCH_PART_SIZE"
# Pagefind runs at once: one a core on the two-core machines this is built on (measured in
# docs/performance.md); more would only add their memory together.
RUNS_AT_ONCE = 2
# What a merged part needs; Pagefind's scripts and WebAssembly come from the first part.
MERGED_PART_FILES = re.compile(r"(pagefind-entry\.json|[^/]+\.pf_meta|dates\.[0-9a-f]+\.json|"
                               r"(index|fragment|filter)/[^/]+)")
# What the main index of a second runtime needs besides: its worker loads the WebAssembly from it.
RUNTIME_FILES = re.compile(r"pagefind-worker\.js|wasm\.[^/]+\.pagefind")
# Runtimes the search page may run at once, each with its own worker (measured in
# docs/performance.md: two halve the time a word on most pages takes to rank).
WORKERS = 2
SORT_DATE = re.compile(rb'data-pagefind-sort="[^"]*?\bdate:([^",]*)')
# The language of the element Pagefind indexes, when the template marks it (templates/article.html).
BODY_LANGUAGE = re.compile(rb'<[a-z]+\s[^>]*?\bdata-pagefind-body\b[^>]*?\slang="([a-zA-Z-]+)"')
# An element Pagefind is told to ignore, with nothing inside it Pagefind reads even so (filters,
# metadata, anchors) or could confuse the match (a nested span): its bytes cannot change the
# index, so they are left out of a part's key. The ledger's "also reported in" links are such,
# and a briefing added elsewhere changes them without changing what search finds.
IGNORED = re.compile(rb'<span\b[^>]*\bdata-pagefind-ignore\b[^>]*>(?:(?!<span\b|data-pagefind-|\sid=).)*?</span>', re.S)
CHECKSUMS = "checksums.json"
# Where Pagefind 1.5.2's scripts ask which word index chunks a search needs; `filter_only` is
# set just before it, for a search with no words.
WORDS_REQUESTED = b"let index_resp=this.backend.request_indexes(ptr,term);"
NO_WORDS_REQUESTED_FOR_FILTERS_ONLY = b'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'
UNFINISHED_AGE = 3600  # seconds after which an entry still being written is taken as abandoned


@dataclass(frozen=True)
class _Page:
    """What indexing needs to know of an article page, from one read of it."""

    path: str
    """Relative to the site."""
    language: str
    date: str | None
    """Its sort date, if it has one."""
    digest: bytes
    """Of its bytes but for what Pagefind is told to ignore."""


@dataclass
class _Part:
    number: int
    language: str
    """The language Pagefind indexes its pages in."""
    pages: list[str]
    """Paths of its pages, relative to the site, sorted."""
    key: str = ""
    dates: dict[str, str] = field(default_factory=dict)
    """URL → sort date of its pages that have one."""


def build_search_index(site: Path, language: str, project: Path | None = None,
                       pages_per_part: int | None = None) -> list[Diagnostic]:
    """Index the article pages of `site` into `site/pagefind/`, in parts; return an error
    diagnostic if Pagefind fails.

    `project` is the project folder, whose `.briefsite-cache/search/` keeps finished parts
    between builds (None: keep none). `pages_per_part` is the most pages a part should hold
    (default: BRIEFSITE_SEARCH_PART_SIZE, else PAGES_PER_PART)."""
    from pagefind_bin import get_executable

    executable = str(get_executable())
    pages = sorted(path.relative_to(site).as_posix() for path in site.glob(ARTICLES))
    store = project / CACHE_DIR if project else None
    with tempfile.TemporaryDirectory(prefix="pagefind-work-", dir=site) as work:
        work = Path(work)
        if not pages:
            # An empty archive: Pagefind refuses to make an empty index, so index the other
            # pages, as one part, so that the search page still loads.
            part = _Part(0, language, [])
            others = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                            if work not in path.parents)
            problem = _run_pagefind(executable, site, others, work / "bundle", language)
            if problem:
                return [problem]
            _finish_bundle(work / "bundle", part)
            _assemble(site / "pagefind", [(part, work / "bundle")])
            return []
        read = _read_pages(site, pages, language)
        version = _pagefind_version(executable)
        parts = []
        for part_language, paths in _by_language(read, language).items():
            for part in _split(paths, _part_count(len(paths), pages_per_part), part_language):
                part.key, part.dates = _key_and_dates(part, read, version)
                parts.append(part)
        found = {id(part): _cached(store, part) for part in parts} if store else {}
        missing = [part for part in parts if found.get(id(part)) is None]
        with ThreadPoolExecutor(max_workers=RUNS_AT_ONCE) as pool:
            results = list(pool.map(lambda part: _index_part(executable, site, work, part, store), missing))
        problems = [problem for _, problem in results if problem]
        if problems:
            return problems[:1]
        found.update({id(part): bundle for part, (bundle, _) in zip(missing, results)})
        _assemble(site / "pagefind", [(part, found[id(part)]) for part in parts])
        if store:
            _prune(store, {part.key for part in parts})
    return []


def _read_pages(site: Path, pages: list[str], site_language: str) -> dict[str, _Page]:
    """Each article page's language, sort date and digest, from one read of it."""
    read = {}
    for page in pages:
        content = (site / page).read_bytes()
        language = BODY_LANGUAGE.search(content)
        date = SORT_DATE.search(content)
        read[page] = _Page(
            path=page,
            language=language.group(1).decode("ascii").lower() if language else site_language,
            date=html.unescape(date.group(1).decode("utf-8")).strip() if date else None,
            digest=hashlib.sha256(IGNORED.sub(b"", content)).digest())
    return read


def _by_language(read: dict[str, _Page], site_language: str) -> dict[str, list[str]]:
    """Sorted page paths by language: the site's language first (its first part is the bundle),
    then the others in alphabetical order."""
    languages: dict[str, list[str]] = {}
    for page in sorted(read):
        languages.setdefault(read[page].language, []).append(page)
    order = sorted(languages, key=lambda language: (language != site_language, language))
    return {language: languages[language] for language in order}


def _part_of(slug: str, parts: int) -> int:
    """The part an article's slug goes to, by linear hashing: stable, so an edit or an addition
    changes one part, and going from `parts` to `parts + 1` splits only one part in two."""
    number = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    below = 1 << (parts.bit_length() - 1)  # the largest power of two not above `parts`
    part = number % (2 * below)
    # Parts `parts`..2·below-1 are not split off yet: their pages stay in the part they came from.
    return part if part < parts else number % below


def _part_count(pages: int, pages_per_part: int | None) -> int:
    """As many parts as keep them to `pages_per_part` pages on average."""
    wanted = os.environ.get(PART_SIZE_VARIABLE, "").strip()
    size = pages_per_part or (int(wanted) if wanted.isdigit() and int(wanted) > 0 else PAGES_PER_PART)
    return max(1, -(-pages // size))


def _split(pages: list[str], count: int, language: str) -> list[_Part]:
    parts = [_Part(number, language, []) for number in range(count)]
    for page in pages:
        parts[_part_of(page.split("/")[1], count)].pages.append(page)
    return [part for part in parts if part.pages]  # a few articles may leave a part empty


def _key_and_dates(part: _Part, read: dict[str, _Page], version: str) -> tuple[str, dict[str, str]]:
    """A part's cache key, and the sort date of each of its pages."""
    digest = hashlib.sha256()
    dates = {}
    for field in (version, part.language, _code_version()):
        _add(digest, field.encode("utf-8"))
    for page in part.pages:
        _add(digest, page.encode("utf-8"))
        _add(digest, read[page].digest)
        if read[page].date:
            dates["/" + page.removesuffix("index.html")] = read[page].date
    return digest.hexdigest(), dates


def _add(digest, data: bytes) -> None:
    digest.update(len(data).to_bytes(8, "little"))  # lengths first: no two lists hash alike
    digest.update(data)


@cache
def _code_version() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@cache
def _pagefind_version(executable: str) -> str:
    return subprocess.run([executable, "--version"], capture_output=True, text=True,
                          preexec_fn=partial(die_with_parent, os.getpid())).stdout.strip()


def _index_part(executable: str, site: Path, work: Path, part: _Part,
                store: Path | None) -> tuple[Path | None, Diagnostic | None]:
    """Run Pagefind over one part's pages, in its language; return its finished bundle (kept in `store`)."""
    bundle = work / f"part-{part.language}-{part.number}"
    problem = _run_pagefind(executable, site, part.pages, bundle, part.language)
    if problem:
        return None, problem
    _finish_bundle(bundle, part)
    return (_store(store, part.key, bundle) if store else bundle), None


def _run_pagefind(executable: str, site: Path, pages: list[str], bundle: Path, language: str) -> Diagnostic | None:
    """Index `pages` (paths in `site`), in that order, into `bundle`; the error if Pagefind fails."""
    try:
        with _PagefindService(executable, language) as pagefind:
            for page in pages:
                pagefind.add(page, (site / page).read_bytes())
            pagefind.write(bundle)
    except _PagefindFailed as failed:
        return error("pagefind", 0, f"search indexing failed: {failed}")
    return None


class _PagefindFailed(Exception):
    """Pagefind refused a request or stopped; the message says why."""


class _PagefindService:
    """One Pagefind run in its service mode (`pagefind --service`, the protocol of its Node and
    Python libraries): each request and each reply is JSON in base64, followed by a comma.
    Requests are made one at a time, so pages are numbered in the order they are added."""

    def __init__(self, executable: str, language: str):
        self._errors = tempfile.TemporaryFile()
        # preexec_fn, which runs between fork and exec, is safe here though other threads run:
        # die_with_parent makes one system call, through a function looked up beforehand.
        self._process = subprocess.Popen([executable, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._errors, preexec_fn=partial(die_with_parent, os.getpid()))
        self._sent = 0
        self._unread = b""
        self._index = self._request({"type": "NewIndex", "config": {"force_language": language}})["index_id"]

    def __enter__(self) -> _PagefindService:
        return self

    def __exit__(self, *exc_info) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()
        self._errors.close()

    def add(self, path: str, content: bytes) -> None:
        """Index the page at `path` (site-relative) with `content` (its HTML)."""
        url = "/" + path.removesuffix("index.html")  # the address Pagefind gives a page it reads itself
        self._request({"type": "AddFile", "index_id": self._index, "file_path": None, "url": url,
                       "file_contents": content.decode("utf-8", "replace")})

    def write(self, bundle: Path) -> None:
        """Write the index into the folder `bundle`."""
        # Its files are asked for and written here: Pagefind 1.5.2's own WriteFiles may answer
        # before its last file is written, and leave that file empty when it then exits.
        for file in self._request({"type": "GetFiles", "index_id": self._index})["files"]:
            target = bundle / file["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))

    def _request(self, payload: dict) -> dict:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except BrokenPipeError:
            raise _PagefindFailed(self._stopped()) from None
        received = [self._unread]
        while b"," not in received[-1]:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                raise _PagefindFailed(self._stopped())
            received.append(chunk)
        reply, _, self._unread = b"".join(received).partition(b",")
        try:
            answer = json.loads(base64.b64decode(reply))["payload"]
        except (ValueError, KeyError, TypeError):
            raise _PagefindFailed(f"Pagefind replied something unreadable: {reply[:60]!r}") from None
        if answer.get("type") == "Error":
            raise _PagefindFailed(answer.get("message") or "Pagefind refused a request")
        return answer

    def _stopped(self) -> str:
        try:
            status = self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # it closed its output but goes on: not to be waited for
            self._process.kill()
            status = self._process.wait()
        self._errors.seek(0)
        detail = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return detail[-1] if detail else f"Pagefind stopped (exit status {status})"


def _finish_bundle(bundle: Path, part: _Part) -> None:
    """Make Pagefind's output reproducible, fetch no words for a search with none, and add the
    part's dates file."""
    make_reproducible(bundle)
    fetch_no_words_for_filters_only(bundle)
    dates: dict[str, list[str]] = {}
    for fragment in (bundle / "fragment").iterdir():
        url = json.loads(gzip.decompress(fragment.read_bytes())[len(SIGNATURE):])["url"]
        if url in part.dates:
            dates.setdefault(part.dates[url], []).append(fragment.name.removesuffix(".pf_fragment"))
    # Page ids grouped by date: the shortest form, and the same bytes for the same pages.
    text = json.dumps({date: sorted(ids) for date, ids in sorted(dates.items())}, separators=(",", ":"))
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    (bundle / f"dates.{name}.json").write_text(text, encoding="utf-8")


def _store(store: Path, key: str, bundle: Path) -> Path:
    """Move a finished bundle into the cache, with its checksums; return where it now is."""
    entry = store / key
    temporary = store / f"{key}.{os.getpid()}.tmp"
    try:
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        shutil.move(bundle, temporary / "bundle")
        checksums = {name: _file_hash(temporary / "bundle" / name) for name in _files(temporary / "bundle")}
        (temporary / CHECKSUMS).write_text(json.dumps({"key": key, "files": checksums}, sort_keys=True),
                                           encoding="utf-8")
        shutil.rmtree(entry, ignore_errors=True)  # a stale or corrupt entry found earlier
        os.replace(temporary, entry)  # never a half-written entry under the real name
        return entry / "bundle"
    except OSError:
        # A cache that cannot be written only means a slower next build.
        return temporary / "bundle" if (temporary / "bundle").is_dir() else bundle


def _cached(store: Path, part: _Part) -> Path | None:
    """The part's bundle from the cache, or None unless every file matches its checksum."""
    entry = store / part.key
    try:
        recorded = json.loads((entry / CHECKSUMS).read_text(encoding="utf-8"))
        bundle = entry / "bundle"
        files = recorded["files"]
        if recorded["key"] != part.key or sorted(files) != _files(bundle):
            return None
        if any(_file_hash(bundle / name) != checksum for name, checksum in files.items()):
            return None
        os.utime(entry / CHECKSUMS)  # last used now: pruning keeps the recently used
        return bundle
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assemble(out: Path, parts: list[tuple[_Part, Path]]) -> None:
    """Put the first part's whole bundle in `out` and the others' index files in `out/part-N/`
    (`out/part-LANGUAGE-N/` for a language other than the bundle's), linked from the cache where
    the file system allows; list them in `out/parts.json`: the parts of the bundle's language in
    a group for each worker, those of each other language in a group of their own."""
    bundle_language = parts[0][0].language
    own = sum(part.language == bundle_language for part, _ in parts)
    # The first position of each worker's group; the first group's main index is the bundle.
    starts = {-(-own * worker // WORKERS) for worker in range(WORKERS)}
    workers: list[list[str]] = []
    languages: dict[str, list[str]] = {}
    dates = []
    for position, (part, bundle) in enumerate(parts):
        if part.language == bundle_language:
            folder = "" if position == 0 else f"part-{part.number}/"
            starts_group = position in starts
            if starts_group:
                workers.append([])
            group = workers[-1]
        else:
            folder = f"part-{part.language}-{part.number}/"
            starts_group = part.language not in languages
            group = languages.setdefault(part.language, [])
        for name in _files(bundle):
            if not _goes_to_site(name, position, starts_group):
                continue
            target = out / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(bundle / name, target)
            except OSError:
                shutil.copyfile(bundle / name, target)
            if name.startswith("dates."):
                dates.append(folder + name)
        if folder:
            group.append(folder)
    manifest = {"workers": workers, "languages": languages, "dates": dates}
    (out / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")


def _goes_to_site(name: str, position: int, starts_group: bool) -> bool:
    """Whether a part's file is put in the site: every file of the bundle (the first part);
    the index files of the others; and the runtime files of a part that starts a group (a
    runtime's main index)."""
    return (position == 0 or bool(MERGED_PART_FILES.fullmatch(name))
            or starts_group and bool(RUNTIME_FILES.fullmatch(name)))


def _prune(store: Path, used: set[str]) -> None:
    """Remove cache entries this build did not use, but for as many recently used ones as it used
    (an edit undone, or a build with drafts and one without, finds its parts again)."""
    try:
        entries = [entry for entry in store.iterdir() if entry.name not in used and not (
            entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime < UNFINISHED_AGE)]
        entries.sort(key=_last_used, reverse=True)
        for entry in entries[len(used):]:
            shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


def _last_used(entry: Path) -> float:
    try:
        return (entry / CHECKSUMS).stat().st_mtime
    except OSError:
        return 0.0


def make_reproducible(bundle: Path) -> None:
    """Rewrite Pagefind's filter indexes and metadata in a stable order and name."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for name, file_hash in meta[3]:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            data = _read(old)
            data[1].sort(key=lambda value: value[0])
            new_hash = _write(bundle / "filter", data, file_hash.split("_")[0], ".pf_filter", 7)
            if new_hash != file_hash:
                old.unlink()
            renamed[name] = new_hash
        meta[3] = sorted([name, renamed[name]] for name, _ in meta[3])
        new_hash = _write(bundle, meta, "pagefind." + language["hash"].split("_")[0], ".pf_meta", 10)
        if new_hash != language["hash"]:
            meta_path.unlink()
        language["hash"] = new_hash.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def fetch_no_words_for_filters_only(bundle: Path) -> None:
    """Give Pagefind's scripts the fix Pagefind made after 1.5.2 (Pagefind/pagefind#1317): a
    search with filters and no words fetches no word index chunks. 1.5.2 fetched all of them,
    about 28 MB at 10,000 briefings, to browse one actor's briefings. Scripts without that
    exact line (another Pagefind version) are left as they are."""
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        if path.is_file():
            script = path.read_bytes()
            if script.count(WORDS_REQUESTED) == 1:
                path.write_bytes(script.replace(WORDS_REQUESTED, NO_WORDS_REQUESTED_FOR_FILTERS_ONLY))


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(folder: Path, data, prefix: str, suffix: str, digits: int) -> str:
    raw = SIGNATURE + cbor2.dumps(data)
    name = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    # mtime=0: the gzip header would otherwise carry the time of the build.
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name

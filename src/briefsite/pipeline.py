"""The build, stage by stage: load → validate → parse → tag → ledger → link → render → write → index.

Each stage takes plain records and returns new ones with its diagnostics; this module
only chains them. Input errors stop the build before anything is written, and the
output folder is replaced only after every stage, the search index included, succeeded.

What the machine gets in the way (a full disk, a read-only or mounted output folder, another
build into the same folder) stops the build the same way, as a diagnostic naming the output
folder, what happened and what to do; the previous site stays as it was. Every process the
build starts ends with it, killed or not (`processes`).
"""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound

from briefsite import cache
from briefsite.annotate import annotate_body
from briefsite.config import load_config
from briefsite.diagnostics import BuildFailed, Diagnostic, error
from briefsite.export import data_cache_keys, export_data
from briefsite.index import build_search_index
from briefsite.ledger import build_ledger
from briefsite.ledger_file import load_ledger_edits
from briefsite.link import link_archive
from briefsite.load import load_article, load_articles, load_assets
from briefsite.markdown_dialect import make_markdown
from briefsite.parse import parse_article
from briefsite.processes import die_with_parent
from briefsite.records import Actor, ActorRegistry, Archive, Article, ArticleSource, Page, pack_body
from briefsite.registry import load_registry
from briefsite.render import Renderer
from briefsite.tag.actors import ActorMatcher
from briefsite.tag.stage import tag_article
from briefsite.validate import validate_articles
from briefsite.write import (OutputBusy, OutputUnusable, check_output_folder, claim_output, discard, make_folders,
                             output_folder, publish, published_path, staging_folder, write_pages,
                             write_site_marks)


# Below this many briefings, starting worker processes costs more than it saves.
PARALLEL_FROM = 48
MAX_WORKERS = 8

# What --timings and the progress bar show, in order: rendering and writing go together, and
# the search index is made while the pages made from the whole archive are rendered.
STAGES = ("load", "validate", "parse+tag", "link", "ledger", "articles", "archive pages", "search index")

Progress = Callable[[str], None]
"""Called with a stage's name as the stage starts; the CLI shows it, the pipeline never prints."""


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    """The project folder: content/, templates/ and pyproject.toml live here."""
    out: Path | None = None
    """Output folder; default `<root>/_site`."""
    base_url: str | None = None
    """Overrides `base_url` in the site configuration."""
    strict: bool = False
    """Treat warnings as errors."""
    drafts: bool = False
    """Build briefings marked `draft: true` too."""
    cache: bool = True
    """Reuse what earlier builds found in unchanged briefings (kept in .briefsite-cache/)."""
    wait: bool = False
    """Wait for another build into the same output folder to end, rather than stop (the live
    preview: two previews of one project take turns)."""
    progress: Progress | None = None


@dataclass(frozen=True)
class BuildReport:
    out: Path
    articles: int
    actors: int
    claims: int
    dates: int
    pages: int
    diagnostics: list[Diagnostic]
    timings: list[tuple[str, float]]
    """Seconds each stage took, in order."""
    archive: Archive
    """What the site was made from (the live preview makes quick pages against it)."""


class _Stopwatch:
    """Times the stages of one build and tells the progress callback as each starts."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str):
        if self.progress:
            self.progress(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - start))

    def wait_for(self, name: str, work: _OnAnotherCore):
        """`work.result()`, shown as stage `name`, which took as long as the work did (not only
        the wait for its end: it ran alongside other stages)."""
        if self.progress:
            self.progress(name)
        try:
            return work.result()
        finally:
            self.timings.append((name, work.seconds))


def build_site(options: BuildOptions) -> BuildReport:
    """Build the site; raise BuildFailed (with every diagnostic) on input errors, and when the
    output cannot be written or another build is writing it."""
    root = options.root
    out = named = (options.out or root / "_site").absolute()
    shown = _shown(named, root)
    try:
        out = output_folder(named)
        check_output_folder(out, root)
        with claim_output(out, wait=options.wait) as work:
            return _build_into(options, root, out, work)
    except OutputBusy as exc:
        raise BuildFailed([error(shown, 0, str(exc))]) from None
    except OutputUnusable as exc:
        raise BuildFailed([error(shown, 0, f"cannot build into {shown}: {exc}")]) from None
    except OSError as exc:
        raise BuildFailed([_environment_problem(exc, shown, out, root)]) from None
    except (BrokenProcessPool, _ProcessStopped):
        raise BuildFailed([_stopped_unexpectedly(shown)]) from None


def _build_into(options: BuildOptions, root: Path, out: Path, work: Path) -> BuildReport:
    clock = _Stopwatch(options.progress)
    if options.cache:
        cache.remove_leftovers(root)
    # The archive is millions of records at 10,000 briefings, made with next to no reference
    # cycles, and it lives until the end: the garbage collector would only walk it again and
    # again, so it waits while the archive is made and leaves it out afterwards.
    gc.disable()
    try:
        archive, _, assets, diagnostics = _gather(root, options.base_url, options.strict, clock, options.drafts,
                                                  options.cache, with_assets=True)
    finally:
        gc.enable()
    gc.freeze()
    try:
        return _make_site(options, root, out, work, archive, assets, diagnostics, clock)
    finally:
        gc.unfreeze()


def _make_site(options: BuildOptions, root: Path, out: Path, work: Path, archive: Archive, assets: list[Page],
               diagnostics: list[Diagnostic], clock: _Stopwatch) -> BuildReport:
    renderer = Renderer(archive, root / "templates")
    cache_root = root if options.cache else None
    staging = staging_folder(work)
    data_work = indexing = folders = None
    try:
        # The data files are large and need nothing but the archive: they are written on the
        # other core from the start.
        data_work = _OnAnotherCore(partial(_write_data, staging, archive, cache_root))
        index = partial(_OnAnotherCore, partial(build_search_index, staging, archive.config.language, cache_root))
        with _template_problems(root):
            folders = make_folders(staging, [item.article.url for item in archive.articles])
            with clock.stage("articles"):
                pages = write_pages(staging, renderer.article_pages(cache_root))
            folders.join()
            # Pagefind reads only the article pages, so they are indexed in another process while
            # the pages made from the whole archive are rendered. (With no articles, it reads those.)
            indexing = index() if archive.articles else None
            with clock.stage("archive pages"):
                pages += write_pages(staging, renderer.archive_pages())
                write_pages(staging, assets)
                write_site_marks(staging)
                pages += data_work.result()
            indexing = indexing or index()
            found = clock.wait_for("search index", indexing)
        # Every valid briefing must have its page; checked before the old site is replaced.
        found += _account_for_every_article(staging, archive)
        _stop_on_errors(diagnostics + found, strict=False)
    except BaseException:
        for work in (data_work, indexing):
            if work:
                work.cancel()
        if folders:
            folders.join()
        discard(staging)
        raise
    publish(staging, out)
    return BuildReport(
        out=out, articles=len(archive.articles), actors=len(archive.actors), claims=len(archive.claims),
        dates=sum(len(block) for item in archive.articles for block in item.dates), pages=pages,
        diagnostics=diagnostics, timings=clock.timings, archive=archive)


def _write_data(staging: Path, archive: Archive, cache_root: Path | None) -> int:
    written = write_pages(staging, export_data(archive, cache_root))
    if cache_root:
        cache.prune(cache_root, cache.DATA, data_cache_keys(archive))
    return written


def preview_article(options: BuildOptions, path: Path, archive: Archive) -> Page | None:
    """The page of the briefing at `path`, made on its own in a small fraction of a build,
    for the live preview to show while the whole site is rebuilt; `archive` is the last
    build's, for links to other briefings. The page lacks only the ledger's links to other
    briefings that report the same facts. None when the briefing has errors."""
    root = options.root
    registry, found = load_registry(root)
    source, problems = load_article(root, path)
    found += problems
    valid, problems = validate_articles([source]) if source else ([], [])
    if any(d.is_error for d in found + problems) or not valid or (valid[0].meta.draft and not options.drafts):
        return None
    slugs_by_file = {item.article.path.name: item.article.slug for item in archive.articles}
    [(packed, problems)] = _analyses(valid, {**slugs_by_file, path.name: valid[0].meta.slug},
                                     registry, archive.config.language)
    if packed is None:
        return None
    (item, untracked, _), _ = cache.unpack(packed)
    alone, _ = link_archive(archive.config, [item], registry, untracked, [], archive.build_date)
    return next(Renderer(alone, root / "templates").article_pages())


def gather(root: Path, base_url: str | None = None,
           strict: bool = False) -> tuple[Archive, list[Diagnostic]]:
    """Read, check, parse, tag and link the whole archive; raise BuildFailed on errors."""
    archive, _, _, diagnostics = _gather(root, base_url, strict, _Stopwatch(None))
    return archive, diagnostics


def untracked_actors(root: Path) -> tuple[list[Actor], list[Diagnostic]]:
    """Names the briefings use that the registry does not know (for `actors suggest`)."""
    _, untracked, _, diagnostics = _gather(root, None, False, _Stopwatch(None))
    return untracked, diagnostics


def _gather(root: Path, base_url: str | None, strict: bool, clock: _Stopwatch, drafts: bool = False,
            use_cache: bool = True, with_assets: bool = False):
    """The archive, the actors the registry lacks, the site's assets (`with_assets`) and the
    diagnostics; raise BuildFailed on errors."""
    diagnostics: list[Diagnostic] = []
    with clock.stage("load"):
        config, found = load_config(root, base_url)
        diagnostics += found
        registry, found = load_registry(root)
        diagnostics += found
        ledger_edits, found = load_ledger_edits(root)
        diagnostics += found
        sources, found = load_articles(root)
        diagnostics += found
        assets, found = load_assets(root) if with_assets else ([], [])
        diagnostics += found
    with clock.stage("validate"):
        valid, found = validate_articles(sources)
        diagnostics += found
        valid = [article for article in valid if drafts or not article.meta.draft]
    # Nothing is parsed until every file is known to be valid: errors come all at once, early.
    _stop_on_errors(diagnostics, strict)
    with clock.stage("parse+tag"):
        tagged, untracked, found = _analyse_all(valid, registry, config.language, root if use_cache else None)
        diagnostics += found
    del sources, valid  # the texts (a few hundred MB at 10,000 briefings) are not needed again
    _stop_on_errors(diagnostics, strict)
    tagged.sort(key=lambda item: _newest_first(item.article))
    # The ledger needs only the claims, and linking does not need the ledger: one is made on
    # the other core while the other is made here.
    ledger_work = _OnAnotherCore(partial(build_ledger, [c for item in tagged for c in item.claims], ledger_edits))
    with clock.stage("link"):
        archive, found = link_archive(config, tagged, registry, untracked, [], _build_date())
        diagnostics += found
    with clock.stage("ledger"):
        ledger, found = ledger_work.result()
        archive = replace(archive, ledger=tuple(ledger))
        diagnostics += found
    _stop_on_errors(diagnostics, strict)
    return archive, untracked, assets, diagnostics


def _analyse_all(valid: list[ArticleSource], registry: ActorRegistry, language: str, root: Path | None):
    """Parse, tag and annotate every briefing whose analysis is not in the cache (`root` None:
    no cache), on every core when there are enough of them to pay."""
    slugs_by_file = {source.path.name: source.meta.slug for source in valid}
    registry_text = repr(registry)
    keys = [cache.cache_key(f"{s.path}\0{s.meta!r}\0{s.body}", registry_text, language) for s in valid]
    found = [cache.load(root, key, slugs_by_file) if root else None for key in keys]
    missing = [index for index, analysis in enumerate(found) if analysis is None]
    diagnostics: list[Diagnostic] = []
    fresh = _analyse_missing([valid[i] for i in missing], slugs_by_file, registry, language)
    for index, (packed, problems) in zip(missing, fresh, strict=True):
        diagnostics += problems  # what makes a briefing unreadable: never cached, found again each build
        if packed is not None:
            found[index], _ = cache.unpack(packed)
            if root:
                cache.store(root, keys[index], packed)
    if root:
        cache.prune(root, cache.ANALYSES, set(keys))
    tagged, untracked = [], {}
    for key, analysis in zip(keys, found):  # in file order, cached or not: the result cannot tell the difference
        if analysis is None:
            continue
        item, article_untracked, article_diagnostics = analysis
        tagged.append(replace(item, fingerprint=key))
        diagnostics += article_diagnostics
        for actor in article_untracked:
            untracked.setdefault(actor.id, actor)
    return tagged, sorted(untracked.values(), key=lambda a: a.id), diagnostics


def _analyse_missing(sources: list[ArticleSource], slugs_by_file: dict[str, str], registry: ActorRegistry,
                     language: str) -> Iterator[tuple[bytes | None, list[Diagnostic]]]:
    """`_analyses` of every source, in order, as the results come: on every core when there
    are enough sources to pay."""
    workers = _workers()
    if workers < 2 or len(sources) < PARALLEL_FROM:
        yield from _analyses(sources, slugs_by_file, registry, language)
        return
    size = -(-len(sources) // (workers * 4))  # several chunks a worker: a slow one does not hold up the rest
    chunks = [sources[start:start + size] for start in range(0, len(sources), size)]
    # fork is cheapest, but unsafe once other threads run (the live preview's server).
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))
    try:
        for chunk in pool.map(_analyse_chunk, chunks, repeat(slugs_by_file), repeat(registry), repeat(language)):
            yield from chunk
    finally:
        # Stopped early (Ctrl-C, an error): the chunks not yet begun are not worth waiting for.
        pool.shutdown(cancel_futures=True)


def _start_worker(build: int) -> None:
    """Ready a parse-and-tag worker of the build process `build`: it dies with the build, leaves
    Ctrl-C to the build (which stops it), and collects garbage as usual (its parsing makes
    short-lived objects)."""
    die_with_parent(build)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()


def _analyse_chunk(sources: list[ArticleSource], slugs_by_file: dict[str, str], registry: ActorRegistry,
                   language: str) -> list[tuple[bytes | None, list[Diagnostic]]]:
    """`_analyses` as a list, to send back from a worker process."""
    return list(_analyses(sources, slugs_by_file, registry, language))


def _analyses(sources: list[ArticleSource], slugs_by_file: dict[str, str], registry: ActorRegistry,
              language: str) -> Iterator[tuple[bytes | None, list[Diagnostic]]]:
    """Per briefing of `sources`: its analysis and links packed for the cache (`cache.pack`) and
    its errors; the analysis None (with the errors) when the briefing cannot be parsed."""
    md = make_markdown()
    matcher = ActorMatcher(registry)
    for source in sources:
        parsed, problems = parse_article(md, source, slugs_by_file)
        if parsed is None:
            yield None, problems
            continue
        item, untracked, tag_problems = tag_article(parsed.article, matcher, language)
        item = replace(item, packed_body=pack_body(annotate_body(md, parsed.tokens, item)))
        yield cache.pack((item, untracked, problems + tag_problems), parsed.links), []


def _workers() -> int:
    """Worker processes to use: every core (at most MAX_WORKERS), or BRIEFSITE_WORKERS."""
    wanted = os.environ.get("BRIEFSITE_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(os.cpu_count() or 1, MAX_WORKERS)


class _OnAnotherCore:
    """`work()` done in a copy of this process (fork), on another core, while this one goes on;
    `result()` waits for its value, or raises what it raised.

    The copy shares the archive's memory, and does only `work` (computing, writing files) and
    its reply: it touches no standard stream and no lock another thread may hold (the progress
    bar's, the live preview server's), and ends without cleaning up. It leads a process group of
    its own, so that `cancel` also stops the programs it runs (Pagefind), and it dies with this
    process. Where fork is missing or one worker is asked for (BRIEFSITE_WORKERS=1), `work` is
    done on the spot. `seconds` is, after `result()`, how long the work took.
    """

    def __init__(self, work: Callable[[], object]):
        self._pid = None
        self.seconds = 0.0
        if not hasattr(os, "fork") or _workers() < 2:
            self._outcome = _attempt(work)
            return
        readable, writable = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the copy
            os.close(readable)
            die_with_parent(parent)
            _lead_own_group(0)
            gc.disable()  # short-lived: collecting would only copy the shared pages
            try:
                with os.fdopen(writable, "wb") as channel:
                    channel.write(_pickled(_attempt(work)))
            finally:
                os._exit(0)
        os.close(writable)
        _lead_own_group(pid)  # here too: cancel may come before the copy has run at all
        self._pid, self._channel = pid, readable

    def result(self):
        if self._pid is not None:
            with os.fdopen(self._channel, "rb") as channel:
                data = channel.read()
            os.waitpid(self._pid, 0)
            self._pid = None
            self._outcome = pickle.loads(data) if data else (False, _ProcessStopped(), 0.0)
        succeeded, value, self.seconds = self._outcome
        if not succeeded:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work if it is still being done elsewhere."""
        if self._pid is not None:
            try:
                os.killpg(self._pid, signal.SIGKILL)
            except OSError:
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._channel)
            self._pid = None


def _lead_own_group(pid: int) -> None:
    try:
        os.setpgid(pid, 0)
    except OSError:
        pass  # the copy has ended already, or made its group first


class _ProcessStopped(Exception):
    """A process of the build ended without a reply: killed (by the system, when memory ran out)."""


def _attempt(work: Callable[[], object]) -> tuple[bool, object, float]:
    """Whether `work()` succeeded, what it returned or raised, and how many seconds it took."""
    start = time.perf_counter()
    try:
        return True, work(), time.perf_counter() - start
    except Exception as exc:  # raised again by result(), in the process that asked
        return False, exc, time.perf_counter() - start


def _pickled(outcome: tuple[bool, object, float]) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps((False, RuntimeError(f"{outcome[1]!r} ({exc})"), outcome[2]))


def _shown(path: Path, root: Path) -> str:
    """`path` as diagnostics name it: relative to the project when it is inside."""
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


# What happened and what to do, when writing the site fails, by the error's number.
_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space, then build again",
    errno.EDQUOT: "your disk quota is used up; free some space, then build again",
    errno.EROFS: "the file system is read-only; build into a writable folder with --out",
    errno.EACCES: "permission denied; build into a folder you may write to with --out, or change its permissions",
    errno.EPERM: "permission denied; build into a folder you may write to with --out, or change its permissions",
    errno.EBUSY: "the system is using it (is it a mount point?); build elsewhere with --out",
}


def _environment_problem(exc: OSError, shown: str, out: Path, root: Path) -> Diagnostic:
    """What stopped the build, as a diagnostic on the output folder (`shown`, which is `out`)."""
    # Of a copy or a rename, the second file is the one written.
    name = exc.filename2 or exc.filename
    place = _shown(published_path(Path(os.fsdecode(name)), out), root) if name else "the site"
    if exc.errno in _ADVICE:
        return error(shown, 0, f"cannot write {place}: {_ADVICE[exc.errno]}")
    what = (exc.strerror or str(exc)).rstrip(".")
    return error(shown, 0, f"cannot write {place}: {what[:1].lower() + what[1:]}; fix that, then build again")


def _stopped_unexpectedly(shown: str) -> Diagnostic:
    return error(shown, 0, "a process of the build was stopped from outside (did the system run out of memory?); "
                           "build again, with fewer BRIEFSITE_WORKERS if it happens again")


def _stop_on_errors(diagnostics: list[Diagnostic], strict: bool) -> None:
    if any(d.is_error or strict for d in diagnostics):
        raise BuildFailed(sorted(diagnostics))


def _newest_first(article: Article) -> tuple:
    # Unknown dates sort last; ties go by title, then slug, so the order is stable.
    date = article.meta.date
    key = (0, *(-part for part in date.sort_key)) if date else (1, 0, 0, 0)
    return (*key, article.meta.title.casefold(), article.slug)


@contextmanager
def _template_problems(root: Path):
    """Report a template mistake met while rendering as the editor's error, not a crash."""
    try:
        yield
    except TemplateError as exc:
        raise BuildFailed([_template_problem(exc, root)]) from None


def _template_problem(exc: TemplateError, root: Path) -> Diagnostic:
    """A template mistake as `templates/x.html:line: error: …` (the editor's, not a bug)."""
    if isinstance(exc, TemplateNotFound):
        return error(f"templates/{exc.name}", 0, "template is missing; restore it from briefsite's templates/")
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None) or 0
    if name is None:
        # Errors found while rendering carry the template's place only in the traceback.
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
        name, line = (frames[-1].filename, frames[-1].lineno) if frames else ("templates", 0)
    path = Path(name)
    shown = path.relative_to(root) if path.is_absolute() and root in path.parents else Path("templates") / path.name
    return error(shown, line or 0, f"template problem: {exc.message or exc}")


def _build_date() -> str | None:
    # Builds are reproducible: a date appears only when SOURCE_DATE_EPOCH asks for one.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()


def _account_for_every_article(site: Path, archive: Archive) -> list[Diagnostic]:
    missing = [t.article for t in archive.articles if not (site / t.article.url / "index.html").is_file()]
    return [error(a.path, 0, "article page was not written; this is a briefsite bug") for a in missing]

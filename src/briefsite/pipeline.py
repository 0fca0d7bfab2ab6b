"""The build, stage by stage: load → validate → parse → tag → ledger → link → render → write → index.

Each stage takes plain records and returns new ones with its diagnostics; this module
only chains them. Input errors stop the build before anything is written, and the
output folder is replaced only after every stage, the search index included, succeeded.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import Callable
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound

from briefsite import cache
from briefsite.config import load_config
from briefsite.diagnostics import BuildFailed, Diagnostic, error
from briefsite.export import export_data
from briefsite.index import build_search_index
from briefsite.ledger import build_ledger
from briefsite.ledger_file import load_ledger_edits
from briefsite.link import link_archive
from briefsite.load import load_articles
from briefsite.parse import parse_articles
from briefsite.records import Actor, ActorRegistry, Archive, Article, ArticleSource, TaggedArticle
from briefsite.registry import load_registry
from briefsite.render import render_site
from briefsite.tag.actors import ActorMatcher
from briefsite.tag.stage import tag_article
from briefsite.validate import validate_articles
from briefsite.write import check_output_folder, discard, publish, staging_folder, write_pages


# Below this many briefings, starting worker processes costs more than it saves.
PARALLEL_FROM = 48
MAX_WORKERS = 8

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
    """Reuse tags kept from earlier builds (in .briefsite-cache/) for unchanged briefings."""
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


def build_site(options: BuildOptions) -> BuildReport:
    """Build the site; raise BuildFailed (with every diagnostic) on input errors."""
    root = options.root
    out = (options.out or root / "_site").absolute()
    check_output_folder(out, root)
    clock = _Stopwatch(options.progress)
    archive, _, diagnostics = _gather(root, options.base_url, options.strict, clock, options.drafts,
                                      options.cache)
    with clock.stage("render"):
        try:
            pages = render_site(archive, root / "templates") + export_data(archive)
        except TemplateError as exc:
            raise BuildFailed([_template_problem(exc, root)]) from None
    staging = staging_folder(out)
    try:
        with clock.stage("write"):
            write_pages(staging, pages, root / "templates" / "assets")
        with clock.stage("index"):
            found = build_search_index(staging, archive.config.language, root if options.cache else None)
        # Every valid briefing must have its page; checked before the old site is replaced.
        found += _account_for_every_article(staging, archive)
        _stop_on_errors(diagnostics + found, strict=False)
    except BaseException:
        discard(staging)
        raise
    publish(staging, out)
    return BuildReport(
        out=out, articles=len(archive.articles), actors=len(archive.actors), claims=len(archive.claims),
        dates=sum(len(block) for item in archive.articles for block in item.dates), pages=len(pages),
        diagnostics=diagnostics, timings=clock.timings)


def gather(root: Path, base_url: str | None = None,
           strict: bool = False) -> tuple[Archive, list[Diagnostic]]:
    """Read, check, parse, tag and link the whole archive; raise BuildFailed on errors."""
    archive, _, diagnostics = _gather(root, base_url, strict, _Stopwatch(None))
    return archive, diagnostics


def untracked_actors(root: Path) -> tuple[list[Actor], list[Diagnostic]]:
    """Names the briefings use that the registry does not know (for `actors suggest`)."""
    _, untracked, diagnostics = _gather(root, None, False, _Stopwatch(None))
    return untracked, diagnostics


def _gather(root: Path, base_url: str | None, strict: bool, clock: _Stopwatch, drafts: bool = False,
            use_cache: bool = True):
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
    with clock.stage("validate"):
        valid, found = validate_articles(sources)
        diagnostics += found
        valid = [article for article in valid if drafts or not article.meta.draft]
    # Nothing is parsed until every file is known to be valid: errors come all at once, early.
    _stop_on_errors(diagnostics, strict)
    with clock.stage("parse+tag"):
        tagged, untracked, found = _parse_and_tag(valid, registry, config.language, root if use_cache else None)
        diagnostics += found
    _stop_on_errors(diagnostics, strict)
    tagged.sort(key=lambda item: _newest_first(item.article))
    with clock.stage("ledger"):
        ledger, found = build_ledger([c for item in tagged for c in item.claims], ledger_edits)
        diagnostics += found
    with clock.stage("link"):
        archive, found = link_archive(config, tagged, registry, untracked, ledger, _build_date())
        diagnostics += found
    _stop_on_errors(diagnostics, strict)
    return archive, untracked, diagnostics


def _parse_and_tag(valid: list[ArticleSource], registry: ActorRegistry, language: str, root: Path | None):
    """Parse every briefing, and tag those whose tags are not in the cache (`root` None: no
    cache), on every core when there are enough of them to pay.

    Workers parse and tag their share but send back only the tags: markdown tokens cost more
    to pickle than to make, so the main process parses every briefing itself meanwhile.
    """
    slugs_by_file = {source.path.name: source.meta.slug for source in valid}
    registry_text = repr(registry)
    keys = {str(s.path): cache.cache_key(f"{s.path}\0{s.meta!r}\0{s.body}", registry_text, language) for s in valid}
    found = {path: cache.load(root, key) for path, key in keys.items()} if root else {}
    missing = [source for source in valid if found.get(str(source.path)) is None]
    workers = _workers()
    if workers < 2 or len(missing) < PARALLEL_FROM:
        articles, diagnostics = parse_articles(valid, slugs_by_file)
        fresh = _tags_of_chunk(missing, slugs_by_file, registry, language)
    else:
        size = -(-len(missing) // (workers * 4))  # several chunks a worker: a slow one does not hold up the rest
        chunks = [missing[i:i + size] for i in range(0, len(missing), size)]
        # fork is cheapest, but unsafe once other threads run (the live preview's server).
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(_tags_of_chunk, chunks, repeat(slugs_by_file), repeat(registry), repeat(language))
            articles, diagnostics = parse_articles(valid, slugs_by_file)
            fresh = {path: tags for result in results for path, tags in result.items()}
    if root:
        for path, tags in fresh.items():
            cache.store(root, keys[path], tags)
    found.update(fresh)
    tagged, untracked = [], {}
    for article in articles:  # in file order, cached or not: the result cannot tell the difference
        tags, article_untracked, article_diagnostics = found[str(article.path)]
        tagged.append(TaggedArticle(article, *tags))
        diagnostics += article_diagnostics
        for actor in article_untracked:
            untracked.setdefault(actor.id, actor)
    return tagged, sorted(untracked.values(), key=lambda a: a.id), diagnostics


def _tags_of_chunk(sources: list[ArticleSource], slugs_by_file: dict[str, str], registry: ActorRegistry,
                   language: str) -> dict:
    """Path -> (tags, untracked actors, tag diagnostics) of each briefing in `sources`."""
    articles, _ = parse_articles(sources, slugs_by_file)  # parse problems are reported by the caller
    matcher = ActorMatcher(registry)
    out = {}
    for article in articles:
        item, untracked, diagnostics = tag_article(article, matcher, language)
        out[str(article.path)] = ((item.mentions, item.dates, item.claims, item.sentences), untracked, diagnostics)
    return out


def _workers() -> int:
    """Worker processes to use: every core (at most MAX_WORKERS), or BRIEFSITE_WORKERS."""
    wanted = os.environ.get("BRIEFSITE_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _stop_on_errors(diagnostics: list[Diagnostic], strict: bool) -> None:
    if any(d.is_error or strict for d in diagnostics):
        raise BuildFailed(sorted(diagnostics))


def _newest_first(article: Article) -> tuple:
    # Unknown dates sort last; ties go by title, then slug, so the order is stable.
    date = article.meta.date
    key = (0, *(-part for part in date.sort_key)) if date else (1, 0, 0, 0)
    return (*key, article.meta.title.casefold(), article.slug)


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

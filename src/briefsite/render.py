"""Render: turn the archive into HTML pages with the project's Jinja templates.

In: an `Archive` and the templates folder. Out: `Page`s (site-relative path + bytes).
Every internal URL is relative to the page (`root` is '../' per folder level), so the
site works at a domain root, under a sub-path such as GitHub Pages' `/REPO/`, and from
a local folder. Only 404.html, served at any depth, uses the configured base path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from briefsite import cache
from briefsite.charts import actor_network, claims_chart, ego_network, timeline_chart
from briefsite.cite import citations
from briefsite.feeds import render_feeds
from briefsite.linked_data import actor_json_ld, article_json_ld
from briefsite.records import ACTOR_KINDS, CLAIM_TYPES, Archive, CachedFile, Page, PartialDate, TaggedArticle

# Only the site's own files; 'wasm-unsafe-eval' lets Pagefind run its WebAssembly search.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
# Lists on one page stop here, so a page stays readable and small at 10,000 briefings;
# the rest is a search filter or a data file away, as each page says.
LIMITS = {"list": 100, "year": 300, "claims": 1500}
LEDGER_PLACEHOLDER = re.compile("\0([^\0]+)\0")  # what records.ledger_placeholder writes
KIND_LABELS = {
    "person": "People", "government": "Governments", "agency": "Agencies and bodies", "party": "Parties",
    "cartel": "Cartels", "organization": "Organizations", "country": "Countries",
    "program": "Laws, orders and programs",
}


def make_environment(templates: Path) -> Environment:
    """Jinja environment: autoescaping on, and an undefined name is an error, not ''."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["iso_display"] = iso_display
    env.globals["limits"] = LIMITS
    env.filters["claim_article"] = lambda claim_id, archive: archive.claim(claim_id).article
    return env


class Renderer:
    """Renders one build's pages: the article pages, then the pages made from the whole archive."""

    def __init__(self, archive: Archive, templates: Path):
        self.archive = archive
        self.templates = templates
        self.env = make_environment(templates)
        # Lookups for the templates: a subscript costs a template far less than a method call.
        self.lookups = {
            "article_of": {item.article.slug: item.article for item in archive.articles},
            "claim_of": {claim.id: claim for claim in archive.claims},
            "actor_of": {profile.actor.id: profile.actor for profile in archive.actors},
        }

    def page(self, path: str, template: str, section: str, root: str | None = None, **context) -> Page:
        """One HTML page; `root` is the way back to the site's root from it."""
        depth = path.count("/")
        context.setdefault("description", self.archive.config.description)
        context.setdefault("canonical", _canonical(self.archive.config.base_url, path))
        context.setdefault("og_type", "website")
        context.setdefault("json_ld", None)
        context.setdefault("feed", None)
        context.setdefault("archive", self.archive)
        if context["archive"] is not None:
            context.update(self.lookups)
        html = self.env.get_template(template).render(
            site=self.archive.config,
            lang=self.archive.config.language,
            csp=CONTENT_SECURITY_POLICY,
            root="../" * depth if root is None else root,
            section=section,
            build_date=self.archive.build_date,
            **context,
        )
        return Page(path=path, content=html.encode("utf-8"))

    def article_pages(self, cache_root: Path | None = None) -> Iterator[Page | CachedFile]:
        """Each briefing's page and its citation files.

        With a `cache_root` (the project folder; None: no cache), an article whose pages would
        come out the same as in an earlier build (same analysis, ledger links, actors, site
        settings, templates and code) reuses them.
        """
        archive, config = self.archive, self.archive.config
        code = cache_root and cache.page_code_version(self.templates)
        used: set[str] = set()
        for item in archive.articles:
            meta = item.article.meta
            folder = f"articles/{item.article.slug}/"
            paths = [folder + "index.html", folder + "cite.bib", folder + "cite.ris"]
            # Besides the analysis, a page shows the actors it names, as the archive knows them,
            # and the ledger's links beside its claims: with those, the key covers all it shows,
            # and a page from the cache needs neither its body unpacked nor its JSON-LD made.
            actors = [archive.actor(a).actor for a in sorted({m.actor for block in item.mentions for m in block})]
            references = {c.id: link for c in item.claims if (link := _ledger_reference(c, "../../", archive))}
            # The packed body, not only the fingerprint: where links to other briefings lead shows there.
            key = code and cache.page_key(code, repr(config), repr(archive.build_date), folder, item.fingerprint,
                                          item.packed_body, repr([(a.id, a.name, a.kind) for a in actors]),
                                          repr(references))
            if key:
                used.add(key)
            cached = cache.load_page_files(cache_root, key) if key else None
            if cached is None or len(cached) != len(paths):
                canonical = _canonical(config.base_url, folder + "index.html")
                # The reader's access date is unknowable at build time, so none is given.
                cite = citations(meta, canonical)
                html = self.page(
                    folder + "index.html", "article.html", "article", cite=cite, canonical=canonical,
                    item=item, article=item.article, meta=meta,
                    body_html=LEDGER_PLACEHOLDER.sub(lambda found: references.get(found[1], ""), item.body_html),
                    actor_names=sorted({a.name for a in actors}), actor_kinds=sorted({a.kind for a in actors}),
                    description=meta.summary or config.description, og_type="article",
                    json_ld=article_json_ld(archive, item),
                    archive=None,  # so that the page can only show what its cache key covers
                )
                files = [html.content, cite.bibtex.encode("utf-8"), cite.ris.encode("utf-8")]
                cached = cache.store_page_files(cache_root, key, files) if key else None
                if cached is None:
                    yield from (Page(path=path, content=content) for path, content in zip(paths, files))
                    continue
            yield from (CachedFile(path=path, source=source) for path, source in zip(paths, cached))
        if code:
            cache.prune(cache_root, cache.PAGES, used)

    def archive_pages(self) -> Iterator[Page]:
        """The pages made from the whole archive: home, lists, actors, timeline, claims,
        ledger, feeds."""
        archive, page, config = self.archive, self.page, self.archive.config
        claim_counts = Counter(claim.type for claim in archive.claims)
        # The list of briefings comes in pages, so that the home page stays small at any size.
        size = LIMITS["list"]
        numbers = range(1, max(1, -(-len(archive.articles) // size)) + 1)
        for number in numbers:
            yield page("index.html" if number == 1 else f"page/{number}/index.html", "home.html", "home",
                       articles=archive.articles[(number - 1) * size:number * size], total=len(archive.articles),
                       page_number=number, page_count=len(numbers), first_number=(number - 1) * size + 1,
                       claim_counts=claim_counts, chart=claims_chart(archive) if number == 1 else None)
        yield page("search/index.html", "search.html", "search")
        yield page("actors/index.html", "actors.html", "actors", groups=_actor_groups(archive),
                   chart=actor_network(archive))
        yield page("timeline/index.html", "timeline.html", "timeline", years=_by_year(archive.timeline),
                   chart=timeline_chart(archive))
        yield page("claims/index.html", "claims.html", "claims", claim_types=CLAIM_TYPES, claim_counts=claim_counts,
                   claim_articles=_claim_articles(archive))
        yield page("ledger/index.html", "ledger.html", "ledger",
                   verdict_counts=Counter(e.verdict for e in archive.ledger))
        # Served in place of any missing page, at any depth: relative links cannot work there.
        yield page("404.html", "404.html", "404", root=config.base_path, canonical=None)
        for entry in archive.ledger:
            yield page(f"ledger/{entry.id}/index.html", "ledger_entry.html", "ledger", entry=entry,
                       description=entry.fact)
        for profile in archive.actors:
            yield page(f"actors/{profile.actor.id}/index.html", "actor.html", "actors", profile=profile,
                       actor=profile.actor, description=profile.actor.description or config.description,
                       json_ld=actor_json_ld(archive, profile.actor),
                       feed=f"actors/{profile.actor.id}/feed.xml",
                       chart=ego_network(archive, profile.actor.id))
        yield from render_feeds(archive, self.env)


def render_site(archive: Archive, templates: Path) -> list[Page]:
    """Every page of the site (see `Renderer`), made afresh."""
    renderer = Renderer(archive, templates)
    return [*renderer.article_pages(), *renderer.archive_pages()]


def _ledger_reference(claim, root: str, archive: Archive) -> str:
    # "also reported in …" / "differs from …" beside a claim that other briefings report too.
    entry = archive.ledger_entry_of(claim.id)
    if entry is None:
        return ""
    others = [archive.claim(c) for c in entry.claims if archive.claim(c).article != claim.article]
    links = ", ".join(
        f'<a href="{root}articles/{escape(o.article)}/#{escape(o.id)}">{escape(archive.article(o.article).article.meta.title)}</a>'
        for o in others)
    if not links:  # the other sources of this fact are claims of this same briefing
        links = "this briefing"
    verb = "differs from" if entry.verdict == "differ" else "also reported in"
    return (f'<span class="ledger-ref ledger-ref--{escape(entry.verdict)}" data-pagefind-ignore> {verb} {links} '
            f'(<a href="{root}ledger/{escape(entry.id)}/">compare</a>)</span>')


@lru_cache(maxsize=4096)  # the same dates recur on the timeline and actor pages
def iso_display(value: str) -> str:
    """'2026-03-02' → '2 March 2026'; '2000/2012' → '2000–2012'; 'XXXX-03-04' → '4 March (year unknown)'."""
    def one(part: str) -> str:
        numbers = [int(p) for p in part.split("-") if p.isdigit()]
        if part.startswith("XXXX") and numbers:  # a month, perhaps a day, whose year the text does not give
            shown = PartialDate(2000, *numbers).display
            return shown.removesuffix(" 2000")
        return PartialDate(*numbers).display if numbers else part

    shown = "–".join(one(part) for part in value.split("/"))
    return shown + " (year unknown)" if value.startswith("XXXX") else shown


def _actor_groups(archive: Archive) -> list[tuple[str, list]]:
    groups = []
    for kind in ACTOR_KINDS:
        members = sorted((p for p in archive.actors if p.actor.kind == kind and p.actor.tracked),
                         key=lambda p: (-p.mentions, p.actor.name.casefold()))
        if members:
            groups.append((KIND_LABELS[kind], members))
    untracked = sorted((p for p in archive.actors if not p.actor.tracked),
                       key=lambda p: (-p.mentions, p.actor.name.casefold()))
    if untracked:
        groups.append(("Not yet in the registry", untracked))
    return groups


def _claim_articles(archive: Archive) -> list[TaggedArticle]:
    """The newest briefings with claims, as many as fit in the claims page's limit."""
    shown, count = [], 0
    for item in archive.articles:
        if item.claims and (count < LIMITS["claims"] or not shown):
            shown.append(item)
            count += len(item.claims)
    return shown


def _by_year(events) -> list[tuple[int, list]]:
    years: dict[int, list] = {}
    for event in events:
        years.setdefault(event.year, []).append(event)
    return sorted(years.items())


def _canonical(base_url: str, path: str) -> str | None:
    if not base_url:
        return None
    return base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)

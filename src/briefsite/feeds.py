"""Feeds: the machine-readable pages — Atom feeds, sitemap.xml and robots.txt.

In: the `Archive` and the Jinja environment. Out: `Page`s. Part of the render stage. Atom
needs full timestamps: a briefing known only to the month or year is dated to the first
day of that period, and one whose date is unknown takes the feed's own date (the newest
briefing's), so no time is invented beyond what the period says. Addresses are absolute
when the site's base URL is known; otherwise they are relative to the site's root, which
feed readers resolve against the feed's own address.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from briefsite.records import Archive, Page, PartialDate, TaggedArticle

EPOCH = "1970-01-01T00:00:00Z"
# Feeds carry the newest briefings, as feed readers expect; the archive holds the rest.
FEED_ENTRIES = 100
ACTOR_FEED_ENTRIES = 50


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: str
    published: str | None
    authors: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    updated: str
    self_url: str
    html_url: str
    entries: tuple[FeedEntry, ...]


def render_feeds(archive: Archive, env: Environment) -> list[Page]:
    """feed.xml for the archive, one per actor, sitemap.xml and robots.txt."""
    base = archive.config.base_url
    template = env.get_template("feed.xml")
    pages = [Page("feed.xml", template.render(site=archive.config, feed=_feed(
        archive, archive.articles[:FEED_ENTRIES], archive.config.title, archive.config.description,
        "feed.xml", "")).encode())]
    for profile in archive.actors:
        items = [archive.article(slug) for slug in profile.articles[:ACTOR_FEED_ENTRIES]]
        folder = f"actors/{profile.actor.id}/"
        feed = _feed(archive, items, f"{profile.actor.name} · {archive.config.title}",
                     f"Briefings that mention {profile.actor.name}", folder + "feed.xml", folder)
        pages.append(Page(folder + "feed.xml", template.render(site=archive.config, feed=feed).encode()))
    urls = ["", "actors/", "timeline/", "claims/", "ledger/", "search/"]
    urls += [item.article.url for item in archive.articles]
    urls += [f"actors/{p.actor.id}/" for p in archive.actors] + [f"ledger/{e.id}/" for e in archive.ledger]
    dates = {item.article.url: item.article.meta.date for item in archive.articles}
    sitemap = [{"loc": base + url, "lastmod": dates[url].iso if dates.get(url) else None} for url in urls]
    pages.append(Page("sitemap.xml", env.get_template("sitemap.xml").render(pages=sitemap).encode()))
    robots = env.get_template("robots.txt").render(sitemap=base + "sitemap.xml" if base else None)
    pages.append(Page("robots.txt", robots.encode()))
    return pages


def _feed(archive: Archive, items, title: str, subtitle: str, path: str, folder: str) -> Feed:
    base = archive.config.base_url
    # Without a base URL, links are written from the feed's own folder, as it is read from there.
    prefix = base or "../" * folder.count("/")
    entries = tuple(_entry(item, prefix, archive) for item in items)
    known = [e.published for e in entries if e.published]
    updated = max(known) if known else EPOCH
    entries = tuple(e if e.published else FeedEntry(**{**e.__dict__, "updated": updated}) for e in entries)
    return Feed(id=(base + path) if base else f"urn:briefsite:feed:{path}", title=title, subtitle=subtitle,
                updated=updated, self_url=(base + path) if base else "feed.xml",
                html_url=(base + folder) if base else "./", entries=entries)


def _entry(item: TaggedArticle, prefix: str, archive: Archive) -> FeedEntry:
    meta = item.article.meta
    stamp = timestamp(meta.date) if meta.date else None
    return FeedEntry(
        id=(archive.config.base_url + item.article.url) if archive.config.base_url else f"urn:briefsite:{meta.slug}",
        title=meta.title, url=prefix + item.article.url, updated=stamp or EPOCH, published=stamp,
        authors=tuple(a.name for a in meta.authors), topics=meta.topics, summary=meta.summary)


def timestamp(date: PartialDate) -> str:
    """RFC 3339 time at the start of the date's period, e.g. '2026-01-01T00:00:00Z'."""
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"

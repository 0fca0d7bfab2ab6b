"""Linked data: schema.org JSON-LD for article and actor pages.

In: the archive and one article or actor. Out: a JSON string safe to place inside
`<script type="application/ld+json">` (every '<' escaped, so no '</script>' can end it).
Part of the render stage. Briefings are `AnalysisNewsArticle`s; their authors and the
actors they are about or mention are linked to the archive's actor pages. Nothing
unknown is filled in: a briefing with no known author or date simply has no such field.
"""

from __future__ import annotations

import json

from briefsite.records import Actor, Archive, TaggedArticle

# schema.org types for the registry's kinds of actor.
ACTOR_TYPES = {
    "person": "Person", "government": "GovernmentOrganization", "agency": "GovernmentOrganization",
    "party": "PoliticalParty", "cartel": "Organization", "organization": "Organization",
    "country": "Country", "program": "Legislation",
}
# An actor named this often in a briefing is what it is about; the others are mentioned.
ABOUT_MENTIONS = 3


def article_json_ld(archive: Archive, item: TaggedArticle) -> str:
    """JSON-LD for an article page."""
    meta, base = item.article.meta, archive.config.base_url
    counts: dict[str, int] = {}
    for block in item.mentions:
        for mention in block:
            counts[mention.actor] = counts.get(mention.actor, 0) + 1
    ranked = sorted(counts, key=lambda a: (-counts[a], a))
    data = {
        "@context": "https://schema.org",
        "@type": "AnalysisNewsArticle",
        "headline": meta.title[:110],
        "name": meta.title,
        "inLanguage": meta.language or archive.config.language,
        "wordCount": item.article.word_count,
    }
    if base:
        data["url"] = data["@id"] = base + item.article.url
    if meta.summary:
        data["description"] = meta.summary
    if meta.date:
        data["datePublished"] = meta.date.iso
    if meta.authors:
        data["author"] = [_author(a.name, a.affiliation) for a in meta.authors]
    if meta.publication:
        data["publisher"] = {"@type": "Organization", "name": meta.publication}
    if meta.source_url:
        data["isBasedOn"] = meta.source_url
    if meta.topics:
        data["keywords"] = list(meta.topics)
    about = [a for a in ranked if counts[a] >= ABOUT_MENTIONS]
    mentioned = [a for a in ranked if counts[a] < ABOUT_MENTIONS]
    if about:
        data["about"] = [_actor_ref(archive.actor(a).actor, base) for a in about]
    if mentioned:
        data["mentions"] = [_actor_ref(archive.actor(a).actor, base) for a in mentioned]
    return _dump(data)


def actor_json_ld(archive: Archive, actor: Actor) -> str:
    """JSON-LD for an actor page: the actor as a schema.org thing."""
    data = {"@context": "https://schema.org", **_actor_ref(actor, archive.config.base_url)}
    if actor.description:
        data["description"] = actor.description
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    return _dump(data)


def _author(name: str, affiliation: str | None) -> dict:
    author = {"@type": "Person", "name": name}
    if affiliation:
        author["affiliation"] = affiliation
    return author


def _actor_ref(actor: Actor, base: str) -> dict:
    ref = {"@type": ACTOR_TYPES.get(actor.kind, "Thing"), "name": actor.name}
    if base:
        ref["url"] = f"{base}actors/{actor.id}/"
    return ref


def _dump(data: dict) -> str:
    # Compact: json's indenting encoder is pure Python, and this runs for every page.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""The tag stage: actors, dates and claims in a briefing.

In: a parsed `Article` and the registry's `ActorMatcher`. Out: a `TaggedArticle`, the
untracked actors its text names, and diagnostics (editors' claim edits that match nothing).
The pipeline runs it for every briefing whose tags are not cached, on every core. Each tagger
works on the plain text of one block; this module runs them in order, because claims are
typed from the mentions and dates found in their sentence.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from itertools import chain

from briefsite.diagnostics import Diagnostic, warning
from briefsite.records import Actor, Article, Claim, ClaimEdit, TaggedArticle
from briefsite.tag.actors import ActorMatcher
from briefsite.tag.claims import claim_id, find_claims
from briefsite.tag.dates import find_article_dates
from briefsite.tag.sentences import split_sentences


def tag_article(article: Article, matcher: ActorMatcher,
                site_language: str) -> tuple[TaggedArticle, list[Actor], list[Diagnostic]]:
    """Tag one article."""
    texts = [block.text for block in article.blocks]
    mentions, untracked = matcher.find_mentions(texts)
    language = article.meta.language or site_language
    dates = find_article_dates(texts, article.meta.date, language)
    sentences = [split_sentences(text) for text in texts]
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for index, block in enumerate(article.blocks):
        if block.kind != "paragraph":
            continue
        for candidate in find_claims(block.text, mentions[index], dates[index], sentences[index]):
            claims.append(Claim(
                id=_unique(_claim_id(article.slug, candidate.text), seen),
                article=article.slug, block=index, start=candidate.start, end=candidate.end,
                text=candidate.text, type=candidate.type, figures=candidate.figures,
                actors=candidate.actors, dates=candidate.dates,
            ))
    claims, problems = _apply_edits(article, claims, sentences, mentions, dates, seen)
    return TaggedArticle(
        article=article,
        mentions=tuple(tuple(m) for m in mentions),
        dates=tuple(tuple(d) for d in dates),
        claims=tuple(claims),
        sentences=tuple(array("I", chain.from_iterable(spans)) for spans in sentences),
    ), untracked, problems


def _claim_id(slug: str, sentence: str) -> str:
    # The sentence's own words make the id stable; the slug keeps it unique in the archive.
    return claim_id(f"{slug} {sentence}")


def _unique(claim: str, seen: dict[str, int]) -> str:
    seen[claim] = seen.get(claim, 0) + 1
    return claim if seen[claim] == 1 else f"{claim}-{seen[claim]}"


def _apply_edits(article, claims, sentences, mentions, dates, seen) -> tuple[list[Claim], list[Diagnostic]]:
    problems = []
    for edit in article.meta.claim_edits:
        target = _find_target(edit, article, claims, sentences)
        if target is None:
            problems.append(warning(article.path, edit.line,
                                    f"claim edit {edit.target!r} matches no claim id and no single sentence "
                                    "of the body; copy the id from the page, or quote more of the sentence"))
            continue
        existing = next((c for c in claims if (c.block, c.start) == target[:2]), None)
        if edit.type == "none":
            claims = [c for c in claims if c is not existing]
        elif existing is not None:
            claims = [replace(c, type=edit.type, by_editor=True) if c is existing else c for c in claims]
        else:
            block, start, end = target
            text = article.blocks[block].text[start:end]
            inside = [m for m in mentions[block] if start <= m.start < end]
            claims.append(Claim(
                id=_unique(_claim_id(article.slug, text), seen), article=article.slug, block=block,
                start=start, end=end, text=text, type=edit.type, figures=(),
                actors=tuple(dict.fromkeys(m.actor for m in inside)),
                dates=tuple(d.value for d in dates[block] if start <= d.start < end), by_editor=True,
            ))
    claims.sort(key=lambda c: (c.block, c.start))
    return claims, problems


def _find_target(edit: ClaimEdit, article, claims, sentences) -> tuple[int, int, int] | None:
    by_id = next((c for c in claims if c.id == edit.target), None)
    if by_id is not None:
        return by_id.block, by_id.start, by_id.end
    hits = [(index, start, end)
            for index, block in enumerate(article.blocks)
            for start, end in sentences[index]
            if edit.target in block.text[start:end]]
    return hits[0] if len(hits) == 1 else None

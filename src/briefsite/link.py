"""Link: gather every briefing's tags into the archive's cross-reference model.

In: tagged articles, the actor registry and the untracked actors. Out: the `Archive`
(actor profiles with their briefings, claims, dated events and co-mentioned actors; the
timeline; every claim) and a warning, once per archive, for each actor the registry does
not know. Built once, completely; after this everything is read-only.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from briefsite.diagnostics import Diagnostic, warning
from briefsite.records import (Actor, ActorProfile, ActorRegistry, Archive, DatedEvent, LedgerEntry,
                               SiteConfig, TaggedArticle, date_anchor)


def link_archive(config: SiteConfig, tagged: list[TaggedArticle], registry: ActorRegistry,
                 untracked: list[Actor], ledger: list[LedgerEntry],
                 build_date: str | None) -> tuple[Archive, list[Diagnostic]]:
    """Build the archive model; `tagged` is in the order the site lists briefings."""
    actors = {actor.id: actor for actor in (*registry.actors, *untracked)}
    mentions: Counter[str] = Counter()
    articles_of: dict[str, dict[str, None]] = defaultdict(dict)  # an ordered set, in the order of `tagged`
    claims_of: dict[str, list[str]] = defaultdict(list)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    timeline: list[DatedEvent] = []
    for item in tagged:
        slug = item.article.slug
        for block_mentions in item.mentions:
            for mention in block_mentions:
                mentions[mention.actor] += 1
                articles_of[mention.actor][slug] = None
        for claim in item.claims:
            for actor in claim.actors:
                claims_of[actor].append(claim.id)
        for sentence_actors in _actors_by_sentence(item):
            for actor in sentence_actors:
                together[actor].update(a for a in sentence_actors if a != actor)
        timeline += _dated_events(item)
    timeline.sort(key=lambda e: (e.sort_key, e.article, e.anchor))
    # From the sorted timeline, each actor's events come in time order too (the sort is stable).
    events_of: dict[str, list[DatedEvent]] = defaultdict(list)
    for event in timeline:
        for actor in event.actors:
            events_of[actor].append(event)
    profiles = tuple(
        ActorProfile(
            actor=actors[actor_id],
            mentions=mentions[actor_id],
            articles=tuple(articles_of[actor_id]),
            claims=tuple(claims_of[actor_id]),
            events=tuple(events_of[actor_id]),
            related=tuple(sorted(together[actor_id].items(), key=lambda kv: (-kv[1], kv[0]))),
        )
        for actor_id in sorted(mentions, key=lambda a: (actors[a].name.casefold(), a))
    )
    archive = Archive(config=config, articles=tuple(tagged), actors=profiles, timeline=tuple(timeline),
                      claims=tuple(c for item in tagged for c in item.claims), ledger=tuple(ledger),
                      build_date=build_date)
    return archive, _untracked_warnings(tagged, {a.id for a in untracked})


# The most of a long sentence the timeline shows around each date.
EXCERPT = 240


def _actors_by_sentence(item: TaggedArticle):
    for index, block_mentions in enumerate(item.mentions):
        by_sentence: dict[int, list[str]] = defaultdict(list)
        for mention in block_mentions:
            by_sentence[item.sentence_number(index, mention.start)].append(mention.actor)
        for actors in by_sentence.values():
            yield sorted(set(actors))


def _dated_events(item: TaggedArticle):
    for index, block_dates in enumerate(item.dates):
        if item.article.blocks[index].kind != "paragraph":
            continue
        seen: set[tuple[int, str]] = set()
        for number, date in enumerate(block_dates):
            if not date.value[:1].isdigit():
                continue  # its year unknown ('XXXX-03-04'), it has no place on a timeline
            start, end = item.sentence_at(index, date.start)
            if (start, date.value) in seen:
                continue  # one event per sentence and date, however often the sentence repeats it
            seen.add((start, date.value))
            text = item.article.blocks[index].text
            actors = tuple(dict.fromkeys(m.actor for m in item.mentions[index] if start <= m.start < end))
            yield DatedEvent(value=date.value, date_text=date.text,
                             sentence=excerpt(text, start, end, date.start, date.end),
                             article=item.article.slug, anchor=date_anchor(index, number),
                             actors=actors, qualifier=date.qualifier)


def excerpt(text: str, start: int, end: int, at: int, until: int, limit: int = EXCERPT) -> str:
    """The sentence `text[start:end]`, or, when it is longer than `limit` characters, the words
    around `text[at:until]` that fit, with an ellipsis where it is cut."""
    if end - start <= limit:
        return text[start:end]
    room = max(0, limit - (until - at)) // 2
    left, right = max(start, at - room), min(end, until + room)
    # Cut at spaces, so no word is shown in part.
    if left > start:
        space = text.find(" ", left, at)
        left = space + 1 if space >= 0 else at
    if right < end:
        space = text.rfind(" ", until, right)
        right = space if space >= 0 else until
    return ("…" if left > start else "") + text[left:right].strip() + ("…" if right < end else "")


def _untracked_warnings(tagged: list[TaggedArticle], untracked: set[str]) -> list[Diagnostic]:
    warned: set[str] = set()
    problems = []
    # In file order, so the warning points at the first place an editor would meet the name.
    for item in sorted(tagged, key=lambda t: str(t.article.path)):
        for index, block_mentions in enumerate(item.mentions):
            for mention in block_mentions:
                if mention.actor in untracked and mention.actor not in warned:
                    warned.add(mention.actor)
                    problems.append(warning(item.article.path, item.article.blocks[index].line,
                                            f"untracked actor \"{mention.text}\"; add it to content/actors.yaml "
                                            "(python -m briefsite actors suggest prints an entry)"))
    return problems

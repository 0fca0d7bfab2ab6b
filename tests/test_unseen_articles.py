"""The importer and the actor tagger on pages they were not written against.

Each page in fixtures/unseen/ is a whole scraped web page (menus, cookie banners, bylines,
captions, pull quotes, newsletter boxes, footers) in a format the five seeds do not have;
beside it, `<name>.expected.yaml` says by hand what it must import to and which actor
mentions its body holds. Mentions are written `text as written -> id`, with
`untracked:<Name>` for an actor the registry lacks (compared by its slug). Labelling
conventions: titles, a leading "the" and a possessive "'s" are not part of a mention;
places, demonyms and job titles alone are not actors; a surname or a nickname alone names
the person introduced earlier; an acronym defined in parentheses names the same actor.

The importer must get each page right; the tagger must reach 0.95 precision and recall
over all pages together, counting mentions as (text, actor) pairs per page.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from briefsite.importer import import_article
from briefsite.inline_text import plain_text
from briefsite.markdown_dialect import make_markdown
from briefsite.registry import load_registry
from briefsite.tag.actors import ActorMatcher
from briefsite.slugs import slugify as slug

REPO = Path(__file__).resolve().parents[1]
UNSEEN = REPO / "tests" / "fixtures" / "unseen"
PAGES = sorted(path.name.removesuffix(".expected.yaml") for path in UNSEEN.glob("*.expected.yaml"))
MIN_PRECISION = MIN_RECALL = 0.95


def expected(page: str) -> dict:
    return yaml.safe_load((UNSEEN / f"{page}.expected.yaml").read_text(encoding="utf-8"))


def imported(page: str) -> tuple[dict, str]:
    """The imported file's front matter and markdown body."""
    text = import_article((UNSEEN / f"{page}.txt").read_bytes(), f"{page}.txt").text
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def body_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, plain text) of each paragraph and heading, as briefsite's parse stage gives them."""
    tokens = make_markdown().parse(body)
    return [("heading" if i and tokens[i - 1].type == "heading_open" else "paragraph", plain_text(t.children or [])[0])
            for i, t in enumerate(tokens) if t.type == "inline"]


def label(text: str) -> tuple[str, str]:
    """`"Pam Bondi -> untracked:Pam Bondi"` as ('Pam Bondi', 'untracked:pam-bondi')."""
    words, _, actor = text.rpartition(" -> ")
    if actor.startswith("untracked:"):
        actor = "untracked:" + slug(actor.removeprefix("untracked:"))
    return words, actor


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    registry, problems = load_registry(REPO)
    assert not [p for p in problems if p.is_error], [str(p) for p in problems]
    return ActorMatcher(registry)


def test_there_are_six_unseen_pages_in_both_languages():
    assert len(PAGES) == 6
    assert Counter(expected(page)["language"] for page in PAGES) == {"en": 4, "es": 2}


@pytest.mark.parametrize("page", PAGES)
def test_imports_unseen_page_with_every_paragraph_and_no_boilerplate(page: str):
    want = expected(page)
    front, body = imported(page)
    blocks = body_blocks(body)
    paragraphs = [text for kind, text in blocks if kind == "paragraph"]
    problems = []
    for field in ("title", "date", "language"):
        if str(front.get(field, "en")) != str(want[field]):
            problems.append(f"{field}: {front.get(field)!r}, expected {want[field]!r}")
    if [author["name"] for author in front["authors"]] != want["authors"]:
        problems.append(f"authors: {front['authors']!r}, expected {want['authors']!r}")
    if not paragraphs or not paragraphs[0].startswith(want["first_paragraph"]):
        problems.append(f"first paragraph: {paragraphs[:1]!r}, expected {want['first_paragraph']!r}…")
    if not paragraphs or not paragraphs[-1].startswith(want["last_paragraph"]):
        problems.append(f"last paragraph: {paragraphs[-1:]!r}, expected {want['last_paragraph']!r}…")
    if len(paragraphs) != want["paragraph_count"]:
        problems.append(f"{len(paragraphs)} paragraphs, expected {want['paragraph_count']}: "
                        + " | ".join(p[:30] for p in paragraphs))
    headings = [text for kind, text in blocks if kind == "heading"]
    if headings != want["headings"]:
        problems.append(f"headings: {headings!r}, expected {want['headings']!r}")
    problems += [f"boilerplate left in the body: {text!r}" for text in want["boilerplate"] if text in body]
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


def test_tags_actor_mentions_of_unseen_pages_with_high_precision_and_recall(matcher: ActorMatcher):
    report, misses = [], []
    true_positives = found_total = expected_total = 0
    for page in PAGES:
        _, body = imported(page)
        mentions, _ = matcher.find_mentions([text for _, text in body_blocks(body)])
        tracked = {actor.id for actor in matcher.registry.actors}
        found = Counter((m.text, m.actor if m.actor in tracked else f"untracked:{m.actor}")
                        for block in mentions for m in block)
        wanted = Counter(label(text) for text in expected(page)["mentions"])
        hits = sum((found & wanted).values())
        true_positives += hits
        found_total += sum(found.values())
        expected_total += sum(wanted.values())
        report.append(f"{page}: P={hits / max(1, sum(found.values())):.3f} R={hits / max(1, sum(wanted.values())):.3f}")
        misses += [f"{page}: extra {item} x{n}" for item, n in (found - wanted).items()]
        misses += [f"{page}: missed {item} x{n}" for item, n in (wanted - found).items()]
    precision, recall = true_positives / max(1, found_total), true_positives / max(1, expected_total)
    summary = "\n".join(report + [f"all: P={precision:.3f} R={recall:.3f}"] + misses)
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, summary

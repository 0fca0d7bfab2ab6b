"""Dates and claims on articles the taggers were not written against.

Each `tests/fixtures/unseen_claims/<name>.txt` is a briefing body as it stands after import:
a header (`anchor: YYYY-MM-DD`, `language: en|es`), a blank line, then one paragraph per
block. Its sidecar `<name>.expected.yaml` holds hand labels in order of appearance:
`dates` as [text as written, ISO value] and `claims` as [the sentence's opening words, type].

The taggers are scored over all the files together, as a new archive would score them:
- a labelled date is right when a found date covers the same words, give or take one, and
  has the labelled value; found dates that touch no labelled one are spurious;
- a labelled claim is found when a claim of its type starts with its opening words
  (compared word by word, ignoring case and punctuation).
Statistics and quotes are held to recall and precision; events and assessments are labelled
only where clear and are reported, not asserted. Claims are typed without actor mentions,
so statistic and quote typing cannot lean on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from briefsite.records import DateMention, PartialDate
from briefsite.tag.claims import ClaimCandidate, find_claims
from briefsite.tag.dates import find_dates

FOLDER = Path(__file__).parent / "fixtures" / "unseen_claims"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Article:
    name: str
    anchor: PartialDate
    language: str
    paragraphs: tuple[tuple[int, str], ...]
    """(offset in the body, text) of each paragraph."""
    body: str
    dates: tuple[tuple[str, str], ...]
    claims: tuple[tuple[str, str], ...]


def read_article(path: Path) -> Article:
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    paragraphs, offset = [], 0
    for text in body.split("\n\n"):
        if text.strip():
            paragraphs.append((offset, text))
        offset += len(text) + 2
    labels = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    return Article(
        name=path.stem, anchor=PartialDate(*map(int, fields["anchor"].split("-"))),
        language=fields["language"], paragraphs=tuple(paragraphs), body=body,
        dates=tuple((str(text), str(value)) for text, value in labels["dates"]),
        claims=tuple((str(words), kind) for words, kind in labels["claims"]),
    )


ARTICLES = [read_article(path) for path in sorted(FOLDER.glob("*.txt"))]


def _words(text: str, start: int, end: int) -> set[int]:
    """Start offsets of the words inside [start, end) of `text`."""
    return {m.start() for m in _WORD.finditer(text, start, end)}


def _labelled_spans(article: Article) -> list[tuple[int, int, str, str]]:
    """(start, end, text, value) of each labelled date, found in order in the body."""
    spans, position = [], 0
    for text, value in article.dates:
        start = article.body.find(text, position)
        assert start >= 0, f"{article.name}: labelled date {text!r} not found after offset {position}"
        spans.append((start, start + len(text), text, value))
        position = start + len(text)
    return spans


def _found_dates(article: Article) -> list[DateMention]:
    """Every date found, with offsets into the whole body."""
    return [DateMention(m.text, offset + m.start, offset + m.end, m.value, m.kind, m.qualifier)
            for offset, text in article.paragraphs
            for m in find_dates(text, article.anchor, article.language)]


def date_scores(article: Article) -> tuple[int, int, int, int, list[str]]:
    """(labelled, right, found, spurious, problems) for one article."""
    labelled, found = _labelled_spans(article), _found_dates(article)
    right, problems, touched = 0, [], set()
    for start, end, text, value in labelled:
        want = _words(article.body, start, end)
        near = [m for m in found if m.start < end and start < m.end]
        touched.update(id(m) for m in near)
        hit = [m for m in near if len(want ^ _words(article.body, m.start, m.end)) <= 1]
        if any(m.value == value for m in hit):
            right += 1
        else:
            got = ", ".join(f"{m.text!r}={m.value}" for m in near) or "nothing"
            problems.append(f"  missed {text!r}={value}: found {got}")
    spurious = [m for m in found if id(m) not in touched]
    problems += [f"  spurious {m.text!r}={m.value}" for m in spurious]
    return len(labelled), right, len(found), len(spurious), problems


def _found_claims(article: Article) -> list[ClaimCandidate]:
    claims = []
    for _, text in article.paragraphs:
        dates = find_dates(text, article.anchor, article.language)
        claims += find_claims(text, [], dates)
    return claims


def _starts_with(claim: ClaimCandidate, words: str) -> bool:
    opening = [w.casefold() for w in _WORD.findall(words)]
    return [w.casefold() for w in _WORD.findall(claim.text)][:len(opening)] == opening


def claim_scores(article: Article, kind: str) -> tuple[int, int, int, int, list[str]]:
    """(labelled, recalled, found, correct, problems) for claims of `kind` in one article."""
    found = _found_claims(article)
    labelled = [words for words, k in article.claims if k == kind]
    of_kind = [c for c in found if c.type == kind]
    recalled, problems = 0, []
    for words in labelled:
        match = next((c for c in found if _starts_with(c, words)), None)
        if match is not None and match.type == kind:
            recalled += 1
        else:
            problems.append(f"  missed {kind} {words!r}: " + (f"typed {match.type}" if match else "no claim"))
    correct = 0
    for claim in of_kind:
        if any(_starts_with(claim, words) for words in labelled):
            correct += 1
        else:
            problems.append(f"  extra {kind}: {claim.text[:90]!r}")
    return len(labelled), recalled, len(of_kind), correct, problems


def _report(rows: list[str]) -> str:
    return "\n".join(rows)


def test_fixtures_are_six_varied_articles():
    assert len(ARTICLES) == 6
    assert {a.language for a in ARTICLES} == {"en", "es"}
    assert all(a.dates and a.claims for a in ARTICLES)


def test_dates_are_right_on_unseen_articles():
    rows, totals = [], [0, 0, 0, 0]
    for article in ARTICLES:
        labelled, right, found, spurious, problems = date_scores(article)
        totals = [t + n for t, n in zip(totals, (labelled, right, found, spurious))]
        rows.append(f"{article.name}: right {right}/{labelled}, spurious {spurious}/{found}")
        rows += problems
    labelled, right, found, spurious = totals
    rows.append(f"ALL: right {right / labelled:.3f}, spurious {spurious / max(1, found):.3f}")
    assert right / labelled >= 0.9 and spurious / max(1, found) <= 0.1, _report(rows)


@pytest.mark.parametrize("kind", ["statistic", "quote"])
def test_statistics_and_quotes_are_found_on_unseen_articles(kind: str):
    rows, totals = [], [0, 0, 0, 0]
    for article in ARTICLES:
        labelled, recalled, found, correct, problems = claim_scores(article, kind)
        totals = [t + n for t, n in zip(totals, (labelled, recalled, found, correct))]
        rows.append(f"{article.name}: {kind} recall {recalled}/{labelled}, precision {correct}/{found}")
        rows += problems
    labelled, recalled, found, correct = totals
    recall, precision = recalled / labelled, correct / max(1, found)
    rows.append(f"ALL: {kind} recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= 0.9 and precision >= 0.8, _report(rows)


def test_labels_name_known_claim_types():
    assert {kind for a in ARTICLES for _, kind in a.claims} <= {"statistic", "quote", "event", "assessment"}

"""Score the importer and the taggers against hand labels (`python -m briefsite eval DIR`).

In: a folder of scraped pages, `NAME.txt`, each beside `NAME.labels.yaml` written by a
labeller who follows `tests/fixtures/GUIDELINE.md` without seeing the taggers. Each page is
imported, parsed and tagged as `briefsite import` and a build would, with the project's actor
registry. With `html=True` the saved page `NAME.html` is imported instead, by the HTML
importer, so that both importers are scored on the same labels. Out: a `Report` of counts
per field and genre, and every miss and false hit, so a rule can be judged on articles it
was not written for.

How labels meet the taggers' output, leniently where the guideline leaves room:
- an actor mention is each place a labelled form occurs in the imported body (whole words,
  longest first, outside the `not_actors` phrases); it is found when a tagged mention overlaps it;
- a labelled date is found when a tagged date overlaps the first place its text occurs after
  the previous labelled date, and right when the values are equal;
- a labelled claim is the sentence it copies; a tagged claim matches it when the two overlap by
  at least half of the shorter, and is right when the types agree;
- metadata: title, date, authors and publication of the imported front matter (authors in
  any case; a publication's name may hold the other's: 'ALN Agencia Latina de Noticias').
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from briefsite.importer import import_article
from briefsite.markdown_dialect import make_markdown
from briefsite.parse import parse_article
from briefsite.records import SourceFile, TaggedArticle
from briefsite.tag.actors import ActorMatcher
from briefsite.tag.stage import tag_article
from briefsite.validate import validate_article

FIELDS = ("actor mentions", "dates found", "date values", "dates right", "statistics and quotes", "events", "claims",
          "claim types", "headline", "date", "authors", "publication")
"""The rows of a report, in order. Mentions, dates and claims have a precision and a recall;
'date values' and 'claim types' count what is right among what was found, 'dates right' what is
found with the right value among all labelled dates; metadata fields count pages whose value is right."""

_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    """Counts for one field: hits, what the tagger gave, what the labels hold."""

    hits: int = 0
    given: int = 0
    expected: int = 0

    def add(self, other: Score) -> None:
        self.hits += other.hits
        self.given += other.given
        self.expected += other.expected

    @property
    def precision(self) -> float | None:
        return self.hits / self.given if self.given else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.expected if self.expected else None


@dataclass
class PageResult:
    """One labelled page's scores and the differences behind them."""

    name: str
    genre: str
    language: str
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    differences: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Every page's result; totals per field, overall and per genre."""

    pages: list[PageResult]

    def totals(self, genre: str | None = None) -> dict[str, Score]:
        """The field scores summed over every page, or over one genre's."""
        total = {name: Score() for name in FIELDS}
        for page in self.pages:
            if genre is None or page.genre == genre:
                for name, score in page.scores.items():
                    total[name].add(score)
        return total

    def genres(self) -> list[str]:
        return sorted({page.genre for page in self.pages})


def evaluate(folder: Path, registry_root: Path, html: bool = False) -> Report:
    """Import, tag and score every labelled page of `folder`, with the registry of `registry_root`;
    the saved `NAME.html` pages, by the HTML importer, when `html`."""
    from briefsite.registry import load_registry

    registry, _ = load_registry(registry_root)
    matcher = ActorMatcher(registry)
    pages = []
    for labels_path in sorted(folder.glob("*.labels.yaml")):
        page = labels_path.with_name(labels_path.name.removesuffix(".labels.yaml") + (".html" if html else ".txt"))
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        pages.append(score_page(page.name, page.read_bytes(), labels, matcher, html=html))
    return Report(pages)


def score_page(name: str, raw: bytes, labels: dict, matcher: ActorMatcher, html: bool = False) -> PageResult:
    """Import and tag one scraped page (a saved web page when `html`) and score it against its labels."""
    from briefsite.importer.html import NoArticleText, import_html

    result = PageResult(name, str(labels.get("genre", "?")), str(labels.get("language", "?")))
    try:
        imported = import_html(raw, name) if html else import_article(raw, name)
    except NoArticleText as refused:
        result.differences.append(f"the importer refused the page: {refused}")
        _score_refused(result, labels)
        return result
    source, _ = validate_article(SourceFile(PurePosixPath("content/articles") / f"{imported.slug}.md", imported.text))
    if source is None:
        result.differences.append("the imported file does not validate")
        return result
    parsed, _ = parse_article(make_markdown(), source, {})
    tagged, untracked, _ = tag_article(parsed.article, matcher, "en")
    kinds = {actor.id: actor.kind for actor in (*matcher.registry.actors, *untracked)}
    # A headline the importer could not find is one it says it did not find, not its placeholder.
    title_missing = any(note.startswith("title:") for note in imported.review)
    _score_metadata(result, source.meta, labels.get("metadata") or {}, title_missing)
    _score_mentions(result, tagged, labels, kinds)
    _score_dates(result, tagged, labels.get("dates") or [])
    _score_claims(result, tagged, labels.get("claims") or [])
    return result


def _score_refused(result: PageResult, labels: dict) -> None:
    """A page the importer refused: every labelled fact counts as missed, not as absent."""
    for name in ("headline", "date", "authors", "publication"):
        result.scores[name] = Score(0, 0, 1)
    claims = labels.get("claims") or []
    result.scores["dates found"].expected = result.scores["dates right"].expected = len(labels.get("dates") or [])
    result.scores["claims"].expected = len(claims)
    result.scores["statistics and quotes"].expected = sum(c.get("type") in ("statistic", "quote") for c in claims)
    result.scores["events"].expected = sum(c.get("type") == "event" for c in claims)


# --- Metadata -------------------------------------------------------------------------

def _score_metadata(result: PageResult, meta, expected: dict, title_missing: bool = False) -> None:
    date = meta.date.iso if meta.date else "unknown"
    got = {
        "headline": "" if title_missing else _plain(meta.title),
        "date": date,
        "authors": sorted(_plain(author.name).casefold() for author in meta.authors),
        "publication": _plain(meta.publication) if meta.publication else None,
    }
    want = {
        "headline": _plain(str(expected.get("title") or "")),
        "date": str(expected.get("date") or "unknown"),
        "authors": sorted(_plain(str(name)).casefold() for name in expected.get("authors") or []),
        "publication": _plain(str(expected["publication"])) if expected.get("publication") else None,
    }
    for name in ("headline", "date", "authors", "publication"):
        right = got[name] == want[name] or (name == "publication" and _same_publication(got[name], want[name]))
        result.scores[name] = Score(int(right), 1, 1)
        if not right:
            result.differences.append(f"{name}: got {got[name]!r}, expected {want[name]!r}")


def _same_publication(got: str | None, want: str | None) -> bool:
    """The same outlet, one name perhaps the other with more words: 'ALN Agencia Latina…'."""
    return got is not None and want is not None and (got.casefold() in want.casefold()
                                                     or want.casefold() in got.casefold())


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


# --- Actors -----------------------------------------------------------------------------

def _score_mentions(result: PageResult, tagged: TaggedArticle, labels: dict, kinds: dict[str, str]) -> None:
    blocks = [block.text for block in tagged.article.blocks]
    gold = _gold_mentions(blocks, labels.get("actors") or [], labels.get("not_actors") or [])
    score = result.scores["actor mentions"]
    for index, text in enumerate(blocks):
        expected = [g for g in gold if g[0] == index]
        given = list(tagged.mentions[index])
        score.given += len(given)
        score.expected += len(expected)
        used: set[int] = set()
        for _, start, end, actor in expected:
            hit = next((n for n, m in enumerate(given) if n not in used and m.start < end and start < m.end), None)
            if hit is None:
                result.differences.append(f"actor missed: {text[start:end]!r} ({actor}) in {_context(text, start, end)}")
            else:
                used.add(hit)
                score.hits += 1
        for n, mention in enumerate(given):
            if n not in used:
                result.differences.append(f"actor false hit: {mention.text!r} as {kinds.get(mention.actor, '?')} "
                                          f"in {_context(text, mention.start, mention.end)}")


def _gold_mentions(blocks: list[str], actors: list[dict], not_actors: list[str]) -> list[tuple[int, int, int, str]]:
    """(block, start, end, actor name) of every place a labelled form occurs, longest first.

    A `not_actors` phrase shields the shorter forms inside it; a form that is itself such a
    phrase ('United States-Mexico-Canada Agreement') is still a mention.
    """
    phrases = {(str(form), str(actor["name"])) for actor in actors for form in actor.get("forms") or []}
    phrases |= {(str(phrase), "") for phrase in not_actors}
    ordered = sorted(phrases, key=lambda pair: (-len(pair[0]), pair[1] == ""))
    found = []
    for index, text in enumerate(blocks):
        taken = [False] * len(text)
        for phrase, actor in ordered:
            for start, end in _occurrences(text, phrase):
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    if actor:
                        found.append((index, start, end, actor))
    return sorted(found)


def _occurrences(text: str, phrase: str):
    """Where `phrase` stands in `text` as whole words."""
    if not phrase:
        return
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before_ok = start == 0 or not (text[start - 1].isalnum() and phrase[0].isalnum())
        after_ok = end == len(text) or not (text[end].isalnum() and phrase[-1].isalnum())
        if before_ok and after_ok:
            yield start, end
        start = text.find(phrase, start + 1)


# --- Dates ------------------------------------------------------------------------------

def _score_dates(result: PageResult, tagged: TaggedArticle, labels: list[dict]) -> None:
    blocks = [block.text for block in tagged.article.blocks]
    given = [(index, mention) for index, mentions in enumerate(tagged.dates) for mention in mentions]
    found, values, right = result.scores["dates found"], result.scores["date values"], result.scores["dates right"]
    found.given, found.expected = len(given), len(labels)
    right.given, right.expected = len(given), len(labels)
    used: set[int] = set()
    cursor = (0, 0)
    for label in labels:
        text, value = str(label["text"]), str(label["value"])
        place = _find_after(blocks, text, cursor) or _find_after(blocks, text, (0, 0))
        if place is None:
            result.differences.append(f"date label not in the imported body: {text!r}")
            continue
        index, start, end = place
        cursor = (index, end)
        hit = next((n for n, (block, m) in enumerate(given)
                    if n not in used and block == index and m.start < end and start < m.end), None)
        if hit is None:
            result.differences.append(f"date missed: {text!r} = {value} in {_context(blocks[index], start, end)}")
            continue
        used.add(hit)
        found.hits += 1
        values.given += 1
        values.expected += 1
        mention = given[hit][1]
        if mention.value == value:
            values.hits += 1
            right.hits += 1
        else:
            result.differences.append(f"date value wrong: {text!r} is {value}, got {mention.value} "
                                      f"({mention.text!r})")
    for n, (index, mention) in enumerate(given):
        if n not in used:
            result.differences.append(f"date false hit: {mention.text!r} = {mention.value} in "
                                      f"{_context(blocks[index], mention.start, mention.end)}")


def _find_after(blocks: list[str], text: str, cursor: tuple[int, int]) -> tuple[int, int, int] | None:
    for index in range(cursor[0], len(blocks)):
        start = blocks[index].find(text, cursor[1] if index == cursor[0] else 0)
        if start >= 0:
            return index, start, start + len(text)
    return None


# --- Claims -----------------------------------------------------------------------------

def _score_claims(result: PageResult, tagged: TaggedArticle, labels: list[dict]) -> None:
    blocks = [_SPACE.sub(" ", block.text) for block in tagged.article.blocks]
    claims = result.scores["claims"]
    types = result.scores["claim types"]
    claims.given = len(tagged.claims)
    expected = []
    for label in labels:
        text, kind = _SPACE.sub(" ", str(label["text"])).strip(), str(label["type"])
        place = next(((index, block.find(text)) for index, block in enumerate(blocks) if text in block), None)
        if place is None:
            result.differences.append(f"claim label not in the imported body: {text[:70]!r}")
            continue
        expected.append((place[0], place[1], place[1] + len(text), kind, text))
    claims.expected = len(expected)
    for kind, row in (("statistic", "statistics and quotes"), ("quote", "statistics and quotes"), ("event", "events")):
        result.scores[row].expected += sum(e[3] == kind for e in expected)
        result.scores[row].given += sum(c.type == kind for c in tagged.claims)
    matched: dict[int, int] = {}  # tagged claim → label
    for n, claim in enumerate(tagged.claims):
        start, end = _normalised_span(tagged, claim)
        best = max(((_overlap(start, end, e[1], e[2]), k) for k, e in enumerate(expected)
                    if e[0] == claim.block and k not in matched.values()), default=(0, -1))
        shorter = min(end - start, max(1, expected[best[1]][2] - expected[best[1]][1])) if best[1] >= 0 else 1
        if best[1] >= 0 and best[0] >= shorter / 2:
            matched[n] = best[1]
    found = {label: n for n, label in matched.items()}
    claims.hits = len(matched)
    for k, (index, start, end, kind, text) in enumerate(expected):
        if k not in found:
            result.differences.append(f"claim missed ({kind}): {text[:100]!r}")
            continue
        got = tagged.claims[found[k]].type
        types.given += 1
        types.expected += 1
        if got == kind:
            types.hits += 1
            row = {"statistic": "statistics and quotes", "quote": "statistics and quotes", "event": "events"}.get(kind)
            if row:
                result.scores[row].hits += 1
        else:
            result.differences.append(f"claim type wrong: {kind}, got {got}: {text[:100]!r}")
    for n, claim in enumerate(tagged.claims):
        if n not in matched:
            result.differences.append(f"claim false hit ({claim.type}): {claim.text[:100]!r}")


def _normalised_span(tagged: TaggedArticle, claim) -> tuple[int, int]:
    """The claim's offsets in its block with runs of whitespace made single spaces."""
    text = tagged.article.blocks[claim.block].text
    start = len(_SPACE.sub(" ", text[:claim.start]))
    return start, start + len(_SPACE.sub(" ", claim.text))


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].split("\n")[-1]
    right = text[end:end + width].split("\n")[0]
    return repr(f"…{left}[{text[start:end]}]{right}…")


# --- Printing ---------------------------------------------------------------------------

def format_report(report: Report, differences: bool = True) -> str:
    """The report as text: the differences per page (unless told not to), then the tables."""
    lines = []
    if differences:
        for page in report.pages:
            for difference in page.differences:
                lines.append(f"{page.name}: {difference}")
        lines.append("")
    lines.append(f"{len(report.pages)} pages: " + ", ".join(
        f"{genre} {sum(p.genre == genre for p in report.pages)}" for genre in report.genres())
        + "; " + ", ".join(f"{lang} {n}" for lang, n in sorted(Counter(p.language for p in report.pages).items())))
    lines.append("")
    lines.append(f"{'field':<24}{'precision':>10}{'recall':>8}{'hits':>7}{'given':>7}{'labelled':>9}")
    for name, score in report.totals().items():
        lines.append(f"{name:<24}{_ratio(score.precision):>10}{_ratio(score.recall):>8}"
                     f"{score.hits:>7}{score.given:>7}{score.expected:>9}")
    lines.append("")
    columns = ("actor mentions", "dates found", "date values", "statistics and quotes", "events", "claims")
    lines.append(f"{'genre (recall; P claims)':<26}" + "".join(f"{c.split()[0][:10]:>11}" for c in columns) + f"{'claims P':>10}")
    by_genre: dict[str, dict[str, Score]] = defaultdict(dict)
    for genre in report.genres():
        by_genre[genre] = report.totals(genre)
        row = by_genre[genre]
        lines.append(f"{genre:<26}" + "".join(f"{_ratio(row[c].recall):>11}" for c in columns)
                     + f"{_ratio(row['claims'].precision):>10}")
    return "\n".join(lines) + "\n"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"

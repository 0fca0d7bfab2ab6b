"""The records passed between pipeline stages.

Each stage takes records and returns new ones; none is mutated after it is made. This
module imports nothing of briefsite's, so every stage can depend on it and on nothing else.
The records made per block, mention, date, figure and claim have slots and no __dict__:
a build of 10,000 briefings holds millions of them. They pickle as their constructor and
values (`_compact`): the cache loads millions of them, and dataclasses' own way for slotted
records looks up the fields for every object, which made loading three times slower.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path, PurePosixPath

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _compact(cls):
    """A frozen slotted record class, made to pickle as `cls(*values)`."""
    values = attrgetter(*(f.name for f in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    """None when only the year is known."""
    day: int | None = None
    """None when only the year or the month is known."""

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """ISO 8601 at its own precision: `2026`, `2026-03` or `2026-03-02`."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    @property
    def display(self) -> str:
        """Human form at its own precision: `2 March 2026`, `March 2026`, `2026`."""
        if not self.month:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Site-wide settings from `[tool.briefsite]` in pyproject.toml, then the command line."""

    title: str
    description: str
    language: str
    base_url: str
    """Absolute URL the site is published at ('' when unknown); ends with '/' when set."""
    author: str = ""
    """Who keeps the archive: the feeds' author ('' means the site title stands for it)."""
    publisher: str = ""
    """The organisation that publishes the archive, for metadata ('' when none)."""

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. '/REPO/'; '' when unknown."""
        if not self.base_url:
            return ""
        rest = self.base_url.split("://", 1)[-1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class SourceFile:
    """A content file as read from disk: decoded, BOM removed, line endings normalised."""

    path: PurePosixPath
    """Relative to the project root, e.g. `content/articles/x.md`."""
    text: str


CLAIM_TYPES = ("statistic", "quote", "event", "assessment")


@dataclass(frozen=True)
class ClaimEdit:
    """An editor's correction to claim detection, from the `claims:` front-matter list."""

    line: int
    """Line of the entry in the file, for diagnostics."""
    target: str
    """A claim id ('c-1a2b3c4d5e6f') or words that occur in exactly one sentence of the body."""
    type: str
    """One of CLAIM_TYPES, or 'none' to drop the claim."""


@dataclass(frozen=True)
class ArticleMeta:
    """Validated front matter of one briefing."""

    title: str
    slug: str
    date: PartialDate | None
    """None when the editor recorded the date as `unknown`."""
    authors: tuple[Author, ...]
    """Empty when no author is known."""
    publication: str | None
    source_url: str | None
    summary: str
    topics: tuple[str, ...]
    subtitle: str | None = None
    dateline: str | None = None
    date_note: str | None = None
    """How the date was arrived at when the source does not state it."""
    title_note: str | None = None
    """Set when the title is the editor's, the source giving none."""
    language: str | None = None
    """ISO 639-1 code when the briefing is not in the site's language."""
    claim_edits: tuple[ClaimEdit, ...] = ()
    draft: bool = False
    """A draft is left out of the site unless the build is asked for drafts."""


@dataclass(frozen=True)
class ArticleSource:
    """A briefing split into validated front matter and its markdown body."""

    path: PurePosixPath
    meta: ArticleMeta
    body: str
    body_line: int
    """1-based line of the file on which the body's first line stands."""


@_compact
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@_compact
@dataclass(frozen=True, slots=True)
class Block:
    """A run of inline text in a briefing's body: a paragraph, a heading, a table cell."""

    kind: str
    """'paragraph' or 'heading' (list items and quotes hold paragraphs)."""
    text: str
    """Plain text, markdown syntax removed; taggers' offsets point into it."""
    line: int
    """1-based line of the file on which the block starts."""
    token: int
    """Index of the block's inline token in the body's markdown tokens (`ParsedArticle.tokens`)."""


@dataclass(frozen=True)
class Article:
    """A parsed briefing: its metadata and the plain text of its body."""

    path: PurePosixPath
    meta: ArticleMeta
    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    word_count: int

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def reading_minutes(self) -> int:
        # 230 words a minute: the usual figure for reading non-fiction on screen.
        return max(1, round(self.word_count / 230))

    @property
    def url(self) -> str:
        """Site-relative URL of the article page."""
        return f"articles/{self.slug}/"


@dataclass(frozen=True)
class ParsedArticle:
    """What parsing one briefing gives: the `Article`, and what only annotating its body needs."""

    article: Article
    tokens: tuple
    """markdown-it tokens of the body; treated as read-only."""
    links: tuple[tuple[str, str | None], ...]
    """Each briefing file the body links to, with the slug it resolved to (None: no such file).
    A cached body is reused only while these still resolve the same way."""


@dataclass(frozen=True)
class Page:
    """One output file: its path within the site and its bytes."""

    path: str
    """Site-relative, posix, e.g. `articles/x/index.html`."""
    content: bytes


@dataclass(frozen=True)
class CachedFile:
    """An output file kept whole in the cache, put into the site as a hard link to it: no
    bytes are copied, and a file system makes a link far faster than a new file."""

    path: str
    """Site-relative, posix, e.g. `articles/x/index.html`."""
    source: Path
    """The cache's copy, which is never changed in place."""


@dataclass(frozen=True)
class DataFile:
    """A large output file, made piece by piece as it is written so it is never held whole."""

    path: str
    """Site-relative, posix, e.g. `data/claims.csv`."""
    chunks: Iterable[bytes]
    """Read once, by the write stage."""


# --- The analytic layer: what the taggers find in a briefing's text. -------------------
# Offsets are character offsets into the plain text of one block (a paragraph, heading or
# list item, with markdown syntax removed), so each tagger works on text and knows nothing
# of markdown or HTML.

ACTOR_KINDS = ("person", "government", "agency", "party", "cartel", "organization", "country", "program")


@dataclass(frozen=True)
class Actor:
    """One entry of the actor registry (content/actors.yaml), or an untracked name."""

    id: str
    """Lowercase slug, e.g. 'claudia-sheinbaum'."""
    name: str
    kind: str
    """One of ACTOR_KINDS."""
    aliases: tuple[str, ...] = ()
    """Other names that always mean this actor: 'El Mencho', 'CJNG', 'AMLO'."""
    description: str = ""
    metonyms: tuple[str, ...] = ()
    """Words that stand for the actor in context, e.g. a capital city: 'Washington'."""
    tracked: bool = True
    """False for names found in the text but not (yet) in the registry."""


@dataclass(frozen=True)
class ActorRegistry:
    actors: tuple[Actor, ...]

    def get(self, actor_id: str) -> Actor | None:
        return next((actor for actor in self.actors if actor.id == actor_id), None)


@_compact
@dataclass(frozen=True, slots=True)
class Mention:
    """A place in a block's text that names an actor."""

    actor: str
    """The actor's id."""
    text: str
    """Exactly as written, e.g. 'Sheinbaum’s' minus the possessive: 'Sheinbaum'."""
    start: int
    end: int


@_compact
@dataclass(frozen=True, slots=True)
class DateMention:
    """An expression that points at calendar time, normalised to ISO 8601."""

    text: str
    """Exactly as written, e.g. 'early 2025', 'last year', 'December 15, 2025'."""
    start: int
    end: int
    value: str
    """'YYYY', 'YYYY-MM', 'YYYY-MM-DD', or 'START/END' for a range (each part at its own precision);
    'XXXX' stands for a year the text does not give: 'XXXX-03-04'."""
    kind: str
    """'day', 'month', 'year', 'range', 'relative' (resolved against the article's date or the
    story's own time: 'two days later')."""
    qualifier: str | None = None
    """Fuzziness kept from the text: 'early', 'mid', 'late', 'since', 'until', 'around'…"""


@_compact
@dataclass(frozen=True, slots=True)
class Figure:
    """A number a claim carries, as written and as a value with its unit."""

    text: str
    """As written: '92', '1,887', '86%', '$1 trillion', 'six', '4.5 million'."""
    value: float
    unit: str
    """What is counted, as a short lowercase noun: 'percent', 'usd', 'cartels', 'people'…"""


@_compact
@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy sentence of a briefing, typed, with what it is about."""

    id: str
    """Stable across edits elsewhere in the article: made from the sentence's own words."""
    article: str
    """The article's slug."""
    block: int
    """Index of the block in `Article.blocks`."""
    start: int
    end: int
    text: str
    """The whole sentence, exactly as it stands in the article."""
    type: str
    """One of CLAIM_TYPES."""
    figures: tuple[Figure, ...]
    actors: tuple[str, ...]
    dates: tuple[str, ...]
    """ISO values of the dates in the sentence."""
    by_editor: bool = False
    """True when an editor added or retyped it in front matter."""


@dataclass(frozen=True)
class TaggedArticle:
    """A parsed briefing with everything the taggers found in it."""

    article: Article
    mentions: tuple[tuple[Mention, ...], ...]
    """Per block of `article.blocks`."""
    dates: tuple[tuple[DateMention, ...], ...]
    """Per block of `article.blocks`."""
    claims: tuple[Claim, ...]
    sentences: tuple[array, ...]
    """Per block: the start and end of each sentence, one after the other (start, end, start,
    end…), as an array: a tuple a sentence was most of the objects an analysis loads."""
    packed_body: bytes = b""
    """The body as HTML with mentions, dates and claims marked (see `body_html`), packed by
    `pack_body`: held for every briefing at once, it would be the archive's largest part."""
    fingerprint: str = ""
    """A hash of what the analysis came from: the briefing, the registry, the language and
    briefsite's code. Only where the body's links to other briefings lead (which shows in
    `body_html`) can differ between analyses with equal fingerprints."""

    @property
    def body_html(self) -> str:
        """The body as HTML with its tags marked; where a claim's ledger links go, it holds
        `ledger_placeholder(claim id)`."""
        return zlib.decompress(self.packed_body).decode("utf-8")

    def sentence_number(self, block: int, offset: int) -> int:
        """Which sentence of `block` holds `offset`, from 0; -1 when none does."""
        # Bounds are ascending: an odd count of them at or before `offset` puts it in a sentence.
        count = bisect_right(self.sentences[block], offset)
        return count // 2 if count % 2 else -1

    def sentence_at(self, block: int, offset: int) -> tuple[int, int]:
        """The sentence of `block` containing `offset` (the whole block if none does)."""
        number = self.sentence_number(block, offset)
        if number >= 0:
            return self.sentences[block][2 * number], self.sentences[block][2 * number + 1]
        return 0, len(self.article.blocks[block].text)


def pack_body(html: str) -> bytes:
    """A body's HTML as `TaggedArticle.packed_body` keeps it: UTF-8, compressed to about a fifth."""
    return zlib.compress(html.encode("utf-8"), 1)


def ledger_placeholder(claim_id: str) -> str:
    """Stands in a body's HTML for a claim's ledger links until the ledger is known. Markdown
    turns every NUL of a source into U+FFFD, so no briefing can forge one."""
    return f"\0{claim_id}\0"


def date_anchor(block: int, number: int) -> str:
    """Id of the n-th date of a block in the article page (link and render agree on it)."""
    return f"d-{block}-{number}"


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A dated expression in a briefing, with its sentence: one line of the timeline."""

    value: str
    """ISO 8601, as in DateMention.value, with a year: an unplaced date is no event on the timeline."""
    date_text: str
    sentence: str
    article: str
    """The article's slug."""
    anchor: str
    """Id of the date's element in the article page."""
    actors: tuple[str, ...]
    """Actors named in the same sentence."""
    qualifier: str | None = None
    sort_key: tuple[int, int, int] = field(init=False, repr=False, compare=False)
    """(year, month, day) of the start, 0 where unknown: sorting the timeline and every
    actor's events asks for it often, so it is worked out once."""

    def __post_init__(self) -> None:
        parts = [int(p) for p in self.value.split("/")[0].split("-") if p.isdigit()]
        object.__setattr__(self, "sort_key", (*parts, *[0] * (3 - len(parts))))

    @property
    def year(self) -> int:
        return self.sort_key[0]


@dataclass(frozen=True)
class ActorProfile:
    """An actor with everything the archive says about it (reverse indexes of the link stage)."""

    actor: Actor
    mentions: int
    articles: tuple[str, ...]
    """Slugs of the briefings that mention it, newest first."""
    claims: tuple[str, ...]
    """Ids of the claims that involve it."""
    events: tuple[DatedEvent, ...]
    """Dated events whose sentence names it, in time order."""
    related: tuple[tuple[str, int], ...]
    """(actor id, sentences naming both), most often first."""


VERDICTS = ("agree", "differ", "cant_compare")


@dataclass(frozen=True)
class LedgerEntry:
    """Claims from two or more briefings that report the same fact, and whether they agree."""

    id: str
    """'g-' + the id (without 'c-') of one member claim, so it stays put while that claim does."""
    claims: tuple[str, ...]
    """Member claim ids, in archive order (newest briefing first)."""
    fact: str
    """The fact in one line."""
    verdict: str
    """One of VERDICTS."""
    note: str
    """How the verdict was reached, or the editor's note when an editor set it."""
    differences: tuple[str, ...] = ()
    """What differs, e.g. '92 vs 90 (cartel operatives)', 'February 22 vs February 23'."""
    by_editor: bool = False


@dataclass(frozen=True)
class LedgerEdit:
    """An editor's change to the ledger, from content/ledger.yaml."""

    line: int
    target: str
    """A group id ('g-…') or a claim id ('c-…') whose group is meant."""
    claims: tuple[str, ...] = ()
    """When given, these claims form a group of their own (taken out of any other)."""
    verdict: str | None = None
    note: str | None = None
    fact: str | None = None


@dataclass(frozen=True)
class Archive:
    """Everything the site is rendered from: made once by the link stage, then read-only."""

    config: SiteConfig
    articles: tuple[TaggedArticle, ...]
    """Newest first."""
    actors: tuple[ActorProfile, ...]
    """Every actor mentioned at least once, tracked and untracked, by name."""
    timeline: tuple[DatedEvent, ...]
    """In time order."""
    claims: tuple[Claim, ...]
    """In article order (newest first), then text order."""
    ledger: tuple[LedgerEntry, ...] = ()
    """Facts reported by several briefings: disagreements first, then by number of sources."""
    build_date: str | None = None
    """ISO date of the build from SOURCE_DATE_EPOCH, or None so output stays reproducible."""

    def article(self, slug: str) -> TaggedArticle:
        return self._by_slug[slug]

    def actor(self, actor_id: str) -> ActorProfile:
        return self._actors_by_id[actor_id]

    def claim(self, claim_id: str) -> Claim:
        return self._claims_by_id[claim_id]

    def __post_init__(self):
        # Lookup tables derived once from the fields; not part of the record's value.
        object.__setattr__(self, "_by_slug", {t.article.slug: t for t in self.articles})
        object.__setattr__(self, "_actors_by_id", {p.actor.id: p for p in self.actors})
        object.__setattr__(self, "_claims_by_id", {c.id: c for c in self.claims})
        object.__setattr__(self, "_entry_of_claim", {c: e for e in self.ledger for c in e.claims})

    def ledger_entry_of(self, claim_id: str) -> LedgerEntry | None:
        """The ledger entry a claim belongs to, if any."""
        return self._entry_of_claim.get(claim_id)

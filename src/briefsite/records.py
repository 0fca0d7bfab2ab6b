"""The records passed between pipeline stages.

Each stage takes records and returns new ones; none is mutated after it is made. This
module imports nothing of briefsite's, so every stage can depend on it and on nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


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


@dataclass(frozen=True)
class ArticleSource:
    """A briefing split into validated front matter and its markdown body."""

    path: PurePosixPath
    meta: ArticleMeta
    body: str
    body_line: int
    """1-based line of the file on which the body's first line stands."""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Block:
    """A run of inline text in a briefing's body: a paragraph, a heading, a table cell."""

    kind: str
    """'paragraph' or 'heading' (list items and quotes hold paragraphs)."""
    text: str
    """Plain text, markdown syntax removed; taggers' offsets point into it."""
    line: int
    """1-based line of the file on which the block starts."""
    token: int
    """Index of the block's inline token in `Article.tokens`."""


@dataclass(frozen=True)
class Article:
    """A parsed briefing: its metadata, its body as markdown tokens, and their plain text."""

    path: PurePosixPath
    meta: ArticleMeta
    tokens: tuple
    """markdown-it tokens of the body; treated as read-only by every stage."""
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
class Archive:
    """Everything the site is rendered from: the articles, newest first."""

    config: SiteConfig
    articles: tuple[Article, ...]
    build_date: str | None = None
    """ISO date of the build from SOURCE_DATE_EPOCH, or None so output stays reproducible."""


@dataclass(frozen=True)
class Page:
    """One output file: its path within the site and its bytes."""

    path: str
    """Site-relative, posix, e.g. `articles/x/index.html`."""
    content: bytes


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


@dataclass(frozen=True)
class Mention:
    """A place in a block's text that names an actor."""

    actor: str
    """The actor's id."""
    text: str
    """Exactly as written, e.g. 'Sheinbaum’s' minus the possessive: 'Sheinbaum'."""
    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    """An expression that points at calendar time, normalised to ISO 8601."""

    text: str
    """Exactly as written, e.g. 'early 2025', 'last year', 'December 15, 2025'."""
    start: int
    end: int
    value: str
    """'YYYY', 'YYYY-MM', 'YYYY-MM-DD', or 'START/END' for a range (each part at its own precision)."""
    kind: str
    """'day', 'month', 'year', 'range', 'relative' (resolved against the article's date)."""
    qualifier: str | None = None
    """Fuzziness kept from the text: 'early', 'mid', 'late', 'since', 'until', 'around'…"""


@dataclass(frozen=True)
class Figure:
    """A number a claim carries, as written and as a value with its unit."""

    text: str
    """As written: '92', '1,887', '86%', '$1 trillion', 'six', '4.5 million'."""
    value: float
    unit: str
    """What is counted, as a short lowercase noun: 'percent', 'usd', 'cartels', 'people'…"""

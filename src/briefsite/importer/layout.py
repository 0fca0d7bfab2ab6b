"""Page layout: where a scraped page's header, article, author box and trailing lists are.

Input: the repaired lines of one page. Output: a `Layout` naming the headline and dek,
the header's date stamps and bylines, the article's own lines, the author box, and every
dropped line with the rule that dropped it.

A scraped page reads top to bottom as: site chrome, kicker, headline, dek, byline, date,
photo caption, the article, the author box, tags and prompts, comments, other headlines.
The article starts at the first line that reads as prose and is not the dek; everything
after it is kept unless a rule names it as the site's. After the article's last paragraph
only sentences are kept: a list label ("Read next") there ends the article, and short
unstopped lines (topic links, section names) are the site's. A line that repeats words of a
paragraph is a pull quote; a line that opens with an author's name and "is" is their bio. Where the layout is doubtful the
line is kept and reported, since losing a paragraph is worse than keeping a stray line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefsite.importer import boilerplate
from briefsite.importer.clean import Line
from briefsite.importer.dates import is_date_line, split_stamp
from briefsite.importer.people import BIO_CONTINUATION, bio_opening, byline_authors
from briefsite.importer.shape import is_headline_like, is_name, is_prose, is_teaser, last_mark, word_count

DATE = "date stamp"
BYLINE = "byline"
# A photo slot that repeats the headline: "<headline> Image".
_TITLE_PHOTO = re.compile(r"(?P<title>.+?)\s+(?:image|imagen|photo|foto)", re.I)
# A pull quote: a sentence of the article again, in quotation marks or under a label.
# A heading that the next paragraph repeats is no pull quote: it has no quotation marks, label or stop.
_PULL_QUOTE = re.compile(r"(?:(?:pull\s+quote|quote|cita)\s*:\s*[\"“‘']?|[\"“‘'])(?P<words>[^\"“”‘’]+?)[.!?…]?[\"”’']?"
                         r"|(?P<sentence>[^\"“”‘’]+?)[.!?…]", re.I)
# A dek is one or two sentences; a longer line in the header is the article's first paragraph.
_MAX_DEK_WORDS = 60


@dataclass(frozen=True)
class Dropped:
    line: Line
    rule: str
    """Why it is not the article's, e.g. `reading time`."""


@dataclass(frozen=True)
class Layout:
    """One page taken apart."""

    title: Line | None
    subtitle: Line | None
    stamps: tuple[Line, ...]
    """Date stamps and bylines, in the header or anywhere a byline stands on its own."""
    body: tuple[Line, ...]
    """The article's own lines, in order: paragraphs and headings."""
    author_box: tuple[Line, ...]
    """Name lines and biographies under an "About the author" header."""
    names: tuple[Line, ...]
    """Authors' names printed without "By" between the headline and the date stamp."""
    dropped: tuple[Dropped, ...]
    doubtful: tuple[Line, ...]
    """Header lines kept in `body` that may be the site's (a kicker, a caption)."""


def lay_out(lines: list[Line]) -> Layout:
    """Take a page's lines apart into header, article, author box and boilerplate."""
    lines = _split_glued(lines)
    kinds = _kinds(lines)
    end = _trailer_start(lines, kinds)
    start, title, subtitle = _header(lines, kinds, end)
    page = _Page(lines, kinds)
    page.read_header(start, title, subtitle)
    page.read_article(start, end)
    page.drop(range(end, len(lines)), "list of other articles")
    page.take_out_pull_quotes()
    page.take_out_author_bios()
    return Layout(
        title=lines[title] if title is not None else None,
        subtitle=lines[subtitle] if subtitle is not None else None,
        stamps=tuple(page.stamps), body=tuple(page.body), author_box=tuple(page.box), names=tuple(page.names),
        dropped=tuple(page.dropped), doubtful=tuple(page.doubtful),
    )


def _split_glued(lines: list[Line]) -> list[Line]:
    """Give glued reading-time and date stamps lines of their own, so rules see them alone."""
    out = []
    for line in lines:
        for piece in boilerplate.split_glued(line.text):
            out.extend(Line(line.number, part) for part in split_stamp(piece))
    return out


def _kinds(lines: list[Line]) -> list[str | None]:
    """Each line's rule name, `DATE`, `BYLINE`, or None for a line that may be the article's."""
    texts = {line.text for line in lines}
    kinds: list[str | None] = []
    for line in lines:
        photo = _TITLE_PHOTO.fullmatch(line.text)
        if photo and photo.group("title") in texts:
            kinds.append("photo of the headline")
        elif byline_authors(line.text):
            kinds.append(BYLINE)
        elif is_date_line(line.text):
            kinds.append(DATE)
        else:
            kinds.append(boilerplate.rule_for(line.text))
    return kinds


def _trailer_start(lines: list[Line], kinds: list[str | None]) -> int:
    """Where the list of other articles' headlines and teasers at the page's end begins.

    Read from the end: end-of-feed controls, teasers ending in "…", the headline above each
    teaser, and the list's label ("News", "Related"). Two teasers at least, or there is no list.
    """
    i, teasers, headlines = len(lines), 0, 0
    while i > 0:
        text = lines[i - 1].text
        if kinds[i - 1] == "end of feed" or is_teaser(text):
            teasers += is_teaser(text)
        elif i < len(lines) and is_teaser(lines[i].text) and is_headline_like(text, 40):
            headlines += 1
        else:
            break
        i -= 1
    # Headline and teaser pairs: two paragraphs that happen to end in "…" are not a list.
    if teasers < 2 or not headlines:
        return len(lines)
    if i > 0 and (boilerplate.RELATED_LISTS.fullmatch(lines[i - 1].text) or is_headline_like(lines[i - 1].text, 4)):
        i -= 1
    return i


def _header(lines: list[Line], kinds: list[str | None], end: int) -> tuple[int, int | None, int | None]:
    """(first line of the article, headline, dek) of the lines before `end`."""
    plain = [i for i in range(end) if kinds[i] is None]
    for n, i in enumerate(plain):
        text = lines[i].text
        previous = plain[n - 1] if n else None
        if previous is not None and _is_dek(lines, kinds, plain[n:], previous):
            later_prose = [j for j in plain[n + 1:] if is_prose(lines[j].text)]
            return later_prose[0], previous, i
        if is_prose(text):
            return i, _pick_title(lines, kinds, plain[:n]), None
    title = _pick_title(lines, kinds, plain)
    return _first_after(plain, title), title, None


def _first_after(plain: list[int], index: int | None) -> int:
    later = [i for i in plain if index is None or i > index]
    return later[0] if later else (plain[-1] + 1 if plain else 0)


def _is_dek(lines: list[Line], kinds: list[str | None], rest: list[int], previous: int) -> bool:
    """True when `rest[0]` is the dek under the headline `previous`.

    A dek is a sentence right under a headline-shaped line, followed by header matter
    (byline, date, caption) before the article's prose starts.
    """
    i = rest[0]
    text, above = lines[i].text, lines[previous].text
    # A short line ending in "?" or "!" is more likely the headline itself than a dek.
    short_sentence = word_count(text) >= 4 and last_mark(text) in ".…"
    if not (is_prose(text) or short_sentence) or word_count(text) > _MAX_DEK_WORDS:
        return False
    if not is_headline_like(above) or _is_kicker(lines, previous):
        return False
    later_prose = [j for j in rest[1:] if is_prose(lines[j].text)]
    return bool(later_prose) and any(kinds[j] is not None for j in range(i + 1, later_prose[0]))


def _pick_title(lines: list[Line], kinds: list[str | None], candidates: list[int]) -> int | None:
    """The headline among the header's short lines.

    In order of trust: a line the page repeats (page title and photo slot); the last line
    right above a byline or date stamp; the last headline-shaped line of three words or more.
    """
    shaped = [i for i in candidates if is_headline_like(lines[i].text) and not _is_kicker(lines, i)]
    header = [lines[i].text for i in candidates]
    photos = [line.text for line, kind in zip(lines, kinds) if kind == "photo of the headline"]
    repeated = [i for i in shaped if header.count(lines[i].text) > 1 or any(p.startswith(lines[i].text) for p in photos)]
    if repeated:
        return repeated[0]
    stamped = [i for i in shaped if _next_marker(kinds, i) in (BYLINE, DATE)]
    if stamped:
        # An author's name without "By" may stand between the headline and the date.
        if is_name(lines[stamped[-1]].text) and stamped[-1] - 1 in shaped:
            return stamped[-1] - 1
        return stamped[-1]
    long_enough = [i for i in shaped if word_count(lines[i].text) >= 3]
    return long_enough[-1] if long_enough else None


def _next_marker(kinds: list[str | None], i: int) -> str | None:
    j = i + 1
    while j < len(kinds) and kinds[j] not in (None, BYLINE, DATE):
        j += 1
    return kinds[j] if j < len(kinds) else None


def _is_kicker(lines: list[Line], i: int) -> bool:
    """A section label ("Opinion") or one of the page's tags printed above the article."""
    text = lines[i].text
    tags = {tag.casefold() for line in lines for tag in boilerplate.tags_in(line.text)}
    return bool(boilerplate.KICKERS.fullmatch(text)) or text.casefold() in tags


class _Page:
    """Collects the layout while the lines are walked once, top to bottom."""

    def __init__(self, lines: list[Line], kinds: list[str | None]):
        self.lines, self.kinds = lines, kinds
        self.stamps: list[Line] = []
        self.body: list[Line] = []
        self.box: list[Line] = []
        self.names: list[Line] = []
        self.dropped: list[Dropped] = []
        self.doubtful: list[Line] = []

    def drop(self, indexes: range | list[int], rule: str) -> None:
        self.dropped.extend(Dropped(self.lines[i], rule) for i in indexes)

    def read_header(self, start: int, title: int | None, subtitle: int | None) -> None:
        summary = False
        for i in range(start):
            line, kind = self.lines[i], self.kinds[i]
            if i in (title, subtitle):
                continue
            if kind in (DATE, BYLINE):
                self.stamps.append(line)
            elif kind is not None:
                self.drop([i], kind)
            elif boilerplate.SUMMARY_BOX.fullmatch(line.text) or summary:
                # The summary box's short lines run up to the article.
                summary = True
                self.drop([i], "summary box")
            elif title is not None and line.text == self.lines[title].text:
                self.drop([i], "repeated headline")
            elif _is_kicker(self.lines, i):
                self.drop([i], "section kicker")
            elif title is not None and i < title:
                self.drop([i], "site tagline or kicker above the headline")
            elif title is not None and is_name(line.text) and _next_marker(self.kinds, i) in (BYLINE, DATE):
                self.names.append(line)
            else:
                self.body.append(line)
                self.doubtful.append(line)

    def read_article(self, start: int, end: int) -> None:
        last_prose = max((j for j in range(start, end) if self.kinds[j] is None and is_prose(self.lines[j].text)), default=start)
        i = start
        while i < end:
            line, kind = self.lines[i], self.kinds[i]
            if i > last_prose and (boilerplate.RELATED_LISTS.fullmatch(line.text) or kind == "author box link"):
                self.drop(range(i, end), "list of other articles")
                return
            if kind == BYLINE:
                self.stamps.append(line)
            elif kind == DATE:
                self.body.append(line)  # a date inside the article is its text, e.g. a timeline entry
            elif kind is not None:
                self.drop([i], kind)
            elif boilerplate.AUTHOR_BOX.fullmatch(line.text):
                self.drop([i], "author box header")
                i = self._read_author_box(i + 1, end)
                continue
            elif (inline := boilerplate.AUTHOR_BOX_INLINE.fullmatch(line.text)) and bio_opening(inline.group("bio")):
                self.box.append(Line(line.number, inline.group("bio")))
                i = self._read_author_box(i + 1, end)
                continue
            elif boilerplate.COMMENTS.fullmatch(line.text) and self.body:
                self.drop(range(i, end), "comment section")
                return
            elif boilerplate.RELATED_LISTS.fullmatch(line.text) and self.body and self._headlines_after(i, end) > i + 1:
                after = self._headlines_after(i, end)
                self.drop(range(i, after), "list of other articles")
                i = after
                continue
            elif i > last_prose and is_headline_like(line.text):
                self.drop([i], "link after the article")
            else:
                self.body.append(line)
            i += 1

    def take_out_pull_quotes(self) -> None:
        """Drop body lines that repeat words of a longer body line: pull quotes."""
        texts = [line.text for line in self.body]
        kept = []
        for line in self.body:
            quote = _PULL_QUOTE.fullmatch(line.text)
            words = (quote.group("words") or quote.group("sentence")).strip() if quote else ""
            if quote and len(words) >= 20 and any(words in text and text != line.text for text in texts):
                self.drop_line(line, "pull quote")
            else:
                kept.append(line)
        self.body = kept

    def take_out_author_bios(self) -> None:
        """Move body lines that open with an author's name and what they are to the author box."""
        authors = {author.name for line in self.stamps for author in byline_authors(line.text)}
        authors |= {line.text for line in self.names}
        kept = []
        for line in self.body:
            opening = bio_opening(line.text)
            if opening and opening[0] in authors:
                self.box.append(line)
            else:
                kept.append(line)
        self.body = kept

    def drop_line(self, line: Line, rule: str) -> None:
        self.dropped.append(Dropped(line, rule))

    def _read_author_box(self, i: int, end: int) -> int:
        """Take the author box's lines from `i`; return where the box ends."""
        while i < end:
            text, kind = self.lines[i].text, self.kinds[i]
            if kind not in (None, BYLINE, DATE):
                self.drop([i], kind)
            elif is_name(text) or bio_opening(text) or self.box and BIO_CONTINUATION.match(text):
                self.box.append(self.lines[i])
            else:
                break
            i += 1
        return i

    def _headlines_after(self, i: int, end: int) -> int:
        """The end of a run of headline and teaser lines (or boilerplate) after line `i`."""
        j = i + 1
        while j < end and (self.kinds[j] is not None or is_headline_like(self.lines[j].text, 30) or is_teaser(self.lines[j].text)):
            j += 1
        return j

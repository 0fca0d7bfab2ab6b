"""Page layout: where a scraped page's header, article, author box and trailing lists are.

Input: the repaired lines of one page. Output: a `Layout` naming the headline and dek,
the site's name line, the header's date stamps, bylines and name lines, the article's own
lines, the author box, and every dropped line with the rule that dropped it.

A scraped page reads top to bottom as: site chrome (site name, menus, breadcrumb), kicker,
headline, dek, byline and date, photo caption, the article, the author box, tags and prompts,
comments, other headlines, the footer.

- The article starts at the first line that reads as prose and is not the headline or dek.
- The headline sits a few lines above the header's first byline, date stamp or line of names
  (or above the article, when there is none), past the site's labels: kickers, breadcrumbs,
  lines in capitals, lines of three words or fewer and short lines the page repeats (a menu
  item, the site's name). Of the lines there, the first is the headline and the second the
  dek, unless the first is a short kicker or they open the page (then the first is the
  masthead's tagline). A press release prints its dek under the date.
- Between the headline and the article, names are the authors, short unstopped lines (their
  positions, buttons, labels) are the site's, and the line right above the first paragraph is
  a heading.
- The article ends at the first mark of the site's trailer after some prose: an author box,
  tags, a comment section, a dated copyright line, an end mark, a list of other headlines.
  After its last paragraph only sentences are kept.

Where the layout is doubtful a line is kept and reported, since losing a paragraph is worse
than keeping a stray line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from briefsite.importer import boilerplate
from briefsite.importer.clean import Line
from briefsite.importer.dates import is_date_line, is_page_stamp, is_time_stamp, split_stamp
from briefsite.importer.people import BIO_CONTINUATION, bio_opening, byline_authors, is_person_name, is_position, names_in
from briefsite.importer.shape import DATELINE, ends_sentence, is_headline_like, is_prose, is_teaser, last_mark, word_count

DATE = "date stamp"
BYLINE = "byline"
CAPTION = "photo caption"
# A photo slot that repeats the headline: "<headline> Image".
_TITLE_PHOTO = re.compile(r"(?P<title>.+?)\s+(?:image|imagen|photo|foto)", re.I)
# A pull quote: a sentence of the article again, in quotation marks or under a label.
# A heading that the next paragraph repeats is no pull quote: it has no quotation marks, label or stop.
_PULL_QUOTE = re.compile(r"(?:(?:pull\s+quote|quote|cita)\s*:\s*[\"“‘']?|[\"“‘'])(?P<words>[^\"“”‘’]+?)[.!?…]?[\"”’']?"
                         r"|(?P<sentence>[^\"“”‘’]+?)[.!?…]", re.I)
# Pull quotes are a sentence or two; longer lines are paragraphs.
_MAX_PULL_QUOTE_WORDS = 40
_MAX_PULL_QUOTE_SOURCES = 8
# A dek is one or two sentences; a longer line in the header is the article's first paragraph.
_MAX_DEK_WORDS = 60
_MIN_DEK_WORDS = 6
_MAX_INLINE_PROMOTIONS = 2
# Labels of the site: three words or fewer ("Guest column"), or short pieces between separators:
# a breadcrumb ("Home › Research › Reports") or a kicker pair ("DATOS | SEGURIDAD").
_MAX_LABEL_WORDS = 3
# Above a headline and dek, a line this short is a kicker ("Border Security and Migration").
_MAX_KICKER_WORDS = 4
# Labels between a headline and its byline or date: a kicker, a separator, a hearing's type.
_MAX_LINES_UNDER_HEADLINE = 4
_SEPARATED = re.compile(r"\s+[›»>|·•/]\s+|\s*[›»]\s*")
_MAX_PIECE_WORDS = 5
# A line the page repeats is its own only when it is long: a headline printed twice.
_MIN_REPEATED_HEADLINE_WORDS = 6
# A place line printed on its own above the article: "Tijuana, Baja California" (header matter).
_PLACE_WORD = r"[A-ZÁÉÍÓÚÑÜ][\w.'’-]*"
_PLACE = re.compile(rf"{_PLACE_WORD}(?:\s+(?:(?:de|del|la|las|los|el)\s+)?{_PLACE_WORD}){{0,3}}"
                    rf"(?:,\s+{_PLACE_WORD}(?:\s+(?:(?:de|del|la|las|los|el)\s+)?{_PLACE_WORD}){{0,3}}){{1,2}}")
_WORD = re.compile(r"\w+")
# Sentence-like lines above a credit line are the photo's caption when they are this short.
_MAX_CAPTION_WORDS = 40
_MAX_CREDIT_WORDS = 10


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
    """Date stamps and bylines, in the header first, then anywhere a byline or labelled stamp stands on its own."""
    body: tuple[Line, ...]
    """The article's own lines, in order: paragraphs and headings."""
    author_box: tuple[Line, ...]
    """Name lines and biographies under an "About the author" header."""
    names: tuple[Line, ...]
    """Authors' names printed without "By" between the headline and the article."""
    dropped: tuple[Dropped, ...]
    doubtful: tuple[Line, ...]
    """Header lines kept in `body` that may be the site's (a kicker, a caption)."""
    site_name: Line | None
    """The site's name line at the top, when the page prints it again further down."""
    dateline: Line | None
    """A place line printed on its own above the article ("Tijuana, Baja California")."""


def lay_out(lines: list[Line]) -> Layout:
    """Take a page's lines apart into header, article, author box and boilerplate."""
    lines = _split_glued(lines)
    kinds = _kinds(lines)
    page = _Page(lines, kinds)
    end = _trailer_start(lines, kinds)
    start, title, subtitle = page.find_header(end)
    article_end = page.article_end(start, end)
    site_name = page.site_name(title if title is not None else start, article_end)
    page.read_header(start, title, subtitle)
    page.read_article(start, article_end)
    page.read_trailer(article_end)
    page.take_out_pull_quotes()
    page.take_out_author_bios()
    return Layout(
        title=lines[title] if title is not None else None,
        subtitle=lines[subtitle] if subtitle is not None else None,
        stamps=tuple(page.stamps), body=tuple(page.body), author_box=tuple(page.box), names=tuple(page.names),
        dropped=tuple(page.dropped), doubtful=tuple(page.doubtful),
        site_name=site_name, dateline=page.dateline,
    )


def _split_glued(lines: list[Line]) -> list[Line]:
    """Give glued reading-time and date stamps lines of their own, and join a dateline to its paragraph."""
    out: list[Line] = []
    for line in lines:
        for piece in boilerplate.split_glued(line.text):
            for part in split_stamp(piece):
                if out and DATELINE.fullmatch(out[-1].text):
                    out[-1] = Line(out[-1].number, f"{out[-1].text} {part}")
                else:
                    out.append(Line(line.number, part))
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
        elif is_time_stamp(line.text):
            kinds.append("time stamp")
        else:
            kinds.append(boilerplate.rule_for(line.text))
    _mark_captions_above_credits(lines, kinds)
    return kinds


def _mark_captions_above_credits(lines: list[Line], kinds: list[str | None]) -> None:
    """Before the article's first paragraph, a short sentence right above a photo credit is its caption.

    In the article a paragraph may stand above a credit too, so there only the credit goes.
    """
    i = 0
    while i < len(lines) - 1:
        text = lines[i].text
        if kinds[i] is None and is_prose(text):
            credit = lines[i + 1].text
            if kinds[i + 1] == CAPTION and word_count(credit) <= _MAX_CREDIT_WORDS and not ends_sentence(credit) \
                    and word_count(text) <= _MAX_CAPTION_WORDS:
                kinds[i] = CAPTION
            else:
                following = _meta_before_next_prose(lines, kinds, i)
                if following is None:
                    return  # the article's first paragraph
                i = following
                continue
        i += 1


def _meta_before_next_prose(lines: list[Line], kinds: list[str | None], i: int) -> int | None:
    """The byline or date stamp after line `i` and before the next prose line, if any: `i` is then header matter."""
    for j in range(i + 1, len(lines)):
        if kinds[j] in (BYLINE, DATE):
            return j
        if kinds[j] is None and is_prose(lines[j].text):
            return None
    return None


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


class _Page:
    """Collects the layout while the lines are walked once, top to bottom."""

    def __init__(self, lines: list[Line], kinds: list[str | None]):
        self.lines, self.kinds = lines, kinds
        self.texts = [line.text for line in lines]
        self.tags = {tag.casefold() for text in self.texts for tag in boilerplate.tags_in(text)}
        self.counts = Counter(text.casefold() for text in self.texts)
        # The lines under a line of names that state the author's position.
        self.positions: set[int] = set()
        for i in range(1, len(lines)):
            if kinds[i] is None and (i - 1 in self.positions or kinds[i - 1] is None and names_in(self.texts[i - 1])) \
                    and is_position(self.texts[i]):
                self.positions.add(i)
        self.stamps: list[Line] = []
        self.body: list[Line] = []
        self.box: list[Line] = []
        self.names: list[Line] = []
        self.dropped: list[Dropped] = []
        self.doubtful: list[Line] = []
        self.dateline: Line | None = None

    # --- What single lines are, where they stand -------------------------------------------

    def is_kicker(self, i: int) -> bool:
        """A section label ("Opinion") or one of the page's tags printed above the article."""
        text = self.texts[i]
        return bool(boilerplate.KICKERS.fullmatch(text)) or text.casefold() in self.tags

    def is_label(self, i: int) -> bool:
        """A line of the site's, not a headline: a kicker, a breadcrumb, a menu item, the site's name."""
        text = self.texts[i]
        words = word_count(text)
        if self.is_kicker(i) or (words <= _MAX_LABEL_WORDS and last_mark(text) not in "?!"):
            return True
        if not re.search(r"[a-záéíóúñü]", text) and words <= 8:
            return True  # in capitals: a kicker or the site's name
        pieces = _SEPARATED.split(text)
        if len(pieces) > 1 and all(word_count(piece) <= _MAX_PIECE_WORDS for piece in pieces):
            return True
        return self.counts[text.casefold()] > 1 and words < _MIN_REPEATED_HEADLINE_WORDS

    def is_names(self, i: int) -> bool:
        """A line of people's names printed without "By"."""
        return self.kinds[i] is None and bool(names_in(self.texts[i]))

    def is_meta(self, i: int) -> bool:
        """A byline, a date stamp or a line of names: what stands under a headline."""
        return self.kinds[i] in (BYLINE, DATE) or self.is_names(i)

    def could_be_title(self, i: int) -> bool:
        """A headline or dek by its shape: the page's own short line, no label, no names or position."""
        return (self.kinds[i] is None and 0 < word_count(self.texts[i]) <= _MAX_DEK_WORDS
                and not self.is_label(i) and not self.is_names(i) and i not in self.positions)

    # --- The header ------------------------------------------------------------------------

    def find_header(self, end: int) -> tuple[int, int | None, int | None]:
        """(first line of the article, headline, dek) of the lines before `end`."""
        start = self.article_start(end)
        # A line of names stands under the headline when a date or byline follows it, perhaps after a position.
        names = {i for i in range(start - 1) if self.is_names(i) and (
            self.kinds[i + 1] in (BYLINE, DATE) or i + 2 < start and self.kinds[i + 2] in (BYLINE, DATE) and i + 1 in self.positions)}
        anchors = sorted({i for i in range(start) if self.kinds[i] in (BYLINE, DATE)} | names) + [start]
        floor = 0
        for anchor in anchors:
            block = self._title_block(anchor, floor, start)
            if block:
                break
            floor = anchor
        else:
            return start, None, None
        while len(block) > 1 and self._is_kicker_above(block[0], block[1], len(block)):
            block = block[1:]
        if len(block) == 1:
            title, subtitle = block[0], self._dek_below(anchor, start)
        elif block[0] == 0 and len(block) > 2:
            # The page opens with its masthead's tagline: the headline and dek are the two below it.
            title, subtitle = block[-2], block[-1]
        else:
            # The headline comes first under the site's labels, the dek under it.
            title, subtitle = block[0], block[1]
        return start, title, subtitle

    def article_start(self, end: int) -> int:
        """The first line that reads as prose and is not the headline or dek.

        A headline or dek may read as a sentence; it is told by what follows it before the next
        prose line: a byline or date stamp, or (under a headline-shaped line) other header matter
        such as a caption.
        """
        plain = [i for i in range(end) if self.kinds[i] is None]
        # Read backwards once: for each line, whether header matter stands before the next prose line.
        marker_before: dict[int, bool] = {}
        meta_before: dict[int, bool] = {}
        prose_after: dict[int, bool] = {}
        marker = meta = prose = False
        for i in range(end - 1, -1, -1):
            marker_before[i], meta_before[i], prose_after[i] = marker, meta, prose
            if self.kinds[i] is None and is_prose(self.texts[i]):
                marker, meta, prose = False, False, True
            elif self.kinds[i] is not None:
                marker, meta = True, meta or self.kinds[i] in (BYLINE, DATE)
        for n, i in enumerate(plain):
            if not is_prose(self.texts[i]):
                continue
            if prose_after[i] and (meta_before[i] or n and marker_before[i] and self._is_dek(i, plain[n - 1])):
                continue
            return i
        return plain[-1] + 1 if plain else 0

    def _is_dek(self, i: int, above: int) -> bool:
        """A sentence of a dek's length under a headline-shaped line."""
        return word_count(self.texts[i]) <= _MAX_DEK_WORDS and is_headline_like(self.texts[above]) \
            and not self.is_kicker(above)

    def _is_kicker_above(self, i: int, below: int, lines: int) -> bool:
        """A short line above the headline: above a headline and dek, or above a longer unstopped line."""
        text = self.texts[i]
        if word_count(text) > _MAX_KICKER_WORDS or last_mark(text) in "?!":
            return False
        # Over a single line, a dek would end like a statement; a headline may ask.
        below_text = self.texts[below]
        return lines > 2 or last_mark(below_text) not in ".…" and word_count(below_text) > word_count(text)

    def _title_block(self, anchor: int, floor: int, start: int) -> list[int]:
        """The run of headline-shaped lines right above `anchor`, past the site's labels.

        Above a byline or date the headline is near: the walk passes a few labels at most, not a
        whole menu. Above the article it passes whatever header matter there is, and an author's
        name with its position. The walk stops at `floor`, the anchor tried before: above it, it
        would find what that one found.
        """
        j = anchor - 1
        lowest = floor if anchor == start else max(floor, anchor - 1 - _MAX_LINES_UNDER_HEADLINE)
        while j >= lowest and (self.kinds[j] is not None or self.is_label(j) or self.is_names(j) or j in self.positions):
            j -= 1
        if j < lowest:
            return []
        block: list[int] = []
        passed = 0  # an ad or a share bar between headline and dek does not part them; a menu does
        while j >= floor and passed <= _MAX_LINES_UNDER_HEADLINE and (
                self.could_be_title(j) or block and self.kinds[j] not in (None, BYLINE, DATE)):
            if self.kinds[j] is None:
                block.append(j)
                passed = 0
            else:
                passed += 1
            j -= 1
        return block[::-1]

    def _dek_below(self, anchor: int, start: int) -> int | None:
        """A dek printed under the date, as press releases do: the next line, when it is no heading or label."""
        j = anchor
        while j < start and self.is_meta(j):
            j += 1
        if j == anchor or self.kinds[j - 1] != DATE or j >= start - 1:
            return None
        return j if self.could_be_title(j) and word_count(self.texts[j]) >= _MIN_DEK_WORDS else None

    def site_name(self, before: int, trailer: int) -> Line | None:
        """The site's name: the first name-shaped line at the top, when the page prints it again.

        Again means in the trailer (a copyright, or opening a footer line), or opening the issuing
        office's line, which is then the name ("U.S. Attorney's Office, Eastern District of New
        York"); a menu item printed again in a breadcrumb or a footer menu is neither.
        """
        for i in range(before):
            text = self.texts[i]
            if self.kinds[i] is not None or not _is_proper_name(text):
                continue
            name = text.casefold()
            office = next((line for line in self.lines[:trailer] if line.text.casefold().startswith(name + ",")), None)
            # A one-word line printed again is as likely a menu item ("World"), unless it is in capitals.
            footer = word_count(text) > 1 or text.isupper()
            again = any(kind == "copyright" and name in other.casefold() or footer and other.casefold().startswith(name)
                        for other, kind in zip(self.texts[trailer:], self.kinds[trailer:]))
            return office or (self.lines[i] if again else None)
        return None

    def read_header(self, start: int, title: int | None, subtitle: int | None) -> None:
        """Sort the lines above the article: stamps, authors' names, a dateline, a heading, the site's lines."""
        summary = False
        after_names = False
        for i in range(start):
            line, kind, text = self.lines[i], self.kinds[i], self.texts[i]
            if i in (title, subtitle):
                after_names = False
                continue
            if kind in (DATE, BYLINE):
                self.stamps.append(line)
            elif kind is not None:
                self.drop([i], kind)
            elif boilerplate.SUMMARY_BOX.fullmatch(text) or summary:
                # The summary box's short lines run up to the article.
                summary = True
                self.drop([i], "summary box")
            elif title is not None and i < title:
                self.drop([i], "site tagline or kicker above the headline")
            elif title is not None and text == self.texts[title]:
                self.drop([i], "repeated headline")
            elif title is not None and self._is_author_line(i, start):
                self.names.append(line)
                after_names = True
                continue
            elif after_names and not ends_sentence(text) and i < start - 1:
                self.drop([i], "author's position")
                continue
            elif i == start - 1 and _PLACE.fullmatch(text):
                self.dateline = line
                self.drop([i], "dateline")
            elif i == start - 1 and not self.is_kicker(i):
                self.body.append(line)  # a heading above the first paragraph
                self.doubtful.append(line)
            elif not ends_sentence(text):
                self.drop([i], "header label")
            else:
                self.body.append(line)
                self.doubtful.append(line)
            after_names = False

    def _is_author_line(self, i: int, start: int) -> bool:
        """Names between the headline and the article; right above the article, only under the header's meta."""
        if not names_in(self.texts[i]):
            return False
        if i < start - 1:
            return True
        above = i - 1
        return above >= 0 and (self.is_meta(above) or self.kinds[above] is None and not ends_sentence(self.texts[above])
                               and is_headline_like(self.texts[above]) and not self.is_label(above))

    # --- The article -----------------------------------------------------------------------

    def article_end(self, start: int, end: int) -> int:
        """Where the site's trailer begins: its first mark after some prose, else `end`."""
        first_prose = next((i for i in range(start, end) if self.kinds[i] is None and is_prose(self.texts[i])), end)
        i = first_prose + 1
        while i < end:
            text, kind = self.texts[i], self.kinds[i]
            if kind in ("tags", "comment section", "author box link", "end of feed", "end mark") or (
                    kind == "copyright" and re.search(r"\b(?:19|20)\d\d\b|reserved|reservados", text, re.I)):
                return i
            if kind is None and (boilerplate.AUTHOR_BOX.fullmatch(text) or boilerplate.COMMENTS.fullmatch(text)
                                 or (inline := boilerplate.AUTHOR_BOX_INLINE.fullmatch(text)) and bio_opening(inline.group("bio"))):
                return i
            if kind is None and boilerplate.RELATED_LISTS.fullmatch(text):
                after = self._headlines_after(i, end)
                # A promotion inside the article is a headline or two with the article going on below.
                inside = after - i - 1 <= _MAX_INLINE_PROMOTIONS and after < end and self.kinds[after] is None \
                    and is_prose(self.texts[after])
                if after > i + 1 and not inside:
                    return i
                i = max(after, i + 1)  # a list inside the article: the article goes on after it
                continue
            i += 1
        return end

    def read_article(self, start: int, end: int) -> None:
        """Keep the article's lines from `start` to `end`, dropping the site's lines among them."""
        last_prose = max((j for j in range(start, end) if self.kinds[j] is None and is_prose(self.texts[j])), default=start)
        i = start
        while i < end:
            line, kind, text = self.lines[i], self.kinds[i], self.texts[i]
            if kind == BYLINE or kind == DATE and is_page_stamp(text):
                self.stamps.append(line)  # "Updated August 25, 2025" under the article
            elif kind == DATE:
                self.body.append(line)  # a date inside the article is its text, e.g. a timeline entry
            elif kind is not None:
                self.drop([i], kind)
            elif boilerplate.TABLE_OF_CONTENTS.fullmatch(text):
                after = i + 1
                while after < end and is_headline_like(self.texts[after], 15):
                    after += 1
                self.drop(range(i, after), "table of contents")
                i = after
                continue
            elif boilerplate.RELATED_LISTS.fullmatch(text) and self.body and (after := self._headlines_after(i, end)) > i + 1:
                self.drop(range(i, after), "list of other articles")
                i = after
                continue
            elif i > last_prose and is_headline_like(text):
                self.drop([i], "link after the article")
            else:
                self.body.append(line)
            i += 1

    def read_trailer(self, start: int) -> None:
        """Drop the site's trailer from `start`, keeping the author box's names and biographies."""
        in_box = False
        for i in range(start, len(self.lines)):
            line, kind, text = self.lines[i], self.kinds[i], self.texts[i]
            inline = boilerplate.AUTHOR_BOX_INLINE.fullmatch(text) if kind is None else None
            if kind is None and boilerplate.AUTHOR_BOX.fullmatch(text):
                in_box = True
                self.drop([i], "author box header")
            elif inline and bio_opening(inline.group("bio")):
                in_box = True
                self.box.append(Line(line.number, inline.group("bio")))
            elif kind in ("comment section", "end of feed", "copyright") or kind is None and (
                    boilerplate.RELATED_LISTS.fullmatch(text) or boilerplate.COMMENTS.fullmatch(text)):
                in_box = False
                self.drop([i], kind or "list of other articles")
            elif in_box and kind in (None, BYLINE, DATE) and (
                    is_person_name(text) or bio_opening(text) or self.box and BIO_CONTINUATION.match(text)):
                self.box.append(line)
            else:
                if kind == BYLINE or kind == DATE and is_page_stamp(text):
                    self.stamps.append(line)
                self.drop([i], kind or "after the article")

    def take_out_pull_quotes(self) -> None:
        """Drop short body lines that repeat words of a longer body line: pull quotes.

        Longer lines are indexed once by each run of four words they hold, so a short line is
        compared only with the few lines that hold its first four words: a pull quote repeats
        a distinctive phrase, and a phrase found in many lines is not one.
        """
        paragraphs: dict[tuple[str, ...], list[str]] = {}
        for line in self.body:
            words = _WORD.findall(line.text)
            if len(words) > _MAX_PULL_QUOTE_WORDS // 2:
                for run in set(zip(words, words[1:], words[2:], words[3:])):
                    paragraphs.setdefault(run, []).append(line.text)
        kept = []
        for line in self.body:
            quote = _PULL_QUOTE.fullmatch(line.text) if word_count(line.text) <= _MAX_PULL_QUOTE_WORDS else None
            words = (quote.group("words") or quote.group("sentence")).strip() if quote else ""
            holders = paragraphs.get(tuple(_WORD.findall(words)[:4]), ())
            if len(words) >= 20 and len(holders) <= _MAX_PULL_QUOTE_SOURCES and any(
                    words in text and text != line.text for text in holders):
                self.dropped.append(Dropped(line, "pull quote"))
            else:
                kept.append(line)
        self.body = kept

    def take_out_author_bios(self) -> None:
        """Move body lines that open with an author's name and what they are to the author box."""
        authors = {author.name for line in self.stamps for author in byline_authors(line.text)}
        authors |= {name for line in self.names for name in names_in(line.text)}
        kept = []
        for line in self.body:
            opening = bio_opening(line.text)
            if opening and opening[0] in authors:
                self.box.append(line)
            else:
                kept.append(line)
        self.body = kept

    def drop(self, indexes: range | list[int], rule: str) -> None:
        self.dropped.extend(Dropped(self.lines[i], rule) for i in indexes)

    def _headlines_after(self, i: int, end: int) -> int:
        """The end of a run of headline and teaser lines (or boilerplate) after line `i`."""
        j = i + 1
        while j < end and not boilerplate.AUTHOR_BOX.fullmatch(self.texts[j]) and (
                self.kinds[j] is not None or is_headline_like(self.texts[j], 30) or is_teaser(self.texts[j])):
            j += 1
        return j


def _is_proper_name(text: str) -> bool:
    """A name as sites print theirs: up to eight words, each capitalised (or a particle), no sentence."""
    words = text.split()
    if not 1 <= len(words) <= 8 or ends_sentence(text):
        return False
    return all(word[0].isupper() or word[0].isdigit() or word.lower() in _NAME_PARTICLES for word in words)


_NAME_PARTICLES = {"of", "the", "and", "for", "on", "in", "at", "de", "del", "la", "las", "los", "el", "y", "e", "&", "-", "–"}

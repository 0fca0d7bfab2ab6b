"""Metadata: what the page says about the article, read from its layout.

Input: a `Layout`. Output: `Metadata` with every fact the text gives (headline, dek,
date, authors, publication, source address, dateline, language) and None or () for what
it does not give. Facts are only read, never guessed: a publication is taken from the
site's name line when the page prints it again, or from a disclaimer, copyright or reprint
line that names it, or from the agency in the dateline, never from the site's look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefsite.importer.dates import find_dates
from briefsite.importer.layout import Layout
from briefsite.importer.people import as_written, box_authors, byline_authors, names_in
from briefsite.importer.shape import DATELINE
from briefsite.records import Author, PartialDate

# Where pages name their publication. Group `pub` is the name; each pattern says why it is one.
PUBLICATION_PATTERNS = (
    # Disclaimers: "… do not necessarily reflect those of Americas Quarterly or its publishers."
    re.compile(r"necessarily\s+(?:reflect|represent)\s+(?:the\s+(?:views?|opinions?|positions?|policy)\s+of\s+|those\s+of\s+)"
               r"(?P<pub>.+?)(?:\s+or\s+|\s+and\s+|,|\.$|$)", re.I),
    re.compile(r"no\s+(?:necesariamente\s+)?(?:reflejan?|representan?)\s+(?:necesariamente\s+)?"
               r"(?:la\s+(?:postura|opinión|posición|línea\s+editorial)\s+de\s+|las\s+de\s+|el\s+punto\s+de\s+vista\s+de\s+)"
               r"(?P<pub>.+?)(?:\s+ni\s+|\s+o\s+|\s+y\s+|,|\.$|$)", re.I),
    # Copyright lines: "© 2025 Americas Society", "Copyright © Americas Quarterly 2025. All rights reserved."
    re.compile(r"(?:©|copyright|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<pub>[^|]+?)"
               r"(?:\s*,?\s*\d{4})?\s*(?:\.(?=\s|$)|\||all\s+rights\s+reserved|todos\s+los\s+derechos\s+reservados|$)", re.I),
    # Reprint notes: "Originally published in Foreign Affairs." / "Publicado originalmente en Nexos."
    re.compile(r"(?:originally\s+published|first\s+published|this\s+(?:article|piece|commentary|essay)\s+(?:was\s+)?"
               r"(?:originally\s+|first\s+)?(?:published|appeared)|publicado\s+originalmente|publicado\s+en)\s+(?:in|by|on|en|por)\s+"
               r"(?P<pub>.+?)(?:\s+on\s+|,|\.$|$)", re.I),
    # Subscription prompts, only with a full name ("Subscribe to Americas Quarterly"), see `_is_publication_name`.
    re.compile(r"(?:subscribe\s+to|suscríbete\s+a)\s+(?P<pub>.+?)(?:\s+for\s+|\s+today|\s+para\s+|,|[.!?]|$)", re.I),
)
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")

# The place that opens a wire-style first paragraph: "WASHINGTON—", "MEXICO CITY (AP) —", "CIUDAD DE MÉXICO.—".
_SENTENCE_START = re.compile(r"\s*[A-ZÁÉÍÓÚÑ¿¡“\"‘']")
_LOWER_PARTICLES = {"de", "del", "la", "las", "los", "y", "of", "the", "and", "on", "upon", "el"}

# The most frequent short words of each language: enough to tell Spanish from English.
_SPANISH = {"el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "para", "con", "se", "su", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "fue", "este", "ha", "sí", "porque", "esta", "entre", "cuando", "muy", "sin", "sobre", "también"}
_ENGLISH = {"the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "they", "has", "its", "their", "would", "will"}


@dataclass(frozen=True)
class Metadata:
    """Facts the page states about its article; None or () where it states none."""

    title: str | None
    subtitle: str | None
    date: PartialDate | None
    date_as_written: str | None
    """The stamp the date was read from, when its day and month could be swapped."""
    authors: tuple[Author, ...]
    publication: str | None
    source_url: str | None
    dateline: str | None
    language: str
    """ISO 639-1: `en` or `es`."""


def read_metadata(layout: Layout) -> Metadata:
    """Read the article's metadata from its page layout."""
    language = detect_language(" ".join(line.text for line in layout.body))
    date, ambiguous = _date(layout, spanish=language == "es")
    opening = layout.body[0].text if layout.body else ""
    return Metadata(
        title=layout.title.text if layout.title else None,
        subtitle=layout.subtitle.text if layout.subtitle else None,
        date=date,
        date_as_written=ambiguous,
        authors=_authors(layout),
        publication=_publication(layout) or _agency(opening),
        source_url=_source_url(layout),
        dateline=dateline(opening) or (layout.dateline.text if layout.dateline else None),
        language=language,
    )


def detect_language(text: str) -> str:
    """`es` when `text` has more common Spanish words than common English ones, else `en`."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(word in _SPANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "es" if spanish > english else "en"


def dateline(paragraph: str) -> str | None:
    """The place of a dateline opening `paragraph`, title-cased: `MEXICO CITY—` gives `Mexico City`."""
    match = _dateline(paragraph)
    if match is None:
        return None
    if match.group("named"):
        return match.group("named")
    if len(re.sub(r"[^A-ZÁÉÍÓÚÑÜ]", "", match.group("place"))) < 4:
        return None
    place = match.group("place").strip()
    if place.endswith(".") and not re.search(r"\b[A-Z]\.$", place):
        place = place[:-1]
    words = place.split(" ")
    return " ".join(_title_case(word, first=n == 0) for n, word in enumerate(words))


def _agency(paragraph: str) -> str | None:
    """The news agency a dateline names: `WASHINGTON (Reuters) -` gives `Reuters`."""
    match = _dateline(paragraph)
    return (match.group("agency") or match.group("named_agency")) if match else None


def _dateline(paragraph: str) -> re.Match[str] | None:
    """The dateline opening `paragraph`, when a sentence follows it."""
    match = DATELINE.match(paragraph)
    return match if match and _SENTENCE_START.match(paragraph, match.end()) else None


def _title_case(word: str, first: bool) -> str:
    if "." in word.strip(".") or len(word.strip(",.")) <= 2 and word.endswith("."):
        return word  # initials such as "D.C."
    lower = word.lower()
    return lower if not first and lower in _LOWER_PARTICLES else lower.capitalize()


def _date(layout: Layout, spanish: bool) -> tuple[PartialDate | None, str | None]:
    """The publication date among the stamps, header first: the first that is not an update, else the first."""
    hits = [hit for line in layout.stamps for hit in find_dates(line.text, spanish)]
    if not hits:
        return None, None
    hit = next((h for h in hits if not h.updated), hits[0])
    return hit.date, hit.ambiguous


def _authors(layout: Layout) -> tuple[Author, ...]:
    """Authors from bylines, completed by the author box (which knows affiliations)."""
    authors: dict[str, Author] = {}
    for line in layout.stamps:
        for author in byline_authors(line.text):
            authors.setdefault(author.name, author)
    for line in layout.names:
        for name in names_in(line.text):
            authors.setdefault(as_written(name), Author(as_written(name)))
    for author in box_authors([line.text for line in layout.author_box]):
        known = authors.get(author.name)
        authors[author.name] = Author(author.name, author.affiliation or (known.affiliation if known else None))
    return tuple(authors.values())


def _publication(layout: Layout) -> str | None:
    if layout.site_name is not None:
        return _as_printed(layout.site_name.text, layout)
    texts = [dropped.line.text for dropped in layout.dropped] + [line.text for line in layout.author_box]
    for pattern in PUBLICATION_PATTERNS:
        for text in texts:
            match = pattern.search(text)
            # "the views of the Wilson Center": a lowercase "the" is not part of the name.
            if match and _is_publication_name(name := re.sub(r"^the\s+", "", match.group("pub").strip(" .,:;"))):
                return name
    return None


def _as_printed(name: str, layout: Layout) -> str:
    """A name the site prints in capitals (`U.S. DEPARTMENT OF THE TREASURY`) as it prints it elsewhere."""
    if not name.isupper():
        return name
    pattern = re.compile(re.escape(name), re.I)
    for dropped in layout.dropped:
        for match in pattern.finditer(dropped.line.text):
            if not match.group().isupper():
                return match.group()
    return name


def _is_publication_name(name: str) -> bool:
    """A proper name in full: capitalised, not an abbreviation such as `AQ`, not `the author`."""
    words = name.split()
    if not 1 <= len(words) <= 8 or not name[0].isupper() or re.search(r"\bauthors?\b|\bautor", name, re.I):
        return False
    return not (len(words) == 1 and (name.isupper() and len(name) <= 5))


def _source_url(layout: Layout) -> str | None:
    for dropped in layout.dropped:
        if dropped.rule == "web address":
            match = _WEB_ADDRESS.search(dropped.line.text)
            if match:
                return match.group().rstrip(".,;)")
    return None

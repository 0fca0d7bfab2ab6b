"""The shape of a line of text: how long it is, how it ends, whether it reads as prose.

Scraped pages lose their markup, so a line's shape is most of what tells a headline from a
paragraph. Shared by `layout` (where does the article start) and `markdown` (which
lines are headings).
"""

from __future__ import annotations

import re

# Closing quotes and brackets that may follow a sentence's final punctuation.
_CLOSERS = "\"'”’»)]*"
SENTENCE_END = ".!?…"


def word_count(text: str) -> int:
    return len(text.split())


def last_mark(text: str) -> str:
    """The last character of `text` that is not a closing quote or bracket."""
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1] if stripped else ""


def ends_sentence(text: str) -> bool:
    return last_mark(text) in SENTENCE_END or text.endswith("...")


def is_prose(text: str) -> bool:
    """True for a line that reads as a paragraph: a sentence of twelve words or more, or a long line."""
    words = word_count(text)
    return words >= 30 or (words >= 12 and ends_sentence(text))


def is_headline_like(text: str, max_words: int = 25) -> bool:
    """True for a short line that does not end like a sentence: a headline, heading or label."""
    return 0 < word_count(text) <= max_words and last_mark(text) not in ".,;:…" and not text.endswith("...")


def is_teaser(text: str) -> bool:
    """True for a cut-off excerpt, as lists of other articles print them: it ends in an ellipsis."""
    return word_count(text) <= 50 and (text.endswith("…") or text.endswith("...")) and not text.endswith("....")


# A dateline opening a paragraph: "WASHINGTON—", "MEXICO CITY (AP) —", "OAXACA, Mexico (AP) —",
# "MEXICO CITY, Oct 23 (Reuters) -"; in Spanish the place may be in lower case when an agency
# follows: "Ciudad de México, 13 ago (EFE).-". Group `place` is the place, `agency` the agency.
_PLACE_IN_CAPITALS = (r"[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ.'’ -]*[A-ZÁÉÍÓÚÑÜ.]"
                      r"(?:,\s*[A-ZÁÉÍÓÚÑÜ][\w.'’]*(?:\s+[A-ZÁÉÍÓÚÑÜ][\w.'’]*)?){0,2}")
_PLACE_NAMED = r"[A-ZÁÉÍÓÚÑÜ][\w.'’]*(?:\s+(?:(?:de|del|la|el|los|las)\s+)?[A-ZÁÉÍÓÚÑÜ][\w.'’]*){0,3}"
_DAY_OF_MONTH = r",\s*(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+(?:de\s+)?[a-záéíóú]{3,10}\.?)"
_AGENCY = r"\((?P<agency>[A-Za-z]{2,12})\)"
DATELINE = re.compile(
    rf"(?:(?P<place>{_PLACE_IN_CAPITALS})(?:{_DAY_OF_MONTH})?\s*(?:{_AGENCY})?"
    rf"|(?P<named>{_PLACE_NAMED}){_DAY_OF_MONTH}\s*\((?P<named_agency>[A-Za-z]{{2,12}})\))"
    r"\s*\.?\s*(?:—|–|--|-)"
)

_NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "e", "van", "von", "der", "da", "di", "do", "dos", "du", "bin", "al", "el", "le", "st."}
_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑÜÇ][\w’'.\-]*\.?|[A-Z]\.")


def is_name(text: str) -> bool:
    """True for a person's name: two to five capitalised words, particles such as `de` allowed."""
    words = text.split()
    if not 2 <= len(words) <= 6 or words[-1].lower() in _NAME_PARTICLES:
        return False
    return all(_NAME_WORD.fullmatch(word) or word.lower() in _NAME_PARTICLES for word in words) and not any(
        ch.isdigit() for ch in text
    )

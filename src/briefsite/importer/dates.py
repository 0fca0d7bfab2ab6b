"""Dates as scraped pages write them, in English and Spanish.

`find_dates` reads every date in a line of text and tells a publication date from an update
by the label before it; `is_date_line` tells whether a line is nothing but a date stamp (with
its labels, weekday, time and time zone), the way article headers print it; `is_time_stamp`
tells a labelled time with no date (`Updated 4:12 p.m. ET`); `split_stamp` cuts a stamp off
the paragraph it was glued to.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefsite.records import PartialDate

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Each names its groups so one reader fits all. Where two overlap, the one starting first
# (then the longer) wins: "29 de enero de 2025" over "enero de 2025".
_PATTERNS = (
    # 2026-03-02: ISO, as feeds and "date" fields print it.
    re.compile(rf"\b{_YEAR}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    # 01.29.2025, 29/01/2025: numeric, day and month order depends on the page (see `find_dates`).
    re.compile(rf"\b(?P<first>[0-3]?\d)[./](?P<second>[0-3]?\d)[./]{_YEAR}\b"),
    # January 29, 2025 / Jan. 29 2025 / enero 29, 2025
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:de\s+)?{_YEAR}\b", re.I),
    # 29 January 2025 / 29 de enero de 2025 / 29 de enero, 2025
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
    # January 2025 / enero de 2025: a month-precision stamp.
    re.compile(rf"\b{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
)

# Labels that say what a stamp's date is. The last one before a date is that date's label.
_LABEL = re.compile(
    r"\b(?:(?P<update>last\s+updated|updated|last\s+modified|modified|revised|actualizad[oa]|"
    r"última\s+actualización|modificad[oa])|published|posted|first\s+published|aired|date|dated|"
    r"fecha(?:\s+de\s+publicación)?|publicad[oa]|emitid[oa]|transmitid[oa])\b",
    re.I,
)
# Time zones as news sites print them after a time; case matters ("ET", not "et").
_ZONE = r"(?-i:[ECMP][SD]?T|AK[SD]T|HST|UTC|GMT|BST|CES?T|WES?T|ART|COT|h|hrs?|hs)\b\.?"
_TIME = re.compile(rf"\b\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?\s?m\b\.?)?(?:\s*{_ZONE})?", re.I)
# What may stand around a date on a line that is only a date stamp.
_STAMP_WORDS = re.compile(
    r"\b(?:published|posted|updated|last\s+updated|modified|revised|aired|first|date|dated|on|at|time|"
    r"fecha|de\s+publicación|publicado|publicada|actualizado|actualizada|última\s+actualización|emitido|"
    r"transmitido|el|a\s+las|hora|hrs?|hs|h|am|pm|a\.m|p\.m|"
    r"et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|utc|gmt|bst|cet|cest|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|lun|mar|mié|mie|jue|vie|sáb|sab|dom)\b\.?",
    re.I,
)
_PLACE_BEFORE = re.compile(r"^[A-ZÁÉÍÓÚÑ][\w'’.]*(?:\s+(?:(?:de|del|la|el)\s+)?[A-ZÁÉÍÓÚÑ][\w'’.]*){0,3}\s*[-–—|·,]\s")
_STAMP_PUNCTUATION = re.compile(r"[\s|,·•:;/\\\-–—().]*")


@dataclass(frozen=True)
class DateHit:
    """A date read from a line of text."""

    date: PartialDate
    span: tuple[int, int]
    """Where the date stands in the line."""
    ambiguous: str | None = None
    """The date as written, when its day and month could be read either way."""
    updated: bool = False
    """True when the line labels it as an update, not the publication."""


def find_dates(text: str, spanish: bool = False) -> list[DateHit]:
    """Every date in `text`, in reading order.

    Numeric dates are month first (01.29.2025) unless the first number cannot be a month
    (29.01.2025). When both numbers could be the month, English pages are read month first
    and Spanish pages day first, and the hit is marked ambiguous. A date is an update when
    the nearest label before it says so (`Published May 2 · Updated May 3`).
    """
    matches = sorted((match for pattern in _PATTERNS for match in pattern.finditer(text)),
                     key=lambda match: (match.start(), -match.end()))
    hits: list[DateHit] = []
    labels = list(_LABEL.finditer(text))
    for match in matches:
        if hits and match.start() < hits[-1].span[1]:
            continue
        read = _read(match, spanish)
        if read is not None:
            label = next((found for found in reversed(labels) if found.end() <= match.start()), None)
            hits.append(DateHit(read[0], match.span(), read[1], bool(label and label.group("update"))))
    return hits


def find_date(text: str, spanish: bool = False) -> DateHit | None:
    """The first date in `text`, or None."""
    hits = find_dates(text, spanish)
    return hits[0] if hits else None


def is_date_line(text: str) -> bool:
    """True when `text` is a date stamp and nothing else, e.g. `01.29.2025 at 10:32pm`."""
    if len(text) > 120:
        return False
    hits = find_dates(text)
    if not hits:
        return False
    rest, last = [], 0
    for hit in hits:
        rest.append(text[last:hit.span[0]])
        last = hit.span[1]
    rest.append(text[last:])
    # A dateline's place may open the stamp: "Culiacán - 28 feb 2025 . Actualizado a las 08:19 h."
    rest[0] = _PLACE_BEFORE.sub("", rest[0])
    return _only_stamp_words(" ".join(rest))


def is_page_stamp(text: str) -> bool:
    """True for the page's own date stamp: labelled or timed (`Updated August 25, 2025`,
    `July 16, 2025, 7:31 p.m. ET`), not a date the article prints on a line (`March 4, 2025`)."""
    return is_date_line(text) and bool(_LABEL.search(text) or _TIME.search(text))


def is_time_stamp(text: str) -> bool:
    """True for a labelled time with no date: `Updated 4:12 p.m. ET`, `Time: 10:15 AM`."""
    if len(text) > 60 or not _TIME.search(text) or not (_LABEL.search(text) or _TIME_LABEL.match(text)):
        return False
    return _only_stamp_words(text)


_TIME_LABEL = re.compile(r"(?:time|hora)\b", re.I)


def _only_stamp_words(text: str) -> bool:
    text = _STAMP_WORDS.sub(" ", _TIME.sub(" ", text))
    return bool(_STAMP_PUNCTUATION.fullmatch(text))


def _read(match: re.Match[str], spanish: bool) -> tuple[PartialDate, str | None] | None:
    groups = match.groupdict()
    year = int(groups["year"])
    ambiguous = None
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        if first > 12:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            month, day = (second, first) if spanish else (first, second)
            ambiguous = match.group() if first != second else None
    else:
        month = groups["month"]
        month = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        day = int(groups["day"]) if groups.get("day") else None
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day), ambiguous


# A stamp glued to the start of the first paragraph: a label, or a date followed by a time or
# an update label: "date 2026-03-02 WASHINGTON—On …", "28 feb 2025 . Actualizado a las 08:19 h. El …".
_LEADING_LABEL = re.compile(
    r"(?:date|dated|published|posted|fecha|publicado|publicada)(?:\s+(?:on|el))?\s*:?\s*", re.I
)
# What may follow the date in such a stamp. Only separators, times and update labels: words
# such as "el" or "at" could begin the paragraph itself.
_STAMP_TAIL = re.compile(
    rf"(?:\s*(?:[.,|·•/\-–—]+|(?:last\s+)?updated\b:?|actualizad[oa]\b:?|(?:at|a\s+las)\s+(?={_TIME.pattern})|{_TIME.pattern}))*",
    re.I,
)
_SENTENCE_START = re.compile(r"[A-ZÁÉÍÓÚÑ¿¡“\"‘'«]")


def split_stamp(text: str) -> list[str]:
    """Split a date stamp off the start of `text`: `[stamp, rest]`, else `[text]`."""
    label = _LEADING_LABEL.match(text)
    cut = label.end() if label else 0
    date = next((match for pattern in _PATTERNS if (match := pattern.match(text, cut)) and _read(match, False)), None)
    if date is None:
        return [text]
    cut = date.end()
    tail = _STAMP_TAIL.match(text, cut)
    if not label and not (_TIME.search(tail.group()) or _LABEL.search(tail.group())):
        return [text]
    rest = text[tail.end():].strip()
    if not rest or not _SENTENCE_START.match(rest):
        return [text]
    return [text[:tail.end()].strip(), rest]

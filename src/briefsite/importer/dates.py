"""Dates as scraped pages write them, in English and Spanish.

`find_date` reads the first date in a line of text; `is_date_line` tells whether a line
is nothing but a date stamp (with its label, weekday and time), the way article headers
print it.
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

# Tried in order; the first that matches wins. Each names its groups so one reader fits all.
_PATTERNS = (
    # 2026-03-02: ISO, as feeds and "date" fields print it.
    re.compile(rf"\b{_YEAR}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    # 01.29.2025, 29/01/2025: numeric, day and month order depends on the page (see `find_date`).
    re.compile(rf"\b(?P<first>[0-3]?\d)[./](?P<second>[0-3]?\d)[./]{_YEAR}\b"),
    # January 29, 2025 / Jan. 29 2025 / enero 29, 2025
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:de\s+)?{_YEAR}\b", re.I),
    # 29 January 2025 / 29 de enero de 2025 / 29 de enero, 2025
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
    # January 2025 / enero de 2025: a month-precision stamp.
    re.compile(rf"\b{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
)

# What may stand around a date on a line that is only a date stamp.
_STAMP_WORDS = re.compile(
    r"\b(?:published|posted|updated|last updated|modified|date|dated|on|at|"
    r"fecha|publicado|publicada|actualizado|actualizada|el|a las|hrs?|h|"
    r"am|pm|a\.m|p\.m|et|est|edt|ct|cst|pt|pst|utc|gmt|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b\.?",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|actualizad[oa])\b", re.I)


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


def find_date(text: str, spanish: bool = False) -> DateHit | None:
    """The first date in `text`, or None.

    Numeric dates are month first (01.29.2025) unless the first number cannot be a month
    (29.01.2025). When both numbers could be the month, English pages are read month first
    and Spanish pages day first, and the hit is marked ambiguous.
    """
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            hit = _read(match, spanish)
            if hit is not None:
                return DateHit(hit[0], match.span(), hit[1], bool(_UPDATED.search(text)))
    return None


def is_date_line(text: str) -> bool:
    """True when `text` is a date stamp and nothing else, e.g. `01.29.2025 at 10:32pm`."""
    hit = find_date(text)
    if hit is None:
        return False
    rest = text[:hit.span[0]] + " " + text[hit.span[1]:]
    rest = _STAMP_WORDS.sub(" ", _TIME.sub(" ", rest))
    return not re.sub(r"[\s|,·•:/\-–—()]", "", rest)


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


# A labelled date stamp glued to the start of the first paragraph: "date 2026-03-02 WASHINGTON—On …".
_LEADING_STAMP = re.compile(
    r"(?:date|dated|published|posted|fecha|publicado|publicada)(?:\s+(?:on|el))?\s*:?\s*", re.I
)


def split_stamp(text: str) -> list[str]:
    """Split a labelled date stamp off the start of `text`: `[stamp, rest]`, else `[text]`."""
    label = _LEADING_STAMP.match(text)
    if label is None:
        return [text]
    hit = find_date(text[label.end():])
    if hit is None or hit.span[0] != 0:
        return [text]
    cut = label.end() + hit.span[1]
    time = _TIME.match(text, cut + 1) if text[cut:cut + 1] == " " else None
    cut = time.end() if time else cut
    rest = text[cut:].lstrip(" |,·•-–—")
    return [text[:cut], rest] if rest else [text]

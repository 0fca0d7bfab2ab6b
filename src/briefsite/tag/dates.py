"""The date tagger: every expression in a block of text that points at calendar time.

In: one block's plain text, the article's own date (the anchor: day, month or year
precision, or None when unknown) and the article's language. Out: `DateMention`s sorted by
start and non-overlapping, each normalised to ISO 8601 at the precision the text gives:

- 'day'      "December 15, 2025", "15 de septiembre de 2024", "01.29.2025", "2025-01-29"
- 'month'    "January 2026", "enero de 2026"
- 'year'     "in 2023", "His 2023 conviction"
- 'range'    "2000-2012", "between 2006 and 2012", "the 1990s" → '2000/2012', '1990/1999'
- 'relative' what only the anchor can date: "last year", "earlier this month", "In November",
  "January 15", "on Monday", "today", "el año pasado" — left out, never guessed, when the
  anchor is missing or too coarse ("last month" needs a month, "yesterday" a day).

Fuzziness is kept as the qualifier, not folded into the value: "early 2025" is 2025 with
'early', "Since 2000" is 2000 with 'since', "the end of 2025" is 2025 with 'late'. A
mention's text includes its qualifier but not a plain preposition: "In November" gives
"November", "el 3 de marzo de 2026" gives "3 de marzo de 2026".

Not dates: durations ("15 months", "two decades"; "over the past year" is a span, not a
point in time, and is left out whatever the anchor), ages ("adults 18-45"), times
("10:32pm"), counts ("2,200 Marines", "in 2000 cases"), bill and order numbers
("H.J.Res.18", "Executive Order 14157"), centuries ("21st-century").

This is its own step because claims are typed from the dates in their sentence. The words
each language uses live in `date_patterns`; a language without a grammar there gets only
the patterns made of digits.
"""

from __future__ import annotations

import datetime
import re
from typing import Callable, Iterator

from briefsite.records import DateMention, PartialDate
from briefsite.tag.date_patterns import GRAMMARS, NEUTRAL, Grammar

Reading = tuple[str, str] | None
"""(value, kind) for a match that is a date, None for one that is not after all."""

# Longer than any qualifier phrase ("the beginning of ") with room for odd spacing.
_LOOK_BACK = 32
_DIGIT = re.compile(r"\d")
_WORDS_ONLY = frozenset({"relative", "bare_month", "weekday"})
_NEXT_WORD = re.compile(r"\s+(\w+)")
# "Order 2023", "No. 2021", "H.R. 2023", "S. 2020", "§ 1961": a number that names a document
# ("U.S. 2020" is still a year).
_NUMBERED = re.compile(
    r"(?:\b(?i:order|resolution|bill|decree|decreto)|\bN[oº]s?\.|\bH\.\s?R\.|\bRes\.|(?<![\w.])S\.|[#§№])\s*\Z")


def find_dates(text: str, anchor: PartialDate | None, language: str = "en") -> list[DateMention]:
    """Every expression in `text` (one paragraph's plain text) that points at calendar time.

    Relative expressions are resolved against `anchor`, the article's publication date.
    Where matches overlap, the longest wins ("15 December 2025" over "December 2025").
    """
    grammar = GRAMMARS.get(language, NEUTRAL)
    # Most paragraphs hold no digit, and most shapes need one: skip them at once.
    shapes = _READERS if _DIGIT.search(text) else _WORDS_ONLY
    found: list[tuple[int, DateMention]] = []
    for rank, (shape, pattern) in enumerate(grammar.rules):
        if shape not in shapes:
            continue
        read = _READERS[shape]
        for match in _word_matches(pattern, text):
            reading = read(match, anchor, grammar)
            if reading is not None:
                found.append((rank, _mention(match, *reading, grammar)))
    return _longest_first(found)


def _word_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, less matches that start inside a word.

    After such a match the search goes on from the next character, not from its end, so
    "del año pasado" still yields "año pasado".
    """
    pos = 0
    while match := pattern.search(text, pos):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end()


def _just_before(pattern: re.Pattern[str], match: re.Match[str]) -> re.Match[str] | None:
    """`pattern`, which is anchored at its end, found in the words that end where `match` starts."""
    return pattern.search(match.string, max(0, match.start() - _LOOK_BACK), match.start())


def _mention(match: re.Match[str], value: str, kind: str, grammar: Grammar) -> DateMention:
    qual = _just_before(grammar.qualifier_before, match)
    start = qual.start() if qual else match.start()
    return DateMention(text=match.string[start:match.end()], start=start, end=match.end(), value=value,
                       kind=kind, qualifier=grammar.qualifiers[_key(qual["qual"])] if qual else None)


def _longest_first(found: list[tuple[int, DateMention]]) -> list[DateMention]:
    # Equally long matches go to the pattern listed first in the grammar.
    chosen: list[DateMention] = []
    for _, mention in sorted(found, key=lambda f: (f[1].start - f[1].end, f[0], f[1].start)):
        if all(mention.end <= other.start or other.end <= mention.start for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _month(word: str, grammar: Grammar) -> int:
    return int(word) if word.isdigit() else grammar.months[word.lower().rstrip(".")]


def _year(match: re.Match[str], group: str = "year") -> int | None:
    year = int(match[group])
    return year if 1900 <= year <= 2100 else None


def _day(year: int | None, month: int, day: int, kind: str) -> Reading:
    if year is None:
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:  # "February 30", "31.04.2025": not a date, so no mention.
        return None
    return PartialDate(year, month, day).iso, kind


def _is_count(match: re.Match[str], grammar: Grammar) -> bool:
    word = _NEXT_WORD.match(match.string, match.end())
    return word is not None and word[1].lower() in grammar.counted_nouns


def _recent_year(month: int, anchor: PartialDate | None) -> int | None:
    """The year of the most recent such month not after the anchor's month."""
    if anchor is None or anchor.month is None:
        return None
    return anchor.year if month <= anchor.month else anchor.year - 1


def _shift(anchor: PartialDate | None, unit: str, offset: int) -> PartialDate | None:
    if anchor is None:
        return None
    if unit == "year":
        return PartialDate(anchor.year + offset)
    if unit == "month" and anchor.month:
        months = anchor.year * 12 + anchor.month - 1 + offset
        return PartialDate(months // 12, months % 12 + 1)
    if unit == "day" and anchor.day:
        day = datetime.date(anchor.year, anchor.month, anchor.day) + datetime.timedelta(days=offset)
        return PartialDate(day.year, day.month, day.day)
    return None


# --- One reader per pattern shape: what a match means, or None when it is no date. -----

def _read_date(match, anchor, grammar) -> Reading:
    return _day(_year(match), _month(match["month"], grammar), int(match["day"]), "day")


def _read_numeric(match, anchor, grammar) -> Reading:
    a, b = int(match["a"]), int(match["b"])
    # Month first in English (01.29.2025), day first in Spanish; a part over 12 settles it.
    day_first = a > 12 or (grammar.day_first and b <= 12)
    day, month = (a, b) if day_first else (b, a)
    return _day(_year(match), month, day, "day")


def _read_month(match, anchor, grammar) -> Reading:
    year = _year(match)
    return None if year is None else (PartialDate(year, _month(match["month"], grammar)).iso, "month")


def _read_year(match, anchor, grammar) -> Reading:
    year = _year(match)
    if year is None or _is_count(match, grammar) or _just_before(_NUMBERED, match):
        return None
    return str(year), "year"


def _read_range(match, anchor, grammar) -> Reading:
    first, last = _year(match, "y1"), _year(match, "y2")
    if first is None or last is None or first >= last or _is_count(match, grammar):
        return None
    return f"{first}/{last}", "range"


def _read_decade(match, anchor, grammar) -> Reading:
    first = int(match["decade"])
    first += 1900 if first < 100 else 0  # "los años 90"
    return (f"{first}/{first + 9}", "range") if 1900 <= first <= 2090 else None


def _read_relative(match, anchor, grammar) -> Reading:
    if _just_before(grammar.span_before, match):
        return None
    date = _shift(anchor, *grammar.relative[_key(match[0])])
    return None if date is None else (date.iso, "relative")


def _read_month_day(match, anchor, grammar) -> Reading:
    month = _month(match["month"], grammar)
    return _day(_recent_year(month, anchor), month, int(match["day"]), "relative")


def _read_bare_month(match, anchor, grammar) -> Reading:
    # A month name alone is a date only after "in"/"en" or a qualifier: "early March".
    if not (_just_before(grammar.month_lead, match) or _just_before(grammar.qualifier_before, match)):
        return None
    month = _month(match["month"], grammar)
    year = _recent_year(month, anchor)
    return None if year is None else (PartialDate(year, month).iso, "relative")


def _read_weekday(match, anchor, grammar) -> Reading:
    if anchor is None or anchor.day is None:
        return None
    if not (_just_before(grammar.weekday_lead, match) or _just_before(grammar.qualifier_before, match)):
        return None
    today = datetime.date(anchor.year, anchor.month, anchor.day)
    back = (today.weekday() - grammar.weekdays[match["weekday"].lower()]) % 7
    day = today - datetime.timedelta(days=back)
    return PartialDate(day.year, day.month, day.day).iso, "relative"


_READERS: dict[str, Callable[[re.Match[str], PartialDate | None, Grammar], Reading]] = {
    "date": _read_date, "numeric": _read_numeric, "month": _read_month, "year": _read_year,
    "range": _read_range, "decade": _read_decade, "relative": _read_relative,
    "month_day": _read_month_day, "bare_month": _read_bare_month, "weekday": _read_weekday,
}

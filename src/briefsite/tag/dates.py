"""The date tagger: every expression in a block of text that points at calendar time.

In: one block's plain text, the article's own date (the anchor: day, month or year
precision, or None when unknown) and the article's language. Out: `DateMention`s sorted by
start and non-overlapping, each normalised to ISO 8601 at the precision the text gives:

- 'day'      "December 15, 2025", "15 de septiembre de 2024", "01.29.2025", "2025-01-29"
- 'month'    "January 2026", "enero de 2026"
- 'year'     "in 2023", "His 2023 conviction"
- 'range'    "2000-2012", "between 2006 and 2012", "the 1990s" → '2000/2012', '1990/1999';
  months and days: "between October 2024 and September 2025", "Oct. 3-6, 2025"; parts of a
  year: "the third quarter of 2025", "first nine months of 2025", "primer semestre de 2025";
  the U.S. fiscal year: "fiscal year 2025", "FY2025" → '2024-10/2025-09'
- 'relative' what only the anchor can date: "last year", "earlier this month", "In November",
  "January 15", "on Monday", "said Tuesday", "today", "el año pasado", "two years ago",
  "hace dos años", "the end of the year", "a principios de año", "between January and
  August" — left out, never guessed, when the anchor is missing or too coarse ("last month"
  needs a month, "yesterday" a day).

A month or weekday without a year is the latest one not after the anchor, as news mostly
reports what has happened, with these exceptions: "last"/"pasado" makes it strictly earlier;
"next"/"próximo", or a future marker earlier in its clause ("will", "scheduled for", "se
celebrará"), makes it the coming one; a day at most a few weeks after the anchor is the
coming one; "the September 15 deadline" is the nearest September 15 either side.

Fuzziness is kept as the qualifier, not folded into the value: "early 2025" is 2025 with
'early', "Since 2000" is 2000 with 'since', "the end of 2025" is 2025 with 'late'. A
mention's text includes its qualifier but not a plain preposition: "In November" gives
"November", "el 3 de marzo de 2026" gives "3 de marzo de 2026".

Not dates: durations ("15 months", "two decades"; "over the past year" is a span, not a
point in time, and is left out whatever the anchor; weeks, "last week", have no ISO value
here), ages ("adults 18-45"), times
("10:32pm"), counts ("2,200 Marines", "in 2000 cases"), bill and order numbers
("H.J.Res.18", "Executive Order 14157"), centuries ("21st-century").

This is its own step because claims are typed from the dates in their sentence. The words
each language uses live in `date_patterns`; a language without a grammar there gets only
the patterns made of digits.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from typing import Callable, Iterator

from briefsite.records import DateMention, PartialDate
from briefsite.tag.date_patterns import GRAMMARS, NEUTRAL, YEAR_START, Grammar

Reading = tuple[str, str] | None
"""(value, kind) for a match that is a date, None for one that is not after all."""

# Longer than any qualifier phrase ("the beginning of ") with room for odd spacing.
_LOOK_BACK = 32
_DIGIT = re.compile(r"\d")
_WORDS_ONLY = frozenset({"relative", "bare_month", "weekday", "month_range", "part", "ago", "this_period"})
# Every pattern of these shapes holds a year, where YEAR_START matches.
_WITH_YEAR = frozenset({"date", "month", "range", "year", "numeric"})
# Where the clause holding a date begins: a future marker before it there ('will meet in
# October') points forward; one in an earlier clause ('which will expire, began in March') does not.
_CLAUSE_START = re.compile(r"[,;:.!?()—–]")
_CLAUSE_LOOK_BACK = 120
_SOON = 45
"""Days after the anchor within which a day without a year is taken as upcoming."""
# Qualifiers that place a point inside the anchor's year or month: 'the end of the year'.
_WITHIN = frozenset({"early", "mid", "late", "earlier", "later"})
_NEXT_WORD = re.compile(r"\s+(\w+)")
_LOWER_WORD = re.compile(r"\s+[a-z]")
# "Order 2023", "No. 2021", "H.R. 2023", "S. 2020", "§ 1961": a number that names a document
# ("U.S. 2020" is still a year).
# (The lookahead for the words' first letters spares the case-insensitive alternation.)
_NUMBERED = re.compile(r"(?:\b(?i:(?=[bdor])(?:order|resolution|bill|decree|decreto))"
                       r"|\bN[oº]s?\.|\bH\.\s?R\.|\bRes\.|(?<![\w.])S\.|[#§№])\s*\Z")


def find_dates(text: str, anchor: PartialDate | None, language: str = "en") -> list[DateMention]:
    """Every expression in `text` (one paragraph's plain text) that points at calendar time.

    Relative expressions are resolved against `anchor`, the article's publication date.
    Where matches overlap, the longest wins ("15 December 2025" over "December 2025").
    """
    grammar = GRAMMARS.get(language, NEUTRAL)
    # Most paragraphs hold no digit, and most shapes need one; many need a year: skip them at once.
    if not _DIGIT.search(text):
        shapes = _WORDS_ONLY
    elif not YEAR_START.search(text):
        shapes = _WITHOUT_YEAR
    else:
        shapes = _READERS
    found: list[tuple[int, DateMention]] = []
    holds: dict[tuple[str, ...], bool] = {(): True}
    places: dict[re.Pattern[str], list[int]] = {}  # where each rule start matches
    for rank, (shape, pattern, needles, start) in enumerate(grammar.rules):
        if shape not in shapes:
            continue
        held = holds.get(needles)
        if held is None:
            held = holds[needles] = any(map(text.__contains__, needles))
        if not held:
            continue
        if start is not None and start not in places:
            places[start] = _places(start, text)
        read = _READERS[shape]
        for match in _word_matches(pattern, text, None if start is None else places[start]):
            reading = read(match, anchor, grammar)
            if reading is not None:
                found.append((rank, _mention(match, *reading, grammar)))
    return _longest_first(found)


def _word_matches(pattern: re.Pattern[str], text: str, places: list[int] | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, less matches that start inside a word.

    After such a match the search goes on from the next character, not from its end, so
    "del año pasado" still yields "año pasado". `places`, when given, are the offsets where
    a match may start, in order: the pattern is tried there alone.
    """
    pos = 0
    while match := _search(pattern, text, pos, places):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end()


def _search(pattern: re.Pattern[str], text: str, pos: int, places: list[int] | None) -> re.Match[str] | None:
    """`pattern.search(text, pos)`; with `places`, trying only those offsets."""
    if places is None:
        return pattern.search(text, pos)
    for index in range(bisect_left(places, pos), len(places)):
        if match := pattern.match(text, places[index]):
            return match
    return None


def _places(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every offset where `pattern` matches, overlapping matches included, in order."""
    places = []
    found = pattern.search(text)
    while found:
        places.append(found.start())
        found = pattern.search(text, found.start() + 1)
    return places


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


def _count(word: str, grammar: Grammar) -> int:
    return int(word) if word.isdigit() else grammar.numbers[word.lower()]


def _direction(match: re.Match[str], grammar: Grammar) -> str:
    """Which side of the anchor a month or weekday without a year lies on.

    'past' ('last March', 'el pasado 9 de enero'), 'next' ('next Monday'), 'ahead' (a future
    marker in its clause: 'talks will resume in October'), 'nearest' ('the September 15
    deadline'), or 'recent': by default the latest one not after the anchor, as news
    mostly reports what has happened.
    """
    if _just_before(grammar.past_lead, match):
        return "past"
    if _just_before(grammar.next_lead, match):
        return "next"
    if grammar.nearest_after.match(match.string, match.end()):
        return "nearest"
    before = match.string[max(0, match.start() - _CLAUSE_LOOK_BACK):match.start()]
    clause = _CLAUSE_START.split(before)[-1]
    return "ahead" if grammar.future.search(clause) else "recent"


def _place_year(when: tuple[int, int], now: tuple[int, int], year: int, direction: str) -> int:
    """The year that puts (month, day) `when` on the `direction` side of `now` in `year`."""
    if direction == "nearest":
        return min((year - 1, year, year + 1),
                   key=lambda y: abs((y - year) * 372 + (when[0] - now[0]) * 31 + when[1] - now[1]))
    if direction == "past":
        return year if when < now else year - 1
    if direction == "next":
        return year if when > now else year + 1
    if direction == "ahead":
        return year if when >= now else year + 1
    # A day a few weeks after the anchor is one coming up, not one eleven months old.
    if when[1] and now[1] and 0 < ((when[0] - now[0]) % 12) * 31 + when[1] - now[1] <= _SOON:
        return year if when > now else year + 1
    return year if when <= now else year - 1


def _recent_year(match: re.Match[str], month: int, anchor: PartialDate | None, grammar: Grammar,
                 day: int = 0) -> int | None:
    """The year of a month (and day) the text gives without one, from the anchor."""
    if anchor is None or anchor.month is None:
        return None
    # Compared by month alone when the anchor has no day.
    now = (anchor.month, anchor.day or 0)
    when = (month, day if anchor.day else 0)
    return _place_year(when, now, anchor.year, _direction(match, grammar))


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
    month, day = _month(match["month"], grammar), int(match["day"])
    return _day(_recent_year(match, month, anchor, grammar, day), month, day, "relative")


def _read_bare_month(match, anchor, grammar) -> Reading:
    # A month name alone is a date only after "in"/"en" or a qualifier ("early March"), or
    # as the modifier of a noun: "a September decision".
    if not (_just_before(grammar.month_lead, match) or _just_before(grammar.qualifier_before, match)
            or (_just_before(grammar.month_modifies, match) and _LOWER_WORD.match(match.string, match.end()))):
        return None
    month = _month(match["month"], grammar)
    year = _recent_year(match, month, anchor, grammar)
    return None if year is None else (PartialDate(year, month).iso, "relative")


def _read_day_range(match, anchor, grammar) -> Reading:
    """'Oct. 3-6', 'del 3 al 6 de octubre': days of one month."""
    month, first, last = _month(match["month"], grammar), int(match["day"]), int(match["day2"])
    year = _year(match) if match["year"] else _recent_year(match, month, anchor, grammar, first)
    start, end = _day(year, month, first, "range"), _day(year, month, last, "range")
    if start is None or end is None or first >= last:
        return None
    return f"{start[0]}/{end[0]}", "range" if match["year"] else "relative"


def _read_month_range(match, anchor, grammar) -> Reading:
    """'between October 2024 and September 2025', 'entre enero y julio': months to months."""
    given = match.groupdict()
    first, last = _month(given["m1"], grammar), _month(given["m2"], grammar)
    y1 = _year(match, "y1") if given.get("y1") else 0
    y2 = _year(match, "y2") if given.get("y2") else 0
    if y1 is None or y2 is None:
        return None
    # A missing year is the other's, or the anchor's when neither is given.
    y2 = y2 or (y1 + (last < first) if y1 else _recent_year(match, last, anchor, grammar))
    if y2 is None:
        return None
    y1 = y1 or y2 - (first > last)
    if (y1, first) >= (y2, last):
        return None
    kind = "range" if given.get("y1") or given.get("y2") else "relative"
    return f"{PartialDate(y1, first).iso}/{PartialDate(y2, last).iso}", kind


def _read_fiscal(match, anchor, grammar) -> Reading:
    year = _year(match) if match["year"] else 2000 + int(match["short"])
    return None if year is None else (f"{year - 1}-10/{year}-09", "range")


def _read_part(match, anchor, grammar) -> Reading:
    """'the third quarter of 2025', 'first nine months of 2025', 'primer semestre del año'."""
    given = match.groupdict()
    part = given.get("part")
    if given.get("q"):  # 'Q3 2025'
        position, length, part = int(given["q"]), 3, "quarter"
    else:
        position = grammar.ordinals[given["ord"].lower()]
        length = grammar.parts[part.lower()] if part else _count(given["n"], grammar)
        # Months are counted from either end of the year: 'the first (or last) nine months'.
        if not 0 < length < 12 or (not part and position not in (1, -1)):
            return None
    if part and position > 12 // length:
        return None
    first = (position - 1) * length + 1 if position > 0 else 13 - length
    if given.get("rel"):
        if anchor is None:
            return None
        year, kind = anchor.year + grammar.relative.get(_key(given["rel"]), ("year", 0))[1], "relative"
    else:
        year, kind = _year(match), "range"
    if year is None:
        return None
    return f"{PartialDate(year, first).iso}/{PartialDate(year, first + length - 1).iso}", kind


def _read_ago(match, anchor, grammar) -> Reading:
    unit, size = grammar.units[match["unit"].lower()]
    date = _shift(anchor, unit, -size * _count(match["n"], grammar))
    return None if date is None else (date.iso, "relative")


def _read_this_period(match, anchor, grammar) -> Reading:
    qual = _just_before(grammar.qualifier_before, match)
    if qual is None or grammar.qualifiers[_key(qual["qual"])] not in _WITHIN:
        return None
    date = _shift(anchor, grammar.units[match["unit"].lower()][0], 0)
    return None if date is None else (date.iso, "relative")


def _read_weekday(match, anchor, grammar) -> Reading:
    if anchor is None or anchor.day is None or _just_before(grammar.weekday_unless, match):
        return None
    if not (_just_before(grammar.weekday_lead, match) or _just_before(grammar.qualifier_before, match)):
        return None
    today = datetime.date(anchor.year, anchor.month, anchor.day)
    back = (today.weekday() - grammar.weekdays[match["weekday"].lower()]) % 7
    direction = _direction(match, grammar)
    if direction in ("past", "next") and not back:
        back = 7 if direction == "past" else -7
    elif direction in ("next", "ahead") or (direction == "nearest" and back > 3):
        back -= 7 if back else 0
    day = today - datetime.timedelta(days=back)
    return PartialDate(day.year, day.month, day.day).iso, "relative"


_READERS: dict[str, Callable[[re.Match[str], PartialDate | None, Grammar], Reading]] = {
    "date": _read_date, "numeric": _read_numeric, "month": _read_month, "year": _read_year,
    "range": _read_range, "decade": _read_decade, "relative": _read_relative,
    "month_day": _read_month_day, "bare_month": _read_bare_month, "weekday": _read_weekday,
    "month_range": _read_month_range, "fiscal": _read_fiscal, "part": _read_part, "ago": _read_ago,
    "this_period": _read_this_period, "day_range": _read_day_range,
}
# The shapes tried in a text with digits but no year.
_WITHOUT_YEAR = _READERS.keys() - _WITH_YEAR

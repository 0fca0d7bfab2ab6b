"""The date tagger: every expression in an article that points at calendar time.

In: an article's blocks of plain text in reading order, the article's own date (day, month
or year precision, or None when unknown) and its language. Out: for each block, its
`DateMention`s sorted by start and non-overlapping, each normalised to ISO 8601 at the
precision the text gives:

- 'day'      "December 15, 2025", "Tuesday, March 3rd, 2025", "15 de septiembre de 2024",
  "27 feb 2025", "01.29.2025", "2025-01-29"
- 'month'    "January 2026", "enero de 2026"
- 'year'     "in 2023", "His 2023 conviction"
- 'range'    "2000-2012", "between 2006 and 2012", "the 1990s" → '2000/2012', '1990/1999';
  months and days: "between October 2024 and September 2025", "Oct. 3-6, 2025", "del lunes 2
  al miércoles 4 de octubre de 2023"; parts of a year: "the third quarter of 2025", "first nine
  months of 2025", "primer semestre de 2025", "the fall of 2009" → '2009-09/2009-11'; the U.S.
  fiscal year: "FY2025" → '2024-10/2025-09'; any two dates as "from X through Y", "between X and
  Y", "del X al Y" → X's start to Y's end
- 'relative' what needs a reference time. Deictic words are resolved against the article's
  date — "today", "last year", "this week" (Monday to Sunday), "on Thursday", "two years ago",
  "the past five years" (the span up to it), "over the next two years", "since 2000" (from
  2000 to it) — or, when it is unknown, against the latest full date the text gives. Words
  that follow the story's own time are resolved against the last date the text gave before
  them, across blocks: "two days later", "the next day", "that July", "the following March",
  "later that spring", "the same season", "al día siguiente", "ese mismo domingo" (TimeML's
  reference time). A month or day without a year takes it from the article's date, or else
  from the story's last date; when nothing gives it, the year is written 'XXXX'
  ("XXXX-03-04"), never guessed. What cannot be resolved at all ("yesterday" in an undated
  article without a full date) is left out.

A month or weekday without a year is the latest one not after the article's date, as news
mostly reports what has happened, with these exceptions: "last"/"pasado" makes it strictly
earlier; "next"/"próximo", or a future marker earlier in its clause ("will", "scheduled for",
"se celebrará"), makes it the coming one — from the story's time when the marker is in the
past ("was due to expire on March 4"); a day at most a few weeks after the anchor is the
coming one; "the September 15 deadline" is the nearest September 15 either side.

Fuzziness is kept as the qualifier, not folded into the value: "early 2025" is 2025 with
'early', "the end of 2025" is 2025 with 'late'; 'since' also makes the value a range up to
the reference time. A mention's text includes its qualifier and the words that place it
("last", "pasado", "that", "two … later") but not a plain preposition: "In November" gives
"November", "el 3 de marzo de 2026" gives "3 de marzo de 2026".

Not dates: durations ("15 months", "two decades", "a 90-day deadline"), ages ("adults
18-45"), times ("10:32pm"), counts ("2,200 Marines", "in 2000 cases"), bill and order numbers
("H.J.Res.18", "Executive Order 14157"), centuries ("21st-century"), copyright lines ("© 2025")
and the year of a bibliography entry ("Gaines, T. R. (2025)").

This is its own step because claims are typed from the dates in their sentence. It works in
two passes: patterns are matched block by block, the longest non-overlapping matches kept;
then the matches are resolved in reading order, each resolved date becoming the story's
reference for the ones after it. The words each language uses live in `date_patterns`; a
language without a grammar there gets only the patterns made of digits.
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_left
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple, Sequence

from briefsite.records import DateMention, PartialDate
from briefsite.tag.date_patterns import GRAMMARS, NEUTRAL, YEAR_START, Grammar

Period = tuple[PartialDate, PartialDate]
"""A date or a range as (first, last); first is last for a single date."""
Resolver = Callable[["Times"], "str | None"]
"""What gives a relative expression its ISO value from the times, or None when they cannot."""
UNKNOWN_YEAR = "XXXX"
"""Stands for the year in the value of a month or day whose year nothing gives."""


class Read(NamedTuple):
    """What a match means: its value, or what resolves it, and its kind."""

    value: str | Resolver
    kind: str
    start: int | None = None
    """Where the mention starts when words before the match belong to it: 'two ' in 'two days later'."""


class Times(NamedTuple):
    """The reference times a relative expression is resolved against."""

    article: PartialDate | None
    """The article's own date."""
    now: PartialDate | None
    """What deictic words ('today', 'this week', 'on Thursday') count from: the article's date
    or, when it is unknown, the latest full date the text gives."""
    told: bool = False
    """Whether the text has given a date yet; until it has, the story's time is `now`."""
    story: Period | None = None
    """The last date the text gave (None after one whose year is unknown)."""
    story_month: Period | None = None
    """The last date the text gave to the month or the day: 'three months later' counts from it."""
    story_day: Period | None = None
    """The last date the text gave to the day: 'the next day' counts from it."""
    story_first: bool = False
    """Take a missing year from the story before the article's date: the first date of a range
    takes the second's ('from December 2 to January 5, 2025')."""


class _Candidate(NamedTuple):
    """A match kept for resolution."""

    start: int
    """Where the mention starts, qualifier included."""
    core: int
    """Where it starts without its qualifier."""
    end: int
    rank: int
    value: str | Resolver
    kind: str
    qualifier: str | None
    to_now: bool
    """'since': the value is a range from the date to now."""
    first_day: bool
    """'since the start of': the range opens on the period's first day."""


# Longer than any qualifier phrase ("the beginning of ") with room for odd spacing.
_LOOK_BACK = 32
# Between two blocks matched as one text: no pattern's spacing (\s) or words cross it.
_JOINT = "\n\x00\n"
_DIGIT = re.compile(r"\d")
# Shapes with a pattern that needs no digit.
_WORDS_ONLY = frozenset({"relative", "bare_month", "weekday", "month_range", "part", "ago", "this_period",
                         "move", "the_unit", "season", "span", "story_unit", "month_of"})
# Every pattern of these shapes holds a year, where YEAR_START matches.
_WITH_YEAR = frozenset({"date", "month", "range", "year", "numeric"})
# Shapes giving a day, which a weekday just before joins: "Tuesday, March 3".
_DAY_SHAPES = frozenset({"date", "numeric", "month_day", "day_range"})
# Where the clause holding a date begins: a future marker before it there ('will meet in
# October') points forward; one in an earlier clause ('which will expire, began in March') does not.
_CLAUSE_START = re.compile(r"[,;:.!?()—–\x00]")
_CLAUSE_LOOK_BACK = 120
_SOON = 45
"""Days after the anchor within which a day without a year is taken as upcoming."""
# Qualifiers that place a point inside the anchor's year or month: 'the end of the year'.
_WITHIN = frozenset({"early", "mid", "late", "earlier", "later"})
_NEXT_WORD = re.compile(r"\s+(\w+)")
_LOWER_WORD = re.compile(r"\s+[a-z]")
# After 'before', 'after', 'prior': an object makes the count relative to an event, not a date
# ('two years after the attack').
_OBJECT = re.compile(r"\s*[\w\"“‘(]")
# "Order 2023", "No. 2021", "H.R. 2023", "S. 2020", "§ 1961", "© 2025": a number that names
# a document or a copyright line ("U.S. 2020" is still a year).
# (The lookahead for the words' first letters spares the case-insensitive alternation.)
_NUMBERED = re.compile(r"(?:\b(?i:(?=[bdorc])(?:order|resolution|bill|decree|decreto|copyright))"
                       r"|\bN[oº]s?\.|\bH\.\s?R\.|\bRes\.|(?<![\w.])S\.|[#§№©]|\([Cc]\))\s*\Z")
# A bibliography's year: "Gaines, T. R. (2025).", "Ruiz et al. (2024a)".
_CITED_BY = re.compile(r"(?:\b[A-Z]\.|\bal\.|\beds?\.)\s*\(\Z")
_CITED_AFTER = re.compile(r"[a-z]?\)")


def find_dates(text: str, anchor: PartialDate | None, language: str = "en") -> list[DateMention]:
    """Every date in `text`, one block read alone (see `find_article_dates`)."""
    return find_article_dates([text], anchor, language)[0]


def find_article_dates(texts: Sequence[str], anchor: PartialDate | None,
                       language: str = "en") -> list[list[DateMention]]:
    """Every expression in each of `texts` (an article's blocks, in reading order) that
    points at calendar time.

    Deictic expressions are resolved against `anchor`, the article's publication date (or,
    without one, the latest full date of the text); narrative ones against the last date
    given before them. Where matches overlap, the longest wins ("15 December 2025" over
    "December 2025").
    """
    grammar = GRAMMARS.get(language, NEUTRAL)
    # The blocks are matched as one text, each rule scanning it once; no pattern crosses the joint.
    text = _JOINT.join(texts)
    candidates = _candidates(text, grammar)
    times = Times(anchor, anchor if anchor is not None else _latest_full_date(candidates))
    found: list[list[DateMention]] = [[] for _ in texts]
    block, offset, next_offset = 0, 0, len(texts[0]) + len(_JOINT) if texts else 0
    index = 0
    while index < len(candidates):
        first = candidates[index]
        while first.start >= next_offset:
            block, offset = block + 1, next_offset
            next_offset += len(texts[block]) + len(_JOINT)
        second = candidates[index + 1] if index + 1 < len(candidates) else None
        opening = None if second is None else _range_start(text, first, second, grammar)
        resolved = None if opening is None else _resolve_range(text, offset, opening, first, second, times)
        if resolved is not None:
            index += 2
        else:
            resolved = _resolve(text, offset, first, times)
            index += 1
        if resolved is not None:
            mention, story = resolved
            found[block].append(mention)
            times = _told(times, story)
    return found


# --- Matching: the longest readings ------------------------------------------------------

def _candidates(text: str, grammar: Grammar) -> list[_Candidate]:
    """The longest non-overlapping matches of `grammar`'s rules in `text`, in text order."""
    # Most paragraphs hold no digit, and most shapes need one; many need a year: skip them at once.
    if not _DIGIT.search(text):
        shapes = _WORDS_ONLY
    elif not YEAR_START.search(text):
        shapes = _WITHOUT_YEAR
    else:
        shapes = _READERS
    found: list[_Candidate] = []
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
            reading = read(match, grammar)
            if reading is not None:
                found.append(_candidate(match, shape, rank, reading, grammar))
    return _longest_first(found, len(text))


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


def _ending_at(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """`pattern`, which is anchored at its end, found in the words that end at `end`."""
    return pattern.search(text, max(0, end - _LOOK_BACK), end)


def _just_before(pattern: re.Pattern[str], match: re.Match[str]) -> re.Match[str] | None:
    """`pattern`, anchored at its end, found in the words that end where `match` starts."""
    return _ending_at(pattern, match.string, match.start())


def _candidate(match: re.Match[str], shape: str, rank: int, reading: Read, grammar: Grammar) -> _Candidate:
    """The match with the words before it that belong to its mention: a weekday before a day's
    date, and a qualifier — 'since' runs to now, even before another ('since early September')."""
    text = match.string
    start = match.start() if reading.start is None else reading.start
    if shape in _DAY_SHAPES and _spaced(text, start) and (weekday := _ending_at(grammar.weekday_before, text, start)):
        start = weekday.start()
    core, qualifier, first_day = start, None, False
    qual = _ending_at(grammar.qualifier_before, text, start) if _spaced(text, start) else None
    if qual is not None:
        qualifier = grammar.qualifiers[_key(qual["qual"])]
        outer = None if qualifier == "since" else _ending_at(grammar.qualifier_before, text, qual.start())
        if outer is not None and grammar.qualifiers[_key(outer["qual"])] == "since":
            first_day = _key(qual["qual"]) in grammar.first_day
            qual, qualifier = outer, "since"
        start = qual.start()
    to_now = qual is not None and _key(qual["qual"]) in grammar.to_now
    return _Candidate(start, core, match.end(), rank, reading.value, reading.kind, qualifier, to_now, first_day)


def _spaced(text: str, position: int) -> bool:
    """Whether a space or a hyphen comes just before `position`, as every look-back for a
    qualifier or a weekday ends: most matches have neither before them."""
    return position > 0 and (text[position - 1].isspace() or text[position - 1] == "-")


def _longest_first(found: list[_Candidate], length: int) -> list[_Candidate]:
    """The longest matches that overlap none longer, in text order; of equally long ones, that
    of the pattern listed first in the grammar."""
    taken = bytearray(length)  # 1 where a chosen match lies: each is checked over its own span
    chosen = []
    for candidate in sorted(found, key=lambda c: (c.start - c.end, c.rank, c.start)):
        if taken.find(1, candidate.start, candidate.end) < 0:
            taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _latest_full_date(candidates: list[_Candidate]) -> PartialDate | None:
    """The latest date written in full (day, month and year) in the text."""
    values = [c.value for c in candidates if c.kind == "day" and isinstance(c.value, str)]
    return _period(max(values))[0] if values else None


# --- Resolution: in reading order, against the times ---------------------------------------

def _resolve(text: str, offset: int, candidate: _Candidate, times: Times,
             since: bool = True) -> tuple[DateMention, str] | None:
    """The mention of `candidate` in its block (which starts at `offset` of `text`) and the
    value the story goes on from, or None when it cannot be resolved."""
    value = candidate.value if isinstance(candidate.value, str) else candidate.value(times)
    if value is None:
        return None
    kind, told = candidate.kind, value
    if since and candidate.to_now and (opened := _since(value, times.now, candidate.first_day)):
        value, kind = opened, "relative"
    return DateMention(text=text[candidate.start:candidate.end], start=candidate.start - offset,
                       end=candidate.end - offset, value=value, kind=kind, qualifier=candidate.qualifier), told


def _range_start(text: str, first: _Candidate, second: _Candidate, grammar: Grammar) -> int | None:
    """Where a range made of `first` and `second` starts, if the words around make them one:
    'from X to Y', 'between X and Y', 'desde X hasta Y', 'del X al Y'."""
    if second.qualifier == "since":
        return None
    # "through", "until" are the second's qualifier and the joint at once.
    joint_end = second.core if second.qualifier == "until" else second.start
    if not grammar.range_join.fullmatch(text, first.end, joint_end):
        return None
    if first.qualifier == "since":
        return first.start
    opening = _ending_at(grammar.range_open, text, first.start)
    return None if opening is None else opening.start()


def _resolve_range(text: str, offset: int, start: int, first: _Candidate, second: _Candidate,
                   times: Times) -> tuple[DateMention, str] | None:
    """One range from the start of `first` to the end of `second`; the first takes a missing
    year from the second."""
    last = _resolve(text, offset, second, times, since=False)
    ends = None if last is None else _period(last[1])
    if ends is None:
        return None
    opened = _resolve(text, offset, first, Times(times.article, times.now, True, ends, ends, ends, story_first=True),
                      since=False)
    starts = None if opened is None else _period(opened[1])
    if starts is None or starts[0].sort_key > ends[1].sort_key:
        return None
    # Its kind is the second's: a first without a year takes the second's ('March 4 and June 5, 2025').
    fixed = isinstance(second.value, str)
    return DateMention(text=text[start:second.end], start=start - offset, end=second.end - offset,
                       value=_iso(starts[0], ends[1]), kind="range" if fixed else "relative"), last[1]


def _told(times: Times, value: str) -> Times:
    """`times` once the text has given the date `value`."""
    period = _period(value)
    if period is None:
        return Times(times.article, times.now, True)
    first = period[0]
    return Times(times.article, times.now, True, period, period if first.month else times.story_month,
                 period if first.day else times.story_day)


def _story(times: Times, unit: str) -> Period | None:
    """The story's last date precise enough to count `unit`s from ('day', 'month', 'year')."""
    if not times.told:
        return None if times.now is None else (times.now, times.now)
    return times.story_day if unit == "day" else times.story_month if unit == "month" else times.story


def _since(value: str, now: PartialDate | None, first_day: bool) -> str | None:
    """'since X': from X's start to `now`; None when there is no such range."""
    opening = _period(value.split("/")[0])
    if opening is None or now is None:
        return None
    first = opening[0]
    if first_day:
        first = PartialDate(first.year, first.month or 1, first.day or 1)
    return f"{first.iso}/{now.iso}" if first.sort_key <= now.sort_key else None


# --- Calendar arithmetic ------------------------------------------------------------------

@lru_cache(maxsize=1024)  # values recur: '2025', this article's date
def _period(value: str) -> Period | None:
    """'2025-03-04' → (that day, that day); '2024-10/2025-09' → its ends; None for an unknown year."""
    if value.startswith(UNKNOWN_YEAR):
        return None
    dates = [PartialDate(*map(int, part.split("-"))) for part in value.split("/")]
    return dates[0], dates[-1]


def _iso(first: PartialDate, last: PartialDate) -> str:
    return first.iso if first == last else f"{first.iso}/{last.iso}"


def _add(date: PartialDate, unit: str, count: int) -> PartialDate | None:
    """`date` moved by `count` years, months or days, at its own precision; None when it is
    too coarse to count that unit."""
    if unit == "day":
        if not date.day:
            return None
        day = datetime.date(date.year, date.month, date.day) + datetime.timedelta(days=count)
        return PartialDate(day.year, day.month, day.day)
    if unit == "month":
        if not date.month:
            return None
        year, month = divmod(date.year * 12 + date.month - 1 + count, 12)
        month += 1
    else:
        year, month = date.year + count, date.month
    day = min(date.day, calendar.monthrange(year, month)[1]) if date.day else None
    return PartialDate(year, month, day)


def _cut(date: PartialDate | None, unit: str) -> PartialDate | None:
    """`date` at no finer a precision than `unit`."""
    if date is None:
        return None
    return PartialDate(date.year) if unit == "year" else PartialDate(date.year, date.month) if unit == "month" else date


def _is_named_period(period: Period) -> bool:
    """A fiscal year, a season, a quarter: months to months within a year."""
    first, last = period
    return (first != last and first.month is not None and last.month is not None and not first.day
            and not last.day and 0 < (last.year - first.year) * 12 + last.month - first.month < 12)


def _moved(period: Period | None, unit: str, count: int) -> str | None:
    """'two years later' from `period`: counted from its end (from its start going back), at
    the unit's precision; a named period moves whole ('the year before' FY2025 is FY2024)."""
    if period is None:
        return None
    if unit == "year" and _is_named_period(period):
        return _iso(_add(period[0], unit, count), _add(period[1], unit, count))
    moved = _cut(_add(period[1] if count > 0 else period[0], unit, count), unit)
    return None if moved is None else moved.iso


def _span(base: PartialDate | None, unit: str, count: int) -> str | None:
    """The span of `count` units from `base` (back when negative), at `base`'s precision;
    None when `base` is a year alone, which says nothing of where twelve months end."""
    other = None if base is None or base.month is None else _add(base, unit, count)
    if other is None:
        return None
    return _iso(*sorted((base, other), key=lambda d: d.sort_key))


def _week(date: PartialDate | None, weeks: int = 0, weekend: bool = False) -> str | None:
    """Monday to Sunday of the week holding `date`, moved by `weeks`; or its Saturday and Sunday."""
    if date is None or not date.day:
        return None
    day = datetime.date(date.year, date.month, date.day)
    first = day - datetime.timedelta(days=day.weekday() - 7 * weeks - (5 if weekend else 0))
    return f"{first.isoformat()}/{(first + datetime.timedelta(days=1 if weekend else 6)).isoformat()}"


def _season(first_month: int, year: int) -> str:
    first = PartialDate(year, first_month)
    return _iso(first, _add(first, "month", 2))


def _season_near(first_month: int, date: PartialDate, how: str) -> str:
    """The season that begins with `first_month` and is `how` ('same', 'past', 'next', 'this')
    from `date`: the one holding it or nearest to it, the last before it, the first after it."""
    if date.month is None:
        return _season(first_month, date.year + {"past": -1, "next": 1}.get(how, 0))
    now = date.year * 12 + date.month - 1
    starts = [(year * 12 + first_month - 1, year) for year in (date.year - 1, date.year, date.year + 1)]
    if how == "past":
        _, year = max((s for s in starts if s[0] + 2 < now), default=starts[0])
    elif how == "next":
        _, year = min((s for s in starts if s[0] > now), default=starts[-1])
    else:  # the one holding `date`, or the nearest
        _, year = min(starts, key=lambda s: max(0, s[0] - now, now - s[0] - 2))
    return _season(first_month, year)


def _season_of(date: PartialDate) -> str | None:
    """The season holding `date` (winter from December)."""
    if date.month is None:
        return None
    first = (date.month - 3) % 12 // 3 * 3 + 3
    return _season(first, date.year - (date.month < 3))


def _same(period: Period | None, unit: str) -> str | None:
    """'that same week': the `unit` holding the start of `period`."""
    if period is None:
        return None
    first = period[0]
    if unit == "week":
        return _week(first)
    if unit == "season":
        return _season_of(first)
    if unit == "decade":
        return f"{first.year // 10 * 10}/{first.year // 10 * 10 + 9}"
    if unit == "day" and not first.day or unit == "month" and not first.month:
        return None
    return _cut(first, unit).iso


def _day_iso(year: int | None, month: int, day: int) -> str:
    return f"{UNKNOWN_YEAR}-{month:02d}-{day:02d}" if year is None else PartialDate(year, month, day).iso


def _month_iso(year: int | None, month: int) -> str:
    return f"{UNKNOWN_YEAR}-{month:02d}" if year is None else PartialDate(year, month).iso


def _is_day(year: int | None, month: int, day: int) -> bool:
    try:
        datetime.date(2000 if year is None else year, month, day)  # 2000 has a 29 February
    except ValueError:  # "February 30", "31.04.2025": not a date, so no mention.
        return False
    return True


# --- Placing a month, day or weekday without a year ---------------------------------------

def _placement(match: re.Match[str], grammar: Grammar, story: bool = True) -> tuple[str, int]:
    """How a month, day, weekday or season without a year is placed, and where its mention
    starts (with the word that says so).

    'past' ('last March', 'el pasado 9 de enero'), 'next' ('next Monday'), 'this' ('this
    spring'), 'same', 'after', 'before' from the story's last date ('that July', 'the following
    March', 'el lunes siguiente'; only when `story`), 'ahead' (a future marker in its clause:
    'talks will resume in October'), 'ahead_then' (one in the past: 'was due to expire on March
    4'), 'nearest' ('the September 15 deadline'), or 'recent': by default the latest one not
    after the anchor, as news mostly reports what has happened.
    """
    text, start = match.string, match.start()
    after = match.groupdict().get("after")
    if after and (story or grammar.after_words[_key(after)] in ("past", "next")):
        return grammar.after_words[_key(after)], start
    if story and (lead := _ending_at(grammar.story_lead, text, start)):
        return grammar.story_leads[_key(lead["lead"])], lead.start()
    if lead := _ending_at(grammar.past_lead, text, start):
        return "past", lead.start()
    if lead := _ending_at(grammar.next_lead, text, start):
        return "next", lead.start()
    if story and (lead := _ending_at(grammar.this_lead, text, start)):
        return "this", lead.start()
    if grammar.nearest_after.match(text, match.end()):
        return "nearest", start
    before = text[max(0, start - _CLAUSE_LOOK_BACK):start]
    clause = _CLAUSE_START.split(before)[-1]
    future = grammar.future.search(clause)
    if future is None:
        return "recent", start
    return ("ahead_then" if _ending_at(grammar.future_in_past, clause, future.start()) else "ahead"), start


def _place_year(when: tuple[int, int], now: tuple[int, int], year: int, how: str) -> int:
    """The year that puts (month, day) `when` on the `how` side of `now` in `year`."""
    if how == "nearest":
        return min((year - 1, year, year + 1),
                   key=lambda y: abs((y - year) * 372 + (when[0] - now[0]) * 31 + when[1] - now[1]))
    if how in ("past", "before"):
        return year if when < now else year - 1
    if how in ("next", "after"):
        return year if when > now else year + 1
    if how == "ahead":
        return year if when >= now else year + 1
    # A day a few weeks after the anchor is one coming up, not one eleven months old.
    if when[1] and now[1] and 0 < ((when[0] - now[0]) % 12) * 31 + when[1] - now[1] <= _SOON:
        return year if when > now else year + 1
    return year if when <= now else year - 1


def _year_near(date: PartialDate | None, month: int, day: int, how: str) -> int | None:
    """The year of (month, day) placed `how` from `date`; compared by month alone when
    `date` has no day."""
    if date is None:
        return None
    if date.month is None:  # a year alone places a month only loosely
        return None if how in ("past", "next") else date.year + {"after": 1, "before": -1}.get(how, 0)
    return _place_year((month, day if date.day else 0), (date.month, date.day or 0), date.year, how)


# Placements read from now when the story cannot serve: 'this March' is the nearest March.
_AS_NEWS = {"ahead_then": "recent", "this": "nearest"}


def _year_for(how: str, month: int, day: int, times: Times) -> int | None:
    """The year of a month (and day) the text gives without one: from the article's date (or,
    when it is unknown, the latest full date of the text); without either, from the last
    month or day the story gave — a year alone ('the 1985 kidnapping') is no story's setting."""
    story = _story(times, "year")
    if times.story_first and story is not None:
        return _year_near(story[0], month, day, "nearest")
    if how in ("same", "after", "before"):
        return None if story is None else (story[0].year if how == "same" else _year_near(story[0], month, day, how))
    now = times.now if times.now is not None and times.now.month else None
    if now is not None:
        if how == "ahead_then" and story is not None and times.told:
            return _year_near(story[0], month, day, "ahead")
        return _year_near(now, month, day, _AS_NEWS.get(how, how))
    setting = _story(times, "month") if times.told else None
    return None if setting is None else _year_near(setting[0], month, day, "nearest")


# --- One reader per pattern shape: what a match means, or None when it is no date. -------

def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _month(word: str, grammar: Grammar) -> int:
    return int(word) if word.isdigit() else grammar.months[word.lower().rstrip(".")]


def _year(match: re.Match[str], group: str = "year") -> int | None:
    year = int(match[group])
    return year if 1900 <= year <= 2100 else None


def _is_count(match: re.Match[str], grammar: Grammar) -> bool:
    word = _NEXT_WORD.match(match.string, match.end())
    return word is not None and word[1].lower() in grammar.counted_nouns


def _count(word: str, grammar: Grammar) -> int:
    return int(word) if word.isdigit() else grammar.numbers[word.lower()]


def _fixed_day(year: int | None, month: int, day: int, kind: str) -> Read | None:
    if year is None or not _is_day(year, month, day):
        return None
    return Read(PartialDate(year, month, day).iso, kind)


def _read_date(match, grammar) -> Read | None:
    return _fixed_day(_year(match), _month(match["month"], grammar), int(match["day"]), "day")


def _read_numeric(match, grammar) -> Read | None:
    a, b = int(match["a"]), int(match["b"])
    # Month first in English (01.29.2025), day first in Spanish; a part over 12 settles it.
    day_first = a > 12 or (grammar.day_first and b <= 12)
    day, month = (a, b) if day_first else (b, a)
    return _fixed_day(_year(match), month, day, "day")


def _read_month(match, grammar) -> Read | None:
    year = _year(match)
    return None if year is None else Read(PartialDate(year, _month(match["month"], grammar)).iso, "month")


def _read_year(match, grammar) -> Read | None:
    year = _year(match)
    if year is None or _is_count(match, grammar) or _just_before(_NUMBERED, match):
        return None
    start = match.start()
    if start and match.string[start - 1] == "(" and _just_before(_CITED_BY, match) \
            and _CITED_AFTER.match(match.string, match.end()):
        return None
    return Read(str(year), "year")


def _read_range(match, grammar) -> Read | None:
    first = _year(match, "y1")
    if match.groupdict().get("short"):  # "2019-24"
        last = None if first is None else first // 100 * 100 + int(match["short"])
    else:
        last = _year(match, "y2")
    if first is None or last is None or first >= last or _is_count(match, grammar) or _just_before(_NUMBERED, match):
        return None
    return Read(f"{first}/{last}", "range")


def _read_decade(match, grammar) -> Read | None:
    first = int(match["decade"])
    first += 1900 if first < 100 else 0  # "los años 90"
    return Read(f"{first}/{first + 9}", "range") if 1900 <= first <= 2090 else None


def _read_relative(match, grammar) -> Read:
    unit, offset = grammar.relative[_key(match[0])]
    if unit == "week":
        return Read(lambda times: _week(times.now, offset), "relative")
    if unit == "weekend":
        return Read(lambda times: _week(times.now, offset, weekend=True), "relative")
    return Read(lambda times: None if times.now is None else _iso_of(_cut(_add(times.now, unit, offset), unit)),
                "relative")


def _iso_of(date: PartialDate | None) -> str | None:
    return None if date is None else date.iso


def _read_month_day(match, grammar) -> Read | None:
    month, day = _month(match["month"], grammar), int(match["day"])
    if not _is_day(None, month, day):
        return None
    how, start = _placement(match, grammar, story=False)
    return Read(lambda times: _day_iso(_year_for(how, month, day, times), month, day), "relative", start)


def _read_bare_month(match, grammar) -> Read | None:
    # A month name alone is a date only after "in"/"en", a qualifier ("early March") or a word
    # that places it ("last March", "that July"), or as the modifier of a noun: "a September decision".
    how, start = _placement(match, grammar)
    if how in ("recent", "ahead", "ahead_then", "nearest") and not (
            _just_before(grammar.month_lead, match) or _just_before(grammar.qualifier_before, match)
            or (_just_before(grammar.month_modifies, match) and _LOWER_WORD.match(match.string, match.end()))):
        return None
    month = _month(match["month"], grammar)
    return Read(lambda times: _month_iso(_year_for(how, month, 0, times), month), "relative", start)


def _read_month_of(match, grammar) -> Read:
    """'agosto del año pasado', 'March of that year'."""
    month = _month(match["month"], grammar)
    given = match.groupdict()
    if given.get("rel"):
        offset = grammar.relative[_key(given["rel"])][1]
        return Read(lambda times: None if times.now is None else PartialDate(times.now.year + offset, month).iso,
                    "relative")
    how = grammar.after_words[_key(given["after"])] if given.get("after") else \
        grammar.story_leads.get(_key(given["lead"]), "same")
    offset = {"same": 0, "after": 1, "before": -1}[how]

    def resolve(times: Times) -> str | None:
        story = _story(times, "year")
        return None if story is None else PartialDate(story[0].year + offset, month).iso
    return Read(resolve, "relative")


def _read_day_range(match, grammar) -> Read | None:
    """'Oct. 3-6', 'del 3 al 6 de octubre': days of one month."""
    month, first, last = _month(match["month"], grammar), int(match["day"]), int(match["day2"])
    if first >= last or not _is_day(None, month, last):
        return None
    if match["year"]:
        year = _year(match)
        if year is None or not _is_day(year, month, last):
            return None
        return Read(f"{PartialDate(year, month, first).iso}/{PartialDate(year, month, last).iso}", "range")
    how, _ = _placement(match, grammar, story=False)

    def resolve(times: Times) -> str:
        year = _year_for(how, month, first, times)
        return f"{_day_iso(year, month, first)}/{_day_iso(year, month, last)}"
    return Read(resolve, "relative")


def _read_month_range(match, grammar) -> Read | None:
    """'between October 2024 and September 2025', 'entre enero y julio': months to months."""
    given = match.groupdict()
    first, last = _month(given["m1"], grammar), _month(given["m2"], grammar)
    y1 = _year(match, "y1") if given.get("y1") else 0
    y2 = _year(match, "y2") if given.get("y2") else 0
    if y1 is None or y2 is None:
        return None
    if y1 or y2:
        # A missing year is the other's.
        y2 = y2 or y1 + (last < first)
        y1 = y1 or y2 - (first > last)
        if (y1, first) >= (y2, last):
            return None
        return Read(f"{PartialDate(y1, first).iso}/{PartialDate(y2, last).iso}", "range")
    how, _ = _placement(match, grammar, story=False)

    def resolve(times: Times) -> str:
        end = _year_for(how, last, 0, times)
        start = None if end is None else end - (first > last)
        return f"{_month_iso(start, first)}/{_month_iso(end, last)}"
    return Read(resolve, "relative")


def _read_fiscal(match, grammar) -> Read | None:
    year = _year(match) if match["year"] else 2000 + int(match["short"])
    return None if year is None else Read(f"{year - 1}-10/{year}-09", "range")


def _read_part(match, grammar) -> Read | None:
    """'the third quarter of 2025', 'first nine months of 2025', 'primer semestre del año'."""
    given = match.groupdict()
    part, start = given.get("part"), None
    if given.get("q"):  # 'Q3 2025'
        position, length, part = int(given["q"]), 3, "quarter"
    else:
        ordinal = _just_before(grammar.ordinal_before, match)
        # A part has no count ('first half'), months must ('first nine months').
        if ordinal is None or bool(part) == bool(ordinal["n"]):
            return None
        position, start = grammar.ordinals[ordinal["ord"].lower()], ordinal.start()
        length = grammar.parts[part.lower()] if part else _count(ordinal["n"], grammar)
        # Months are counted from either end of the year: 'the first (or last) nine months'.
        if not 0 < length < 12 or (not part and position not in (1, -1)):
            return None
    if part and position > 12 // length:
        return None
    first = (position - 1) * length + 1 if position > 0 else 13 - length

    def months_of(year: int) -> str:
        return f"{PartialDate(year, first).iso}/{PartialDate(year, first + length - 1).iso}"
    if given.get("rel"):
        offset = grammar.relative.get(_key(given["rel"]), ("year", 0))[1]
        return Read(lambda times: None if times.now is None else months_of(times.now.year + offset), "relative",
                    start)
    year = _year(match)
    return None if year is None else Read(months_of(year), "range", start)


def _read_season(match, grammar) -> Read | None:
    """'the fall of 2009', 'this spring', 'later that spring', 'el verano pasado'."""
    first_month = grammar.seasons[match["season"].lower()]
    if match["year"]:
        year = _year(match)
        return None if year is None else Read(_season(first_month, year), "range")
    how, start = _placement(match, grammar)
    if how in ("recent", "ahead", "ahead_then", "nearest") or (
            match["season"].lower() in grammar.season_verbs and _pronoun_lead(match, start, grammar)):
        return None
    if how in ("same", "after", "before"):
        def resolve(times: Times) -> str | None:
            story = _story(times, "year")
            return None if story is None else _season_near(first_month, story[0], {"after": "next",
                                                                                  "before": "past"}.get(how, how))
        return Read(resolve, "relative", start)
    return Read(lambda times: None if times.now is None else _season_near(first_month, times.now, how),
                "relative", start)


def _read_ago(match, grammar) -> Read:
    """'hace dos años': counted back from now."""
    unit, size = grammar.units[match["unit"].lower()]
    count = size * _count(match["n"], grammar)
    return Read(lambda times: None if times.now is None else _moved((times.now, times.now), unit, -count), "relative")


def _read_move(match, grammar) -> Read | None:
    """'two days later', 'the year before', 'three months ago', 'doce días después'."""
    text = match.string
    source, direction = grammar.moves[_key(match["move"])]
    if _key(match["move"]) in grammar.moves_with_object and _OBJECT.match(text, match.end()):
        return None
    counted = _ending_at(grammar.count_before, text, match.start())
    if counted is None:
        return None
    word = match["unit"].lower()
    if counted.groupdict().get("the"):
        if word in grammar.plural_units or source == "now":  # "the years after", "the year ago"
            return None
        count = 1
    else:
        count = _count(counted["n"], grammar)
    unit, size = grammar.units[word]
    step = direction * size * count
    if source == "now":
        return Read(lambda times: None if times.now is None else _moved((times.now, times.now), unit, step),
                    "relative", counted.start())
    return Read(lambda times: _moved(_story(times, unit), unit, step), "relative", counted.start())


def _read_the_unit(match, grammar) -> Read | None:
    """'the following year', 'that same week', 'the past two years', 'the next 12 months'."""
    det, word, counted = match["det"], match["unit"].lower(), match["n"]
    if word == "season" and det is not None:  # "the following season": which, of four?
        return None
    if word == "season" or det is None:
        # "that week", "the same season": the story's, and only one of it.
        if counted or word in grammar.plural_units:
            return None
        unit = "season" if word == "season" else _unit_name(*grammar.units[word])
        return Read(lambda times: _same(_story(times, _precision(unit)), unit), "relative")
    if counted is None and word in grammar.plural_units:  # "the past years": no count, no date
        return None
    unit, size = grammar.units[word]
    source, direction = grammar.spans[det]
    if counted is None and (source == "story" or det in grammar.story_when_alone
                            and not _just_before(grammar.span_before, match)):
        # "the following year" is one year after the story's; "the next day" one day.
        return _story_step(unit, size, direction)
    return _span_read(source, unit, direction * size * (1 if counted is None else _count(counted, grammar)))


def _precision(unit: str) -> str:
    """What a story date must be given to, for `unit` to be counted from it."""
    return "day" if unit in ("day", "week") else "month" if unit in ("month", "season") else "year"


def _unit_name(unit: str, size: int) -> str:
    """A unit of `grammar.units` by its name here: ('day', 7) is a 'week', ('year', 10) a 'decade'."""
    return {7: "week", 10: "decade"}.get(size, unit)


def _story_step(unit: str, size: int, direction: int) -> Read:
    """One unit after (or before) the story's date: 'the following year', 'al día siguiente'."""
    if _unit_name(unit, size) == "week":
        return Read(lambda times: _story_week(times, direction), "relative")
    return Read(lambda times: _moved(_story(times, unit), unit, direction * size), "relative")


def _story_week(times: Times, weeks: int) -> str | None:
    story = _story(times, "day")
    return None if story is None else _week(story[0], weeks)


def _span_read(source: str, unit: str, step: int, start: int | None = None) -> Read:
    """A span of `step` units back or on from now or from the story's last date."""
    def resolve(times: Times) -> str | None:
        if source == "now":
            return _span(times.now, unit, step)
        story = _story(times, unit)
        return None if story is None else _span(story[1] if step > 0 else story[0], unit, step)
    return Read(resolve, "relative", start)


def _read_span(match, grammar) -> Read:
    """'los últimos tres meses', 'los próximos dos años', 'los dos años siguientes'."""
    source, direction = grammar.spans[match["det"].lower()]
    unit, size = grammar.units[match["unit"].lower()]
    return _span_read(source, unit, direction * size * _count(match["n"], grammar))


def _read_story_unit(match, grammar) -> Read:
    """'al día siguiente', 'el año anterior', 'ese mismo día', 'esa semana'."""
    unit, size = grammar.units[match["unit"].lower()]
    after = match.groupdict().get("after")
    if not after:
        same = _unit_name(unit, size)
        return Read(lambda times: _same(_story(times, _precision(same)), same), "relative")
    return _story_step(unit, size, 1 if grammar.after_words[_key(after)] == "after" else -1)


def _read_this_period(match, grammar) -> Read | None:
    qual = _just_before(grammar.qualifier_before, match)
    if qual is None or grammar.qualifiers[_key(qual["qual"])] not in _WITHIN:
        return None
    unit = grammar.units[match["unit"].lower()][0]
    return Read(lambda times: _iso_of(_cut(times.now, unit)) if times.now and (unit == "year" or times.now.month)
                else None, "relative")


def _read_weekday(match, grammar) -> Read | None:
    if _just_before(grammar.weekday_unless, match):
        return None
    how, start = _placement(match, grammar)
    if _pronoun_lead(match, start, grammar):  # "said that Monday's strike…"
        how, start = _placement(match, grammar, story=False)
    if how not in ("same", "after", "before") and not (
            _just_before(grammar.weekday_lead, match) or _just_before(grammar.qualifier_before, match)):
        return None
    weekday = grammar.weekdays[match["weekday"].lower()]

    def resolve(times: Times) -> str | None:
        if how in ("same", "after", "before"):
            story = _story(times, "day")
            return None if story is None else _weekday_from(story[0], weekday, how)
        return _weekday_from(times.now, weekday, how)
    return Read(resolve, "relative", start)


def _pronoun_lead(match: re.Match[str], start: int, grammar: Grammar) -> bool:
    """Whether the words from `start` to the match are a lead that may be a pronoun: 'that'."""
    return _key(match.string[start:match.start()]) in grammar.pronoun_leads


def _weekday_from(date: PartialDate | None, weekday: int, how: str) -> str | None:
    """The `weekday` placed `how` from `date` (see `_placement`)."""
    if date is None or not date.day:
        return None
    today = datetime.date(date.year, date.month, date.day)
    back = (today.weekday() - weekday) % 7
    if how == "same":  # the nearest one, either side
        back -= 7 if back > 3 else 0
    elif how in ("past", "next", "before", "after") and not back:
        back = 7 if how in ("past", "before") else -7
    elif how in ("next", "after", "ahead") or (how == "nearest" and back > 3):
        back -= 7 if back else 0
    day = today - datetime.timedelta(days=back)
    return PartialDate(day.year, day.month, day.day).iso


_READERS: dict[str, Callable[[re.Match[str], Grammar], Read | None]] = {
    "date": _read_date, "numeric": _read_numeric, "month": _read_month, "year": _read_year,
    "range": _read_range, "decade": _read_decade, "relative": _read_relative,
    "month_day": _read_month_day, "bare_month": _read_bare_month, "weekday": _read_weekday,
    "month_range": _read_month_range, "fiscal": _read_fiscal, "part": _read_part, "ago": _read_ago,
    "this_period": _read_this_period, "day_range": _read_day_range, "month_of": _read_month_of,
    "season": _read_season, "move": _read_move, "the_unit": _read_the_unit, "span": _read_span,
    "story_unit": _read_story_unit,
}
# The shapes tried in a text with digits but no year.
_WITHOUT_YEAR = _READERS.keys() - _WITH_YEAR

"""The vocabulary of the date tagger: word tables and the patterns built from them.

One `Grammar` per language says what a date may look like in text; `dates.py` says what
each match means. A rule's pattern matches the date expression itself; the words around
it that change its meaning — a qualifier ("early", "since", "finales de"), a lead that
makes a lone month a date ("in November", "el lunes") — are matched looking back from
where the expression starts.

Why that split: every rule's pattern begins with a literal word or a digit, so the regex
engine can skip to candidates instead of trying every position (an optional prefix made
the tagger ten times slower). Patterns are compiled once, at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from briefsite.records import MONTHS

# Candidate years are any four digits from 1000; readers keep 1900–2100 (a plain
# [12]\d{3} lets the engine scan, where (19|20)\d\d|2100 does not).
_YEAR = r"(?P<{name}>[12]\d{{3}})(?!\d)"
# Placed after a year's digits: not a piece of 2,200, S.1048, $2020, 10:32 or 2000-2012.
_ALONE_BEFORE = r"(?<![\w.,$/:#]\d{4})(?<!\d[-–]\d{4})"
# Not followed by more of a number (2008-09, 2024/25, 2025.5), a word or a percent sign.
_ALONE_AFTER = r"(?![\w%]|[.,/:]\d|[-–]\d|\s*%)"
# A day of the month: one or two digits that do not continue a number.
_DAY = r"(?P<day>\d(?<![\w.,/:-]\d)\d?)(?!\d)"
_NEVER = re.compile("(?!)")


def _year(name: str = "year") -> str:
    return _YEAR.format(name=name)


def _phrases(words: Iterable[str]) -> str:
    """Alternatives longest first, so "early in" wins over "early"; any whitespace inside."""
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len, reverse=True))


def _alternation(words: Iterable[str], lowercase: bool = True) -> str:
    """Any of `words` capitalised, and as written (lowercase) unless told otherwise.

    Case is spelled out rather than ignored so the engine keeps its fast scan; headlines
    in capitals are missed.
    """
    words = list(words)
    forms = {word.capitalize() for word in words} | (set(words) if lowercase else set())
    return f"(?:{_phrases(forms)})"


def _before(words: Iterable[str], separator: str = r"\s+") -> re.Pattern[str]:
    """Any of `words`, in any case, ending where the searched text ends (search with an endpos)."""
    return re.compile(rf"(?<![\w-])(?P<qual>(?i:{_phrases(words)})){separator}\Z")


@dataclass(frozen=True)
class Grammar:
    """What dates look like in one language."""

    months: Mapping[str, int]
    """Lowercase month name or abbreviation → 1–12."""
    weekdays: Mapping[str, int]
    """Lowercase weekday → 0 (Monday) – 6."""
    qualifiers: Mapping[str, str]
    """Lowercase qualifier phrase → the qualifier a `DateMention` keeps."""
    relative: Mapping[str, tuple[str, int]]
    """Lowercase phrase → (unit, offset from the anchor): 'last year' → ('year', -1)."""
    counted_nouns: frozenset[str]
    """Words that make a number before them a count, not a year: '2000 cases'."""
    day_first: bool
    """How to read an ambiguous numeric date such as 02.03.2026."""
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    """(shape, pattern) in order of preference when two matches are equally long."""
    qualifier_before: re.Pattern[str] = _NEVER
    """A qualifier phrase just before a date: 'early ', 'mid-', 'a finales de '."""
    month_lead: re.Pattern[str] = _NEVER
    """What must stand before a lone month name for it to be a date: 'in ', 'en '."""
    weekday_lead: re.Pattern[str] = _NEVER
    """What must stand before a lone weekday: 'on ', 'el '."""
    span_before: re.Pattern[str] = _NEVER
    """What turns a relative phrase into a span of time: 'the' in 'over the last year'."""


EN_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, 1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
ES_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
EN_WEEKDAYS = {day: n for n, day in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
ES_WEEKDAYS = {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
               "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6}

EN_QUALIFIERS = {
    "early": "early", "early in": "early", "the beginning of": "early", "the start of": "early",
    "mid": "mid", "the middle of": "mid",
    "late": "late", "late in": "late", "the end of": "late",
    "earlier": "earlier", "later": "later",
    "since": "since", "starting in": "since", "beginning in": "since",
    "until": "until", "till": "until", "through": "until", "by": "by",
    "before": "before", "after": "after", "around": "around", "circa": "around",
}
_ES_QUALIFIERS = {
    "principios de": "early", "inicios de": "early", "comienzos de": "early",
    "mediados de": "mid", "finales de": "late", "fines de": "late",
    "desde": "since", "a partir de": "since", "hasta": "until",
    "antes de": "before", "después de": "after", "despues de": "after",
    "alrededor de": "around", "hacia": "around", "en torno a": "around",
}
# "finales del año pasado", "a finales del 2024": the same phrase with de + el contracted.
ES_QUALIFIERS = _ES_QUALIFIERS | {k + "l": v for k, v in _ES_QUALIFIERS.items() if k.endswith(" de")}

EN_RELATIVE = {
    "last year": ("year", -1), "this year": ("year", 0), "next year": ("year", 1),
    "last month": ("month", -1), "this month": ("month", 0), "next month": ("month", 1),
    "yesterday": ("day", -1), "today": ("day", 0), "tomorrow": ("day", 1),
}
ES_RELATIVE = {
    "el año pasado": ("year", -1), "año pasado": ("year", -1), "este año": ("year", 0),
    "el próximo año": ("year", 1), "el año próximo": ("year", 1), "el año que viene": ("year", 1),
    "el mes pasado": ("month", -1), "mes pasado": ("month", -1), "este mes": ("month", 0),
    "el próximo mes": ("month", 1), "el mes que viene": ("month", 1),
    "ayer": ("day", -1), "hoy": ("day", 0),
}

EN_COUNTED = frozenset("""
    people persons troops soldiers marines officers agents police members personnel men women
    children migrants victims deaths dead cases arrests labs flights vehicles weapons guns rifles
    dollars pesos tons tonnes kilos kilograms pounds miles kilometers km meters feet units times
    votes families residents workers students pages more additional extra
""".split())
ES_COUNTED = frozenset("""
    personas tropas soldados militares marinos elementos efectivos agentes policías miembros
    hombres mujeres niños migrantes víctimas muertos muertes casos detenidos laboratorios vuelos
    vehículos armas dólares pesos toneladas kilos kilómetros metros veces votos familias más
""".split())


def _neutral_rules() -> list[tuple[str, str]]:
    """Patterns that read the same in every language: digits and dashes only."""
    return [
        ("date", rf"{_year()}(?<![\w.,/:-]\d{{4}})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)(?![\d-]|[.,/:]\d)"),
        ("numeric", rf"(?P<a>\d(?<![\w.,/:-]\d)\d?)(?P<sep>[./-])(?P<b>\d\d?)(?P=sep){_year()}(?![\w-]|[.,/]\d)"),
        ("range", rf"{_year('y1')}{_ALONE_BEFORE}\s*[-–—]\s*{_year('y2')}{_ALONE_AFTER}"),
        ("year", rf"{_year()}{_ALONE_BEFORE}{_ALONE_AFTER}"),
    ]


def _compile(rules: list[tuple[str, str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((shape, re.compile(pattern)) for shape, pattern in rules + _neutral_rules())


def _english() -> Grammar:
    # English capitalises month and weekday names, which keeps "may" and "march" out.
    month = rf"(?P<month>{_alternation(EN_MONTHS, lowercase=False)})\b\.?"
    full_month = _alternation(MONTHS, lowercase=False)
    day = rf"{_DAY}(?:st|nd|rd|th)?\b"
    y1, y2 = _year("y1"), _year("y2")
    rules = [
        ("date", rf"{month}\s+{day},?\s+{_year()}"),
        ("date", rf"{day}\s+(?:of\s+)?{month},?\s+{_year()}"),
        ("month", rf"{month}\s+(?:of\s+)?{_year()}"),
        ("range", rf"[Ff]rom\s+{y1}\s+(?:to|through|until|till)\s+{y2}{_ALONE_AFTER}"),
        ("range", rf"[Bb]etween\s+{y1}\s+and\s+{y2}{_ALONE_AFTER}"),
        ("decade", r"(?P<decade>[12]\d\d0)(?<![\w.,$/:#'’]\d{4})s\b"),
        ("relative", rf"{_alternation(EN_RELATIVE)}\b"),
        ("month_day", rf"{month}\s+{day}"),
        ("month_day", rf"{day}\s+(?:of\s+)?{month}"),
        ("bare_month", rf"(?P<month>{full_month})\b(?!\.?\s*\d)"),
        # "on Monday, March 2": the date that follows says it better.
        ("weekday", rf"(?P<weekday>{_alternation(EN_WEEKDAYS, lowercase=False)})\b(?!,?\s+(?:\d|{full_month}))"),
    ]
    return Grammar(EN_MONTHS, EN_WEEKDAYS, EN_QUALIFIERS, EN_RELATIVE, EN_COUNTED, day_first=False,
                   rules=_compile(rules),
                   qualifier_before=_before(EN_QUALIFIERS, separator=r"(?:-|\s+)"),
                   month_lead=_before(("in", "during")), weekday_lead=_before(("on",)),
                   span_before=_before(("the",)))


def _spanish() -> Grammar:
    month = rf"(?P<month>{_alternation(ES_MONTHS)})\b"
    day = rf"{_DAY}[º°]?"
    of_year = rf"\s+(?:del?\s+)?{_year()}"  # "de 2024", "del 2024", "2024"
    y1, y2 = _year("y1"), _year("y2")
    rules = [
        ("date", rf"{day}\s+de\s+{month}{of_year}"),
        ("month", rf"{month}{of_year}"),
        ("range", rf"(?:[Dd]el?|[Dd]esde)\s+{y1}\s+(?:al?|hasta)\s+{y2}{_ALONE_AFTER}"),
        ("range", rf"[Ee]ntre\s+{y1}\s+y\s+{y2}{_ALONE_AFTER}"),
        # "la década de 1990", "los años 90"; without its article, "años 80" is usually a count.
        ("decade", r"(?:[Dd]écada\s+de(?:\s+los)?|[Aa]ños(?<=[Ll]os\s[Aa]ños))\s+"
                   r"(?P<decade>(?:19|20)?\d0)(?![\d%])"),
        ("relative", rf"{_alternation(ES_RELATIVE)}\b(?!\s+en\s+d[ií]a)"),
        ("month_day", rf"{day}\s+de\s+{month}"),
        ("bare_month", rf"{month}(?!\s*\d)"),
        ("weekday", rf"(?P<weekday>{_alternation(ES_WEEKDAYS)})\b(?!,?\s+\d)"),
    ]
    return Grammar(ES_MONTHS, ES_WEEKDAYS, ES_QUALIFIERS, ES_RELATIVE, ES_COUNTED, day_first=True,
                   rules=_compile(rules),
                   qualifier_before=_before(ES_QUALIFIERS, separator=r"(?:-|\s+)"),
                   month_lead=_before(("en", "durante")), weekday_lead=_before(("el",)))


GRAMMARS = {"en": _english(), "es": _spanish()}
# Any other language: only what needs no words — ISO and numeric dates, years, year ranges.
NEUTRAL = Grammar({}, {}, {}, {}, frozenset(), day_first=True, rules=_compile([]))

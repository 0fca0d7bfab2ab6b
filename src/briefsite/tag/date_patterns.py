"""The vocabulary of the date tagger: word tables and the patterns built from them.

One `Grammar` per language says what a date may look like in text; `dates.py` says what
each match means. A rule's pattern matches the date expression itself; the words around
it that change its meaning — a qualifier ("early", "since", "finales de"), a lead that
makes a lone month a date ("in November", "el lunes"), a determiner that ties it to the
story's own time ("that July", "the following spring", "ese mismo domingo"), a count
("two days later") — are matched looking back from where the expression starts.

Why that split: every rule's pattern begins with a literal word or a digit, so the regex
engine can skip to candidates instead of trying every position (an optional prefix made
the tagger ten times slower). A rule may also name needles — substrings such as a month
name or 'ago' — without which the text is not scanned for it at all; and a start — a pattern
that every match of the rule opens with (a month's name, a run of digits, a year) — where
alone the rule is tried, rather than scanning the text once more for each rule. Patterns
are compiled once, at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
_TOKEN = re.compile(r"\s+|.", re.S)
# Rule starts (see Grammar.rules): where a candidate year starts; where a run of digits does
# that a separator and more digits follow (01.29.2025), or a capitalised word (3rd of March);
# where a year starts a date or a range. Each looks ahead only as far as rules all agree, so
# a rule is tried at few places.
YEAR_START = re.compile(r"[12](?=\d{3})")
_NUMERIC_START = re.compile(r"\d(?<!\d\d)(?=\d?[./-]\d)")
_DAY_MONTH_START = re.compile(r"\d(?<!\d\d)(?=\d?(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z])")
# "3 de marzo", "27 feb 2025", "1.º de septiembre", "1o. de", "1ro de".
_ES_DAY_MONTH_START = re.compile(r"\d(?<!\d\d)(?=\d?(?:\.?(?:[º°o]|ro|er)\.?)?\s+[A-Za-z])")
_ISO_START = re.compile(r"[12](?=\d{3}-[01]\d-)")
_RANGE_START = re.compile(r"[12](?=\d{3}\s*[-–—]\s*(?:[12]\d{3}|\d\d(?!\d)))")
# A weekday in English news needs no lead ("said Tuesday"), so its lead always matches.
_ALWAYS = re.compile("")


def _year(name: str = "year") -> str:
    return _YEAR.format(name=name)


def _phrases(words: Iterable[str]) -> str:
    """Any of `words`, the longest first, so "early in" wins over "early"; any whitespace inside.

    Written as a trie ('T(?:his (?:week|year)|oday)'): the engine tries one branch per
    letter instead of every word.
    """
    root: dict = {}
    for word in words:
        node = root
        for token in _TOKEN.findall(word):
            node = node.setdefault(" " if token.isspace() else token, {})
        node[""] = {}

    def branches(node: dict) -> str:
        # The longer branch first: an optional group is greedy.
        options = [(r"\s+" if token == " " else re.escape(token)) + branches(child)
                   for token, child in sorted(node.items()) if token]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
        return f"(?:{body})?" if "" in node else body
    return branches(root)


def _forms(words: Iterable[str], lowercase: bool = True) -> set[str]:
    """Each of `words` capitalised and in title case ("This Year" in a heading), and as
    written (lowercase) unless told otherwise.

    Case is spelled out rather than ignored so the engine keeps its fast scan; headlines
    in capitals are missed.
    """
    words = list(words)
    forms = {word.capitalize() for word in words} | {word.title() for word in words}
    return forms | set(words) if lowercase else forms


def _alternation(words: Iterable[str], lowercase: bool = True) -> str:
    """Any of `_forms(words)`."""
    return f"(?:{_phrases(_forms(words, lowercase))})"


def _each(firsts: Iterable[str], rest: str) -> list[str]:
    """`rest` after each of `firsts`, one pattern apiece: the engine finds a pattern that opens
    with a literal word by a fast search, where one that opens with a choice ('[Ff]rom',
    'years?|months?') is tried at every letter that could start it."""
    return [re.escape(first) + rest for first in firsts]


def _by_first_word(words: Iterable[str]) -> list[str]:
    """`_alternation(words)` as one pattern per first word as written (see `_each`)."""
    rests: dict[str, set[str]] = {}
    for form in _forms(words):
        first, _, rest = form.partition(" ")
        rests.setdefault(first, set()).add(rest)
    patterns = []
    for first, after in sorted(rests.items()):
        more = rf"\s+{_phrases(after - {''})}" if after - {""} else ""
        patterns.append(re.escape(first) + (f"(?:{more})?" if "" in after and more else more))
    return patterns


def _season_needles(seasons: Iterable[str]) -> tuple[str, ...]:
    """Each season as written and capitalised: a shorter piece ('all' of 'fall') is in every text."""
    return tuple(sorted({form for season in seasons for form in (season, season.capitalize())}))


def _before(words: Iterable[str], separator: str = r"\s+", group: str = "qual") -> re.Pattern[str]:
    """Any of `words`, in any case, ending where the searched text ends (search with an endpos)."""
    words = list(words)
    # The lookahead for the words' first letters fails at once where the case-insensitive
    # alternation would try every word.
    initials = "".join(sorted({re.escape(word[0]) for word in words}))
    return re.compile(rf"(?<![\w-])(?i:(?=[{initials}]))(?P<{group}>(?i:{_phrases(words)})){separator}\Z")


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
    """Lowercase phrase → (unit, offset from the anchor): 'last year' → ('year', -1),
    'this week' → ('week', 0)."""
    counted_nouns: frozenset[str]
    """Words that make a number before them a count, not a year: '2000 cases'."""
    day_first: bool
    """How to read an ambiguous numeric date such as 02.03.2026."""
    rules: tuple[tuple[str, re.Pattern[str], tuple[str, ...], re.Pattern[str] | None], ...]
    """(shape, pattern, needles, start) in order of preference when two matches are equally long.

    A rule is tried only on text that holds one of its needles (when it has any): a month
    name, 'ago'. Scanning is the tagger's main cost, and most paragraphs name no month.
    A rule with a start is tried only where that pattern matches (every match of the rule
    opens with a match of it): those places are found once per text for all such rules.
    """
    qualifier_before: re.Pattern[str] = _NEVER
    """A qualifier phrase just before a date: 'early ', 'mid-', 'a finales de '."""
    to_now: frozenset[str] = frozenset()
    """Qualifier phrases that make a range from the date to now: 'since' ('starting in 2006'
    dates a start, not a stretch up to now)."""
    first_day: frozenset[str] = frozenset()
    """Qualifier phrases that, after 'since', mean the first day of the period: 'the start of'."""
    month_lead: re.Pattern[str] = _NEVER
    """What must stand before a lone month name for it to be a date: 'in ', 'en '."""
    month_modifies: re.Pattern[str] = _NEVER
    """Before a lone month that modifies a noun, it is a date: 'a September decision'."""
    weekday_lead: re.Pattern[str] = _NEVER
    """What must stand before a lone weekday: 'on ', 'el '."""
    weekday_before: re.Pattern[str] = _NEVER
    """A weekday just before a day's date, which joins its mention: 'Tuesday, ', 'martes '."""
    span_before: re.Pattern[str] = _NEVER
    """What makes 'the next year' the twelve months from now, not the year after the story's:
    'over ', 'within '."""
    weekday_unless: re.Pattern[str] = _NEVER
    """What makes a weekday no date: 'every Monday', 'Super Tuesday'."""
    numbers: Mapping[str, int] = field(default_factory=dict)
    """Lowercase number word → value, for 'two years ago', 'first nine months'."""
    count_before: re.Pattern[str] = _NEVER
    """A count just before a unit of time: 'two ' in 'two days later', 'the ' in 'the year before'."""
    units: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    """Lowercase unit of time → (unit, how many): 'decades' → ('year', 10), 'weeks' → ('day', 7)."""
    plural_units: frozenset[str] = frozenset()
    """The plurals among `units`: 'years', 'meses'."""
    moves: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    """Word after a counted unit → (what it counts from, direction): 'later' → ('story', 1),
    'ago' → ('now', -1)."""
    moves_with_object: frozenset[str] = frozenset()
    """Words of `moves` that, followed by an object, count from an event, not a date: 'two
    years after the attack'."""
    spans: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    """Word before a counted unit → (what the span runs from, direction): 'past' → ('now', -1),
    'following' → ('story', 1). Before one unit without a count, those from the story name
    one unit after (or before) the story's date: 'the following year'."""
    story_when_alone: frozenset[str] = frozenset()
    """Words of `spans` that before one unit without a count (and no `span_before`) count from
    the story too: 'the next day', but 'the next two years', 'over the next year'."""
    ordinals: Mapping[str, int] = field(default_factory=dict)
    """Lowercase ordinal → position, -1 for the last: 'third' → 3."""
    parts: Mapping[str, int] = field(default_factory=dict)
    """Lowercase part of a year → its length in months: 'quarter' → 3, 'semestre' → 6."""
    ordinal_before: re.Pattern[str] = _NEVER
    """The ordinal, and for months their count, before a part of a year: 'third ', 'first nine '."""
    seasons: Mapping[str, int] = field(default_factory=dict)
    """Lowercase season → its first month: 'fall' → 9 (northern seasons, three months each)."""
    past_lead: re.Pattern[str] = _NEVER
    """Just before a month, weekday or season, it is the one before the anchor: 'last March'."""
    next_lead: re.Pattern[str] = _NEVER
    """Just before a month, weekday or season, it is the one after the anchor: 'next Monday'."""
    this_lead: re.Pattern[str] = _NEVER
    """Just before a season, it is the anchor's: 'this spring', 'este verano'."""
    story_lead: re.Pattern[str] = _NEVER
    """Just before a month, weekday or season, it is placed from the story's last date: 'that
    July', 'the following spring', 'ese mismo domingo'."""
    story_leads: Mapping[str, str] = field(default_factory=dict)
    """Lowercase story lead → 'same', 'after' or 'before' the story's last date."""
    pronoun_leads: frozenset[str] = frozenset()
    """Story leads that are also a conjunction or a pronoun, so place nothing alone: 'said that
    Monday's strike', 'prices that fall'."""
    season_verbs: frozenset[str] = frozenset()
    """Seasons that are verbs too, no date after a pronoun lead: 'fall'."""
    after_words: Mapping[str, str] = field(default_factory=dict)
    """Lowercase word after a weekday, month, season or unit that places it: 'pasado' → 'past',
    'siguiente' → 'after' (the story's last date)."""
    range_open: re.Pattern[str] = _NEVER
    """Before the first of two dates, it makes them one range: 'from ', 'entre el '."""
    range_join: re.Pattern[str] = _NEVER
    """Between two dates after `range_open`, all there is: ' to ', ' through ', ' al '."""
    future: re.Pattern[str] = _NEVER
    """A future marker in the clause before a month or weekday: 'will', 'scheduled', 'celebrará'."""
    future_in_past: re.Pattern[str] = _NEVER
    """Just before a future marker, it looks ahead from the story's time, not now: 'was due to'."""
    nearest_after: re.Pattern[str] = _NEVER
    """Just after a month and day, it may be either side of the anchor: ' deadline'."""


EN_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, 1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
ES_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# Spanish abbreviations are dates only right after a day's number: "13 ago", "27 feb 2025"
# ("mar" alone is the sea).
ES_MONTH_ABBREVIATIONS = {
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8,
    "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12,
}
# Substrings every month name holds, in any case a rule accepts: needles for the month rules.
EN_MONTH_NEEDLES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ES_MONTH_NEEDLES = ("ner", "ebrer", "arzo", "bril", "ayo", "unio", "ulio", "gosto", "tiembre", "ctubre",
                    "viembre", "ciembre")
EN_WEEKDAYS = {day: n for n, day in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
ES_WEEKDAYS = {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
               "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6}
EN_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
ES_SEASONS = {"primavera": 3, "verano": 6, "otoño": 9, "invierno": 12}

EN_QUALIFIERS = {
    "early": "early", "early in": "early", "the beginning of": "early", "the start of": "early",
    "mid": "mid", "the middle of": "mid",
    "late": "late", "late in": "late", "the end of": "late",
    "earlier": "earlier", "earlier in": "earlier", "later": "later", "later in": "later",
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
    "last week": ("week", -1), "this week": ("week", 0), "next week": ("week", 1),
    "last weekend": ("weekend", -1), "this past weekend": ("weekend", -1), "this weekend": ("weekend", 0),
    "next weekend": ("weekend", 1),
    "yesterday": ("day", -1), "today": ("day", 0), "tomorrow": ("day", 1),
    "last night": ("day", -1), "this morning": ("day", 0), "tonight": ("day", 0),
}
ES_RELATIVE = {
    "el año pasado": ("year", -1), "año pasado": ("year", -1), "este año": ("year", 0),
    "el próximo año": ("year", 1), "el año próximo": ("year", 1), "el año que viene": ("year", 1),
    "el mes pasado": ("month", -1), "mes pasado": ("month", -1), "este mes": ("month", 0),
    "el próximo mes": ("month", 1), "el mes que viene": ("month", 1),
    "la semana pasada": ("week", -1), "semana pasada": ("week", -1), "esta semana": ("week", 0),
    "la próxima semana": ("week", 1), "la semana próxima": ("week", 1), "la semana que viene": ("week", 1),
    "la semana entrante": ("week", 1), "esta misma semana": ("week", 0), "lo que va de la semana": ("week", 0),
    "este fin de semana": ("weekend", 0), "el fin de semana pasado": ("weekend", -1),
    "el próximo fin de semana": ("weekend", 1),
    "ayer": ("day", -1), "hoy": ("day", 0), "anoche": ("day", -1), "anteayer": ("day", -2),
    "esta mañana": ("day", 0), "mañana": ("day", 1),
    "el presente año": ("year", 0), "presente año": ("year", 0), "el año en curso": ("year", 0),
    "próximo año": ("year", 1), "año próximo": ("year", 1), "año que viene": ("year", 1),
    "este mismo año": ("year", 0), "este mismo mes": ("month", 0),
    "lo que va del año": ("year", 0), "lo que va de este año": ("year", 0),
    "lo que va del mes": ("month", 0), "lo que va de este mes": ("month", 0),
}

# For "two years ago", "the first nine months of 2025", "el primer semestre".
EN_NUMBERS = {word: n for n, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), 1)} | {"a": 1, "an": 1}
ES_NUMBERS = {word: n for n, word in enumerate(
    "un dos tres cuatro cinco seis siete ocho nueve diez once doce".split(), 1)} | {"una": 1}
EN_UNITS = {"year": ("year", 1), "month": ("month", 1), "week": ("day", 7), "day": ("day", 1),
            "decade": ("year", 10)}
ES_UNITS = {"año": ("year", 1), "mes": ("month", 1), "semana": ("day", 7), "día": ("day", 1),
            "década": ("year", 10)}
EN_MOVES = {"later": ("story", 1), "afterwards": ("story", 1), "afterward": ("story", 1), "after": ("story", 1),
            "earlier": ("story", -1), "before": ("story", -1), "prior": ("story", -1), "ago": ("now", -1)}
ES_MOVES = {"después": ("story", 1), "más tarde": ("story", 1), "antes": ("story", -1), "atrás": ("now", -1)}
EN_SPANS = {"past": ("now", -1), "last": ("now", -1), "next": ("now", 1), "coming": ("now", 1),
            "following": ("story", 1), "previous": ("story", -1), "preceding": ("story", -1)}
ES_SPANS = {"últimos": ("now", -1), "últimas": ("now", -1), "pasados": ("now", -1), "pasadas": ("now", -1),
            "próximos": ("now", 1), "próximas": ("now", 1), "siguientes": ("story", 1),
            "anteriores": ("story", -1), "previos": ("story", -1)}
EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}
ES_ORDINALS = {"primer": 1, "primera": 1, "primeros": 1, "primeras": 1, "segundo": 2, "segunda": 2,
               "tercer": 3, "tercera": 3, "cuarto": 4, "último": -1, "última": -1, "últimos": -1,
               "últimas": -1}
EN_PARTS = {"half": 6, "quarter": 3}
ES_PARTS = {"semestre": 6, "mitad": 6, "cuatrimestre": 4, "trimestre": 3, "bimestre": 2}
EN_STORY_LEADS = {"that": "same", "that same": "same", "that very": "same", "the same": "same",
                  "the following": "after", "the next": "after", "the previous": "before",
                  "the preceding": "before"}
ES_STORY_LEADS = {"ese": "same", "esa": "same", "ese mismo": "same", "esa misma": "same", "aquel": "same",
                  "aquella": "same", "aquel mismo": "same", "aquella misma": "same", "el mismo": "same",
                  "la misma": "same"}
# Spanish may say where a day, month or season lies after its name: "el jueves pasado".
ES_AFTER_WORDS = {"pasado": "past", "pasada": "past", "próximo": "next", "próxima": "next", "que viene": "next",
                  "entrante": "next", "siguiente": "after", "posterior": "after", "anterior": "before"}

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


def _neutral_rules() -> list[tuple]:
    """Patterns that read the same in every language: digits and dashes only."""
    return [
        ("date", rf"{_year()}(?<![\w.,/:-]\d{{4}})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)(?![\d-]|[.,/:]\d)",
         ("-",), _ISO_START),
        ("numeric", rf"(?P<a>\d(?<![\w.,/:-]\d)\d?)(?P<sep>[./-])(?P<b>\d\d?)(?P=sep){_year()}(?![\w-]|[.,/]\d)",
         (), _NUMERIC_START),
        ("range", rf"{_year('y1')}{_ALONE_BEFORE}\s*[-–—]\s*{_year('y2')}{_ALONE_AFTER}", ("-", "–", "—"),
         _RANGE_START),
        # "2019-24", "2024–25": the second year by its last two digits.
        ("range", rf"{_year('y1')}{_ALONE_BEFORE}\s*[-–]\s*(?P<short>\d\d){_ALONE_AFTER}", ("-", "–"),
         _RANGE_START),
        ("year", rf"{_year()}{_ALONE_BEFORE}{_ALONE_AFTER}", (), YEAR_START),
    ]


def _plurals(units: Mapping[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """The plural of each unit of time: 'years', 'meses'."""
    return {("meses" if word == "mes" else word + "s"): v for word, v in units.items()}


def _month_list(months: Iterable[str], joins: str) -> str:
    """Months listed before another: 'January and ', 'September, October or '."""
    return rf"(?:(?:{_phrases(months)})\s*(?:,\s*|\s+(?:{joins})\s+))*"


def _compile(rules: list[tuple]) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...], re.Pattern[str] | None], ...]:
    """(shape, pattern[, needles[, start]]) → (shape, compiled pattern, needles, start), digit
    patterns last."""
    return tuple((shape, re.compile(pattern), tuple(rest[0]) if rest else (), rest[1] if len(rest) > 1 else None)
                 for shape, pattern, *rest in rules + _neutral_rules())


def _english() -> Grammar:
    # English capitalises month and weekday names, which keeps "may" and "march" out.
    def month(name: str = "month", inner: bool = False) -> str:
        # Inside a pattern, a lookahead rejects most words before the long alternation is
        # tried; at its start it would stop the engine's fast scan for a first letter.
        check = "(?=[A-Z])" if inner else ""
        return rf"{check}(?P<{name}>{_alternation(EN_MONTHS, lowercase=False)})\b\.?"

    full_month = _alternation(MONTHS, lowercase=False)
    any_month = _alternation(EN_MONTHS, lowercase=False)
    month_start = re.compile(any_month)
    weekday = _alternation(EN_WEEKDAYS, lowercase=False)
    day = rf"{_DAY}(?:st|nd|rd|th)?\b"
    y1, y2 = _year("y1"), _year("y2")
    number = rf"(?P<n>{_alternation(EN_NUMBERS)}|\d{{1,2}})"
    # "the following year", "that same week", "the past two years", "the next 12 months":
    # one pattern for both cases of its first letter would cost a scan of every 't'.
    # Without a `det`, the story's own unit: "the same year", "that week".
    the_unit = (r"h(?:e\s+(?:same|(?P<det>past|last|next|coming|following|previous|preceding))"
                r"|at(?:\s+(?:same|very))?)\s+" rf"(?:{number}\s+)?(?P<unit>years?|months?|weeks?|days?|decades?"
                r"|season)\b(?!-|\s+of\b)")
    rules = [
        ("date", rf"{month()}\s+{day},?\s+{_year()}", EN_MONTH_NEEDLES, month_start),
        ("date", rf"{day}\s+(?:of\s+)?{month()},?\s+{_year()}", EN_MONTH_NEEDLES, _DAY_MONTH_START),
        ("month", rf"{month()}\s+(?:of\s+)?{_year()}", EN_MONTH_NEEDLES, month_start),
        ("month_of", rf"{month()}\s+(?:of\s+)?(?:(?P<rel>(?:last|this|next)\s+year)"
                     rf"|(?P<lead>that|the\s+same|the\s+following|the\s+previous)\s+year)\b",
         EN_MONTH_NEEDLES, month_start),
        *(("range", pattern) for pattern in _each(("from", "From"), rf"\s+{y1}\s+(?:to|through|until|till)\s+{y2}"
                                                                     rf"{_ALONE_AFTER}")),
        *(("range", pattern) for pattern in _each(("between", "Between"), rf"\s+{y1}\s+and\s+{y2}{_ALONE_AFTER}")),
        *(("month_range", pattern, EN_MONTH_NEEDLES) for pattern in _each(
            ("from", "From", "between", "Between"), rf"\s+{month('m1', inner=True)}(?:,?\s+(?:of\s+)?{y1})?"
            rf"\s+(?:to|through|until|till|and)\s+{month('m2')}(?:,?\s+(?:of\s+)?{y2})?")),
        ("month_range", rf"{month('m1')}\s*[-–]\s*{month('m2')},?\s+{y2}", EN_MONTH_NEEDLES, month_start),
        # The U.S. federal fiscal year: FY2025 runs from October 2024 to September 2025.
        ("fiscal", rf"(?:[Ff]iscal\s+(?:[Yy]ear\s+)?|FY\s?)(?:{_year()}|(?P<short>\d\d)){_ALONE_AFTER}",
         ("iscal", "FY")),
        # The part first, its ordinal looked back for: a pattern opening with a literal word is
        # found fastest, and "first" opens too many words to scan for.
        *(("part", rf"{part}\s+of\s+(?:{_year()}{_ALONE_AFTER}|(?P<rel>the\s+year|this\s+year|last\s+year"
                   rf"|next\s+year)\b)", (word,))
          for word, part in (("half", "(?P<part>half)"), ("quarter", "(?P<part>quarter)"), ("months", "months"))),
        ("part", rf"Q(?P<q>[1-4])\s+(?:of\s+)?{_year()}{_ALONE_AFTER}", ("Q",)),
        ("season", rf"(?P<season>{_alternation(EN_SEASONS)})\b(?:\s+(?:of\s+)?{_year()}{_ALONE_AFTER})?",
         _season_needles(EN_SEASONS)),
        # The unit first, its count looked back for: a pattern opening with the count would try every 'a'.
        *(("move", rf"(?P<unit>{word}s?)\s+(?P<move>later|earlier|afterwards?|after|before|prior|ago)\b")
          for word in EN_UNITS),
        ("the_unit", "t" + the_unit, ("year", "month", "week", "day", "decade", "season")),
        ("the_unit", "T" + the_unit, ("The", "That")),
        ("decade", r"(?P<decade>[12]\d\d0)(?<![\w.,$/:#'’]\d{4})s\b", ("0s",)),
        *(("relative", rf"{pattern}\b") for pattern in _by_first_word(EN_RELATIVE)),
        ("day_range", rf"{month()}\s+{day}\s*[-–]\s*(?P<day2>\d\d?)\b(?:,?\s+{_year()})?", EN_MONTH_NEEDLES,
         month_start),
        ("month_day", rf"{month()}\s+{day}", EN_MONTH_NEEDLES, month_start),
        ("month_day", rf"{day}\s+(?:of\s+)?{month()}", EN_MONTH_NEEDLES, _DAY_MONTH_START),
        ("bare_month", rf"(?P<month>{full_month})\b(?!\.?\s*\d)", EN_MONTH_NEEDLES, month_start),
        # "by the end of the year": the anchor's year, read only after such a qualifier.
        ("this_period", r"the\s+(?P<unit>year|month)\b", ("year", "month")),
        # "on Monday, March 2": the date that follows says it, and takes the weekday in.
        ("weekday", rf"(?P<weekday>{weekday})\b(?!,?\s+(?:\d|{any_month}))", ("day",)),
    ]
    return Grammar(EN_MONTHS, EN_WEEKDAYS, EN_QUALIFIERS, EN_RELATIVE, EN_COUNTED, day_first=False,
                   rules=_compile(rules),
                   qualifier_before=_before(EN_QUALIFIERS, separator=r"(?:-|\s+)"),
                   to_now=frozenset({"since"}), first_day=frozenset({"the beginning of", "the start of"}),
                   month_lead=re.compile(rf"(?<![\w-])(?i:in|during|for|last|next|this\s+past|this\s+coming)\s+"
                                         rf"{_month_list(MONTHS, 'and|or')}\Z"),
                   month_modifies=_before(("a", "an", "the", "its", "their", "this", "that")),
                   weekday_lead=_ALWAYS, weekday_before=re.compile(rf"(?<![\w-]){weekday},?\s+\Z"),
                   span_before=_before(("over", "within", "during", "in", "for", "throughout")),
                   weekday_unless=_before(("every", "each", "black", "super", "cyber", "good", "ash",
                                           "holy", "easter")),
                   numbers=EN_NUMBERS, units={**EN_UNITS, **_plurals(EN_UNITS)},
                   plural_units=frozenset(_plurals(EN_UNITS)), moves=EN_MOVES, spans=EN_SPANS,
                   moves_with_object=frozenset({"after", "before", "prior"}), story_when_alone=frozenset({"next"}),
                   count_before=re.compile(rf"(?<![\w-])(?:{number}|(?P<the>[Tt]he))\s+\Z"),
                   ordinals=EN_ORDINALS, parts=EN_PARTS, seasons=EN_SEASONS,
                   ordinal_before=re.compile(rf"(?<![\w-])(?P<ord>{_alternation(EN_ORDINALS)})\s+(?:{number}\s+)?\Z"),
                   past_lead=_before(("last", "this past"), group="lead"),
                   next_lead=_before(("next", "this coming", "coming", "upcoming"), group="lead"),
                   this_lead=_before(("this",), group="lead"),
                   story_lead=_before(EN_STORY_LEADS, group="lead"), story_leads=EN_STORY_LEADS,
                   pronoun_leads=frozenset({"that"}), season_verbs=frozenset({"fall"}),
                   range_open=_before(("from", "between")),
                   range_join=re.compile(r"\s*(?:(?i:to|through|until|till|and)\s+|[-–—]\s*)"),
                   future=re.compile(r"\b(?i:will|shall|won[’']t|scheduled|planned|set\s+(?:for|to)"
                                     r"|due\s+(?:in|on|by|for)|due\s+to\s+(?:be|take|start|begin|end|expire|meet|vote)"
                                     r"|upcoming|ahead\s+of|expected\s+(?:to|in|on|by)|going\s+to"
                                     r"|plans?\s+to|intends?\s+to)\b|[’']ll\b"),
                   future_in_past=_before(("was", "were", "had been")),
                   nearest_after=re.compile(r",?\s+deadline\b"))


def _spanish() -> Grammar:
    def month(name: str = "month") -> str:
        return rf"(?P<{name}>{_alternation(ES_MONTHS)})\b"

    def of_year(name: str = "year") -> str:
        return rf"\s+(?:del?\s+)?{_year(name)}"  # "de 2024", "del 2024", "2024"

    # "1º de mayo", "1.º de septiembre", "1o. de septiembre", "1ro de enero".
    day = rf"{_DAY}(?:\.?(?:[º°o]|ro|er)\b\.?|[º°])?"
    weekday = _alternation(ES_WEEKDAYS)
    # "del lunes 2 al miércoles 4 de octubre": a weekday may stand before each day.
    day_of_week = rf"(?:{weekday}\s+)?"
    month_start = re.compile(_alternation(ES_MONTHS))
    y1, y2 = _year("y1"), _year("y2")
    number = rf"(?P<n>{_alternation(ES_NUMBERS)}|\d{{1,2}})\b"
    unit = r"(?P<unit>años?|mes(?:es)?|semanas?|días?|décadas?)"
    rules = [
        ("date", rf"{day}\s+de\s+{month()}{of_year()}", ES_MONTH_NEEDLES, _ES_DAY_MONTH_START),
        ("date", rf"{day}\s+(?:de\s+)?(?P<month>{_alternation(ES_MONTH_ABBREVIATIONS)})\b\.?(?:\s+de)?\s+{_year()}",
         (), _ES_DAY_MONTH_START),
        ("month", rf"{month()}{of_year()}", ES_MONTH_NEEDLES, month_start),
        ("month_of", rf"{month()}\s+del?\s+(?:(?P<rel>año\s+pasado|este\s+año|presente\s+año|próximo\s+año"
                     rf"|año\s+próximo|año\s+que\s+viene)|(?P<lead>ese|aquel|mismo|ese\s+mismo)\s+año"
                     rf"|año\s+(?P<after>siguiente|anterior))\b", ES_MONTH_NEEDLES, month_start),
        ("range", rf"(?:[Dd]el?|[Dd]esde)\s+{y1}\s+(?:al?|hasta)\s+{y2}{_ALONE_AFTER}"),
        ("range", rf"[Ee]ntre\s+{y1}\s+y\s+{y2}{_ALONE_AFTER}", ("ntre",)),
        ("month_range", rf"(?:[Ee]ntre|[Dd]esde|[Dd]el?)\s+{month('m1')}(?:{of_year('y1')})?"
                        rf"\s+(?:y|al?|hasta)\s+{month('m2')}(?:{of_year('y2')})?", ES_MONTH_NEEDLES),
        ("month_range", rf"{month('m1')}\s*[-–]\s*{month('m2')}{of_year('y2')}", ES_MONTH_NEEDLES, month_start),
        *(("part", rf"{part}\s+(?:del?\s+)?(?:{_year()}{_ALONE_AFTER}"
                   rf"|(?P<rel>año\s+pasado|este\s+año|próximo\s+año|año)\b)")
          for part in [f"(?P<part>{word})" for word in ES_PARTS] + ["meses"]),
        ("season", rf"(?P<season>{_alternation(ES_SEASONS)})\b(?:\s+(?:del?\s+)?{_year()}{_ALONE_AFTER}"
                   rf"|\s+(?P<after>pasad[oa]|próxim[oa]|siguiente|anterior)\b)?",
         _season_needles(ES_SEASONS)),
        ("ago", rf"[Hh]ace\s+(?:(?:exactamente|casi|poco\s+más\s+de|más\s+de|menos\s+de|apenas|ya|unos|unas"
                rf"|alrededor\s+de)\s+)?{number}\s+(?P<unit>años?|mes(?:es)?|semanas?|días?|décadas?)\b", ("ace",)),
        # "doce días después", "dos años antes" — not "dos años después de la reforma".
        *(("move", rf"(?P<unit>{unit})\s+(?P<move>después|más\s+tarde|antes|atrás)\b(?!\s+(?:de|del|que)\b)")
          for unit in ("años?", "mes(?:es)?", "semanas?", "días?", "décadas?")),
        ("span", rf"(?:[Ll]os|[Ll]as)\s+(?P<det>últim[oa]s|pasad[oa]s|próxim[oa]s)\s+{number}\s+{unit}",
         ("últim", "pasad", "próxim")),
        ("span", rf"(?:[Ll]os|[Ll]as)\s+{number}\s+{unit}\s+(?P<det>siguientes|anteriores|previos)\b",
         ("siguientes", "anteriores", "previos")),
        # "al día siguiente", "el año anterior", "ese mismo día", "la misma semana".
        ("story_unit", r"(?:[Aa]l|[Ee]l|[Ll]a)\s+(?P<unit>día|semana|mes|año)"
                       r"\s+(?P<after>siguiente|posterior|anterior)\b", ("siguiente", "posterior", "anterior")),
        ("story_unit", r"(?:[Ee]s[ea]|[Aa]quel(?:la)?|[Ee]l\s+mismo|[Ll]a\s+misma)\s+(?:mism[oa]\s+)?"
                       r"(?P<unit>día|semana|mes|año)\b", ("ese", "esa", "Ese", "Esa", "quel", "mism")),
        # "la década de 1990", "los años 90"; without its article, "años 80" is usually a count.
        ("decade", r"(?:[Dd]écada\s+de(?:\s+los)?|[Aa]ños(?<=[Ll]os\s[Aa]ños))\s+"
                   r"(?P<decade>(?:19|20)?\d0)(?![\d%])", ("écada", "ños")),
        *(("relative", rf"{pattern}\b(?!\s+en\s+d[ií]a)")
          for pattern in _by_first_word(set(ES_RELATIVE) - {"mañana"})),
        # "mañana" is tomorrow, but "la mañana", "esta mañana" and "por la mañana" are a morning.
        ("relative", r"[Mm]añana\b(?<![Ll]a\smañana)(?<![Ee]sta\smañana)(?<![Uu]na\smañana)"
                     r"(?<![Cc]ada\smañana)(?!\s+(?:de|del|por)\b)", ("añana",)),
        ("day_range", rf"{day_of_week}{day}\s+(?:al?|y)\s+{day_of_week}(?P<day2>\d\d?)\s+de\s+{month()}"
                      rf"(?:{of_year()})?", ES_MONTH_NEEDLES),
        ("month_day", rf"{day}\s+de\s+{month()}", ES_MONTH_NEEDLES, _ES_DAY_MONTH_START),
        ("month_day", rf"{day}\s+(?:de\s+)?(?P<month>{_alternation(ES_MONTH_ABBREVIATIONS)})\b\.?",
         (), _ES_DAY_MONTH_START),
        ("bare_month", rf"{month()}(?!\s*\d)(?:\s+(?P<after>pasado|próximo|siguiente|anterior)\b)?",
         ES_MONTH_NEEDLES, month_start),
        # "a principios de año": the anchor's year, read only after such a qualifier.
        ("this_period", r"(?P<unit>año|mes)\b(?!\s+(?:nuevo|y\s+medio))", ("año", "mes")),
        ("weekday", rf"(?P<weekday>{weekday})\b(?!,?\s+\d)"
                    r"(?:\s+(?P<after>pasado|próximo|que\s+viene|entrante|siguiente|posterior|anterior)\b)?"),
    ]
    return Grammar({**ES_MONTHS, **ES_MONTH_ABBREVIATIONS}, ES_WEEKDAYS, ES_QUALIFIERS, ES_RELATIVE, ES_COUNTED,
                   day_first=True, rules=_compile(rules),
                   # "desde el martes 3 de junio": the article may come between.
                   qualifier_before=_before(ES_QUALIFIERS, separator=r"(?:-|\s+(?:el\s+)?)"),
                   to_now=frozenset({"desde"}),
                   month_lead=re.compile(rf"(?<![\w-])(?i:en|durante|mes\s+de|para)\s+"
                                         rf"{_month_list(ES_MONTHS, 'y|e|o')}\Z"),
                   weekday_lead=_before(("el", "este", "del", "al", "pasado", "próximo", "último", "mismo")),
                   weekday_before=re.compile(rf"(?<![\w-]){weekday},?\s+\Z"),
                   numbers=ES_NUMBERS, units={**ES_UNITS, **_plurals(ES_UNITS)},
                   plural_units=frozenset(_plurals(ES_UNITS)), moves=ES_MOVES, spans=ES_SPANS,
                   count_before=re.compile(rf"(?<![\w-]){number}\s+\Z"),
                   ordinals=ES_ORDINALS, parts=ES_PARTS, seasons=ES_SEASONS,
                   ordinal_before=re.compile(rf"(?<![\w-])(?P<ord>{_alternation(ES_ORDINALS)})\s+(?:{number}\s+)?\Z"),
                   past_lead=_before(("pasado", "último"), group="lead"),
                   next_lead=_before(("próximo", "próxima", "entrante"), group="lead"),
                   this_lead=_before(("este", "esta"), group="lead"),
                   story_lead=_before(ES_STORY_LEADS, group="lead"), story_leads=ES_STORY_LEADS,
                   after_words=ES_AFTER_WORDS,
                   range_open=_before(("de", "del", "desde", "entre"), separator=r"\s+(?:el\s+)?"),
                   range_join=re.compile(r"\s*(?:(?i:al?|hasta|y)\s+(?:el\s+)?|[-–—]\s*)"),
                   # The future tense ends in -rá/-rán: 'se celebrará', 'entrarán'.
                   future=re.compile(r"\b(?:\w+rán?|(?i:próxim[oa]s?|previst[oa]s?|programad[oa]s?|van?\s+a))\b"))


GRAMMARS = {"en": _english(), "es": _spanish()}
# Any other language: only what needs no words — ISO and numeric dates, years, year ranges.
NEUTRAL = Grammar({}, {}, {}, {}, frozenset(), day_first=True, rules=_compile([]))

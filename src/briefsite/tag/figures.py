"""Find the figures a sentence states: counts, percentages, money, scaled numbers.

In: the text of a sentence (or a block), English or Spanish. Out: `(start, end, Figure)`
for each figure, in order, with the offsets of the figure as written ('$1 trillion',
'86 percent', 'six', '4.5 million'). A figure is what a fact-checker would check, so years,
dates, times, ordinals, codes ('RC-135', 'S.1048', 'Executive Order 14157'), list numbers
('1. What…') and names ('Ten Most Wanted') are not figures. A plain four-digit number from
1800 to 2100 is a year unless a scale, '%' or currency marks it.

Values and units:
- Percentages ('86%', '86 percent', '98 por ciento') have unit 'percent'; money ('$1 trillion',
  'US$2.5 billion', '5 million dollars') is valued in its currency: 'usd', 'mxn', 'eur'.
- Other numbers count the noun phrase after them, singularised and lowercased, at most a head
  noun and two modifiers: '92 cartel operatives' → 'cartel operative', '1,300 lives' →
  'life', 'seis cárteles' → 'cártel'. The unit is '' when no noun follows ('9,000 per month').
- Compound adjectives count their unit: '50-year lows' → 50 'year'. Multipliers ('2.6 times',
  'twice', 'doubled', 'halved', 'fivefold', 'el doble') have unit 'times'; shares ('two-thirds
  of', 'half of', 'by nearly half', 'one in five', 'una tercera parte') are percentages.
- Ranges ('10-15 soldiers') are valued at their low end; age ranges ('adults 18-45', 'aged
  18-45') describe a group rather than count one, so they are skipped.
- Vague quantities followed by 'of'/'de' ('dozens of inmates', 'tens of thousands of
  Americans', 'miles de personas') still make a statistic, so they are kept at their least
  value ('dozens' 24, 'hundreds' 200, 'tens of thousands' 20,000); the text shows the
  vagueness; so are 'a few thousand dollars' (2,000) and 'several million pills' (3 million).
  Vague distances and durations ('hundreds of miles') are skipped.
- Spelled-out numbers need a counted noun after them. 'one'/'un'/'una' are skipped unless
  scaled ('one million'), being far more often a pronoun or article ('one of the most');
  so are numbers after a determiner ('the two countries' refers, it does not count) and
  numbers of the text's own parts ('three reasons', 'five questions'). Part of a group counts
  the group: 'Three of the prisoners' → 3 'prisoner', 'nueve de ellos' → 9 ''.
- Separators: a comma or full stop before exactly three digits groups thousands ('1,887',
  '1.887'); before one or two digits it is a decimal point ('4.5', '4,5'). Before a scale
  word a full stop is a decimal point in English ('1.125 billion') and groups thousands in
  Spanish ('1.500 millones'). A text is taken as Spanish when it has more Spanish than
  English function words; that also picks the rules for singularising units.
"""

from __future__ import annotations

import re

from briefsite.records import Figure

_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9}
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
             "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
             "dozen": 12}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_ES_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
             "seis": 6, "siete": 7, "ocho": 8, "nueve": 9}
# 'once' (11) is left out: in English text it is nearly always the adverb.
_ES_TEENS = {"diez": 10, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
             "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18,
             "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiún": 21, "veintiuna": 21,
             "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25,
             "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29}
_ES_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
            "ochenta": 80, "noventa": 90}
_ES_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
                "trescientos": 300, "trescientas": 300, "cuatrocientos": 400,
                "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
                "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700,
                "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900}
_WORD_VALUES = {**_EN_UNITS, **_EN_TEENS, **_EN_TENS, **_ES_UNITS, **_ES_TEENS, **_ES_TENS,
                **_ES_HUNDREDS, "twice": 2}
_ARTICLES = frozenset({"one", "un", "uno", "una"})

_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "mil": 1e3, "millón": 1e6, "millones": 1e6, "mil millones": 1e9, "billón": 1e12,
           "billones": 1e12, "bn": 1e9, "b": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6,
          "billions": 2e9, "tens of thousands": 2e4, "hundreds of thousands": 2e5,
          "tens of millions": 2e7, "hundreds of millions": 2e8, "tens of billions": 2e10,
          "hundreds of billions": 2e11, "decenas": 20, "cientos": 200,
          "centenares": 200, "miles": 2000, "millones": 2e6, "decenas de miles": 2e4,
          "cientos de miles": 2e5}
_MULTIPLES = {"doubled": 2, "doubling": 2, "tripled": 3, "tripling": 3, "quadrupled": 4,
              "quintupled": 5, "halved": 0.5, "halving": 0.5, "duplicó": 2, "duplicaron": 2,
              "triplicó": 3, "triplicaron": 3, "cuadruplicó": 4, "cuadruplicaron": 4,
              "quintuplicó": 5, "quintuplicaron": 5, "el doble": 2, "el triple": 3}
# 'a few thousand dollars', 'several million pills': kept at their least value, like _VAGUE.
_FEW = {"a few": 2, "a couple of": 2, "several": 3, "unos cuantos": 2, "unas cuantas": 2,
        "varios": 3, "varias": 3}
_CURRENCIES = {"$": "usd", "us$": "usd", "u.s.$": "usd", "usd": "usd", "mxn": "mxn", "mxn$": "mxn",
               "mx$": "mxn", "mex$": "mxn", "€": "eur", "£": "gbp"}
_CURRENCY_NOUNS = {"dollar": "usd", "dólar": "usd", "peso": "mxn", "euro": "eur"}


def _alternation(words) -> str:
    # Longest first, so 'veintidós' wins over 'veinte' and 'mil millones' over 'mil'.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_EN_WORDS = (rf"(?:{_alternation(_EN_TENS)})(?:[- ](?:{_alternation(_EN_UNITS)}))?"
             rf"|{_alternation(_EN_TEENS)}|{_alternation(_EN_UNITS)}|twice")
_ES_SMALL = (rf"(?:{_alternation(_ES_TENS)})(?:\s+y\s+(?:{_alternation(_ES_UNITS)}))?"
             rf"|{_alternation(_ES_TEENS)}|{_alternation(_ES_UNITS)}")
_ES_WORDS = rf"(?:{_alternation(_ES_HUNDREDS)})(?:\s+(?:{_ES_SMALL}))?|{_ES_SMALL}"
_SCALE = r"mil\s+millones|hundred|thousand|million|billion|trillion|millones|millón|billones|billón|mil"
_PERCENT = (r"\s?%|\s+(?:percent|per\s+cent|por\s+ciento|percentage\s+points?"
            r"|puntos?\s+porcentuales)\b")
_VAGUE_WORDS = _alternation(_VAGUE).replace(r"\ ", r"\s+")
_FEW_WORDS = _alternation(_FEW).replace(r"\ ", r"\s+")


def _opening(*words) -> str:
    """A lookahead for the first letters of `words`, to put before a case-insensitive
    alternation of them: it fails at once where the alternation would try every word."""
    return f"(?=[{''.join(sorted({re.escape(word[0]) for word in words}))}])"


_NUMBER_WORDS = _opening(*_EN_UNITS, *_EN_TEENS, *_EN_TENS, *_ES_UNITS, *_ES_TEENS, *_ES_TENS, *_ES_HUNDREDS,
                         "twice", "hundred")
"""The `_opening` of the number words of _EN_WORDS and _ES_WORDS (and 'hundred')."""

_FIGURE = re.compile(rf"""
    (?P<skip>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}          # 01.29.2025, 2026-03-02
      |\d{{1,2}}:\d{{2}}(?:\s?[ap]\.?m\b\.?)?               # 10:32pm
      |\d+(?:st|nd|rd|th|º|ª|er|do|ro|to|vo)\b              # 21st, 1º, 3er
      |\d+/\d+                                              # 9/11
      |\d{{4}}s\b|'\d0s\b)                                  # the 1990s
   |(?P<currency>US\$|U\.S\.\$|USD\s?|MXN\s?\$?|MX\$|Mex\$|\$|€|£)\s?(?P<money>{_NUM})
      (?:\s?(?P<money_scale>{_SCALE}|bn|mn|m|k|b)\b)?
   |\b{_opening(*_VAGUE)}(?P<vague>{_VAGUE_WORDS})(?=\s+(?:of|de)\s)
   |\b{_opening(*_FEW)}(?P<few>{_FEW_WORDS})\s+(?P<few_scale>hundred|thousand|million|billion
      |trillion|mil|millones)\b
   |\b{_opening(*_MULTIPLES)}(?P<multiple>{_alternation(_MULTIPLES)})\b
   |\b(?P<fold>(?:{_NUMBER_WORDS}(?:{_EN_WORDS}|hundred)|\d+(?:\.\d+)?)-?fold)\b      # a fivefold increase
   |\b(?P<share>(?:a|one|un|una)\s+(?:third|quarter|fifth|tenth|tercio|cuarto)|half|la\s+mitad
      |(?:una|la)\s+(?:tercera|cuarta|quinta|décima)\s+parte)\b
   |\b(?P<ratio>(?P<part>{_NUMBER_WORDS}(?:{_EN_WORDS}|{_ES_WORDS})|\d+)\s+(?:in|out\s+of|de\s+cada)\s+(?:every\s+)?
      (?P<whole>{_NUMBER_WORDS}(?:{_EN_WORDS}|{_ES_WORDS})|\d+(?:,\d{{3}})*)\b)(?![\d,])(?<!\b(?:18|19|20)\d\d)
   |(?P<number>(?<![\d,.])(?:{_NUM})(?!\d)|\b{_NUMBER_WORDS}(?:{_EN_WORDS}|{_ES_WORDS})\b)
      (?:\s?[-–]\s?(?P<high>{_NUM})(?![\d-]))?
      (?:\s+(?P<scale>{_SCALE})\b)?
      (?P<percent>{_PERCENT})?
      (?:-(?P<compound>[^\W\d_]+)\b)?
""", re.VERBOSE | re.IGNORECASE)

# The words a figure can start with, for the prefilter in find_figures.
_FIRST_WORDS = frozenset(
    [*_WORD_VALUES, *(phrase.split()[0] for phrase in [*_MULTIPLES, *_VAGUE, *_FEW]), "a", "la",
     "half", "twice", "us", "u", "usd", "mxn", "mx", "mex",
     *(word + "fold" for word in [*_EN_UNITS, *_EN_TEENS, *_EN_TENS, "hundred"])])


def _by_first_letter(words) -> str:
    """`_alternation(words)` grouped by first letter: the same matches, in far fewer steps."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Where a figure can start: a token (a run of digits, a run of letters, or one of $€£')
# that opens with a digit 0-9 or is one of those symbols, or a word of _FIRST_WORDS.
# Searched in the lowercased text, which has the same tokens at the same offsets.
_CANDIDATE = re.compile(rf"[0-9$€£'](?<!\d\d)|(?<![^\W\d_])(?:{_by_first_letter(_FIRST_WORDS)})(?![^\W\d_])")

_MONTHS = frozenset("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio
    agosto septiembre setiembre octubre noviembre diciembre
""".split())
# English months are capitalised ('15 December'), which keeps '5 may' (the verb) a figure.
_FOLLOWING_MONTH = re.compile(
    r"\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    r"|de\s+(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre"
    r"|noviembre|diciembre))\b")
_LIST_NUMBER = re.compile(r"[.)]\s")
_CLOCK = re.compile(r"\s?[ap]\.?m\b\.?", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w.’']*)\W{0,3}$")
_WORD_CHARACTER = re.compile(r"[\w.’']")
"""A character _PREVIOUS_WORD's word may hold."""
# Capitalised words that label a number rather than count with it: 'Order 14157'.
_LABELS = frozenset("""
    Order Resolution Res Bill Act No Nos Number number Article Art Section Sec Chapter Title
    Amendment Rule Decree Decreto Artículo Ley Page Route Highway Flight Table Figure Fig Annex
    Item Question Phase Level Stage Category Tier Part Volume Vol Paragraph Clause District
    Division Fleet Corps Vision Agenda Plan Proposition Prop Case Room Step Point Lesson Week
    Day Round Season Episode Capítulo Número Núm Fase Nivel Paso top Top article section
    artículo fracción párrafo inciso numeral
""".split())
# Determiners before a spelled-out number make it refer, not count: 'the two countries'.
_DETERMINERS = frozenset("""
    the these those its their his her our my your first last next past between latter former
    los las sus estos estas esos esas primeros primeras últimos últimas entre
""".split())
_PART_OF = re.compile(r"\s+(?:of|de)\s+(?:the|these|those|them|its|their|los|las|ellos|ellas|estos|estas"
                      r"|sus)\b", re.IGNORECASE)
_AGE_WORDS = frozenset("adults adult aged ages age children youths men women edades años".split())
# Nouns for the text's own parts, counted by the author rather than the world.
_DISCOURSE = frozenset("""
    reason category type kind way question option lesson point factor consideration step
    scenario thing area element dimension pillar aspect issue part stage phase level lens
    approach goal objective priority principle path pathway tool lever takeaway trend
    challenge model side possibility alternative razón tipo pregunta opción lección punto
    escenario cosa aspecto elemento forma manera vía
""".split())
_MEASURES = frozenset("""
    mile kilometer kilometre meter metre foot yard year decade century month week day hour
    minute second time kilómetro metro año década siglo mes semana día hora minuto vez
""".split())
_FRACTIONS = {"third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
              "tenth": 10, "tenths": 10, "half": 2, "halves": 2, "tercio": 3, "tercios": 3,
              "cuarto": 4, "cuartos": 4, "tercera": 3, "terceras": 3, "cuarta": 4, "cuartas": 4,
              "quinta": 5, "quintas": 5, "décima": 10}
_FRACTION_AFTER = re.compile(r"\s+(thirds|quarters|fifths|tenths|tercios|cuartos"
                             r"|terceras(?=\s+partes)|cuartas(?=\s+partes))\b(?:\s+partes)?", re.IGNORECASE)
_ORDINALS = frozenset("first second last latter other former back primera segunda".split())
# What makes 'half' or 'a third' a share: 'half of', 'half the', 'by half', 'nearly half'.
_SHARE_FOLLOWS = frozenset("of de the its their all".split())
_SHARE_LEADS = frozenset("by in en nearly almost about roughly around some over than just only casi".split())
_WORD_SPLIT = re.compile(r"[\s-]+")
_POINTS = re.compile("point|punto", re.IGNORECASE)

_WORD = re.compile(r"\s+([^\W\d_][\w’'-]*)")
_STOPWORDS = frozenset("""
    of in on at to for from by with per than as over under into onto across during since after
    before between among amid within without through throughout about against along around
    beyond toward towards upon via and or but nor that which who whom whose where when while
    the a an this these those its their his her our my your is are was were be been being has
    have had will would can could may might must should shall do does did more less fewer most
    least each every so then there here also only just still already not no all both such
    other another respectively yet if because until annually yearly daily monthly weekly
    alone apiece total overall altogether combined instead including like
    de del en a al por para con sin sobre entre desde hasta hacia y e o u que quien quienes
    cuyo cuya el la los las lo un una unos unas su sus es son fue fueron ha han había habían
    más menos como cuando donde según durante tras ante contra bajo cada este esta estos estas
    ese esa esos esas no se ya también anualmente
""".split())
_PLURAL_ONLY = frozenset("""
    people men women children personnel police staff cattle feet teeth mice data media arms
    goods news series species means headquarters gente
""".split())
_EN_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child",
                 "lives": "life", "wives": "wife", "knives": "knife", "thieves": "thief",
                 "halves": "half", "wolves": "wolf", "selves": "self", "leaves": "leaf",
                 "feet": "foot", "teeth": "tooth", "mice": "mouse", "crises": "crisis",
                 "analyses": "analysis", "theses": "thesis", "criteria": "criterion",
                 "phenomena": "phenomenon", "times": "times", "veces": "times"}
_ES_IRREGULAR = {"meses": "mes", "países": "país", "veces": "times"}
_VERB_ENDING = re.compile(r"(?:ed|ing|ó|aron|ieron)$")
_SPANISH_LETTERS = re.compile(r"[áéíóúñ]")
# Function words of either language, Spanish ones captured: a match is a whole word, so one
# scan counts both (each match is '' for English).
_SPANISH_HINTS = "el la los las de del en y se que por para con una unos según también".split()
_ENGLISH_HINTS = "the of and to is that for with was by".split()
_LANGUAGE_HINTS = re.compile(rf"\b{_opening(*_SPANISH_HINTS, *_ENGLISH_HINTS)}(?:({'|'.join(_SPANISH_HINTS)})"
                             rf"|{'|'.join(_ENGLISH_HINTS)})\b", re.IGNORECASE)
_OPENING = set("\"“‘'«(¿¡—–:;.!?")


def find_figures(text: str) -> list[tuple[int, int, Figure]]:
    """Every figure stated in `text`, in order, with its (start, end) offsets."""
    matches = []
    done = 0
    # Try the big pattern only where a figure can start: scanning every position is slow.
    # Lowercasing keeps every offset but after an 'İ' (its lowercase is two characters): it
    # becomes 'ı' first, a letter too, and in no word of _FIRST_WORDS.
    for candidate in _CANDIDATE.finditer(text.replace("İ", "ı").lower()):
        if candidate.start() < done:
            continue
        match = _FIGURE.match(text, candidate.start())
        if match is not None:
            done = match.end()
            if not match.group("skip"):
                matches.append(match)
    if not matches:
        return []
    spanish = _Spanish(text)
    return [figure for figure in (_figure(text, match, spanish) for match in matches) if figure]


class _Spanish:
    """Whether a text is taken as Spanish (more Spanish than English function words): true or
    false as a bool is, but counted only when first asked, as most figures never ask."""

    def __init__(self, text: str):
        self._text = text
        self._answer: bool | None = None

    def __bool__(self) -> bool:
        if self._answer is None:
            hints = _LANGUAGE_HINTS.findall(self._text)
            english = hints.count("")
            self._answer = len(hints) - english > english
        return self._answer


def _figure(text: str, match: re.Match, spanish: bool | _Spanish) -> tuple[int, int, Figure] | None:
    if match.group("money"):
        value = _parse(match.group("money"), bool(match.group("money_scale")), spanish)
        scale = match.group("money_scale")
        value *= _SCALES[scale.lower()] if scale else 1
        unit = _CURRENCIES["".join(match.group("currency").lower().split())]
        return _made(text, match.start(), match.end(), value, unit)
    if match.group("vague"):
        return _vague(text, match, spanish)
    if match.group("few"):
        return _few(text, match)
    if match.group("multiple"):
        return _made(text, match.start(), match.end(), _MULTIPLES[match.group().lower()], "times")
    if match.group("fold"):
        number = match.group("fold").lower().removesuffix("fold").rstrip("-")
        value = float(number) if number[0].isdigit() else _word_value(number) or 100
        return _made(text, match.start(), match.end(), value, "times")
    if match.group("share"):
        return _share(text, match)
    if match.group("ratio"):
        return _ratio(text, match)
    return _number(text, match, spanish)


def _vague(text: str, match: re.Match, spanish: bool | _Spanish) -> tuple[int, int, Figure] | None:
    vague = " ".join(match.group("vague").lower().split())
    words = _noun_phrase(text, match.end(), skip_of=True)
    unit = _unit(words, spanish)
    if not unit or unit in _MEASURES:
        return None
    return _made(text, match.start(), match.end(), _VAGUE[vague], unit)


def _few(text: str, match: re.Match) -> tuple[int, int, Figure] | None:
    few = " ".join(match.group("few").lower().split())
    scale = _SCALES[match.group("few_scale").lower()]
    unit = _unit(_noun_phrase(text, match.end(), skip_of=True), False)
    if not unit or unit in _MEASURES:
        return None  # 'a few hundred miles', 'several thousand more'
    return _made(text, match.start(), match.end(), _FEW[few] * scale, unit)


def _share(text: str, match: re.Match) -> tuple[int, int, Figure] | None:
    """'half of all firearms', 'cut by a third', 'nearly half', 'a la mitad': a share, in percent."""
    words = match.group("share").lower().split()
    previous = _previous_word(text, match.start()).lower()
    following = _WORD.match(text, match.end())
    after = following.group(1).lower() if following else ""
    leads = _SHARE_LEADS | ({"a"} if words[-1] == "mitad" else set())
    if previous in _ORDINALS or not (after in _SHARE_FOLLOWS or previous in leads):
        return None  # 'the second half of 2025', 'half-hearted'
    fraction = words[-2] if words[-1] == "parte" else words[-1]  # 'una tercera parte'
    denominator = 2 if fraction in ("half", "mitad") else _FRACTIONS[fraction]
    return _made(text, match.start(), match.end(), 100 / denominator, "percent")


def _ratio(text: str, match: re.Match) -> tuple[int, int, Figure] | None:
    """'one in five Mexicans', '3 out of 10': a share, in percent."""
    first, second = (_parse(n, False, False) if n[0].isdigit() else _word_value(n)
                     for n in match.group("part", "whole"))
    if not 0 < first < second:
        return None
    return _made(text, match.start(), match.end(), 100 * first / second, "percent")


def _number(text: str, match: re.Match, spanish: bool | _Spanish) -> tuple[int, int, Figure] | None:
    start, end = match.span()
    number, scale, percent, compound = match.group("number", "scale", "percent", "compound")
    if _not_a_figure(text, match):
        return None
    spelled = not number[0].isdigit()
    value = _word_value(number) if spelled else _parse(number, bool(scale), spanish)
    value *= _SCALES[" ".join(scale.lower().split())] if scale else 1
    fraction = _FRACTION_AFTER.match(text, end)
    if fraction or (compound and compound.lower() in _FRACTIONS):
        # 'two-thirds of Americans', 'dos tercios de' state a share: a percentage.
        denominator = _FRACTIONS[(fraction.group(1) if fraction else compound).lower()]
        return _made(text, start, fraction.end() if fraction else end, 100 * value / denominator,
                     "percent")
    if percent:
        unit = "percentage point" if _POINTS.search(percent) else "percent"
        return _made(text, start, match.end("percent"), value, unit)
    if spelled and not scale and (number.lower() in _ARTICLES or _previous_word(text, start).lower() in _DETERMINERS):
        return None  # 'one of the most', 'the two countries'
    if compound and compound.lower() != "strong":
        return _made(text, start, end, value, _singular(compound.lower(), spanish))
    unit = "times" if number.lower() == "twice" else _unit(_noun_phrase(text, end, bool(scale)), spanish)
    part_of = _PART_OF.match(text, end) if spelled and not unit else None
    if part_of:
        # 'Three of the prisoners', 'nueve de ellos': a count of some of a group.
        group = [w for w in _noun_phrase(text, part_of.end(), False) if w.lower() not in _WORD_VALUES]
        unit = _unit(group, spanish)
        return None if unit in _DISCOURSE else _made(text, start, end, value, unit)
    if spelled and (not unit or unit in _DISCOURSE):
        return None  # 'once thought', 'three reasons'
    return _made(text, start, end, value, unit)


def _not_a_figure(text: str, match: re.Match) -> bool:
    """A number that names, dates or labels rather than counts."""
    start = match.start()
    number, high, scale, percent = match.group("number", "high", "scale", "percent")
    after = match.end("number")
    if (
        (_is_year(number, scale, percent) and (high is None or _is_year(high, None, None)))  # '2025', most often
        or _is_code(text, start)                                    # 'RC-135', 'S.1048'
        or bool(_FOLLOWING_MONTH.match(text, after))                # '15 December'
        or (number[0].isdigit() and bool(_CLOCK.match(text, after)))  # '10 a.m.'
        or (not text[:start].strip() and bool(_LIST_NUMBER.match(text, match.end())))  # '1. What…'
        or (number[0].isupper() and not _starts_sentence(text, start))  # 'Ten Most Wanted'
    ):
        return True
    # The word before takes a search to find: asked last.
    previous = _previous_word(text, start)
    return (
        previous.lower() in _MONTHS                                 # 'December 15'
        or previous in _LABELS                                      # 'Order 14157', 'top ten'
        or bool(high and previous.lower() in _AGE_WORDS)            # 'adults 18-45'
    )


def _made(text: str, start: int, end: int, value: float, unit: str) -> tuple[int, int, Figure]:
    return start, end, Figure(text=text[start:end], value=float(value), unit=unit)


def _parse(number: str, scaled: bool, spanish: bool | _Spanish) -> float:
    """'1,887' → 1887, '4.5' → 4.5, '4,5' → 4.5, '1.234,5' → 1234.5."""
    marks = [c for c in number if c in ",."]
    if not marks:
        return float(number)
    last = max(number.rfind(","), number.rfind("."))
    decimals = len(number) - last - 1
    if len(set(marks)) == 2:
        decimal = number[last]
    elif len(marks) > 1 or (decimals == 3 and not (scaled and marks[0] == "." and not spanish)):
        decimal = None
    else:
        decimal = marks[0]
    whole = number if decimal is None else number[:last]
    digits = whole.replace(",", "").replace(".", "")
    return float(digits + ("." + number[last + 1:] if decimal else ""))


def _word_value(words: str) -> float:
    # Spelled-out numbers add up: 'twenty-five', 'treinta y dos', 'doscientos cincuenta'.
    return float(sum(_WORD_VALUES.get(w, 0) for w in _WORD_SPLIT.split(words.lower())))


def _is_year(number: str, scale: str | None, percent: str | None) -> bool:
    return (number.isdigit() and len(number) == 4 and 1800 <= int(number) <= 2100
            and not scale and not percent)


def _is_code(text: str, start: int) -> bool:
    """Glued to letters: 'U2', 'RC-135', 'P-8', 'S.1048', 'H.J.Res.18', 'day-one'."""
    before = text[max(0, start - 2):start]
    if before[-1:].isalpha():
        return True
    return len(before) == 2 and before[0].isalpha() and before[1] in ".-–"


def _previous_word(text: str, start: int) -> str:
    # The word is looked for in the 40 characters before `start`. A dozen give the same match
    # (it ends at most four characters before `start`) unless a word runs on past them.
    near = max(0, start - 12)
    if near and _WORD_CHARACTER.match(text, near - 1):
        near = max(0, start - 40)
    found = _PREVIOUS_WORD.search(text, near, start)
    return found.group(1).rstrip(".") if found else ""


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _OPENING


def _noun_phrase(text: str, end: int, skip_of: bool) -> list[str]:
    """The words of the counted noun phrase after a number, up to its (plural) head."""
    words: list[str] = []
    position = end
    while len(words) < 5:
        found = _WORD.match(text, position)
        if not found:
            break
        word = found.group(1)
        lower = word.lower()
        if skip_of and not words and lower in ("of", "de"):
            position = found.end()
            continue
        if lower in _STOPWORDS or "’s" in lower or "'s" in lower:
            break
        words.append(word)
        position = found.end()
        if lower in ("times", "veces") or _is_plural(lower):
            break
    return words


def _unit(words: list[str], spanish: bool | _Spanish) -> str:
    if words and not _is_plural(words[-1].lower()):
        # No plural head: the phrase may have run into a verb ('a 10,000-strong force arrived').
        while len(words) > 1 and _VERB_ENDING.search(words[-1]):
            words = words[:-1]
    if not words:
        return ""
    head = _singular(words[-1].lower(), spanish)
    if head in _CURRENCY_NOUNS:
        return _CURRENCY_NOUNS[head]
    return " ".join([w.lower() for w in words[-3:-1]] + [head])


def _is_plural(word: str) -> bool:
    if word in _PLURAL_ONLY:
        return True
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _singular(word: str, spanish: bool | _Spanish) -> str:
    if word in _PLURAL_ONLY and word not in _EN_IRREGULAR:
        return word
    if spanish or _SPANISH_LETTERS.search(word):
        return _singular_spanish(word)
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if not _is_plural(word):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes", "oes")):
        return word[:-2]
    return word[:-1]


def _singular_spanish(word: str) -> str:
    if word in _ES_IRREGULAR:
        return _ES_IRREGULAR[word]
    if not _is_plural(word):
        return word
    if word.endswith("iones"):
        return word[:-5] + "ión"
    if word.endswith("ones"):
        return word[:-4] + "ón"
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith("eses"):
        return word[:-4] + "és"
    stem = word[:-2]
    # 'cárteles' → 'cártel', 'operadores' → 'operador'; but 'muertes' → 'muerte'.
    if word.endswith("es") and len(stem) > 1 and stem[-1] in "lrndjy" and stem[-2] in "aeiouáéíóú":
        return stem
    return word[:-1]

"""Names: the words of a block, and the capitalised names in it that look like actors.

In: one block's plain text. Out: its `Words` (accent-folded tokens with offsets), and the
untracked names in it — capitalised runs of words that look like a person, an agency, a
party, a cartel, an organisation or a program — each with a guessed kind. The actor tagger
(`tag/actors.py`) runs this over what the registry did not claim. Precision matters more
than recall: a run becomes an actor only when a given name, a title or a kind word (Act,
Cartel, Department, Partido…) says what it is, when it is an acronym, or when a capitalised
Spanish article opens it mid-sentence ("Los Chapitos"); places, headings and
sentence-initial ordinary words are left alone.

Names found earlier in the article are remembered by their short forms: a person's surnames
("Rocha Moya", "Trevilla" after "Ricardo Trevilla Trejo"), a quoted nickname ("El Mayo"),
and an acronym defined in parentheses ("Fiscalía General de la República (FGR)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import compress
from operator import and_, itemgetter

# Accents are optional in matching: fold each accented Latin letter to its base letter, one
# character for one so offsets stay valid. The curly apostrophe becomes "'" (possessives), the
# en dash "-" (JIATF–CC); quotation marks are not tokens at all, so names match across them
# (Joaquín “El Chapo” Guzmán) and the registry needs no quoted variants.
FOLD = {code: unicodedata.normalize("NFD", chr(code))[0] for code in range(0xC0, 0x250)
        if unicodedata.normalize("NFD", chr(code))[0].isascii()}
FOLD.update({ord("’"): "'", ord("–"): "-", ord("‑"): "-"})
# str.translate(FOLD) looks up every character of a block; finding the few that fold is faster.
_FOLDED = {chr(code): letter for code, letter in FOLD.items()}
_FOLDABLE = re.compile(f"[{''.join(_FOLDED)}]")
TOKEN = re.compile(r"[^\W_]+|[^\w\s\"“”‘«»]")
QUOTES = "\"“”‘«»"
# What keeps two tokens apart though nothing else stands between them: a quotation mark, a line break.
BREAKS = frozenset(QUOTES + "\n")
SENTENCE_END = ".!?:"

MONTHS_AND_DAYS = frozenset("""january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday enero febrero marzo
    abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes miercoles
    jueves viernes sabado domingo""".split())
# Titles before a name: not part of the mention, but they make a surname unambiguous.
TITLES = frozenset("""president presidents presidente presidenta senator senators sen senador senadora
    rep representative congressman congresswoman diputado diputada gov governor gobernador
    gobernadora secretary secretario secretaria minister ministro ministra ambassador embajador
    embajadora director directora general gen brig adm admiral col colonel lt maj major capt
    captain sgt mr ms mrs dr judge juez jueza commander chairman chairwoman speaker canciller
    fiscal attorney mayor alcalde alcaldesa prime vice deputy chief king queen pope bishop obispo
    arzobispo archbishop cardinal cardenal sheriff""".split())
# Title words that name a person's office only with another word ("General Motors" is no person).
WEAK_TITLES = frozenset({"general", "major", "prime", "vice", "deputy", "chief", "attorney", "fiscal",
                         "captain", "mayor", "judge", "director", "directora"})
# Words of an office that may stand between a title and a name: "Defense Secretary Pete Hegseth".
OFFICE = frozenset("""defense defence state foreign interior security homeland national advisor adviser
    former acting press health treasury trade justice public of the de del la seguridad relaciones
    exteriores hacienda gobernacion defensa""".split())
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "van", "von", "da", "di", "bin", "al"})
CONNECTORS = frozenset({"of", "the", "and", "for", "on", "against", "de", "del", "la", "las", "los", "y",
                        "por", "para", "contra", "&"})
AND = frozenset({"and", "y", "&"})
FREE, SOFT, HARD = 0, 1, 2
"""How the registry claimed a token: not at all, as a country's name, as any other name."""
ARTICLES = frozenset({"the", "el", "la", "los", "las", "a", "an"})

# Kind words, looked up in a name's head (the word before "of"/"de", its first or last word).
KIND_WORDS = {
    "program": """act acts order initiative plan doctrine policy strategy program programme law
        ley corollary treaty accord agreement bill resolution iniciativa programa estrategia
        doctrina tratado acuerdo reforma decreto operation operacion operativo""",
    "cartel": "cartel cartels cártel carteles",
    "party": "party partido bloc movimiento frente",
    "agency": """department agency office command ministry secretaria secretariat bureau commission
        administration service force guard patrol army navy police policia fiscalia procuraduria
        guardia ejercito marina comision instituto council committee directorate unidad senate
        congress chamber camara consejo departamento gabinete embajada embassy oficina agencia
        servicio court tribunal corte juzgado senado comite""",
    "organization": """inc group institute center centre foundation forum association company
        corporation corp bank university universidad fundacion asociacion grupo network
        coalition alliance newspaper journal times post tribune herald gazette church iglesia""",
}
KINDS = {word: kind for kind, words in KIND_WORDS.items() for word in words.split()}
# Words that make a name a place or an event, never an actor.
PLACE_WORDS = frozenset("""city state county province valley river hemisphere sea ocean gulf island
    islands mountains street avenue square border coast desert war summit conference day week crisis
    region ciudad estado municipio rio""".split())
# Words too generic to make a name distinctive on their own: "Executive Order", "National Guard".
GENERIC = frozenset("""executive joint special federal national general supreme central public
    foreign international global new united nacional publica estatal internacional""".split())
# All-capital abbreviations that name no actor.
NOT_ACRONYMS = frozenset("""fto ftos gdp pib ceo ceos wmd ngo ngos ong ai tv id ok pm am utc gmt est edt pdt
    cst pdf url rss faq covid hiv aids dna adn usd mxn uav uavs ied ieds hvt mou suv vip ak ar rpg
    kg km mph ppp op ed qa fyi ps nb dc aumf eo""".split())
# Words before a common noun, not a name: "a PANAMA print shop", "no IDEA".
INDEFINITE = frozenset({"a", "an", "no", "any", "every", "each", "un", "una", "ningun", "ninguna"})
# Place names opened by a Spanish article, which would otherwise read as groups ("Los Chapitos").
ARTICLE_PLACES = frozenset("""angeles vegas paso paz cabos mochis salvador habana cruces laguna alamos
    pinos altiplano cajon centro""".split())
SPANISH_ARTICLES = frozenset({"el", "la", "los", "las"})
OPENING_QUOTES, CLOSING_QUOTES = "\"“‘«", "\"”’»"
OPENING, CLOSING = frozenset(OPENING_QUOTES), frozenset(CLOSING_QUOTES)
# Common given names (English and Spanish, accents folded): the evidence that a run is a person.
GIVEN_NAMES = frozenset("""abigail adrian aidan alec alison allison amber andre andrea angelica
    annie april arthur ashley austin bernard beverly billy blake bobby bradley brendan bridget
    brittany bryan caitlin calvin cameron carla casey chad charlotte cheryl chip
    clarence clark claude cody connor courtney craig crystal curtis dale dana danielle
    darren dean debra denise derek devin dominic dylan earl ed eddie edgar edwin eileen elaine
    eleanor elena ellen emilio eugene evan evelyn floyd francis frederick gavin gene glenn gordon
    grace grant gwen harrison heidi herbert holly hunter ian irene isaac ivan jacqueline jake
    jamie jamieson janice jared jay jean jeanne jenna jesse jill joan joanna jodi joel jon jordan
    judy julian june kari kathleen kathryn kay kayla ken kent kerry kirk kristen kristin
    kurt kyle lance lee leon leonard leslie lillian lloyd lois lori louis lucas luke lynn marc
    marcia marilyn marion marjorie marsha marvin maureen max maxine melanie mildred miles molly
    morgan nathan neil nicole noah norman oliver pat patti paula peggy penny perry phil phyllis
    preston ray regina rex rhonda ricky rita rob robin rodney ross roy ruben rudy russ
    sally sam scotty seth shane shannon sheila shelby shirley sonia stacy stanley stuart sue
    sylvia tanya tara terrance terrence theodore tiffany tina tracy travis trevor troy
    valerie vance vanessa vernon vince virginia wade wanda warren wayne wendy wesley willie
    abel abraham adela adolfo agustina aida alba alma amado amalia amparo anabel anibal armando
    aurelio aurora bernardo blanca braulio carina carolina catalina cesar clemente concepcion
    consuelo cuauhtemoc damian dolores edmundo efrain elias eliseo elvira emiliano ernestina
    esperanza estela eugenio eva evaristo fabiola fausto federico fidel flor froylan gilberto
    gloria graciela griselda hernan hilda horacio hugo humberto ines irma isidro ivonne jacinto
    jonas josefina juana julieta leonel leonor liliana lourdes lucio luisa luz macario
    marcela mariana mariano mauricio maximiliano mayra mercedes
    miriam moises nadia natalia nestor noe noemi norberto olga orlando osvaldo pascual
    patricio paulina porfirio ramiro reyna rigoberto rolando romulo samuel saul
    sebastian serafin sofia susana tania teodoro ulises valentin virgilio
    yolanda zacarias zoe
    aaron adam alan albert alex alexander alexandria alice amanda amy andrew
    angela ann anna anne anthony antony barack barbara ben benjamin bernie beth betty bill bob
    brandon brenda brett brian bruce carl carol caroline catherine charles charlie chris christian
    christine christopher chuck cindy claire clara colin dan daniel dave david deborah dennis diana
    dick don donald donna doug douglas edward elizabeth elon emily emma eric frank gary george
    gerald gina greg gregory hannah harold harry heather helen henry hillary howard jack jacob
    james jane janet jason jd jeff jeffrey jennifer jeremy jerry jessica jim jimmy joe john
    jonathan joseph josh joshua joyce judith julia julie justin kamala karen kash kate katherine
    keith kelly kenneth kevin kim kristi larry laura lauren lawrence linda lindsey lisa liz
    madeleine marco margaret maria marie mark martha mary matt matthew megan meghan melissa michael
    michelle mike mitch nancy nicholas nick olivia pam pamela patricia patrick paul pete peter
    philip rachel ralph randy raymond rebecca richard rick robert roger ron ronald rose russell
    ruth ryan samantha samuel sandra sara sarah scott sean sharon stephen steve steven susan tammy
    ted terry thomas tim timothy todd tom tony tulsi tyler victoria walter william zachary
    adan adriana agustin alberto alejandra alejandro alfonso alfredo alicia alvaro andres angel
    antonio arturo beatriz carlos carmen cecilia claudia cristina diego eduardo elena enrique
    ernesto esteban felipe fernando francisco gabriel gabriela genaro gerardo guadalupe guillermo
    gustavo hector ignacio isabel ismael jaime javier jesus joaquin jorge jose juan julio leticia
    lorenzo lucia luis manuel marcelo margarita mario marta martin miguel monica nemesio nicolas
    norma octavio omar oscar ovidio pablo pedro rafael ramon raul ricardo roberto rocio rodrigo
    rosa rosario salvador santiago sergio silvia teresa tomas valeria veronica victor vicente
    xochitl ximena""".split())
# A sentence's first word that may begin a name (other capitalised first words are ordinary).
TELLING = GIVEN_NAMES | TITLES | frozenset(KINDS)
# Sets of words that the classifiers below ask about together.
CARTEL_WORDS = frozenset(word for word, kind in KINDS.items() if kind == "cartel")
NOT_PERSONS = frozenset(KINDS) | PLACE_WORDS | GENERIC
"""No word of a person's name is one of these."""
PERSON_ENDS = CONNECTORS - PARTICLES - AND
"""Connectors that end a person's name: 'of' in 'Bishop Jonás Guerrero Corona of Culiacán'."""
UNDISTINCTIVE = frozenset(KINDS) | GENERIC | TITLES
"""Words that, with countries' names, cannot make an institution's name alone: 'U.S. Navy'."""


@dataclass(frozen=True)
class Words:
    """A block's tokens: words and punctuation marks, accent-folded, with their offsets."""

    text: str
    """The block as given; offsets point into it."""
    starts: list[int]
    ends: list[int]
    words: list[str]
    """Accent-folded, case kept: 'Garcia', 'U', '.', 'S', '.'."""
    keys: list[str]
    """Accent-folded and case-folded, for lookups."""
    capitalised: list[bool]
    """Per token: written with a capital and no month's or weekday's name ('Senate', 'U', not 'May')."""

    @classmethod
    def of(cls, text: str) -> Words:
        """The tokens of `text`."""
        # Every block is tokenised: map() keeps the per-token work out of Python bytecode.
        folded = _FOLDABLE.sub(lambda match: _FOLDED[match[0]], text)  # text.translate(FOLD), faster
        matches = list(TOKEN.finditer(folded))
        words = list(map(re.Match.group, matches))
        keys = list(map(str.casefold, words))
        capitalised = list(map(str.isupper, map(itemgetter(0), words)))
        if not MONTHS_AND_DAYS.isdisjoint(keys):
            for index, key in enumerate(keys):
                if key in MONTHS_AND_DAYS:
                    capitalised[index] = False
        return cls(text, list(map(re.Match.start, matches)), list(map(re.Match.end, matches)), words, keys,
                   capitalised)

    def starts_sentence(self, index: int) -> bool:
        """True for a block's first word and a word after '.', '!', '?' or ':' ("U.S." ends none)."""
        if index == 0:
            return True
        before = self.words[index - 1]
        if before not in SENTENCE_END:
            return False
        # "U.S. Department": a dot after a single capital letter closes an abbreviation.
        return not (before == "." and index >= 2 and len(self.words[index - 2]) == 1
                    and self.words[index - 2].isupper())

    def joined(self, index: int) -> bool:
        """True when nothing but spaces separates token `index - 1` from token `index`."""
        return BREAKS.isdisjoint(self.text[self.ends[index - 1]:self.starts[index]])

    def title_before(self, index: int) -> bool:
        """True when a title stands right before token `index`: 'Senator Graham', 'Gen. Calabrese'."""
        before = index - 1
        if before >= 0 and self.words[before] == ".":
            before -= 1
        return before >= 0 and self.keys[before] in TITLES and self.keys[before] not in WEAK_TITLES


@dataclass(frozen=True)
class Name:
    """A name the registry lacks: tokens `first`..`last` (inclusive) of a block, and its kind."""

    first: int
    last: int
    name: str
    """The actor's name: as written, less a quoted nickname; for a short form, the full name."""
    kind: str
    short_forms: tuple[str, ...] = ()
    """Folded forms that name the same actor later in the article: surnames, a nickname."""


Known = dict[str, tuple[str, str]]
"""The untracked names of an article so far: folded short form ('rocha moya', 'fgr') to (name, kind)."""


def find_names(words: Words, claimed: list[int], known: Known) -> list[Name]:
    """Untracked names among the tokens the registry did not claim.

    `claimed` holds, per token, FREE, SOFT (a country's name, which an institution's name may
    contain: "Conservative Party of Canada") or HARD (any other registry mention). `known`
    holds the short forms of the names found so far in the article, so 'Hegseth' after
    'Pete Hegseth' is the same person; it is updated here.
    """
    if is_title_like(words):
        return []
    found: list[Name] = []

    def keep(name: Name | None) -> None:
        if name is None:
            return
        found.append(name)
        for form in name.short_forms:
            known[form] = (name.name, name.kind)
        # "Fiscalía General de la República (FGR)": the acronym names it from here on.
        after = name.last + 1
        if after + 2 < len(words.words) and words.words[after] == "(" and words.words[after + 2] == ")" \
                and claimed[after + 1] == FREE and _is_abbreviation(words.words[after + 1]):
            known[words.keys[after + 1]] = (name.name, name.kind)

    # _runs is lazy: a name kept here is known when the runs after it are classified.
    for first, last in _runs(words, claimed):
        name = _classify(words, first, last, claimed, known)
        if name is not None and not (name.kind == "person" and SOFT in claimed[name.first:name.last + 1]):
            keep(name)
        elif first < last:
            # Two names joined by "and", or a person next to a country's name (only an
            # institution's name contains one): try the pieces (one word has none but itself).
            pieces = list(_runs(words, claimed, first, last + 1, whole=False))
            if pieces != [(first, last)]:
                for piece in pieces:
                    keep(_classify(words, *piece, claimed, known))
    return found


def is_title_like(words: Words) -> bool:
    """A heading or a tag line: short, no closing stop, most longer words capitalised."""
    # Most blocks are paragraphs that end with a stop: answered before the words are counted.
    if not words.words or words.words[-1] in ".!?":
        return False
    long = [i for i, key in enumerate(words.keys) if len(key) > 3 and key.isalpha()]
    if not long or len(long) > 12:
        return False
    capitalised = sum(words.words[i][0].isupper() for i in long)
    return capitalised >= 2 and capitalised / len(long) >= 0.6


def _runs(words: Words, claimed: list[int], start: int = 0, stop: int | None = None, whole: bool = True):
    """Maximal runs of capitalised words, joined by connectors ('of', 'de'), hyphens, numbers
    and the dots of abbreviated titles ('Brig. Gen.'); "and" does not join two whole names
    ("the Heritage Foundation and the Wilson Center"). With whole=False, the pieces of a run
    between its "and"s and its countries' names."""
    count = len(words.words) if stop is None else stop
    # Only tokens start..count are read: the pieces of one run are a short range. This runs
    # over every token of every block, so map() does the per-token work.
    allowed = {FREE, SOFT} if whole else {FREE}
    usable = [False] * start + list(map(allowed.__contains__, claimed[start:count]))
    index = start  # the first token not yet in a run
    # A run opens at a usable capitalised word: go from one such word to the next.
    for first in compress(range(start, count), map(and_, usable[start:], words.capitalised[start:count])):
        if first < index:
            continue
        last = first
        step = first + 1
        while step < count and usable[step]:
            if not words.joined(step):
                # Joaquín “El Chapo” Guzmán: a quoted nickname inside a name joins it.
                after = _nickname_end(words, usable, step, count)
                if after is None:
                    break
                last, step = after, after + 1
                continue
            key, word = words.keys[step], words.words[step]
            nxt = step + 1
            if words.capitalised[step] or word.isdigit() or claimed[step] == SOFT:
                last = step
            elif key in CONNECTORS or word == "-" or (word == "." and words.keys[step - 1] in TITLES):
                if key in ARTICLES:
                    break  # an article alone joins no names: "Alejandro Gertz Manero the FGR"
                if key in AND and (not whole or words.keys[step - 1] in KINDS
                                   or (nxt < count and words.keys[nxt] in ARTICLES)):
                    break
                # A connector joins only capitalised words: "Department of the Treasury".
                while nxt < count and words.keys[nxt] in CONNECTORS:
                    nxt += 1
                if not (nxt < count and all(usable[step:nxt + 1]) and words.capitalised[nxt]
                        and all(words.joined(k) for k in range(step + 1, nxt + 1))):
                    break
                step = nxt - 1
            else:
                break
            step += 1
        yield first, last
        index = last + 1


def _nickname_end(words: Words, usable: list[bool], step: int, count: int) -> int | None:
    """The name word after a quoted nickname that opens at token `step`, else None."""
    if not any(mark in words.text[words.ends[step - 1]:words.starts[step]] for mark in OPENING_QUOTES):
        return None
    end = step
    # A month's name may be a nickname's word: “El Mayo”.
    while end < min(count, step + 3) and usable[end] and words.words[end][0].isupper():
        if end + 1 < count and any(mark in words.text[words.ends[end]:words.starts[end + 1]] for mark in CLOSING_QUOTES):
            after = end + 1
            gap = words.text[words.ends[end]:words.starts[after]].strip()
            ok = len(gap) == 1 and usable[after] and words.capitalised[after]
            return after if ok else None
        if end + 1 < count and not words.joined(end + 1):
            return None
        end += 1
    return None


def _classify(words: Words, first: int, last: int, claimed: list[int], known: Known) -> Name | None:
    keys = words.keys
    if first == last:
        # One word (half of all runs) names an actor only as a short form seen before or as
        # an acronym: each test after those needs two words or more.
        form = keys[first] if keys[first][0].isalnum() else ""
        return Name(first, last, *known[form]) if form in known else _acronym(words, first, last)
    # A short form of a name seen before: 'Hegseth' after 'Pete Hegseth', 'FGR' once defined
    # (also after an article: 'La FGR', 'The ATF').
    form = _form(keys, range(first, last + 1))
    if form in known:
        return Name(first, last, *known[form])
    core = first + 1 if keys[first] in ARTICLES and first < last else first
    if core > first and (form := _form(keys, range(core, last + 1))) in known:
        return Name(core, last, *known[form])
    acronym = _acronym(words, core, last)
    if acronym is not None:
        return acronym
    # A sentence's first word is capitalised anyway: keep it only if it says what the name is.
    if words.starts_sentence(first) and keys[first] not in TELLING and keys[first] not in SPANISH_ARTICLES \
            and claimed[first] == FREE:
        first = _next_word(words, first, last)
    if first is not None and (group := _group(words, first, last)) is not None:
        return group
    while first is not None and keys[first] in ARTICLES:
        first = _next_word(words, first, last)
    if first is None:
        return None
    span = [i for i in range(first, last + 1) if keys[i][0].isalnum()]
    titles = 0
    while titles < len(span) and (keys[span[titles]] in TITLES or keys[span[titles]] in OFFICE or (
            _demonym(keys[span[titles]]) and titles + 1 < len(span) and keys[span[titles + 1]] in TITLES)):
        titles += 1
    rest = span[titles:]
    # 'Secretary Hegseth' after 'Pete Hegseth': the same untracked person.
    if rest and (form := _form(keys, rest)) in known:
        return Name(rest[0], rest[-1], *known[form])
    person = _person(words, span, titles)
    if person is not None:
        return person
    return _institution(words, span, claimed)


def _form(keys: list[str], indexes) -> str:
    return " ".join([keys[i] for i in indexes if keys[i][0].isalnum()])


def _is_abbreviation(word: str) -> bool:
    """'FGR', 'Sedena': one word, as a name's acronym is written in parentheses after it."""
    return len(word) >= 2 and word.isalpha() and word[0].isupper() and word.casefold() not in NOT_ACRONYMS


def _acronym(words: Words, first: int, last: int) -> Name | None:
    """An all-capital abbreviation standing alone ('USMCA', 'T-MEC'): an organisation or program.

    Not a dateline ('MEXICO CITY—', 'WASHINGTON—'), nor capitals shouting a phrase.
    """
    head = words.words[first]
    if head != "-" and not (head.isalpha() and head.isupper()):
        return None  # the usual case, a word in mixed case: 'Mexico'
    tokens = words.words[first:last + 1]
    letters = [word for word in tokens if word != "-"]
    if not all(word.isalpha() and word.isupper() for word in letters) or sum(map(len, letters)) < 3:
        return None
    if len(letters) > 1 and not all(words.words[i] == "-" for i in range(first + 1, last + 1, 2)):
        return None  # two words in capitals: shouting, not an acronym
    if len(letters) == 1 and (len(letters[0]) > 6 or letters[0].casefold() in NOT_ACRONYMS):
        return None
    if first == 0 and (last + 1 >= len(words.words) or words.words[last + 1] in ("-", "—", ",", "(")):
        return None
    if first > 0 and words.keys[first - 1] in INDEFINITE:
        return None
    neighbours = [i for i in (first - 1, last + 1) if 0 <= i < len(words.words)]
    if any(len(words.words[i]) > 1 and words.words[i].isupper() for i in neighbours):
        return None
    text = _text(words, first, last)
    return Name(first, last, text, "organization")


def _group(words: Words, first: int, last: int) -> Name | None:
    """A name opened by a capitalised Spanish article: 'Los Chapitos', 'La Mayiza', 'El Universal'.

    Not a place ('El Paso', 'Los Angeles') and not an article before a common or generic word.
    """
    keys = words.keys
    if keys[first] not in SPANISH_ARTICLES or not words.words[first][0].isupper():
        return None
    rest = [i for i in range(first + 1, last + 1) if keys[i][0].isalnum()]
    if not 1 <= len(rest) <= 3 or keys[rest[0]] in ARTICLE_PLACES or not all(words.words[i][0].isupper() for i in rest):
        return None
    if any(keys[i] in KINDS or keys[i] in PLACE_WORDS or keys[i] in GENERIC or keys[i] in TITLES
           or keys[i] in MONTHS_AND_DAYS or keys[i] in GIVEN_NAMES for i in rest):
        return None
    return Name(first, last, _text(words, first, last), "organization", (_form(keys, range(first, last + 1)),))


def _person(words: Words, span: list[int], titles: int) -> Name | None:
    keys = words.keys
    rest = span[titles:]
    # "Secretaría de Economía" is a ministry: a kind word and "de" open it.
    if titles and keys[span[0]] in KINDS and len(span) > 1 and keys[span[1]] in CONNECTORS:
        return None
    cut = next((n for n, i in enumerate(rest) if keys[i] in PERSON_ENDS), None)
    if cut:
        rest = rest[:cut]  # "Bishop Jonás Guerrero Corona of Culiacán"
    nickname = _quoted(words, rest)
    parts = [i for i in rest if i not in nickname and keys[i] not in PARTICLES]
    if not parts or len(parts) > 4 or any(keys[i] in NOT_PERSONS for i in rest):
        return None
    has_title = titles > 0 and any(keys[i] in TITLES and keys[i] not in WEAK_TITLES for i in span[:titles])
    if keys[rest[0]] in GIVEN_NAMES:
        if len(parts) < 2:
            return None
    elif not has_title or len(parts) > 2:
        # Without a given name only a title vouches for a person, and only for a surname or two.
        return None
    if not all(words.words[i][0].isupper() or keys[i] in PARTICLES for i in rest):
        return None
    if nickname:
        # Ismael “El Mayo” Zambada is filed as Ismael Zambada; “El Mayo” names him too.
        before = [i for i in rest if i < min(nickname)]
        after = [i for i in rest if i > max(nickname)]
        name = f"{_text(words, before[0], before[-1])} {_text(words, after[0], after[-1])}" if before and after \
            else _text(words, rest[0], rest[-1])
    else:
        name = _text(words, rest[0], rest[-1])
    return Name(rest[0], rest[-1], name, "person", _surname_forms(keys, rest, parts, nickname))


def _surname_forms(keys: list[str], rest: list[int], parts: list[int], nickname: set[int]) -> tuple[str, ...]:
    """The short forms of a person's name: the last name; a particle's surname ('de la Fuente');
    for three names or more the last two and the one before the last ('Rocha Moya', 'Rocha');
    a nickname ('El Mayo')."""
    if len(parts) < 2:
        return ()
    forms = {keys[parts[-1]]}
    particle = next((i for i in rest[1:] if keys[i] in PARTICLES and i not in nickname), None)
    if particle is not None:
        forms.add(_form(keys, [i for i in rest if i >= particle]))
    elif len(parts) >= 3:
        forms |= {_form(keys, parts[-2:]), keys[parts[-2]]}
    if nickname:
        forms.add(_form(keys, sorted(nickname)))
    return tuple(forms)


def _quoted(words: Words, span: list[int]) -> set[int]:
    """The tokens of `span` inside quotation marks: a nickname within a name."""
    if len(span) < 2 or OPENING.isdisjoint(words.text[words.ends[span[0]]:words.starts[span[-1]]]):
        return set()  # no quotation opens between its words
    inside, quoted = False, set()
    for i in span[1:]:
        gap = words.text[words.ends[i - 1]:words.starts[i]] if i else ""
        if inside and not CLOSING.isdisjoint(gap):
            inside = False
        elif not inside and not OPENING.isdisjoint(gap):
            inside = True
        if inside:
            quoted.add(i)
    return quoted


def _institution(words: Words, span: list[int], claimed: list[int]) -> Name | None:
    keys = words.keys
    # "Senator X Foundation" loses its title; "Secretaría de …" is a ministry, not a title.
    while span and ((keys[span[0]] in TITLES and keys[span[0]] not in KINDS) or keys[span[0]] in CONNECTORS):
        span = span[1:]
    if len(span) < 2:
        return None
    content = [i for i in span if keys[i] not in CONNECTORS]
    # A place word ends a place ("Valley of Mexico"), not an office of it ("Departamento de Estado").
    of = next((n for n, i in enumerate(span) if keys[i] in ("of", "de", "del")), None)
    headed = of is not None and len(span) == of + 2 and any(keys[i] in KINDS for i in span[:of])
    if keys[content[-1]] in PLACE_WORDS and not headed:
        return None
    # Every word (a country's name aside) generic or a kind word: "Executive Order", "U.S. Navy".
    if all(keys[i] in UNDISTINCTIVE or claimed[i] == SOFT for i in content):
        return None
    kind = _kind([keys[i] for i in span])
    if kind is None:
        return None
    return Name(span[0], span[-1], _text(words, span[0], span[-1]), kind)


def _kind(keys: list[str]) -> str | None:
    """The kind a name's words say: a cartel anywhere, else the head noun's kind."""
    if not CARTEL_WORDS.isdisjoint(keys):
        return "cartel"
    before_of = keys[:next((i for i, key in enumerate(keys) if key in ("of", "de", "del", "for", "on")),
                           len(keys))]
    # The head is the last kind word before "of" ("Joint Task Force Bravo", "Office of …"),
    # or a Spanish name's first word ("Partido Verde…").
    for head in (*reversed(before_of), keys[0]):
        if head in KINDS:
            return KINDS[head]
    return None


def _demonym(key: str) -> bool:
    # "Venezuelan President", "Chinese Ambassador": a nationality may precede a title.
    return key.endswith(("an", "ese", "ish"))


def _next_word(words: Words, index: int, last: int) -> int | None:
    return next((i for i in range(index + 1, last + 1) if words.capitalised[i]), None)


def _text(words: Words, first: int, last: int) -> str:
    return words.text[words.starts[first]:words.ends[last]]

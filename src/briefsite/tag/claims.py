"""Find the check-worthy sentences of a block and type them.

In: a block's text with the actor mentions and date mentions found in it. Out: one
`ClaimCandidate` per check-worthy sentence, with its offsets, its figures, and the actors and
dates inside it. A sentence gets one type, the first that applies in this order, because a
quoted number is checked against its speaker and a counted event against its figures:

1. quote: words in quotation marks (“ ” " " ‘ ’ « », or a Spanish dialogue dash) attributed
   to a speaker. A quote of four words or more needs an attribution anywhere in the
   sentence (a speech verb or noun, 'according to'/'según', or a colon introducing it); a
   shorter one needs a speech verb right before it ('what he calls the “intolerable link”')
   or right after it ('“…,” he said'). Names in quotes ('known as “El Mencho”', a quoted
   bill title) and scare quotes with no speaker are not quotes. A quotation runs over
   sentences: a sentence that is speech (opening with a quotation mark, or inside one left
   open) next to a quote in the same block is a quote too ('“…,” she said. “…”').
2. statistic: a figure from `find_figures`. Figures inside a date mention are dropped, and
   durations ('two decades', '50-year lows') do not make a statistic: they measure time
   rather than count what a claim is about.
3. event: a named actor (a mention in the sentence) and an action verb in the past or
   present perfect (designated, extradited, detuvo…), with a date mention or a place or
   operation detail, in a sentence with no hypothetical, future or hedging marker (could,
   will, likely, si…). A participle opening the sentence ('Led by…') or after a determiner
   ('the decapitated cartel') describes rather than tells, so it is no action.
4. assessment: the author's judgement, only where the sentence marks it plainly ('The central
   lesson is…', 'Put simply,', 'is better understood as', 'This represents a…').

Questions and headings (no closing punctuation and short or title-cased) are never claims.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from briefsite.records import DateMention, Figure, Mention
from briefsite.tag.figures import find_figures
from briefsite.tag.sentences import split_sentences


@dataclass(frozen=True)
class ClaimCandidate:
    """A check-worthy sentence of one block, typed, before it is given an id."""

    start: int
    end: int
    """Offsets of the sentence in the block's text."""
    text: str
    """The sentence exactly as written."""
    type: str
    """'statistic', 'quote', 'event' or 'assessment'."""
    figures: tuple[Figure, ...]
    actors: tuple[str, ...]
    """Ids of the actors mentioned in the sentence, in order of first mention."""
    dates: tuple[str, ...]
    """ISO values of the date mentions in the sentence, in order."""


# Quoted spans; an opening quote left open runs to the end of the sentence, because a
# multi-sentence quotation is split across sentences.
_QUOTED = re.compile(r"""
      “(?P<curly>[^“”]+)(?:”|$)
    | ^(?P<curly_end>[^“”]+)”
    | «(?P<guillemet>[^«»]+)(?:»|$)
    | (?<![\w"])"(?P<straight>[^"]+)"
    | (?<!\w)‘(?P<single>(?:[^‘’]|’(?=\w))+)’(?!\w)
    | (?<!\w)'(?P<straight_single>(?:[^']|'(?=\w))+)'(?!\w)
""", re.VERBOSE)
_QUOTE_MARKS = frozenset("“”«»\"‘'")
_DIALOGUE = re.compile(r"^—\s?\w")
_OPENS_QUOTE = re.compile("[“«\"]")
# Words are lowercased and keep their hyphens, so 'so-called' is not 'called'.
_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_SPEECH_WORDS = frozenset("""
    said says say saying stated states stating told tells warned warns warning vowed vows
    vowing declared declares declaring wrote writes insisted insists insisting added adds
    argued argues noted claimed claims claim asserted asserts remarked remarks tweeted
    testified testimony acknowledged admitted explained promised pledged urged responded
    responds replied replies asked answered announced announcing called calls calling
    describe described describes describing framed frames framing stressed emphasized
    emphasised recalled quipped conceded observed statement interview speech words
    repeated repeats reiterated reiterates cautioned cautions complained complains predicted
    boasted posted countered counters recounted joked lamented mused shouted replied
    concedes admits acknowledges explains promises urges stresses adding noting arguing
    dijo dice afirmó afirma declaró declara aseguró asegura señaló señala advirtió advierte
    sostuvo sostiene expresó indicó añadió agregó explicó prometió escribió respondió
    insistió calificó llamó reiteró subrayó destacó manifestó comentó declaraciones
    repitió repite insiste reitera subraya recalcó recalca enfatizó enfatiza puntualizó
    remarcó aseveró sentenció lamentó admitió reconoció apuntó mencionó precisó detalló
    denunció criticó cuestionó preguntó contestó replicó exclamó ironizó tuiteó publicó
    explica añade agrega expresa advierte comenta declaración entrevista discurso palabras
""".split())
# 'the United States', 'in other words', 'en pocas palabras': no one speaks.
_NOT_SPEECH_AFTER = {"states": {"united"}, "words": {"other", "few"}, "palabras": {"otras", "pocas"}}
# Attribution that covers every quote in the sentence, however short.
_SOURCED = re.compile(r"\b(?:according\s+to|in\s+the\s+words\s+of|según|en\s+palabras\s+de)\b",
                      re.IGNORECASE)
_PUT_IT = re.compile(r"\bput\s+it\b", re.IGNORECASE)
# Words that make the quoted text a name rather than speech: 'known as “El Mencho”'.
_NAMING = re.compile(r"\b(?:known\s+as|dubbed|nicknamed|alias|so-called|titled|entitled|named"
                     r"|conocid[oa]s?\s+como|apodad[oa]|llamad[oa]|denominad[oa])\W*$",
                     re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_LONG_QUOTE = 4
_NEAR_WORDS = 12
_CLAUSE_BREAK = re.compile(r"[,;:()—–]")

_TIME_UNITS = frozenset("""
    year decade century month week day hour minute second año década siglo mes semana día hora
    minuto
""".split())

_EN_ACTIONS = """
    designat sign arrest kill extradit transferr deploy establish confirm impos announc captur
    launch conduct seiz detain sanction indict charg convict sentenc raid bomb attack invad
    order authoriz authoris approv pass enact issu revok cancel cancell suspend expell deport
    deliver dispatch mobiliz mobilis dismantl destroy intercept releas exonerat dropp appoint
    nominat elect resign visit creat form found eliminat decapitat assassinat murder kidnapp
    execut apprehend surrender repatriat publish escalat target hand demand declar reveal
    extend expand freez bann block vetoe ratifi shut clos open reject accus su fin
"""
_ES_AR_ACTIONS = """
    design firm arrest captur extradit traslad envi despleg confirm anunci lanz realiz decomis
    mat asesin entreg aprob promulg orden autoriz cancel revoc sancion acus conden liber nombr
    cre atac bombarde incaut expuls deport elimin ejecut desmantel secuestr rechaz
"""
_ES_ER_ACTIONS = "establec abat somet extend"
# Past tenses and participles of verbs of action, so 'has designated' and 'fue detenido' count.
_ACTION_WORDS = frozenset(
    [stem + "ed" for stem in _EN_ACTIONS.split()]
    + [stem + end for stem in _ES_AR_ACTIONS.split()
       for end in ("ó", "aron", "ado", "ada", "ados", "adas")]
    + [stem + end for stem in _ES_ER_ACTIONS.split()
       for end in ("ió", "ieron", "ido", "ida", "idos", "idas")]
    + """struck sent met withdrew caught shot fled overthrew won froze frozen
         detuvo detuvieron detenido detenida detenidos detenidas impuso impusieron impuesto
         impuesta destruyó destruyeron destruido destruida murió murieron puso pusieron""".split())
_HYPOTHETICAL_WORDS = frozenset("""
    could would should may might must will shall can cannot likely unlikely if unless whether
    podría podrían debería deberían podrá podrán puede pueden si
""".split())
# Before a participle these make it an adjective: 'the decapitated Milenio Cartel'.
_ADJECTIVAL = frozenset("""
    the a an its their his her our this that these those newly once well long recién el la los
    las un una su sus
""".split())
_PLACE = re.compile(r"""
      \b(?i:in|at|to|from|into|near|across|off|inside|en|desde|hacia|al)\s+
        (?i:the\s+|la\s+|el\s+|los\s+|las\s+)?[A-ZÁÉÍÓÚÑ][\w’'-]+
    | \b(?i:operation|raid|strike|airstrike|offensive|border|soil|territory|waters|coast
        |operativo|operación|redada|ataque|bombardeo|frontera|territorio|costa)s?\b
""", re.VERBOSE)

# 'The central lesson is…', 'the conclusion was clear': what a judgement is about.
_JUDGED_WORDS = """
    lesson conclusion question problem risk danger paradox dilemma takeaway reality truth irony
    upshot message implication answer stakes
"""
# 'The equilibrium is fragile.': short verdicts.
_VERDICT_WORDS = """
    fragile clear stark unsustainable untenable precarious illusory misguided inevitable
    unavoidable
"""
_JUDGED = "|".join(_JUDGED_WORDS.split()) + r"|bottom\s+line"
_VERDICTS = "|".join(_VERDICT_WORDS.split())
_ASSESSMENT = re.compile(rf"""
      ^(?:(?:for|to|in)\s[^,]{{1,40}},\s+|(?:yet|but|and|so|still|ultimately|here),?\s+)?
        (?:the|our|my)\s+(?:[\w-]+\s+){{0,2}}?
        (?:{_JUDGED})\s+(?:[\w-]+\s+){{0,3}}?(?:is|isn[’']t|was|remains|are|lies)\b
    | ^(?:(?:for|to|in)\s[^,]{{1,40}},\s+|(?:yet|but|and|so|still|ultimately|here),?\s+)?
        the\s+most\s+(?:important|significant|dangerous|consequential|critical|profound
          |alarming|striking|telling)\s+(?:[\w-]+\s+){{1,4}}?(?:is|was|remains)\b
    | \b(?:is|are|was|remains)\s+(?:perhaps\s+)?the\s+most\s+(?:important|significant
          |dangerous|consequential|critical)\b
    | ^(?:put\s+simply|simply\s+put|in\s+short|in\s+sum|in\s+essence|in\s+this\s+sense
          |make\s+no\s+mistake|let\s+there\s+be\s+no\s+mistake|most\s+(?:dangerously
          |importantly|fundamentally|troublingly|worryingly|crucially|significantly
          |tellingly))\b
    | \b(?:I|we)\s+(?:argue|contend|conclude|maintain)\b
    | \bthis\s+(?:article|paper|essay|brief|analysis|piece)\s+(?:argues|contends|concludes)\b
    | \bis\s+(?:better|best)\s+(?:understood|seen|described|read)\s+as\b
    | \bhere\s+lies\b
    | \b(?:represents?|represented)\s+(?:a|an|the|one|\w+(?:ed|al|ive|ant|ent|ous|ic))\b
    | ^(?:the|this|that|such\s+an?)\s+[\w-]+\s+(?:is|remains|was)\s+(?:\w+\s+)?
        (?:{_VERDICTS})\.?$
    | ^(?:la|el)\s+(?:[\w-]+\s+){{0,2}}?(?:lección|conclusión|pregunta|problema|riesgo|paradoja
          |dilema|realidad|mensaje)\s+(?:[\w-]+\s+){{0,3}}?(?:es|era|sigue\s+siendo|fue)\b
    | ^(?:en\s+pocas\s+palabras|en\s+suma|en\s+síntesis|dicho\s+de\s+otro\s+modo)\b
    | \b(?:sostenemos|argumentamos|sostengo|argumento)\s+que\b
    | \bse\s+entiende\s+mejor\s+como\b
    | \b(?:representa|representó)\s+(?:un|una)\b
    | \blo\s+más\s+importante\b
""", re.VERBOSE | re.IGNORECASE)

# Every branch of _ASSESSMENT holds one of these words: a cheap test before the slow one.
_ASSESSMENT_CUES = frozenset((_JUDGED_WORDS + _VERDICT_WORDS + """
    bottom most argue contend conclude maintain argues contends concludes understood seen
    described read lies represents represent represented simply short sum essence sense
    mistake lección conclusión pregunta problema riesgo paradoja dilema realidad mensaje
    palabras suma síntesis modo sostenemos argumentamos sostengo argumento entiende representa
    representó más
""").split())
_CLOSED = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
_HEADING_WORDS = 8


def find_claims(text: str, mentions: list[Mention], dates: list[DateMention],
                sentences: list[tuple[int, int]] | None = None) -> list[ClaimCandidate]:
    """The check-worthy sentences of one block, typed.

    `mentions` and `dates` are those found in the same block, with offsets into `text`;
    `sentences`, the block's `split_sentences(text)` when the caller has it already.
    """
    mentions = sorted(mentions, key=lambda m: m.start)
    dates = sorted(dates, key=lambda d: d.start)
    claims: list[ClaimCandidate | None] = []
    spans = split_sentences(text) if sentences is None else sentences
    for start, end in spans:
        sentence = text[start:end]
        if _QUESTION.search(sentence) or _is_heading(sentence):
            claims.append(None)
            continue
        inside = [d for d in dates if start <= d.start < end]
        # A number inside a date ('the first eight months') is the date's, not a figure.
        figures = [f for s, _, f in find_figures(sentence)
                   if not any(d.start <= start + s < d.end for d in inside)]
        actors = tuple(dict.fromkeys(m.actor for m in mentions if start <= m.start < end))
        claims.append(ClaimCandidate(
            start=start, end=end, text=sentence, type=_type(sentence, figures, bool(actors), bool(inside)),
            figures=tuple(figures), actors=actors, dates=tuple(d.value for d in inside),
        ))
    _extend_quotes(text, spans, claims)
    return [claim for claim in claims if claim is not None and claim.type is not None]


def _extend_quotes(text: str, spans: list[tuple[int, int]], claims: list[ClaimCandidate | None]) -> None:
    """Type as quotes the sentences of a quotation whose attribution is in another sentence.

    '“…,” García Harfuch told reporters. “It is not a concession.”': the second sentence is
    his too. A sentence counts when it is speech — it opens with a quotation mark, or a
    quotation left open before it runs on into it — next to a quote in the same block.
    """
    if _QUOTE_MARKS.isdisjoint(text):
        return
    speech = [bool(_OPENS_QUOTE.match(text, start)) or _open_quote(text[:start]) for start, _ in spans]
    for order in (range(len(claims)), reversed(range(len(claims)))):
        for index in order:
            claim = claims[index]
            if claim is None or claim.type == "quote" or not speech[index]:
                continue
            neighbours = [claims[i] for i in (index - 1, index + 1) if 0 <= i < len(claims)]
            if any(other is not None and other.type == "quote" for other in neighbours):
                claims[index] = replace(claim, type="quote")


def _open_quote(before: str) -> bool:
    """True when a quotation opened in `before` is not closed by its end."""
    return (before.count("“") > before.count("”") or before.count("«") > before.count("»")
            or before.count('"') % 2 == 1)


def claim_id(sentence: str) -> str:
    """A stable id from the sentence's own words: 'c-' and 12 hex characters.

    Case, punctuation and spacing do not change it, so retyping a curly quote or fixing a
    double space keeps the id; any change to a word makes a new one. Twelve hex characters
    keep ids unique across an archive of half a million claims (8 would collide ~30 times).
    """
    words = " ".join(_WORDS.findall(sentence.casefold()))
    return "c-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:12]


def _type(sentence: str, figures: list[Figure], has_actor: bool, has_date: bool) -> str | None:
    if _is_quote(sentence):
        return "quote"
    if any(f.unit not in _TIME_UNITS for f in figures):
        return "statistic"
    words = _TOKEN.findall(sentence)
    lowered = list(map(str.lower, words))
    if has_actor and _is_event(sentence, words, lowered, has_date):
        return "event"
    if not _ASSESSMENT_CUES.isdisjoint(lowered) and _ASSESSMENT.search(sentence):
        return "assessment"
    return None


def _is_event(sentence: str, words: list[str], lowered: list[str], has_date: bool) -> bool:
    """An action verb in the past, placed or dated, and nothing hypothetical about it.

    `words` are the sentence's words (`_TOKEN`), `lowered` the same in lowercase.
    """
    # 'May' the month is no modal. (The set test first: most sentences have no such word.)
    if not _HYPOTHETICAL_WORDS.isdisjoint(lowered) and any(
            w in _HYPOTHETICAL_WORDS for w, raw in zip(lowered, words) if raw != "May"):
        return False
    if _ACTION_WORDS.isdisjoint(lowered):
        return False
    # A participle that opens the sentence ('Led by…', 'Caught between…') or follows a
    # determiner ('a newly designated zone') describes; it does not tell an action.
    acted = any(w in _ACTION_WORDS and index and lowered[index - 1] not in _ADJECTIVAL
                for index, w in enumerate(lowered))
    return acted and (has_date or bool(_PLACE.search(sentence)))


def _is_quote(sentence: str) -> bool:
    """True when the sentence quotes someone's words and says whose."""
    if _DIALOGUE.match(sentence) and _has_speech(sentence):
        return True
    if _QUOTE_MARKS.isdisjoint(sentence):
        return False
    sourced = bool(_SOURCED.search(sentence))
    for quoted in _QUOTED.finditer(sentence):
        words = next(g for g in quoted.groups() if g is not None).split()
        before = sentence[:quoted.start()]
        if not words or _NAMING.search(before) or _is_title(words):
            continue
        if sourced:
            return True
        if len(words) >= _LONG_QUOTE:
            if _has_speech(before + " " + sentence[quoted.end():]) or before.rstrip().endswith(":"):
                return True
        elif _speech_near(before, sentence[quoted.end():]):
            return True
    return False


def _speech_near(before: str, after: str) -> bool:
    """A speech verb in the clause that leads to a short quote, or just after it.

    'when he stated that the U.S. would begin “hitting on land”', 'what he calls the
    “intolerable link”', '“unsustainable,” officials said'.
    """
    clause = _CLAUSE_BREAK.split(before)[-1]
    near_before = " ".join(clause.split()[-_NEAR_WORDS:])
    near_after = " ".join(after.split()[:3])
    return _has_speech(near_before) or _has_speech(near_after)


def _has_speech(text: str) -> bool:
    words = [w.lower() for w in _TOKEN.findall(text)]
    for index, word in enumerate(words):
        if word in _SPEECH_WORDS and not (index and words[index - 1] in _NOT_SPEECH_AFTER.get(word, ())):
            return True
    return bool(_SOURCED.search(text) or _PUT_IT.search(text))


def _is_title(words: list[str]) -> bool:
    """'Ending the NARCOS Act', 'El Mencho': a name or title in quotes, not speech."""
    long_words = [w for w in words if len(w) > 3] or words
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.75


def _is_heading(sentence: str) -> bool:
    if _CLOSED.search(sentence):
        return False
    words = sentence.split()
    if len(words) <= _HEADING_WORDS:
        return True
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3)
    return capitalised >= 0.6 * max(1, sum(len(w) > 3 for w in words))

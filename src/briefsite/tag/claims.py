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
   bill title) and scare quotes with no speaker are not quotes.
2. statistic: a figure from `find_figures`, not counting figures inside a date mention and
   durations ('two decades', '50-year'), which say when rather than how many.
3. event: a named actor (a mention in the sentence) and an action verb in the past or
   present perfect (designated, extradited, detuvo…), with a date mention or a place or
   operation detail, in a sentence with no hypothetical or future marker.
4. assessment: the author's judgement, only where the sentence marks it plainly ('The central
   lesson is…', 'Put simply,', 'is better understood as', 'This represents a…').

Questions and headings (no closing punctuation and short or title-cased) are never claims.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

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
_DIALOGUE = re.compile(r"^—\s?\w")
_SPEECH = re.compile(r"""\b(?:
      said|says|say|saying|stated|(?<!United\s)states|stating|told|tells|warned|warns|warning|vowed|vows
    | vowing|declared|declares|declaring|wrote|writes|insisted|insists|insisting|added|adds
    | argued|argues|noted|claimed|claims|claim|asserted|asserts|remarked|remarks
    | tweeted|testified|testimony|acknowledged|admitted|explained|promised|pledged
    | urged|responded|responds|replied|replies|asked|answered|announced|announcing
    | (?<!so-)called|calls|calling|describe|described|describes|describing|framed|frames
    | framing|stressed|emphasi[sz]ed|recalled|quipped|conceded|observed|put\ it|statement
    | interview|speech|according\ to|in\ the\ words\ of
    | dijo|dice|afirmó|afirma|declaró|declara|aseguró|asegura|señaló|señala|advirtió|advierte
    | sostuvo|sostiene|expresó|indicó|añadió|agregó|explicó|prometió|escribió|respondió
    | insistió|calificó|llamó|reiteró|subrayó|destacó|manifestó|comentó|según
    | en\ palabras\ de|declaraciones
)\b""", re.VERBOSE | re.IGNORECASE)
# Words that make the quoted text a name rather than speech: 'known as “El Mencho”'.
_NAMING = re.compile(r"\b(?:known\s+as|dubbed|nicknamed|alias|so-called|titled|entitled|named"
                     r"|conocid[oa]s?\s+como|apodad[oa]|llamad[oa]|denominad[oa])\W*$",
                     re.IGNORECASE)
# Attribution that covers every quote in the sentence, however short.
_SOURCED = re.compile(r"\b(?:according\s+to|in\s+the\s+words\s+of|según|en\s+palabras\s+de)\b",
                      re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_LONG_QUOTE = 4
_NEAR_WORDS = 12
_CLAUSE_BREAK = re.compile(r"[,;:()—–]")

_TIME_UNITS = frozenset("""
    year decade century month week day hour minute second año década siglo mes semana día hora
    minuto
""".split())

_ACTION = re.compile(r"""\b(?:
      (?:designat|sign|arrest|kill|extradit|transferr|deploy|establish|confirm|impos|announc
       |captur|launch|conduct|seiz|detain|sanction|indict|charg|convict|sentenc|raid|bomb
       |attack|invad|order|authori[sz]|approv|pass|enact|issu|revok|cancel|cancell|suspend
       |expell|deport|deliver|dispatch|mobili[sz]|dismantl|destroy|intercept|releas
       |exonerat|dropp|appoint|nominat|elect|resign|visit|creat|form|found|eliminat
       |decapitat|assassinat|murder|kidnapp|execut|apprehend|surrender|repatriat|publish
       |escalat|target|hand|demand|declar|revealed|extend|expand|freez|frozen|ban|bann
       |block|impos|veto|ratifi|launch|shut|clos|open|reject|accus|sue|fin)ed
    | struck|sent|met|withdrew|caught|shot|fled|began|took|overthrew|won|lost|froze|led
    | (?:design|firm|arrest|captur|extradit|traslad|envi|despleg|confirm|anunci|lanz|realiz
       |decomis|mat|asesin|entreg|aprob|promulg|orden|autoriz|cancel|revoc|sancion|acus
       |conden|liber|nombr|cre|atac|bombarde|incaut|expuls|deport|elimin|ejecut|desmantel
       |secuestr|rechaz|firm)(?:ó|aron|ad[oa]s?)
    | (?:establec|abat|somet|ced|extend)(?:ió|ieron|id[oa]s?)
    | detuvo|detuvieron|detenid[oa]s?|impuso|impusieron|impuest[oa]s?|destruyó|destruyeron
    | destruid[oa]s?|murió|murieron|puso|pusieron
)\b""", re.VERBOSE | re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"""\b(?:
      could|would|should|may|might|must|will|shall|if|unless|whether
    | If|Unless|Should|Could|Would|Whether
    | podría|podrían|debería|deberían|podrá|podrán|puede|pueden|si|Si
)\b""", re.VERBOSE)
_PLACE = re.compile(r"""
      \b(?i:in|at|to|from|into|near|across|off|inside|en|desde|hacia|al)\s+
        (?i:the\s+|la\s+|el\s+|los\s+|las\s+)?[A-ZÁÉÍÓÚÑ][\w’'-]+
    | \b(?i:operation|raid|strike|airstrike|offensive|border|soil|territory|waters|coast
        |operativo|operación|redada|ataque|bombardeo|frontera|territorio|costa)s?\b
""", re.VERBOSE)

_ASSESSMENT = re.compile(r"""
      ^(?:(?:for|to|in)\s[^,]{1,40},\s+|(?:yet|but|and|so|still|ultimately|here),?\s+)?
        (?:the|our|my)\s+(?:[\w-]+\s+){0,2}?
        (?:lesson|conclusion|question|problem|risk|danger|paradox|dilemma|takeaway|reality
          |truth|irony|upshot|bottom\s+line|message|implication|answer|stakes)
        \s+(?:[\w-]+\s+){0,3}?(?:is|isn[’']t|was|remains|are|lies)\b
    | ^(?:(?:for|to|in)\s[^,]{1,40},\s+|(?:yet|but|and|so|still|ultimately|here),?\s+)?
        the\s+most\s+(?:important|significant|dangerous|consequential|critical|profound
          |alarming|striking|telling)\s+(?:[\w-]+\s+){1,4}?(?:is|was|remains)\b
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
    | \b(?:represents?|represented)\s+(?:a|an|the|another|one|\w+(?:ed|al|ive|ant|ent|ous|ic))\b
    | ^(?:the|this|that|such\s+an?)\s+[\w-]+\s+(?:is|remains|was)\s+(?:\w+\s+)?
        (?:fragile|clear|stark|unsustainable|untenable|precarious|illusory|misguided
          |inevitable|unavoidable)\.?$
    | ^(?:la|el)\s+(?:[\w-]+\s+){0,2}?(?:lección|conclusión|pregunta|problema|riesgo|paradoja
          |dilema|realidad|mensaje)\s+(?:[\w-]+\s+){0,3}?(?:es|era|sigue\s+siendo|fue)\b
    | ^(?:en\s+pocas\s+palabras|en\s+suma|en\s+síntesis|dicho\s+de\s+otro\s+modo)\b
    | \b(?:sostenemos|argumentamos|sostengo|argumento)\s+que\b
    | \bse\s+entiende\s+mejor\s+como\b
    | \b(?:representa|representó)\s+(?:un|una)\b
    | \blo\s+más\s+importante\b
""", re.VERBOSE | re.IGNORECASE)

_CLOSED = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
_HEADING_WORDS = 8


def find_claims(text: str, mentions: list[Mention], dates: list[DateMention]) -> list[ClaimCandidate]:
    """The check-worthy sentences of one block, typed."""
    claims = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if _QUESTION.search(sentence) or _is_heading(sentence):
            continue
        inside_dates = [d for d in dates if start <= d.start < end]
        figures = [f for s, e, f in find_figures(sentence)
                   if not any(d.start <= start + s < d.end for d in inside_dates)]
        actors = tuple(dict.fromkeys(m.actor for m in sorted(mentions, key=lambda m: m.start)
                                     if start <= m.start < end))
        claim_type = _type(sentence, figures, bool(actors), bool(inside_dates))
        if claim_type is None:
            continue
        claims.append(ClaimCandidate(
            start=start, end=end, text=sentence, type=claim_type, figures=tuple(figures),
            actors=actors, dates=tuple(d.value for d in sorted(inside_dates, key=lambda d: d.start)),
        ))
    return claims


def claim_id(sentence: str) -> str:
    """A stable id from the sentence's own words: 'c-' and 8 hex characters.

    Case, punctuation and spacing do not change it, so retyping a curly quote or fixing a
    double space keeps the id; any change to a word makes a new one.
    """
    words = " ".join(_WORDS.findall(sentence.casefold()))
    return "c-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:8]


def _type(sentence: str, figures: list[Figure], has_actor: bool, has_date: bool) -> str | None:
    if _is_quote(sentence):
        return "quote"
    if any(f.unit not in _TIME_UNITS for f in figures):
        return "statistic"
    if (has_actor and _ACTION.search(sentence) and not _HYPOTHETICAL.search(sentence)
            and (has_date or _PLACE.search(sentence))):
        return "event"
    if _ASSESSMENT.search(sentence):
        return "assessment"
    return None


def _is_quote(sentence: str) -> bool:
    """True when the sentence quotes someone's words and says whose."""
    if _DIALOGUE.match(sentence) and _SPEECH.search(sentence):
        return True
    sourced = bool(_SOURCED.search(sentence))
    for quoted in _QUOTED.finditer(sentence):
        words = next(g for g in quoted.groups() if g is not None).split()
        before = sentence[:quoted.start()]
        if not words or _NAMING.search(before) or _is_title(words):
            continue
        if sourced:
            return True
        if len(words) >= _LONG_QUOTE:
            outside = before + " " + sentence[quoted.end():]
            if _SPEECH.search(outside) or before.rstrip().endswith(":"):
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
    return bool(_SPEECH.search(near_before) or _SPEECH.search(near_after))


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

"""Split the plain text of one block into sentences.

In: a block's text (a paragraph, heading or list item with markdown removed), English or
Spanish. Out: the `(start, end)` character offsets of each sentence, surrounding whitespace
excluded, so claims and the page can point back into the same text.

A sentence ends at `.`, `!`, `?` or an ellipsis (with any closing quotes or brackets after
it) when the next word could start a sentence. A full stop after an abbreviation does not
end one: titles ('Dr.', 'Brig. Gen.', 'Sra.') never do; 'No.' and month abbreviations do not
before a number; acronyms and initials ('U.S.', 'EE.UU.', 'a.m.', 'J.') end a sentence only
when the next word is one that usually opens a sentence ('The', 'But', 'El'…), because
'U.S. Army' and 'J. Smith' are far more common than an acronym closing a sentence before
a proper noun. Text glued across a full stop ('initiatives.The') is split, as scraped text
often loses that space. A blank line always ends a sentence.
"""

from __future__ import annotations

import re

# A run of terminators, then closing quotes or brackets. (Written [.!?…][.!?…]* rather than
# [.!?…]+ so that the pattern opens with a character set, which the engine skips to.)
_STOP = re.compile(r"[.!?…][.!?…]*[\"'”’»)\]]*")
# What follows a stop: whitespace, opening punctuation, then the next word.
_NEXT = re.compile(r"(\s*)([\"'“‘«¿¡(\[—–-]*)([^\s.,;:!?”’»)\]]*)(\.?)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_MULTI_DOT = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")
# Characters that separate the word before a stop from what precedes it.
_TOKEN_EDGE = set(" \t\n\r\f\v([{“‘\"'«¿¡—–/-")

# Titles and fixed Latin abbreviations: a name or phrase always follows.
_TITLES = frozenset("""
    Mr Mrs Ms Mx Dr Drs Prof Gen Lt Col Maj Capt Cmdr Adm Sgt Cpl Pvt Brig Sen Sens Rep Reps
    Gov Pres Amb Hon Rev Fr St Mt Ft Sr Sra Srta Dra Lic Ing Gral Mtro Mtra Arq Cap Pdte Excmo
    vs v cf e.g i.e approx Approx viz al
""".split())
# Abbreviations that stand before a number: 'No. 5', 'Jan. 15'.
_BEFORE_NUMBER = frozenset("""
    No Nos no nos Art art Sec Vol vol Fig fig p pp núm Núm Nº Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec Ene Abr Ago Dic
""".split())
# Abbreviations that can also end a sentence: judged by the next word, like acronyms.
_AMBIGUOUS = frozenset("Jr jr Inc Corp Co Ltd Bros etc Esq Ave Blvd Dept Univ".split())
# Words that often open a sentence and seldom follow an acronym inside one.
_OPENERS = frozenset("""
    The This That These Those It Its He She They We I You Our His Her Their There Here
    A An But And Yet So Still However Meanwhile Moreover Furthermore Instead Indeed Thus
    In On At For As After Before When While If Although Though Since Because Despite During
    Such Many Most Some Both Each Every No Not None Nor Neither Only What Why How Who Which
    Where Then Now Today Yesterday Last Next Once Other Another One Two Three
    El La Los Las Lo Un Una Unos Unas Este Esta Estos Estas Ese Esa Eso Esto Pero Sin Con
    Por Para En Desde Según Aunque También Ya Hoy Ayer Así Además Entonces No Nadie Ni
    Al Del De Tras Ante Durante Como Cuando Mientras Hace Entre Otros Otras Sólo Solo Su Sus
    Se Le Les Tampoco Luego Después Antes Cada Todos Todas Casi Hasta Incluso
""".split())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each sentence in `text`, whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in _cuts(text):
        _add(text, start, cut, spans)
        start = cut
    _add(text, start, len(text), spans)
    return spans


def _cuts(text: str) -> list[int]:
    """Offsets just after each sentence end, in order."""
    cuts = [m.start() for m in _BLANK_LINE.finditer(text)]
    for stop in _STOP.finditer(text):
        end = stop.end()
        if end == len(text):
            continue
        follow = _NEXT.match(text, end)
        space, opener, word, dot = follow.groups()
        glued = not space and not opener and _glued(text, stop.start(), word)
        if (space or glued) and _ends_sentence(text, stop, opener, word, dot):
            cuts.append(end)
    return sorted(set(cuts))


def _glued(text: str, stop: int, word: str) -> bool:
    # 'initiatives.The current': a lost space between sentences, not 'H.J.Res' or '4.5'.
    before = text[max(0, stop - 2):stop]
    return (len(before) == 2 and before.isalpha() and before.islower()
            and len(word) > 1 and word[0].isupper() and word[1].islower())


def _ends_sentence(text: str, stop: re.Match, opener: str, word: str, dot: str) -> bool:
    first = (opener + word)[:1]
    if not first:
        return False
    if word[:1].islower() or first in ",;:":
        # '…not going… there’s', '“Why?” asked', 'e.g. the': a sentence goes on.
        return False
    marks = stop.group().rstrip("\"'”’»)]")
    if marks != ".":
        return True
    token = _token_before(text, stop.start())
    if not token:
        return True
    if token.isdigit() and not text[:stop.start() - len(token)].strip():
        return False  # '1. What are your victory conditions?': a numbered heading
    if token in _TITLES:
        return False
    if token in _BEFORE_NUMBER and word[:1].isdigit():
        return False
    if token in _AMBIGUOUS or _MULTI_DOT.fullmatch(token) or (len(token) == 1 and token.isupper()):
        # 'U.S. The' ends a sentence; 'U.S. Army', 'J. Smith', 'J. A. Smith' do not.
        if opener.strip("-—–"):
            return True
        return word in _OPENERS and not (dot and len(word) == 1)
    return True


def _token_before(text: str, end: int) -> str:
    """The word a stop is attached to, without opening punctuation: 'U.S' for '(U.S.'."""
    start = end
    while start > 0 and text[start - 1] not in _TOKEN_EDGE:
        start -= 1
    return text[start:end]


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        left = start + len(chunk) - len(chunk.lstrip())
        spans.append((left, left + len(stripped)))

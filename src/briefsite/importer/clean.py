"""Text repair: raw scraped bytes in, clean numbered lines out.

This step only undoes damage done by scraping and copy-pasting: wrong encodings,
mojibake, odd spaces and words glued together where markup used to separate them.
It never changes what the author wrote, so curly quotes stay curly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy


@dataclass(frozen=True)
class Line:
    """One non-empty line of the source text."""

    number: int
    """1-based line in the decoded source, for review notes."""
    text: str
    """Stripped, with single spaces."""


def decode(raw: bytes) -> str:
    """Decode `raw` as UTF-8 (or UTF-16 with a BOM); fall back to cp1252, then latin-1.

    Never raises: latin-1 maps every byte to a character.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


# Spaces a browser renders as a plain space; scraped text keeps them and they break matching.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters that only survive copy-paste: zero-width spaces and joiners, BOMs, soft hyphens.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# ftfy misses some short mojibake runs, e.g. "âš¡" for "⚡" at a line start. A run is a lead
# character (a UTF-8 lead byte read as cp1252) and exactly the continuation characters its byte
# needs. Only symbols and punctuation are accepted back, so that real text such as "José…”"
# (which also decodes) is never turned into some other script.
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_RUN = re.compile(
    f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}"
)

# Words glued where the page had markup between them. Each pattern inserts one space.
_GLUED = (
    # "Organizations(FTOs)": an opening parenthesis stuck to a word, before a name or number.
    re.compile(r"(?<=[a-záéíóúñü])(?=\([A-Z0-9ÁÉÍÓÚÑ])"),
    # "2026.Photo by", "newspaper.Reading": a sentence stuck to the next block.
    # Needs two lowercase letters or a digit before the stop, so "U.S.Army" style initials are left alone.
    re.compile(r"(?<=[a-záéíóúñü]{2}[.!?])(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2})"),
    re.compile(r"(?<=\d[.])(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2})"),
    # ".”Next": the same after a closing quote.
    re.compile(r"(?<=[a-záéíóúñü0-9][.!?][”’\"])(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñü])"),
)
# Tokens that must not be touched by the glue rules: web addresses and e-mail addresses.
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*")


def repair(text: str) -> str:
    """Fix mojibake, unusual spaces and glued words in decoded `text`."""
    text = ftfy.fix_text(text, uncurl_quotes=False)
    text = _MOJIBAKE_RUN.sub(_unmojibake, text)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return "\n".join(_unglue(line) for line in text.split("\n"))


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of `text`, stripped, with runs of spaces collapsed."""
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = re.sub(r" {2,}", " ", line).strip()
        if line:
            lines.append(Line(number, line))
    return lines


def _unmojibake(match: re.Match[str]) -> str:
    run = match.group()
    try:
        fixed = run.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return run
    return fixed if unicodedata.category(fixed)[0] in "SP" else run


def _unglue(line: str) -> str:
    pieces = []
    last = 0
    for address in _ADDRESS.finditer(line):
        pieces.append(_unglue_words(line[last:address.start()]))
        pieces.append(address.group())
        last = address.end()
    pieces.append(_unglue_words(line[last:]))
    return "".join(pieces)


def _unglue_words(text: str) -> str:
    for pattern in _GLUED:
        text = pattern.sub(" ", text)
    return text

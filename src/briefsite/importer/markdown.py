"""Article lines to markdown: headings as `## `, paragraphs separated by blank lines.

Input: the article's own lines in order. Output: the markdown body. A heading is a short
line between paragraphs that does not end like a sentence. Paragraphs are written as
published; only characters that markdown would read as syntax at a line's start are
escaped, so the page renders the text the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefsite.importer.shape import is_headline_like, word_count

# A heading is at most this long; longer short-ended lines are paragraphs that lost their stop.
_MAX_HEADING_WORDS = 15
# A question longer than this is a paragraph that asks, not a heading.
_MAX_QUESTION_WORDS = 12
_HEADING_START = re.compile(r"[\dA-ZÁÉÍÓÚÑÜ¿¡“\"‘'(]")
# An interview's speaker labels: a question or answer is a paragraph, however short. A transcript
# names its speakers in capitals: "COLLIER:", "LUCÍA ARMENTA:", "ANDREA COLLIER, HOST:".
_SPEAKER_LABEL = re.compile(r"(?:Q|A|P|R|Question|Answer|Pregunta|Respuesta)\s*[:.—–-]\s|"
                            r"(?-i:[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ.'’\- ]*(?:,\s*[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ ]*)?):(?:\s|$)", re.I)

# Line starts markdown would read as syntax, and how to write them as text instead.
_ESCAPES = (
    (re.compile(r"^(\d+)([.)])(?=\s|$)"), r"\1\\\2"),   # "1. " or "1) ": an ordered list
    (re.compile(r"^([-+*])(?=\s|$)"), r"\\\1"),          # "- ": a bullet list
    (re.compile(r"^([#>|<`~=_])"), r"\\\1"),             # heading, quote, table, HTML, code fence, setext
    (re.compile(r"^(-{3,}|\*{3,})"), r"\\\1"),           # a thematic break
)


def render_body(lines: Sequence[str]) -> str:
    """The markdown body for the article `lines`."""
    blocks = []
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        blocks.append(f"## {line}" if is_heading(line, before, after) else escape(line))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def is_heading(line: str, before: str | None, after: str | None) -> bool:
    """True for a section heading: a short unstopped line with paragraphs around it.

    A run of several short lines is a list or a stray block, not headings, so a heading
    needs a paragraph after it and no other short line before it.
    """
    if after is None or not is_headline_like(line, _MAX_HEADING_WORDS) or not _HEADING_START.match(line):
        return False
    if _SPEAKER_LABEL.match(line):
        return False
    if line.endswith("?") and word_count(line) > _MAX_QUESTION_WORDS:
        return False
    return not is_headline_like(after) and (before is None or not is_headline_like(before, _MAX_HEADING_WORDS))


def escape(paragraph: str) -> str:
    """`paragraph` with a line start that markdown would misread escaped."""
    for pattern, replacement in _ESCAPES:
        paragraph, count = pattern.subn(replacement, paragraph, count=1)
        if count:
            break
    return paragraph

"""The plain text of a markdown inline token, and where each character came from.

Parse uses it to give taggers plain text; render uses the same mapping to put the
taggers' spans back into the tokens. One definition, so the offsets always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token


@dataclass(frozen=True)
class Segment:
    """The part of the plain text that one inline child contributes."""

    child: int
    start: int
    end: int
    splittable: bool
    """True for text children, which markup can be inserted into."""


def plain_text(children: list[Token]) -> tuple[str, list[Segment]]:
    """Plain text of an inline token's children, and the segment each child contributes."""
    parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for index, child in enumerate(children):
        if child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type == "softbreak":
            piece = " "
        elif child.type == "hardbreak":
            piece = "\n"
        else:
            continue
        parts.append(piece)
        segments.append(Segment(index, offset, offset + len(piece), child.type == "text"))
        offset += len(piece)
    return "".join(parts), segments

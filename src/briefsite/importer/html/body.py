"""The article's own text: the parsed page in, markdown blocks out.

trafilatura finds the article in the page and drops menus, share bars, related links,
comments and footers; its result is a small tree of headings, paragraphs, lists, quotes
and tables. This module writes that tree as the text importer's markdown (headings as
`##` and below, paragraphs, lists, tables) after taking out what trafilatura keeps but a
briefing does not: the headline and anything above it, the standfirst (kept as the
subtitle), a byline or date stamp printed inside the article, author bios, headings with
nothing under them, a closing list of topic labels, and lines the text importer's
boilerplate rules know (credits, copyright, prompts).
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, replace

import ftfy
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from briefsite.importer.boilerplate import rule_for
from briefsite.importer.dates import is_date_line
from briefsite.importer.markdown import escape
from briefsite.importer.metadata import dateline
from briefsite.importer.people import bio_opening, byline_authors
from briefsite.importer.shape import SENTENCE_END, ends_sentence, is_prose, last_mark, word_count
from briefsite.records import Author


@dataclass(frozen=True)
class Block:
    """One block of the article, as the page structured it."""

    kind: str
    """`heading`, `paragraph`, `quote`, `list` or `table`."""
    text: str = ""
    """A heading's, paragraph's or quote's text; lines kept where the page broke them."""
    level: int = 2
    """A heading's rank on the page, 1 for `<h1>`."""
    items: tuple[str, ...] = ()
    """A list's items, or a table's cells row by row (see `columns`)."""
    ordered: bool = False
    columns: int = 0
    """A table's width; its first row is the header."""
    bold: bool = False
    """A paragraph set wholly in bold: how many sites write a subheading."""


@dataclass(frozen=True)
class Article:
    """The article's blocks, and the standfirst taken from above them."""

    blocks: tuple[Block, ...]
    standfirst: str | None


# A subheading written as a bold paragraph is short and does not end like a sentence.
_MAX_BOLD_HEADING_WORDS = 15
# Markers that sites type into list items themselves, besides the list's own bullets.
_TYPED_BULLET = re.compile(r"^[•·▪◦‣∙*–—-]\s+")
# Zero-width characters and soft hyphens: invisible on the page, they break matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def extract_blocks(tree: HtmlElement) -> list[Block]:
    """The blocks trafilatura finds to be the article's, in page order; [] when it finds none."""
    found = bare_extraction(_captions_as_paragraphs(tree), include_formatting=True, include_tables=True,
                            include_comments=False, include_links=False, include_images=False, with_metadata=False)
    if found is None or found.body is None:
        return []
    body = found.body
    for line_break in body.iter("lb"):
        line_break.text = "\n"
    for quote in body.iter("quote"):  # a quotation of several paragraphs keeps them apart
        for paragraph in quote.iter("p"):
            paragraph.tail = "\n" + (paragraph.tail or "")
    blocks = []
    if body.text and body.text.strip():
        blocks.append(Block("paragraph", _tidy(body.text)))
    for element in body:
        blocks += _blocks_of(element)
        if element.tail and element.tail.strip():
            blocks.append(Block("paragraph", _tidy(element.tail)))
    return [block for block in blocks if block.text or block.items]


def _captions_as_paragraphs(tree: HtmlElement) -> HtmlElement:
    """A copy of `tree` in which each table's caption is a paragraph before it.

    A table's caption says what its numbers are, so it is part of the data; trafilatura
    drops a `<figcaption>` as an image's and reads a `<caption>` as a row of the table.
    """
    tree = deepcopy(tree)
    for table in list(tree.iter("table")):
        if table.getparent() is None:
            continue  # a bare table, not inside a page
        for caption in table.findall("caption"):
            caption.tag = "p"
            table.remove(caption)
            caption.tail = None
            table.addprevious(caption)
        figure = next((a for a in table.iterancestors("figure")), None)
        if figure is not None:
            for caption in figure.iter("figcaption"):
                caption.tag = "p"
    return tree


def _blocks_of(element: etree._Element) -> list[Block]:
    tag = element.tag
    if tag == "head":
        rank = re.fullmatch(r"h([1-6])", element.get("rend") or "")
        return [Block("heading", _tidy(_text(element), lines=False), level=int(rank.group(1)) if rank else 2)]
    if tag == "list":
        # A nested list's items follow their parent's, flattened: a briefing's lists are one level.
        items = [_TYPED_BULLET.sub("", _tidy(_own_text(item), lines=False)) for item in element.iter("item")]
        return [Block("list", items=tuple(i for i in items if i), ordered=element.get("rend") == "ol")]
    if tag == "table":
        return [_table(element)]
    if tag == "quote":
        return [Block("quote", _tidy(_text(element)))]
    text = _tidy(_text(element))
    bold = [hi for hi in element.iter("hi") if "#b" in (hi.get("rend") or "")]
    wholly_bold = bool(text) and any(_tidy(_text(hi)) == text for hi in bold)
    return [Block("paragraph", text, bold=wholly_bold)]


def _table(element: etree._Element) -> Block:
    rows = [[_tidy(_text(cell), lines=False) for cell in row.iter("cell")] for row in element.iter("row")]
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    if width < 2:  # a one-column "table" is layout, not data: its cells are paragraphs
        return Block("paragraph", "\n".join(cell for row in rows for cell in row if cell))
    cells = tuple(cell for row in rows for cell in row + [""] * (width - len(row)))
    return Block("table", items=cells, columns=width)


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _own_text(item: etree._Element) -> str:
    """A list item's text without the lists nested in it."""
    parts = [item.text or ""]
    for child in item:
        parts += [child.tail or ""] if child.tag == "list" else [_text(child), child.tail or ""]
    return "".join(parts)


def _tidy(text: str, lines: bool = True) -> str:
    """`text` with mojibake undone and single spaces; line breaks kept (one per line) when
    `lines`, else spaces."""
    text = ftfy.fix_text(text, uncurl_quotes=False).translate(_INVISIBLE)
    parts = (" ".join(line.split()) for line in text.split("\n")) if lines else [" ".join(text.split())]
    return "\n".join(part for part in parts if part)


# --- What is the article's ------------------------------------------------------------------

def article_of(blocks: list[Block], title: str | None, descriptions: tuple[str, ...],
               authors: tuple[Author, ...]) -> Article:
    """The article in `blocks`: headline and what stands above it, standfirst, bios and boilerplate out."""
    blocks = [kept for block in blocks if (kept := _without_boilerplate(block)) is not None]
    blocks = _after_headline(blocks, title)
    standfirst = None
    if blocks and blocks[0].kind in ("heading", "paragraph") and _same(blocks[0].text, descriptions) \
            and not dateline(blocks[0].text):
        standfirst, blocks = blocks[0].text.replace("\n", " "), blocks[1:]
    while blocks and blocks[0].kind == "paragraph" and _is_stamp(blocks[0].text):
        blocks = blocks[1:]
    blocks = [block for block in blocks if not _is_author_bio(block, authors)]
    blocks = [_bold_as_heading(block) for block in blocks]
    return Article(tuple(_without_tag_list(_without_empty_sections(blocks))), standfirst)


def has_prose(blocks: tuple[Block, ...]) -> bool:
    """True when some block holds a sentence of prose: a page of menus and headline links has none."""
    lines = (line for block in blocks if block.kind != "heading"
             for line in (block.items if block.kind in ("list", "table") else block.text.split("\n")))
    return any(is_prose(line) for line in lines)


def _without_boilerplate(block: Block) -> Block | None:
    """`block` less what is not writing: a line with no letter or digit ("###"), a line the
    text importer's rules call boilerplate; None when nothing is left."""
    if block.kind == "table":
        return block
    if block.kind == "list":
        items = tuple(item for item in block.items if _is_writing(item))
        return replace(block, items=items) if items else None
    lines = [line for line in block.text.split("\n") if _is_writing(line)]
    return replace(block, text="\n".join(lines)) if lines else None


def _is_writing(line: str) -> bool:
    return any(ch.isalnum() for ch in line) and rule_for(line) is None


def _after_headline(blocks: list[Block], title: str | None) -> list[Block]:
    """The blocks after the headline, when the extract starts with it (and perhaps a kicker
    or section label above it); else all of them."""
    if not title:
        return blocks
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "paragraph") and _same(block.text, (title,)):
            return blocks[index + 1:]
        if block.kind != "heading" and (block.kind != "paragraph" or is_prose(block.text)):
            break  # the article has begun: the headline is not printed in it
    return blocks


def _is_stamp(text: str) -> bool:
    """A byline or a date stamp: header lines that some sites print inside the article."""
    return all(byline_authors(line) or is_date_line(line) for line in text.split("\n"))


def _same(text: str, candidates: tuple[str, ...]) -> bool:
    plain = " ".join(text.split()).casefold()
    return any(plain == " ".join(c.split()).casefold() for c in candidates)


def _is_author_bio(block: Block, authors: tuple[Author, ...]) -> bool:
    """A paragraph that introduces one of the authors ("Jane Doe is a fellow at …"): the author box."""
    if block.kind != "paragraph" or not authors:
        return False
    opening = bio_opening(block.text)
    return opening is not None and opening[0] is not None and any(
        opening[0].casefold() == author.name.casefold() for author in authors)


def _bold_as_heading(block: Block) -> Block:
    if block.bold and "\n" not in block.text and word_count(block.text) <= _MAX_BOLD_HEADING_WORDS \
            and not ends_sentence(block.text) and not block.text.endswith(":"):
        return Block("heading", block.text, level=0)  # ranked by the headings around it, see below
    return block


def _without_empty_sections(blocks: list[Block]) -> list[Block]:
    """`blocks` less headings with nothing under them: followed by a heading of their rank
    or above, or by nothing. A bold-paragraph heading is a subheading of the section it is
    in, or of the top rank before the page's first heading."""
    ranked: list[Block] = []
    top = min((b.level for b in blocks if b.kind == "heading" and b.level), default=2)
    section: int | None = None  # the rank of the last real heading
    for block in blocks:
        if block.kind == "heading":
            if block.level:
                section = block.level
            else:
                block = replace(block, level=section + 1 if section else top)
        ranked.append(block)
    kept: list[Block] = []
    for block in reversed(ranked):
        if block.kind == "heading" and (not kept or kept[-1].kind == "heading" and kept[-1].level <= block.level):
            continue
        kept.append(block)
    return kept[::-1]


def _without_tag_list(blocks: list[Block]) -> list[Block]:
    """`blocks` less a closing list of short labels under a short heading ("Topics", "Temas"):
    the site's index of the article, not its text."""
    if len(blocks) < 2 or blocks[-1].kind != "list" or blocks[-2].kind != "heading" or word_count(blocks[-2].text) > 3:
        return blocks
    labels = all(word_count(item) <= 4 and not any(ch.isdigit() for ch in item) and last_mark(item) not in SENTENCE_END
                 for item in blocks[-1].items)
    return blocks[:-2] if labels else blocks


# --- Markdown ------------------------------------------------------------------------------

def to_markdown(blocks: tuple[Block, ...]) -> str:
    """The markdown body: the shallowest heading rank as `##`, each deeper rank one `#` more."""
    ranks = sorted({block.level for block in blocks if block.kind == "heading"})
    depth = {rank: min(2 + n, 6) for n, rank in enumerate(ranks)}
    parts = [_markdown(block, depth) for block in blocks]
    return "\n\n".join(parts) + "\n" if parts else ""


def _markdown(block: Block, depth: dict[int, int]) -> str:
    if block.kind == "heading":
        return f"{'#' * depth[block.level]} {block.text}"
    if block.kind == "list":
        return "\n".join(f"{f'{n}.' if block.ordered else '-'} {escape(item)}" for n, item in enumerate(block.items, 1))
    if block.kind == "table":
        rows = [block.items[i:i + block.columns] for i in range(0, len(block.items), block.columns)]
        lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * block.columns)
        return "\n".join(lines)
    lines = [escape(line) for line in block.text.split("\n")]
    return "\n>\n".join(f"> {line}" for line in lines) if block.kind == "quote" else "\n".join(lines)

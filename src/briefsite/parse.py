"""Parse: turn each briefing's markdown body into tokens and plain-text blocks.

In: `ArticleSource`s. Out: `ParsedArticle`s (the `Article`: the plain text of each paragraph
and heading for the taggers, headings with anchors, word count; and the markdown tokens the
body's HTML is made from) and diagnostics. Links between briefings may be written as relative
`.md` paths and are rewritten to page URLs.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.inline_text import plain_text
from briefsite.markdown_dialect import MAX_NESTING, make_markdown
from briefsite.records import Article, ArticleSource, Block, Heading, ParsedArticle

WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def parse_articles(sources: list[ArticleSource],
                   slugs_by_file: dict[str, str] | None = None) -> tuple[list[ParsedArticle], list[Diagnostic]]:
    """Parse every source. Links to other briefings' files are resolved through
    `slugs_by_file` (file name -> slug), by default among `sources` themselves."""
    md = make_markdown()
    if slugs_by_file is None:
        slugs_by_file = {source.path.name: source.meta.slug for source in sources}
    articles, diagnostics = [], []
    for source in sources:
        parsed, problems = parse_article(md, source, slugs_by_file)
        diagnostics.extend(problems)
        if parsed is not None:
            articles.append(parsed)
    return articles, diagnostics


def parse_article(md: MarkdownIt, source: ArticleSource,
                  slugs_by_file: dict[str, str]) -> tuple[ParsedArticle | None, list[Diagnostic]]:
    """Parse one briefing; None (with an error) when its markdown cannot be rendered whole."""
    try:
        tokens = md.parse(source.body)
    except RecursionError:
        return None, [error(source.path, source.body_line, "markdown is nested too deeply to render; "
                                                           "flatten the nested lists or quotes")]
    too_deep = next((t for t in tokens if t.level >= MAX_NESTING - 1), None)
    if too_deep is not None:
        line = source.body_line + (too_deep.map[0] if too_deep.map else 0)
        return None, [error(source.path, line, "lists or quotes nested too deeply: markdown would drop the "
                                               "text from this line on; nest them fewer than "
                                               f"{MAX_NESTING // 2} levels deep")]
    links: dict[str, str | None] = {}
    problems = _rewrite_links(tokens, source, slugs_by_file, links)
    _demote_headings_if_body_has_h1(tokens)
    blocks = tuple(_blocks(tokens, source.body_line))
    article = Article(
        path=source.path,
        meta=source.meta,
        blocks=blocks,
        headings=tuple(_headings(tokens)),
        word_count=sum(len(WORD.findall(block.text)) for block in blocks) + _code_words(tokens),
    )
    return ParsedArticle(article, tuple(tokens), tuple(sorted(links.items()))), problems


def _rewrite_links(tokens: list[Token], source: ArticleSource, slugs_by_file: dict[str, str],
                   links: dict[str, str | None]) -> list[Diagnostic]:
    """Point links to briefing files at their pages; note each file looked up in `links`."""
    problems = []
    for block in tokens:
        if block.children and any(t.type == "image" for t in block.children):
            block.children = _remote_images_as_links(block, source, problems)
        for token in block.children or ():
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            target, _, fragment = href.partition("#")
            if "://" in target or target.startswith(("/", "mailto:")) or not target.endswith((".md", ".markdown")):
                continue
            name = PurePosixPath(target).name
            slug = links[name] = slugs_by_file.get(name)
            if slug is None:
                line = source.body_line + (block.map[0] if block.map else 0)
                problems.append(warning(source.path, line, f"link to {target!r} matches no briefing in "
                                                           "content/articles/; check the file name"))
                continue
            # Article pages live at articles/<slug>/, so a sibling is one folder up.
            token.attrSet("href", f"../{slug}/" + (f"#{fragment}" if fragment else ""))
    return problems


def _remote_images_as_links(block: Token, source: ArticleSource, problems: list[Diagnostic]) -> list[Token]:
    # A page must load nothing from another host: a remote picture becomes a link to it.
    children = []
    for token in block.children:
        src = str(token.attrGet("src") or "") if token.type == "image" else ""
        if not src.lower().startswith(("http://", "https://", "//")):
            children.append(token)
            continue
        line = source.body_line + (block.map[0] if block.map else 0)
        problems.append(warning(source.path, line, f"remote image {src!r} is shown as a link, since pages load "
                                                   "nothing from other hosts; save the picture with the site to show it"))
        link = Token("link_open", "a", 1, attrs={"href": src}, level=token.level)
        text = Token("text", "", 0, content=f"Image: {token.content or src}", level=token.level + 1)
        children += [link, text, Token("link_close", "a", -1, level=token.level)]
    return children


def _demote_headings_if_body_has_h1(tokens: list[Token]) -> None:
    # The page's only h1 is the title; a body that uses '#' gets every heading one level down.
    if not any(t.type == "heading_open" and t.tag == "h1" for t in tokens):
        return
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"


def _headings(tokens: list[Token]):
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            yield Heading(level=int(token.tag[1]), text=plain_text(inline.children or [])[0], anchor=str(token.attrGet("id") or ""))


def _blocks(tokens: list[Token], body_line: int):
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        text, _ = plain_text(token.children or [])
        kind = "heading" if index and tokens[index - 1].type == "heading_open" else "paragraph"
        yield Block(kind=kind, text=text, line=body_line + (token.map[0] if token.map else 0), token=index)


def _code_words(tokens: list[Token]) -> int:
    return sum(len(WORD.findall(t.content)) for t in tokens if t.type in ("code_block", "fence"))

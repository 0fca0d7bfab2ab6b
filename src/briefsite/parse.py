"""Parse: turn each briefing's markdown body into HTML.

In: `ArticleSource`s. Out: `Article`s (body HTML, headings with anchors, word count) and
diagnostics. Raw HTML in markdown is escaped, never passed through: briefings are pasted
from the web, and escaping is the one policy that cannot let a script through. Links
between briefings may be written as relative `.md` paths and are rewritten to page URLs.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.records import Article, ArticleSource, Heading

# markdown-it stops parsing at this depth and silently drops the rest of the document;
# we detect reaching it and report the line instead of losing text.
MAX_NESTING = 40
WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def make_markdown() -> MarkdownIt:
    """The markdown dialect of briefings: CommonMark with tables and strikethrough, no raw HTML."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(anchors_plugin, min_level=1, max_level=4, permalink=False)
    return md


def parse_articles(sources: list[ArticleSource]) -> tuple[list[Article], list[Diagnostic]]:
    """Parse every source; links to other briefings' files are resolved among `sources`."""
    md = make_markdown()
    slugs_by_file = {source.path.name: source.meta.slug for source in sources}
    articles, diagnostics = [], []
    for source in sources:
        article, problems = parse_article(md, source, slugs_by_file)
        diagnostics.extend(problems)
        if article is not None:
            articles.append(article)
    return articles, diagnostics


def parse_article(md: MarkdownIt, source: ArticleSource,
                  slugs_by_file: dict[str, str]) -> tuple[Article | None, list[Diagnostic]]:
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
    problems = _rewrite_links(tokens, source, slugs_by_file)
    _demote_headings_if_body_has_h1(tokens)
    headings = tuple(_headings(tokens))
    html = md.renderer.render(tokens, md.options, {})
    return Article(
        path=source.path,
        meta=source.meta,
        body_html=html,
        headings=headings,
        word_count=_count_words(tokens),
    ), problems


def _rewrite_links(tokens: list[Token], source: ArticleSource, slugs_by_file: dict[str, str]) -> list[Diagnostic]:
    problems = []
    for block in tokens:
        for token in block.children or ():
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            target, _, fragment = href.partition("#")
            if "://" in target or target.startswith(("/", "mailto:")) or not target.endswith((".md", ".markdown")):
                continue
            slug = slugs_by_file.get(PurePosixPath(target).name)
            if slug is None:
                line = source.body_line + (block.map[0] if block.map else 0)
                problems.append(warning(source.path, line, f"link to {target!r} matches no briefing in "
                                                           "content/articles/; check the file name"))
                continue
            # Article pages live at articles/<slug>/, so a sibling is one folder up.
            token.attrSet("href", f"../{slug}/" + (f"#{fragment}" if fragment else ""))
    return problems


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
            yield Heading(level=int(token.tag[1]), text=inline.content, anchor=str(token.attrGet("id") or ""))


def _count_words(tokens: list[Token]) -> int:
    count = 0
    for token in tokens:
        if token.type == "inline":
            count += len(WORD.findall(token.content))
        elif token.type in ("code_block", "fence"):
            count += len(WORD.findall(token.content))
    return count

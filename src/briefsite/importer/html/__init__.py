"""The HTML importer: a saved web page in, the same briefing file as the text importer's out.

`import_html(raw, source_name)` runs these steps, each its own module:

1. `source`: decode the bytes in the encoding the page declares, and parse them.
2. `facts`: read what the page states about its article (headline, authors, date, site
   name, canonical address, language) from its metadata, as written.
3. `body`: trafilatura finds the article's own text; it is written as markdown, less the
   headline, standfirst and boilerplate.
4. the text importer's `document.render` writes the front matter and review notes, so a
   file imported from HTML reads like one imported from text.

Its own step because a saved page still has its structure: which block is a heading, a
list item or a table cell, and the facts its metadata states, which text loses. Unlike the
text importer it refuses a page in which no article text is found (`NoArticleText`): such a
page is a menu or an index, and an empty briefing from it would only hide the mistake.
Nothing is fetched: trafilatura is given the page, never an address.
"""

from __future__ import annotations

from pathlib import PurePath

from briefsite.importer import ImportedArticle
from briefsite.importer.document import render
from briefsite.importer.html.body import Article, article_of, extract_blocks, has_prose, to_markdown
from briefsite.importer.html.facts import read_facts, statement_author
from briefsite.importer.html.source import page_text, parse_page, saved_from
from briefsite.importer.metadata import Metadata, dateline, detect_language
from briefsite.records import Author

__all__ = ["NoArticleText", "import_html", "is_html_page"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


class NoArticleText(ValueError):
    """The page holds no article text that could be found: nothing to import."""


def is_html_page(raw: bytes, source_name: str) -> bool:
    """True for a saved web page: named `.html` (or `.htm`…), or starting as one does."""
    if PurePath(source_name).suffix.lower() in HTML_SUFFIXES:
        return True
    start = raw[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    while start.startswith(b"<!--"):  # "<!-- saved from url=… -->" and other comments come first
        end = start.find(b"-->")
        start = start[end + 3:].lstrip() if end >= 0 else b""
    return start[:15].lower().startswith((b"<!doctype html", b"<html"))


def import_html(raw: bytes, source_name: str) -> ImportedArticle:
    """Turn the saved web page `raw` of the file `source_name` into a briefing file.

    Raises `NoArticleText` when the page has no article text to import.
    """
    text = page_text(raw)
    tree = parse_page(text)
    if tree is None:
        raise NoArticleText("not an HTML page that could be read")
    facts = read_facts(tree)
    article = article_of(extract_blocks(tree), facts.title, facts.descriptions, facts.authors)
    if not has_prose(article.blocks):
        raise NoArticleText("no article text found in this page, only menus, links or other short lines")
    authors = facts.authors or _speakers(article)
    body = to_markdown(article.blocks)
    first = next((block.text for block in article.blocks if block.kind == "paragraph"), "")
    language = _language(facts.language, " ".join(block.text for block in article.blocks))
    meta = Metadata(
        title=facts.title,
        subtitle=article.standfirst or facts.standfirst,
        date=facts.date,
        date_as_written=facts.date_as_written,
        authors=authors,
        publication=facts.publication,
        source_url=facts.source_url or saved_from(text),
        dateline=dateline(first),
        language=language,
    )
    slug, file_text, review = render(meta, body, (), source_name)
    return ImportedArticle(slug, file_text, review)


def _speakers(article: Article) -> tuple[Author, ...]:
    """The author a testimony or speech names in its first heading, when the page names no other."""
    first = next((block.text for block in article.blocks if block.kind == "heading"), "")
    author = statement_author(first)
    return (author,) if author else ()


def _language(declared: str | None, body: str) -> str:
    """The declared language; but between English and Spanish the body's words decide,
    because many sites declare their default language on every page."""
    if declared in (None, "en", "es"):
        return detect_language(body)
    return declared

"""The saved page's bytes in, its text and parsed tree out.

A browser's "Save page as… (HTML only)" keeps the bytes the site sent, in whatever encoding
the page declares. That declaration is read first, as a browser reads it (a byte-order mark,
then `<meta charset>` or its `http-equiv` form, then an XML declaration, all within the
page's first bytes); a page that declares nothing is read as the text importer reads text.
Parsing is lxml's, through trafilatura, so the extractor and the metadata see one tree.
"""

from __future__ import annotations

import codecs
import re

from lxml.html import HtmlElement
from trafilatura import load_html

from briefsite.importer.clean import decode

# Browsers look for the declaration in the first 1,024 bytes; pages saved with a long
# comment or many <meta> tags before it are common, so look a little further.
_PRESCAN_BYTES = 4096
_DECLARED = (
    re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I),
    re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I),
)
# The WHATWG Encoding Standard reads these labels as windows-1252, and so do browsers:
# pages that say ISO-8859-1 are routinely written in windows-1252 (curly quotes, dashes).
_READ_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# "Save page as… complete" writes the page's address in a comment at the top.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


def page_text(raw: bytes) -> str:
    """`raw` decoded in the encoding the page declares; undeclared, as UTF-8 or else windows-1252."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return raw.decode(encoding, errors="replace")
    declared = declared_encoding(raw)
    if declared:
        try:
            return raw.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration: read it as if there were none
    return decode(raw)


def declared_encoding(raw: bytes) -> str | None:
    """The Python codec for the encoding the page declares at its top, or None."""
    head = raw[:_PRESCAN_BYTES]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            label = match.group(1).decode("ascii").lower()
            if label in _READ_AS_WINDOWS_1252:
                return "cp1252"
            try:
                return codecs.lookup(label).name
            except LookupError:
                return None
    return None


def parse_page(text: str) -> HtmlElement | None:
    """The page's element tree, or None when `text` is not HTML at all."""
    return load_html(text) if text.strip() else None


def saved_from(text: str) -> str | None:
    """The address a browser noted when it saved the page, if it did."""
    match = _SAVED_FROM.search(text, 0, _PRESCAN_BYTES)
    return match.group(1) if match else None

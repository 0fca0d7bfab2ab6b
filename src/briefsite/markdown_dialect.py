"""The markdown dialect of briefings, shared by parse (tokens) and render (HTML).

CommonMark with tables and strikethrough, heading anchors, and no raw HTML: HTML in a
briefing is escaped and shown as text, never passed through. Briefings are pasted from
the web, and escaping is the one policy that cannot let a script or event handler through.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

# markdown-it stops parsing at this depth and silently drops the rest of the document;
# parse detects reaching it and reports the line instead of losing text.
MAX_NESTING = 40


def make_markdown() -> MarkdownIt:
    """The markdown dialect of briefings: CommonMark with tables and strikethrough, no raw HTML."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(anchors_plugin, min_level=1, max_level=4, permalink=False)
    return md

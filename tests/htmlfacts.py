"""Small readers of built HTML for tests: links, ids and text, via the standard library."""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None and not (tag == "form" and name == "action" and attrs[name] == ""):
                self.urls.append(attrs[name])

    def handle_data(self, data):
        self.text.append(data)


def read(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def text_of(html: str) -> str:
    """The page's text with whitespace folded."""
    return " ".join("".join(read(html).text).split())

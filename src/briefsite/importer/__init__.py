"""The importer: raw scraped article text in, a briefing file with front matter out.

`import_article(raw, source_name)` runs these steps, each its own module:

1. `clean`: decode the bytes, repair mojibake, odd spaces and glued words; split into lines.
2. `layout`: find the headline, dek, header stamps, the article's lines, the author box,
   and drop the site's boilerplate (rules in `boilerplate`).
3. `metadata`: read the facts the page states (date, authors, publication, dateline…).
4. `markdown`: write the article's lines as markdown (headings, escapes).
5. `document`: write the front matter, with a review note for every fact not found.

It never fails on its input: any bytes give a file that builds, and what could not be read
is left for the editor in the `review:` list.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefsite.importer.clean import decode, repair, split_lines
from briefsite.importer.document import render
from briefsite.importer.layout import lay_out
from briefsite.importer.markdown import render_body
from briefsite.importer.metadata import read_metadata

__all__ = ["ImportedArticle", "import_article"]


@dataclass(frozen=True)
class ImportedArticle:
    """One imported article, ready to be written to `<slug>.md`."""

    slug: str
    text: str
    """The whole file: front matter and markdown body."""
    review: tuple[str, ...]
    """What the editor must check or supply; the same notes as the front matter's `review:`."""


def import_article(raw: bytes, source_name: str) -> ImportedArticle:
    """Turn the scraped text `raw` of the file `source_name` into a briefing file."""
    layout = lay_out(split_lines(repair(decode(raw))))
    meta = read_metadata(layout)
    body = render_body([line.text for line in layout.body])
    slug, text, review = render(meta, body, layout.doubtful, source_name)
    return ImportedArticle(slug, text, review)

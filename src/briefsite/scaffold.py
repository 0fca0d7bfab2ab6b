"""Scaffolding: `python -m briefsite new "Title"` writes a briefing ready to fill in.

In: the project root, a title and today's date. Out: `content/articles/<slug>.md` with every
front-matter field the schema knows, each empty or at its "unknown" value, so an editor
fills in what the source says and leaves the rest as it is. It is a draft, left out of the
site until the editor deletes its `draft: true`, so its placeholder text is never published.
The file is written whole or not at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from briefsite.diagnostics import UsageError
from briefsite.load import ARTICLES_DIR
from briefsite.slugs import SLUG_LIMIT, slugify
from briefsite.write import write_whole_file


def new_article(root: Path, title: str, today: date) -> Path:
    """Write a new briefing for `title`; refuse to overwrite one that exists. Raise the OSError
    that kept it from being written (a full disk), having written nothing."""
    slug = slugify(title, SLUG_LIMIT)
    if not slug:
        raise UsageError(f"cannot make a file name from the title {title!r}; use letters or digits")
    path = root / ARTICLES_DIR / f"{slug}.md"
    fields = yaml.safe_dump({"title": title, "slug": slug}, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"""---
{fields}subtitle: null
date: {today.isoformat()}          # publication date; "2026-03" or "2026" if only that is known, or unknown
date_note: null           # how the date was estimated, when the source does not state it
authors: []               # - name: Ana Ruiz
                          #   affiliation: Instituto de Estudios
publication: null         # where it was published, when the source says
source_url: null          # the original's web address
dateline: null
summary: ''               # one or two sentences for the home page
topics: []
draft: true               # delete this line when the briefing is ready to publish
---

Write the briefing here. Use `## Section` for headings.
"""
    try:
        write_whole_file(path, text)
    except FileExistsError:
        raise UsageError(f"{path.relative_to(root)} exists already; choose another title or edit that file") from None
    return path

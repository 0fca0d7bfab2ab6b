"""The article file: YAML front matter, review notes and the slug.

Input: `Metadata`, the layout's doubtful lines, the markdown body and the source file's
name. Output: the slug and the file's text. Whatever the page did not say is written as
the build's schema wants it empty (`date: unknown`, `authors: []`, `publication: null`)
and gets a review note; the build prints the notes as warnings until the editor deletes them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

import yaml

from briefsite.importer.clean import Line
from briefsite.importer.metadata import Metadata

MAX_SLUG_LENGTH = 60

# What each missing fact asks of the editor.
NOTE_TITLE = "title: not found in the source text; write one and add `title_note: Title supplied by the editor`"
NOTE_DATE = "date: not found in the article's header; set it (YYYY-MM-DD, YYYY-MM or YYYY) or keep `unknown`; add `date_note:` when it is estimated"
NOTE_AUTHORS = "authors: no byline or author box found; add the authors if they are known, else keep []"
NOTE_PUBLICATION = "publication: not named in the source text; add it if known, else keep null"
NOTE_SOURCE_URL = "source_url: no address of the article in the source text; add it if known, else keep null"
NOTE_SUMMARY = "summary: write one or two sentences"
NOTE_TOPICS = "topics: add two to four topics"
NOTE_EMPTY_BODY = "body: no article text was recognised in the source; paste the article in"


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated, accents folded; cut at a word boundary to ~60 characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"['’`]", "", folded)  # "Washington’s" gives "washingtons", not "washington-s"
    words = re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH and slug:
            break
        slug = candidate[:MAX_SLUG_LENGTH]
    return slug or "article"


def placeholder_title(source_name: str) -> str:
    """A title that says it is one, built from the source file's name."""
    return f"Untitled import of {PurePath(source_name).stem or source_name}"


def render(meta: Metadata, body: str, doubtful: tuple[Line, ...], source_name: str) -> tuple[str, str, tuple[str, ...]]:
    """`(slug, file text, review notes)` for one imported article."""
    notes = []
    title = meta.title
    if title is None:
        title = placeholder_title(source_name)
        notes.append(NOTE_TITLE)
    slug = slugify(meta.title or PurePath(source_name).stem)
    if meta.date is None:
        notes.append(NOTE_DATE)
    elif meta.date_as_written:
        order = "day first (Spanish)" if meta.language == "es" else "month first (English)"
        notes.append(f"date: '{meta.date_as_written}' could be read either way; read {order} as {meta.date.iso}; check it")
    if not meta.authors:
        notes.append(NOTE_AUTHORS)
    if meta.publication is None:
        notes.append(NOTE_PUBLICATION)
    if meta.source_url is None:
        notes.append(NOTE_SOURCE_URL)
    else:
        notes.append(f"source_url: taken from the text; check that {meta.source_url} is this article's own address")
    notes += [NOTE_SUMMARY, NOTE_TOPICS]
    notes += [
        f"body: kept source line {line.number} ({_quote(line.text)}) as article text; delete it if it is the site's, not the author's"
        for line in doubtful
    ]
    if not body:
        notes.append(NOTE_EMPTY_BODY)

    fields: dict[str, object] = {"title": title}
    if meta.subtitle:
        fields["subtitle"] = meta.subtitle
    fields |= {
        "slug": slug,
        "date": meta.date.iso if meta.date else "unknown",
        "authors": [_author(a.name, a.affiliation) for a in meta.authors],
        "publication": meta.publication,
        "source_url": meta.source_url,
    }
    if meta.dateline:
        fields["dateline"] = meta.dateline
    if meta.language != "en":
        fields["language"] = meta.language
    fields |= {"summary": "", "topics": [], "review": notes}
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    return slug, f"---\n{front}---\n\n{body}", tuple(notes)


def _author(name: str, affiliation: str | None) -> dict[str, str]:
    return {"name": name, "affiliation": affiliation} if affiliation else {"name": name}


def _quote(text: str, limit: int = 60) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit].rstrip()}…”"

"""Slugs: the ASCII, lowercase, hyphen-separated names of pages and actors in URLs and ids."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LIMIT = 80
"""A briefing's slug is a folder name and part of every URL of it: it stays short."""


def slugify(text: str, limit: int | None = None) -> str:
    """'Omar García Harfuch' -> 'omar-garcia-harfuch' ('' when nothing is left); at most
    `limit` characters when given."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:limit].strip("-") if limit else slug

"""Validate: check each briefing's front matter against the one declared schema.

In: `SourceFile`s. Out: `ArticleSource`s (typed metadata + markdown body with its line
offset) for the files that pass, and a diagnostic for every problem in every file, each
quoting the bad value and saying how to fix it. Checks that span files (duplicate slugs)
are made here too, after every file has been read.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from briefsite.diagnostics import Diagnostic, error, quote, warning
from briefsite.frontmatter_yaml import FrontMatterError, Value, split
from briefsite.slugs import SLUG_LIMIT, SLUG_PATTERN, slugify
from briefsite.records import CLAIM_TYPES, ArticleMeta, ArticleSource, Author, ClaimEdit, PartialDate, SourceFile

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")
UNKNOWN = "unknown"


class Problem(Exception):
    """A field's value is wrong; the message says what and how to fix it."""


@dataclass(frozen=True)
class Field:
    """One front-matter field: whether it is required, and how its value is read."""

    read: Callable[[Value], object]
    required: bool = False
    help: str = ""


def _text(value: Value) -> str:
    if value.data is None:
        raise Problem("is empty; write the text after the colon")
    if isinstance(value.data, (list, dict)):
        raise Problem(f"must be text, found a {value.kind} {quote(value.plain())}; write it on one line "
                      "after the colon, in quotes if it contains a colon")
    text = value.raw if value.raw is not None else str(value.data)
    text = " ".join(text.split())
    if not text:
        raise Problem("is empty; write the text after the colon")
    return text


def _optional_text(value: Value) -> str | None:
    if value.data is None or (isinstance(value.data, str) and not value.data.strip()):
        return None
    return _text(value)


def _summary(value: Value) -> str:
    return _optional_text(value) or ""


def _list_of_text(value: Value) -> tuple[str, ...]:
    if value.data is None:
        return ()
    items = value.data if isinstance(value.data, list) else [value]
    out = []
    for item in items:
        if isinstance(item.data, (list, dict)):
            raise Problem(f"must be a list of text, found {quote(value.plain())}; write one item a line, "
                          "e.g. '- cartels'")
        text = _optional_text(item)
        if text:
            out.append(text)
    return tuple(out)


def _date(value: Value) -> PartialDate | None:
    example = "write it as YYYY-MM-DD, e.g. 2026-03-02 (or \"2026-03\" / \"2026\" when only the month or year is known, or 'unknown')"
    if value.data is None:
        raise Problem(f"is empty; {example}")
    if isinstance(value.data, bool) or isinstance(value.data, (int, float)):
        raise Problem(f"{quote(value.raw)} is a number, not a date; {example}")
    if not isinstance(value.data, str):
        raise Problem(f"must be a date, found a {value.kind} {quote(value.plain())}; {example}")
    text = value.data.strip()
    if text.lower() == UNKNOWN:
        return None
    match = DATE_PATTERN.match(text)
    if not match:
        raise Problem(f"{quote(text)} is not a date; {example}")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise Problem(f"{quote(text)} has no month {month}; months run from 01 to 12")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise Problem(f"{quote(text)} is not a calendar date: {calendar.month_name[month]} {year} "
                          f"has {last} days")
    return PartialDate(year, month, day)


def _slug(value: Value) -> str:
    text = _text(value)
    if not SLUG_PATTERN.match(text):
        raise Problem(f"{quote(text)} is not a valid slug: use lowercase letters, digits and hyphens, "
                      f"e.g. {quote(slugify(text, SLUG_LIMIT) or 'my-briefing')}")
    return text


def _url(value: Value) -> str | None:
    text = _optional_text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in " <>\"'"):
        raise Problem(f"{quote(text)} is not a web address; write the full http:// or https:// URL, "
                      "or null when unknown")
    return text


def _authors(value: Value) -> tuple[Author, ...]:
    if value.data is None:
        return ()
    items = value.data if isinstance(value.data, list) else [value]
    authors = []
    for item in items:
        if isinstance(item.data, dict):
            unknown = sorted(set(item.data) - {"name", "affiliation"})
            if unknown:
                raise Problem(f"author entry has unknown field {quote(unknown[0])}; an author has "
                              "'name' and optionally 'affiliation'")
            if "name" not in item.data:
                raise Problem(f"author entry {quote(item.plain())} has no 'name'")
            name = _text(item.data["name"])
            affiliation = _optional_text(item.data["affiliation"]) if "affiliation" in item.data else None
            authors.append(Author(name, affiliation))
        elif isinstance(item.data, list):
            raise Problem(f"must be a list of authors, found {quote(value.plain())}; write one a line: "
                          "'- name: Ana Ruiz'")
        else:
            name = _optional_text(item)
            if name:
                authors.append(Author(name))
    return tuple(authors)


def _language(value: Value) -> str | None:
    text = _optional_text(value)
    if text is None:
        return None
    if not LANGUAGE_PATTERN.match(text.lower()):
        raise Problem(f"{quote(text)} is not a two-letter language code; write e.g. 'es' or 'en'")
    return text.lower()


def _flag(value: Value) -> bool:
    if value.data is None:
        return False
    if not isinstance(value.data, bool):
        raise Problem(f"must be true or false, found {quote(value.plain())}")
    return value.data


def _claim_edits(value: Value) -> tuple[ClaimEdit, ...]:
    example = "write e.g. '- {text: \"words of the sentence\", type: statistic}' or '- {id: c-1a2b3c4d5e6f, type: none}'"
    if value.data is None:
        return ()
    if not isinstance(value.data, list):
        raise Problem(f"must be a list of claim edits; {example}")
    edits = []
    types = (*CLAIM_TYPES, "none")
    for item in value.data:
        fields = item.data if isinstance(item.data, dict) else None
        if fields is None or set(fields) - {"id", "text", "type"} or len(set(fields) & {"id", "text"}) != 1:
            raise Problem(f"entry {quote(item.plain())} (line {item.line}) needs 'id' or 'text', and 'type'; {example}")
        kind = _text(fields["type"]) if "type" in fields else ""
        if kind not in types:
            raise Problem(f"entry on line {item.line} has type {quote(kind)}; use one of {', '.join(types)}")
        target = _text(fields.get("id") or fields["text"])
        edits.append(ClaimEdit(line=item.line, target=target, type=kind))
    return tuple(edits)


# The front-matter schema, declared once: every field a briefing may have.
SCHEMA: dict[str, Field] = {
    "title": Field(_text, required=True, help="the headline"),
    "subtitle": Field(_optional_text),
    "slug": Field(_slug),
    "date": Field(_date, required=True, help="publication date, YYYY-MM-DD, or 'unknown'"),
    "date_note": Field(_optional_text),
    "title_note": Field(_optional_text),
    "authors": Field(_authors),
    "publication": Field(_optional_text),
    "source_url": Field(_url),
    "dateline": Field(_optional_text),
    "language": Field(_language),
    "summary": Field(_summary),
    "topics": Field(_list_of_text),
    "review": Field(_list_of_text),
    "claims": Field(_claim_edits),
    "draft": Field(_flag),
}
# Names editors bring from Hugo and Jekyll, read as ours.
SYNONYMS = {"tags": "topics"}


def validate_articles(sources: list[SourceFile]) -> tuple[list[ArticleSource], list[Diagnostic]]:
    """Validate every source; return the valid articles and all diagnostics."""
    articles: list[ArticleSource] = []
    diagnostics: list[Diagnostic] = []
    for source in sources:
        article, problems = validate_article(source)
        diagnostics.extend(problems)
        if article is not None:
            articles.append(article)
    diagnostics.extend(_duplicate_slugs(articles))
    return articles, diagnostics


def validate_article(source: SourceFile) -> tuple[ArticleSource | None, list[Diagnostic]]:
    """Validate one file; the article is None when it has errors."""
    path = source.path
    try:
        parts = split(source.text)
    except FrontMatterError as exc:
        return None, [error(path, exc.line, exc.message)]
    problems: list[Diagnostic] = []
    values: dict[str, object] = {}
    for given, (line, value) in parts.fields.items():
        name = SYNONYMS.get(given, given)
        if name != given and name in parts.fields:
            problems.append(error(path, line, f"both '{given}' and '{name}' are given; they mean the same, keep one"))
            continue
        field = SCHEMA.get(name)
        if field is None:
            problems.append(warning(path, line, _unknown_field_message(name)))
            continue
        try:
            values[name] = field.read(value)
        except Problem as problem:
            problems.append(error(path, line, f"{name} {problem}"))
    first_line = 1
    for name, field in SCHEMA.items():
        if field.required and name not in parts.fields:
            problems.append(error(path, first_line, f"missing required field '{name}' ({field.help}); "
                                                   f"add a line '{name}: ...' to the front matter"))
    if any(p.is_error for p in problems):
        return None, problems
    for note in values.get("review", ()):
        problems.append(warning(path, parts.fields["review"][0], f"needs review: {note}"))
    if not values.get("summary"):
        line = parts.fields["summary"][0] if "summary" in parts.fields else first_line
        problems.append(warning(path, line, "summary is empty; write one or two sentences for the home page"))
    slug = values.get("slug") or slugify(path.stem, SLUG_LIMIT)
    if not slug:
        problems.append(error(path, first_line, f"cannot make a slug from the file name {path.name!r}; "
                                                "add a field 'slug: my-briefing'"))
        return None, problems
    meta = ArticleMeta(
        title=values["title"],
        slug=slug,
        date=values["date"],
        authors=values.get("authors", ()),
        publication=values.get("publication"),
        source_url=values.get("source_url"),
        summary=values.get("summary", ""),
        topics=values.get("topics", ()),
        subtitle=values.get("subtitle"),
        dateline=values.get("dateline"),
        date_note=values.get("date_note"),
        title_note=values.get("title_note"),
        language=values.get("language"),
        claim_edits=values.get("claims", ()),
        draft=values.get("draft", False),
    )
    return ArticleSource(path=path, meta=meta, body=parts.body, body_line=parts.body_line), problems


def _duplicate_slugs(articles: list[ArticleSource]) -> list[Diagnostic]:
    first: dict[str, ArticleSource] = {}
    problems = []
    for article in articles:
        slug = article.meta.slug
        if slug in first:
            other = first[slug].path
            problems.append(error(article.path, 1, f"duplicate slug {slug!r}: {other} has it too; "
                                                   "give one of them another 'slug:' or file name"))
        else:
            first[slug] = article
    return problems


def _unknown_field_message(name: str) -> str:
    close = difflib.get_close_matches(name, SCHEMA, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(SCHEMA)}"
    return f"unknown field {name!r} is ignored{hint}"

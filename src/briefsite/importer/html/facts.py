"""What a saved page states about its article: headline, authors, date, publication, address, language.

Input: the parsed page. Output: `PageFacts`, None or () for what the page does not state.
Pages state these facts in several places at once: schema.org JSON-LD, Open Graph and
citation `<meta>` tags, the `<h1>`, and the stamps printed under it. trafilatura reads most
of them; its reading is the fallback here, because it rewrites what the page wrote (it drops
the stops of initials, "Daniel R. Whitaker" → "Daniel R Whitaker"; splits "Okafor, Daniel"
into two names; pads "2025/10" to a day it invents). So each fact is first read as written,
in a fixed order of sources, and a date keeps the precision the page gives it. The header
under the headline is read last, with the text importer's byline and date readers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import ftfy
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import extract_metadata

from briefsite.importer.dates import find_date
from briefsite.importer.people import byline_authors
from briefsite.importer.shape import is_name, is_prose, word_count
from briefsite.records import Author, PartialDate


@dataclass(frozen=True)
class PageFacts:
    """Facts the page states about its article; None or () where it states none."""

    title: str | None
    standfirst: str | None
    """The summary printed under the headline, when the page also gives it as its description."""
    descriptions: tuple[str, ...]
    """The summaries the page gives of itself, to tell its standfirst from its first paragraph."""
    authors: tuple[Author, ...]
    date: PartialDate | None
    date_as_written: str | None
    """The header stamp the date was read from, when its day and month could be swapped."""
    publication: str | None
    source_url: str | None
    language: str | None
    """The two-letter language the page declares, if it declares one."""


# <meta> fields, by name or property, in the order they are trusted.
_TITLE_FIELDS = ("og:title", "citation_title", "dc.title", "dcterms.title", "twitter:title")
_DESCRIPTION_FIELDS = ("description", "og:description", "twitter:description", "dc.description", "dcterms.description")
_AUTHOR_FIELDS = ("author", "citation_author", "dc.creator", "dcterms.creator", "article:author", "byl")
_DATE_FIELDS = (
    "article:published_time", "citation_publication_date", "citation_date", "citation_online_date",
    "dcterms.issued", "dcterms.date", "dc.date.issued", "dc.date", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "og:published_time",
)
_PUBLISHER_FIELDS = ("citation_publisher", "dc.publisher", "dcterms.publisher", "citation_journal_title")
_LANGUAGE_FIELDS = ("content-language", "dc.language", "dcterms.language", "og:locale", "language")
_URL_FIELDS = ("og:url", "twitter:url", "citation_abstract_html_url")

# schema.org types of the node that describes the article itself.
_ARTICLE_TYPE = re.compile(r"(?:Article|Posting|Report|Review|Statement|Release|Transcript)$")
_MACHINE_DATE = re.compile(r"\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s+Z])")
_WEB_ADDRESS = re.compile(r"https?://\S+$")
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2})(?:$|[-_])")
# Kinds of organisation, as their names say them: a name holding one is a body, not a person.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:office|department|ministry|agency|bureau|administration|committee|commission|council|"
    r"cent(?:er|re)|institute|university|college|foundation|association|society|network|news|press|"
    r"media|staff|desk|team|editors?|editorial|newsroom|service|court|embassy|government|company|"
    r"corporation|inc|llc|ltd|group|project|program(?:me)?|house|senate|congress|"
    r"oficina|departamento|secretaría|ministerio|agencia|comisión|comité|consejo|centro|instituto|"
    r"universidad|fundación|asociación|redacción|gobierno|embajada|servicio|corte|tribunal|"
    r"grupo|programa|proyecto|cámara|senado|congreso)\b",
    re.I,
)
# A newsroom's desk signs for no one in particular: "Staff", "Redacción", "Wire reports".
_DESK = re.compile(r"\b(?:staff|newsroom|desk|wire|editors|redacción|redaccion|agencias)\b", re.I)
# How testimony and speeches name their speaker at the top: "Statement of", "Declaración de".
_STATEMENT_OF = re.compile(
    r"(?:(?:prepared|written|opening|joint)\s+)?(?:statement|testimony|remarks|address)\s+(?:of|by)\s+(?:the\s+)?"
    r"(?:(?:mr|mrs|ms|dr|hon|honorable|sen|senator|rep|gen|amb|ambassador)\.?\s+){0,2}(?P<rest>.+)"
    r"|(?:declaración|testimonio|intervención|comparecencia|palabras|discurso|mensaje)\s+(?:de|del)\s+"
    r"(?:(?:la|el|sr|sra|dr|dra|lic|mtro|mtra|embajador|embajadora|senador|senadora)\.?\s+){0,2}(?P<resto>.+)",
    re.I,
)
# How much of the page under the headline is read for its stamps: they sit right under it.
_HEADER_WORDS = 150
# Elements a browser starts a new line for.
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "address",
               "header", "footer", "section", "article", "aside", "main", "figure", "figcaption", "blockquote",
               "table", "tr", "td", "th", "br", "hr"}
_NOT_TEXT = {"script", "style", "noscript", "template", "button", "svg", "form", "nav"}


def read_facts(tree: HtmlElement) -> PageFacts:
    """The facts the page at `tree` states about its article."""
    meta = _meta_fields(tree)
    linked = _LinkedData(tree)
    stated = extract_metadata(tree, extensive=False)  # trafilatura's own reading, the fallback
    headlines = [_clean(h1.text_content()) for h1 in tree.iter("h1")]
    title = _title([linked.text("headline"), *[meta.get(f, [None])[0] for f in _TITLE_FIELDS], stated.title],
                   [h for h in headlines if h])
    descriptions = tuple(dict.fromkeys(d for d in (linked.text("description"),
                                                   *[v for f in _DESCRIPTION_FIELDS for v in meta.get(f, [])],
                                                   stated.description) if d))
    header, standfirst = _header_lines(tree, title, descriptions)
    language = _language(tree, meta)
    # The site's own name first: a JSON-LD publisher is often the company behind it.
    publisher_names = [*meta.get("og:site_name", []), linked.publisher(),
                       *[v for f in _PUBLISHER_FIELDS for v in meta.get(f, [])], stated.sitename]
    authors, issuer = _authors(linked, meta, header, stated.author, publisher_names)
    date, as_written = _date(tree, linked, meta, header, spanish=language == "es")
    return PageFacts(
        title=title,
        standfirst=standfirst,
        descriptions=descriptions,
        authors=authors,
        date=date,
        date_as_written=as_written,
        publication=issuer or _publication(publisher_names),
        source_url=_source_url(tree, linked, meta, stated.url),
        language=language,
    )


# --- Where the facts are written ----------------------------------------------------------

def _meta_fields(tree: HtmlElement) -> dict[str, list[str]]:
    """Every `<meta>` value by its lower-cased name, property or itemprop, in page order."""
    fields: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("name") or element.get("property") or element.get("itemprop") or element.get("http-equiv")
        value = _clean(element.get("content") or "")
        if key and value:
            fields.setdefault(key.strip().lower(), []).append(value)
    return fields


class _LinkedData:
    """The schema.org JSON-LD node that describes the article, with `@id` references resolved."""

    def __init__(self, tree: HtmlElement):
        nodes: list[dict] = []
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
                try:
                    _collect_nodes(json.loads(script.text), nodes)
                except ValueError:
                    continue  # a broken block of JSON-LD is the site's bug, not a reason to fail
        self._by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
        typed = [node for node in nodes if any(_ARTICLE_TYPE.search(t) for t in _types(node))]
        self.article = next(iter(typed + [node for node in nodes if "headline" in node]), {})

    def resolve(self, value):
        """`value`, or the node it refers to when it is only `{"@id": …}`."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self._by_id.get(value["@id"], value)
        return value

    def text(self, key: str) -> str | None:
        value = self.resolve(self.article.get(key))
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        return _clean(value) if isinstance(value, str) and value.strip() else None

    def things(self, key: str) -> list:
        value = self.article.get(key)
        return [self.resolve(v) for v in (value if isinstance(value, list) else [value]) if v]

    def publisher(self) -> str | None:
        for thing in self.things("publisher"):
            if isinstance(thing, dict) and isinstance(thing.get("name"), str):
                return _clean(thing["name"])
            if isinstance(thing, str):
                return _clean(thing)
        return None


def _collect_nodes(data, nodes: list[dict]) -> None:
    """Every object of a JSON-LD document that has a type or an id, in document order."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending += reversed(item)
        elif isinstance(item, dict):
            if "@type" in item or "@id" in item:
                nodes.append(item)
            graph = item.get("@graph")
            pending += reversed(graph) if isinstance(graph, list) else [graph] if graph else []


def _types(node: dict) -> list[str]:
    kinds = node.get("@type", [])
    return [k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)]


def _header_lines(tree: HtmlElement, title: str | None, descriptions: tuple[str, ...]) -> tuple[list[str], str | None]:
    """The lines printed between the headline and the article's first paragraph (its stamps),
    and the standfirst among them.

    The page is read as a browser lays it out, a new line at each block element, from the
    end of the headline on; the walk stops at the first paragraph of prose other than the
    standfirst (which the page also gives as its description), or after a few lines' words.
    """
    headings = [h for h in tree.iter("h1", "h2", "h3") if title and _clean(h.text_content()) == title]
    headline = headings[0] if headings else next(tree.iter("h1"), None)
    if headline is None:
        return [], None
    lines: list[str] = []
    standfirst: list[str] = []
    current: list[str] = []
    words = 0  # in `lines`
    started = False
    hidden: HtmlElement | None = None  # a script, form or menu being skipped

    def end_line() -> bool:
        """Close the current line; True when it was prose (the article has begun) or enough was read."""
        nonlocal words
        line = _clean("".join(current))
        current.clear()
        if line in descriptions:
            standfirst.append(line)
        elif line and is_prose(line):
            return True
        elif line:
            lines.append(line)
            words += word_count(line)
        return words >= _HEADER_WORDS
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if not started:
            started = event == "end" and element is headline
            if started and element.tail:
                current.append(element.tail)
            continue
        is_tag = isinstance(element.tag, str)
        if hidden is not None:
            if event == "end" and element is hidden:
                hidden = None
                current.append(element.tail or "")
            continue
        if event == "start":
            if is_tag and element.tag in _NOT_TEXT:
                hidden = element
                continue
            if is_tag and element.tag in _BLOCK_TAGS and end_line():
                break
            if is_tag:
                current.append(element.text or "")
        else:
            if is_tag and element.tag in _BLOCK_TAGS and end_line():
                break
            current.append(element.tail or "")
    return lines, next(iter(standfirst), None)


# --- Each fact ---------------------------------------------------------------------------

def _title(stated: list[str | None], headlines: list[str]) -> str | None:
    """The headline as the page prints it: the `<h1>` that a stated title agrees with.

    The `<h1>` is preferred because stated titles are often shortened for sharing
    ("Fentanyl at the Border by the Numbers") or carry the site's name ("… | Site").
    """
    stated_titles = [_clean(t) for t in stated if t and _clean(t)]
    for headline in headlines:
        if any(_agrees(headline, t) for t in stated_titles):
            return headline
    if stated_titles:
        return stated_titles[0]
    return headlines[0] if len(headlines) == 1 else None


def _agrees(headline: str, title: str) -> bool:
    """True when `title` is `headline`, its opening words, or it followed by the site's name."""
    shorter, longer = sorted((headline.casefold(), title.casefold()), key=len)
    if shorter == longer:
        return True
    if not longer.startswith(shorter) or longer[len(shorter)].isalnum():
        return False
    return len(title) > len(headline) or word_count(title) >= 3


def _authors(linked: _LinkedData, meta: dict[str, list[str]], header: list[str], stated: str | None,
             publishers: list[str | None]) -> tuple[tuple[Author, ...], str | None]:
    """The people who wrote the article, and the organisation named as its author, if one is.

    The first source that names people decides: JSON-LD, then the `<meta>` fields, then the
    bylines under the headline. A name that is the site's own, or a desk's ("Staff",
    "Redacción"), names nobody. An organisation's name ("U.S. Attorney's Office, Eastern
    District of New York") is the body that issued the article; when no source names a
    person, the article has no personal author. trafilatura's reading, which guesses from
    the page's markup, is taken only when the page names no author at all.
    """
    sites = {p.casefold() for p in publishers if p}
    sources: list[list[Author | _Body | str | None]] = [[_linked_author(thing) for thing in linked.things("author")]]
    for field in _AUTHOR_FIELDS:
        values = [v for v in meta.get(field, []) if not _WEB_ADDRESS.match(v)]
        sources.append([_first_name_first(v) if field == "citation_author" else v for v in values])
    sources.append([a for line in header for a in byline_authors(line)])
    issuer: str | None = None
    for source in sources:
        people: list[Author] = []
        for named in source:
            name = named if isinstance(named, str) else named.name if named else ""
            if not name or name.casefold() in sites or _DESK.search(name):
                continue
            if isinstance(named, _Body) or _ORGANISATION_WORDS.search(name):
                issuer = issuer or name
            elif isinstance(named, str):
                people += byline_authors(f"By {named}")
            else:
                people.append(named)
        if people:
            return tuple(dict((a.name, a) for a in people).values()), issuer
    if issuer:
        return (), issuer
    guessed = [Author(n) for n in (stated or "").split("; ") if is_name(n) and not _ORGANISATION_WORDS.search(n)]
    return tuple(guessed), None


@dataclass(frozen=True)
class _Body:
    """An author that the page itself types as an organisation."""

    name: str


def _linked_author(thing) -> Author | _Body | str | None:
    """A JSON-LD author: a Person as an `Author`, an Organization as a `_Body`, plain text as it is."""
    if isinstance(thing, str):
        return _clean(thing)
    if not isinstance(thing, dict) or not isinstance(thing.get("name"), str):
        return None
    if any("Organization" in kind for kind in _types(thing)):
        return _Body(_clean(thing["name"]))
    return Author(_clean(thing["name"]), _affiliation(thing))


def statement_author(line: str) -> Author | None:
    """The speaker a testimony or speech names as its author in its heading:
    "Prepared Statement of Jane Doe", "Testimony of Jane Doe, Director…", "Declaración de …"."""
    match = _STATEMENT_OF.match(line)
    if match is None:
        return None
    rest = match.group("rest") or match.group("resto")
    name, _, role = re.split(r"\s+(?:before|to|ante)\s+", rest, maxsplit=1)[0].partition(",")
    name = name.strip().rstrip(".")
    return Author(name, role.strip(" ,;.") or None) if is_name(name) and not _ORGANISATION_WORDS.search(name) else None


def _first_name_first(name: str) -> str:
    """A citation's "Gaines, Thomas R." as "Thomas R. Gaines"; any other name as it is."""
    surname, comma, given = name.partition(",")
    flipped = f"{given.strip()} {surname.strip()}"
    return flipped if comma and "," not in given and is_name(flipped) else name


def _affiliation(person: dict) -> str | None:
    parts = [person.get("jobTitle")]
    organisations = person.get("affiliation")
    for org in organisations if isinstance(organisations, list) else [organisations]:
        parts.append(org.get("name") if isinstance(org, dict) else org)
    text = ", ".join(_clean(p) for p in parts if isinstance(p, str) and p.strip())
    return text or None


def _date(tree: HtmlElement, linked: _LinkedData, meta: dict[str, list[str]], header: list[str],
          spanish: bool) -> tuple[PartialDate | None, str | None]:
    """The publication date at the precision the page gives, and the stamp when it is ambiguous."""
    machine = [linked.text("datePublished"), *[v for f in _DATE_FIELDS for v in meta.get(f, [])[:1]]]
    machine += [t.get("datetime") for t in tree.iter("time")
                if t.get("itemprop") == "datePublished" or t.get("pubdate") is not None]
    for value in machine:
        date = _machine_date(value) if value else None
        if date:
            return date, None
    hits = [hit for line in header if (hit := find_date(line, spanish))]
    hit = next((h for h in hits if not h.updated), None)
    return (hit.date, hit.ambiguous) if hit else (None, None)


def _machine_date(value: str) -> PartialDate | None:
    """A date as metadata writes it: `2025-08-14T06:00:00-06:00`, `2025/10`, `2025`, or in words."""
    match = _MACHINE_DATE.match(value)
    if match is None:
        hit = find_date(value)
        return hit.date if hit else None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    return PartialDate(year, month, day)


def _publication(names: list[str | None]) -> str | None:
    """The first publisher name that is a name, not a web address or bare host name."""
    for name in names:
        if name and not _WEB_ADDRESS.match(name) and not re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name):
            return _clean(name)
    return None


def _source_url(tree: HtmlElement, linked: _LinkedData, meta: dict[str, list[str]], stated: str | None) -> str | None:
    canonical = [link.get("href") for link in tree.iter("link")
                 if "canonical" in (link.get("rel") or "").lower().split()]
    candidates = [*canonical, *[v for f in _URL_FIELDS for v in meta.get(f, [])], linked.text("url"),
                  linked.text("mainEntityOfPage"), stated]
    return next((c.strip() for c in candidates if c and _WEB_ADDRESS.match(c.strip())), None)


def _language(tree: HtmlElement, meta: dict[str, list[str]]) -> str | None:
    for tag in [tree.get("lang"), tree.get("xml:lang"), *[v for f in _LANGUAGE_FIELDS for v in meta.get(f, [])]]:
        match = _LANGUAGE_TAG.match(tag.strip()) if tag else None
        if match:
            return match.group(1).lower()
    return None


def _clean(text: str) -> str:
    """`text` on one line, with single spaces and mojibake undone."""
    return " ".join(ftfy.fix_text(text, uncurl_quotes=False).split())

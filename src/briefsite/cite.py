"""Cite: turn one briefing's metadata into ready-to-use citations.

In: an `ArticleMeta`, the briefing's canonical URL on this archive (or None), and
optionally the date the cited address was accessed. Out: a `Citations` record with an
APA 7 reference (publication manual, 7th edition, 2020: online news or magazine
article, or a web page when there is no publication), a Chicago 17 notes-bibliography
bibliography entry (Chicago Manual of Style, 17th edition, 2017: 14.191 and 14.206 for
articles online, 14.232-233 for web pages), a biblatex entry and an RIS record. Pure
functions: no I/O, no state, the same metadata always gives the same text.

The archive never invents facts, so a missing element is left out the way each style
says: no author moves the title to the front, no date is "n.d.", a month or a year is
given at its own precision, and an access date appears only when the caller gives one.
The address cited is the original publication's (`source_url`); the archive's own copy
is cited only when the original address is not recorded.

Titles are kept as published: APA's sentence case would need to know which words are
proper nouns ("Mexico", "FTO"), and getting that wrong would change the title. The
subtitle field holds a magazine's standfirst, not a subtitle of the title, so it is not
cited. Authors' affiliations are never part of a citation.

How an author's name is split into surname and given names, in order:
1. A name with an organization word ("Center", "Institute", "Group"…), a linking word
   ("of", "for", "and", "&"), a leading "The", or a single word is an organization (or a
   mononym) and is cited exactly as written.
2. "Surname, Given names" is taken as written: the way to spell out any name the rules
   below get wrong ("Paul Jones, John" would be wrong; write "Jones, John Paul").
3. A lowercase particle (de, del, de la, van, von…) after the first word starts the
   surname: "Juan de la Fuente" → "de la Fuente"; "y" joins the surnames on either
   side: "José Ortega y Gasset" → "Ortega y Gasset".
4. Three or more words, the second-last not an initial: the last two are the surnames,
   as in Spanish naming (given names, father's surname, mother's surname):
   "Omar García Harfuch" → "García Harfuch". "Brian M. Jenkins" → "Jenkins".
5. Otherwise the last word is the surname.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from briefsite.records import MONTHS, ArticleMeta, PartialDate

ORGANIZATION_WORDS = frozenset("""
    Agency Alliance Association Board Bureau Center Centre Coalition Commission Committee
    Corporation Council Department Editors Forum Foundation Fund Government Group Initiative
    Institute Institution International Ministry Network News Office Press Program Programme
    Project Secretariat Service Society Staff Team University Watch
    Centro Comisión Consejo Fundación Gobierno Instituto Secretaría Universidad
""".split())
LINKING_WORDS = frozenset({"of", "for", "and", "on", "at", "&"})
PARTICLES = frozenset("da das de del della der di do dos du la las le los van von y".split())
INITIAL = re.compile(r"(?:\w\.-?)+|\w")
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
RIS_EOL = "\r\n"  # the RIS specification ends every line with CR LF

Run = tuple[str, bool]
"""A piece of a formatted citation and whether the style sets it in italics."""


@dataclass(frozen=True)
class Citations:
    """One briefing cited four ways."""

    apa: str
    """APA 7 reference as plain text (the italics are lost; nothing else is)."""
    apa_html: str
    """The same, as an HTML fragment: metadata escaped, italics as `<i>`."""
    chicago: str
    """Chicago 17 bibliography entry as plain text, title in curly quotes."""
    chicago_html: str
    """The same, as an HTML fragment: metadata escaped, italics as `<i>`."""
    bibtex: str
    """A biblatex `@online` entry, UTF-8 text, ending with a newline."""
    ris: str
    """An RIS record, CR LF line endings, ending with `ER  - `."""


@dataclass(frozen=True)
class Name:
    """An author's name split for citing; `given` is '' for an organization or a mononym."""

    surname: str
    given: str = ""


def citations(meta: ArticleMeta, url: str | None, accessed: PartialDate | None = None) -> Citations:
    """Cite a briefing: the original's address when recorded, else `url` (this archive's copy).

    `accessed` is the date the cited address was read; it is printed only where a style
    asks for it (Chicago, for an undated source) and kept as data in BibTeX and RIS.
    """
    link = meta.source_url or url
    if link is None:
        accessed = None  # an access date belongs to an address; with none, it has nothing to date
    title = _clean(meta.title)
    publication = _clean(meta.publication) if meta.publication else None
    names = tuple(split_name(_clean(author.name)) for author in meta.authors)
    apa = _apa(names, title, meta.date, publication, link)
    chicago = _chicago(names, title, meta.date, publication, link, accessed)
    return Citations(
        apa=_plain(apa), apa_html=_html(apa),
        chicago=_plain(chicago), chicago_html=_html(chicago),
        bibtex=_bibtex(names, title, meta.date, publication, link, accessed),
        ris=_ris(names, title, meta.date, publication, link, accessed),
    )


def split_name(name: str) -> Name:
    """Split a personal name into surname and given names by the rules in the module docstring."""
    words = name.split()
    if len(words) < 2 or words[0] == "The" or any(
            w in LINKING_WORDS or w.strip(",.") in ORGANIZATION_WORDS for w in words):
        return Name(name)
    if "," in name:
        surname, given = name.split(",", 1)
        return Name(surname.strip(), given.strip())
    start = next((i for i, word in enumerate(words[1:-1], 1) if word in PARTICLES), None)
    if start is not None:
        if words[start] == "y":
            start = max(start - 1, 1)
    elif len(words) >= 3 and not INITIAL.fullmatch(words[-2]):
        start = len(words) - 2
    else:
        start = len(words) - 1
    return Name(" ".join(words[start:]), " ".join(words[:start]))


# --- APA 7 ------------------------------------------------------------------------------

def _apa(names: tuple[Name, ...], title: str, date: PartialDate | None,
         publication: str | None, link: str | None) -> list[Run]:
    # A stand-alone web page has its title in italics; an article in a periodical has the
    # periodical's name in italics instead (APA 7, 10.1 and 10.16).
    title_runs = _titled(title, italic=publication is None)
    date_runs: list[Run] = [(f"({_apa_date(date)}).", False)]
    if names:
        elements = [[(_end(_apa_authors(names)), False)], date_runs, title_runs]
    else:  # no author: the title takes the author's place, before the date
        elements = [title_runs, date_runs]
    if publication:
        elements.append(_titled(publication, italic=True))
    if link:
        elements.append([(link, False)])  # APA ends with the bare URL, no full stop
    return _joined(elements)


def _apa_authors(names: tuple[Name, ...]) -> str:
    cited = [name.surname if not name.given else f"{name.surname}, {_initials(name.given)}"
             for name in names]
    if len(cited) == 1:
        return cited[0]
    if len(cited) > 20:  # APA 7, 9.8: the first nineteen, an ellipsis, the last
        return ", ".join(cited[:19]) + ", . . . " + cited[-1]
    return ", ".join(cited[:-1]) + ", & " + cited[-1]


def _initials(given: str) -> str:
    # "Andrés Manuel" → "A. M."; a hyphenated name keeps its hyphen: "Jean-Paul" → "J.-P.".
    return " ".join("-".join(part[0].upper() + "." for part in word.split("-") if part)
                    for word in given.split())


def _apa_date(date: PartialDate | None) -> str:
    if date is None:
        return "n.d."
    if date.month is None:
        return str(date.year)
    month = MONTHS[date.month - 1]
    return f"{date.year}, {month} {date.day}" if date.day else f"{date.year}, {month}"


# --- Chicago 17 -------------------------------------------------------------------------

def _chicago(names: tuple[Name, ...], title: str, date: PartialDate | None, publication: str | None,
             link: str | None, accessed: PartialDate | None) -> list[Run]:
    when = _chicago_date(date) if date else "n.d."
    elements = []
    if names:
        elements.append([(_end(_chicago_authors(names)), False)])
    elements.append([(f"“{_end(_inner_quotes(title))}”", False)])
    if publication:
        elements.append([(publication, True), (_end(f", {when}"), False)])
    else:
        elements.append([(_end(when), False)])
    if date is None and accessed:  # CMOS 14.233: an undated source online gets an access date
        elements.append([(f"Accessed {_chicago_date(accessed)}.", False)])
    if link:
        elements.append([(f"{link}.", False)])
    return _joined(elements)


def _chicago_authors(names: tuple[Name, ...]) -> str:
    # The first author inverted, the others not (CMOS 14.76).
    cited = [name.surname if not name.given else f"{name.surname}, {name.given}" for name in names[:1]]
    cited += [name.surname if not name.given else f"{name.given} {name.surname}" for name in names[1:]]
    if len(cited) == 1:
        return cited[0]
    if len(cited) > 10:  # CMOS 14.76: more than ten authors, list seven and "et al."
        return ", ".join(cited[:7]) + ", et al."
    return ", ".join(cited[:-1]) + ", and " + cited[-1]


def _chicago_date(date: PartialDate) -> str:
    if date.month is None:
        return str(date.year)
    month = MONTHS[date.month - 1]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def _inner_quotes(title: str) -> str:
    # The title goes in double quotes, so quotes inside it become single (CMOS 13.30).
    return re.sub(r'"([^"]*)"', r"‘\1’", title).replace("“", "‘").replace("”", "’")


# --- biblatex ---------------------------------------------------------------------------

def _bibtex(names: tuple[Name, ...], title: str, date: PartialDate | None, publication: str | None,
            link: str | None, accessed: PartialDate | None) -> str:
    # biblatex's @online rather than BibTeX's @misc: it has a real `url`, `urldate` and an
    # ISO `date` at any precision (2026, 2026-01, 2026-01-02), where @misc would need
    # `howpublished = {\url{…}}` and a year/month pair. The publication goes in
    # `organization`, the field @online defines for whoever published the page.
    fields = []
    if names:
        # Braces keep an organization's name whole (biblatex would split "A and B" in two).
        fields.append(("author", " and ".join(
            f"{_tex(n.surname)}, {_tex(n.given)}" if n.given else f"{{{_tex(n.surname)}}}" for n in names)))
    # The title in an extra pair of braces: styles that change case must leave it as published.
    fields.append(("title", f"{{{_tex(title)}}}"))
    if date:
        fields.append(("date", date.iso))
    if publication:
        fields.append(("organization", _tex(publication)))
    if link:
        # `url` is verbatim in biblatex, so no TeX escapes; only braces, which would unbalance
        # the entry, and backslashes are percent-encoded (neither may stand bare in a URL).
        fields.append(("url", link.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")))
    if accessed:
        fields.append(("urldate", accessed.iso))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{_bibtex_key(names, title, date)},\n{body}\n}}\n"


def _bibtex_key(names: tuple[Name, ...], title: str, date: PartialDate | None) -> str:
    # First author's surname, else the title's first word past an article; the year or "nd".
    # Unique within its own .bib file, which holds this one entry.
    year = str(date.year) if date else "nd"
    if names and names[0].given:
        stem = _ascii(names[0].surname)
    else:
        words = (names[0].surname if names else title).split()
        stem = next((_ascii(w) for w in words if w.lower() not in ("a", "an", "the") and _ascii(w)), "")
    return (stem or "ref") + year


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _tex(text: str) -> str:
    return re.sub(r"[\\{}%&$#_^~]", lambda m: BIBTEX_SPECIALS[m.group()], text)


# --- RIS --------------------------------------------------------------------------------

def _ris(names: tuple[Name, ...], title: str, date: PartialDate | None, publication: str | None,
         link: str | None, accessed: PartialDate | None) -> str:
    # NEWS (newspaper or magazine article) when it appeared in a publication, else ELEC
    # (web page), matching the APA choice between article and web page.
    lines = [("TY", "NEWS" if publication else "ELEC")]
    lines += [("AU", f"{n.surname}, {n.given}" if n.given else n.surname) for n in names]
    lines.append(("TI", title))
    if publication:
        lines.append(("T2", publication))
    if date:
        lines.append(("PY", str(date.year)))
        if date.month:  # a year alone is all in PY already
            lines.append(("DA", _ris_date(date)))
    if link:
        lines.append(("UR", link))
    if accessed:
        lines.append(("Y2", _ris_date(accessed)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}{RIS_EOL}" for tag, value in lines)


def _ris_date(date: PartialDate) -> str:
    # YYYY/MM/DD/other, the unknown parts left empty: 2026/01//
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


# --- Shared -----------------------------------------------------------------------------

def _clean(text: str) -> str:
    # One line, single spaces: an RIS value cannot span lines, and none of the styles wants breaks.
    return " ".join(text.split())


def _end(text: str) -> str:
    """Close an element with a full stop unless it already ends with one, '?' or '!'."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _titled(text: str, italic: bool) -> list[Run]:
    # The closing full stop is set in roman even after an italic title.
    closed = _end(text)
    return [(text, italic), (closed[len(text):], False)] if closed != text else [(text, italic)]


def _joined(elements: list[list[Run]]) -> list[Run]:
    runs: list[Run] = []
    for element in elements:
        if runs:
            runs.append((" ", False))
        runs.extend(element)
    return runs


def _plain(runs: list[Run]) -> str:
    return "".join(text for text, _ in runs)


def _html(runs: list[Run]) -> str:
    return "".join(f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in runs)

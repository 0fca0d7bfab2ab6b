"""Authors: read from a byline ("By …", "Por …") or from the author box's lines.

A byline gives names and sometimes an affiliation after a comma; under a headline, a line
of names with no "By" ("Ana Ruiz, Tom Lee") is one too; an author box gives a name line and a biography
whose first sentence says what the author is ("Henry Ziemer is an Associate Fellow with …",
"Estefan es profesora en …"). A person's name is told from a role or a label by its words:
a name holds no title, position or institution word ("Senior Fellow", "Full Committee Hearing").
"""

from __future__ import annotations

import re

from briefsite.importer.shape import is_name, word_count
from briefsite.records import Author

_BYLINE = re.compile(
    r"(?:by|por|written\s+by|posted\s+by|words\s+by|(?:interview|interviewed|reported)\s+by|escrito\s+por|"
    r"(?:entrevista|texto)\s+(?:de|por)|texto|text|autor(?:a|es|as)?|authors?|"
    # A witness's statement names its author: "Prepared Statement of Jane Doe", "Testimonio de …".
    r"(?:prepared\s+|written\s+)?(?:statement|testimony|remarks)\s+(?:of|by)|(?:declaración|testimonio|intervención)\s+de)"
    r"\b\s*:?\s*(?P<rest>.+)",
    re.I,
)
# Bylines also carry the date and reading time, separated by bars or bullets.
_SEGMENTS = re.compile(r"\s+[|•·]\s+|\s+[|•·]|[|•·]\s+")
_NAME_LIST = re.compile(r"\s*,\s*(?:and\s+|y\s+)?|\s+(?:and|y|&)\s+")
# Words of positions, desks and bodies: no person's name holds one ("Senior Fellow", "Staff Writer").
_POSITION_WORDS = (
    r"fellow|director|directora|professor|profesora?|investigadora?|analyst|analista|researcher|editor|editora|"
    r"correspondent|corresponsal|president|presidenta?|chair|chairman|chairwoman|ranking|member|senior|adjunct|associate|"
    r"secretary|secretaria|minister|ministra?|senator|senadora?|representative|diputada?|commissioner|administrator|"
    r"attorney|fiscal|judge|jueza?|agent|officer|chief|deputy|assistant|former|special|host|columnist|contributor|"
    r"staff|writer|editorial|redacción|newsroom|team|desk|reporter|agencia|wire|"
    r"office|oficina|committee|comité|comisión|department|departamento|ministry|ministerio|division|"
    r"bureau|agency|center|centre|centro|institute|instituto|university|universidad|program|programa|council|consejo|"
    r"school|escuela|foundation|fundación|forum|foro|organization|organisation|organización|network|group|grupo|"
    r"project|proyecto|society|sociedad|association|asociación|review|journal|revista|diario|times|post|press|prensa|"
    r"news|noticias|radio|media"
)
# Words of documents and of the labels pages print in Title Case ("Full Committee Hearing", "Contact Us").
_LABEL_WORDS = (
    r"hearing|audiencia|report|informe|release|statement|testimony|transcript|summary|resumen|findings|contents|"
    r"introduction|introducción|policy|privacy|terms|contact|about|us|home|support|subscribe|donate|search|menu|"
    r"newsletter|careers|accessibility|publications?|research|events?|programs?"
)
_POSITION = re.compile(rf"\b(?:{_POSITION_WORDS})(?:e?s)?\b", re.I)
_NOT_IN_A_NAME = re.compile(rf"\b(?:{_POSITION_WORDS}|{_LABEL_WORDS})(?:e?s)?\b", re.I)

# Words that make a byline part an affiliation ("By Jane Doe, Senior Fellow, Wilson Center"), not a second
# name, and a "Name, position" line a byline: fewer than `_POSITION`, since such a line may also be a caption.
_ROLE_WORDS = re.compile(
    r"\b(?:fellow|director|directora|professor|profesora?|investigadora?|analyst|analista|researcher|editor|editora|"
    r"correspondent|corresponsal|president|presidenta?|chair|center|centre|centro|institute|instituto|university|"
    r"universidad|program|programa|council|consejo|school|escuela|foundation|fundación|associate|senior|adjunct)\b",
    re.I,
)

# "Jane Doe, Senior Fellow, Security Program": a name, a comma, then a short position, no sentence.
_NAME_THEN_ROLE = re.compile(r"(?P<name>[^,]{3,60}),\s+(?P<role>[^.!?]{3,100})")

# A biography's opening: the name (or surname, after a bullet), then what the author is.
_BIO = re.compile(
    r"[•·▪*\-–]?\s*(?P<name>[A-ZÁÉÍÓÚÑÜ][\w’'.\-]*(?:\s+(?:de|del|la|van|von|da|dos|[A-ZÁÉÍÓÚÑÜ][\w’'.\-]*)){0,4})"
    r"\s+(?:is|was|serves\s+as|has\s+been|es|fue|ha\s+sido|se\s+desempeña\s+como|funge\s+como)\s+(?P<role>.+)"
)
# Spanish drops the subject under a name line: "Es profesora en …".
_BIO_WITHOUT_SUBJECT = re.compile(r"[•·▪*\-–]?\s*(?:Es|Fue|Ha\s+sido)\s+(?P<role>.+)")
_ARTICLE = re.compile(r"^(?:an?|the|un|una|el|la)\s+", re.I)
# A full stop before a capital may still not end the sentence: after an initial ("U.S.") or a title ("Dr.").
_STOP = re.compile(r"(?P<word>\S*)\.(?=\s+[A-ZÁÉÍÓÚÑ¿¡“\"])")
_ABBREVIATION = re.compile(r"(?:.*\.)?[A-Za-z]|Dr|Mr|Mrs|Ms|St|Jr|Sr|Mt|Sra|Lic|Ing|No|Gen|Col|Prof|Amb|Sen|Rep|Gov", re.I)
# Pronouns that open a biography's further lines ("His research interests include …").
BIO_CONTINUATION = re.compile(r"(?:he|she|they|his|her|their|él|ella|ellos|su|sus)\s", re.I)


_MAX_POSITION_WORDS = 12
_POSSESSIVE = re.compile(r"['’]s\b")
# Where the writer files from, after the names: "Ana Ruiz in Mexico City", "Ana Ruiz en Culiacán".
_FROM_PLACE = re.compile(r"\s+(?:in|en|from|desde)\s+[A-ZÁÉÍÓÚÑ][\w.'’-]*(?:\s+(?:(?:de|del|la)\s+)?[A-ZÁÉÍÓÚÑ][\w.'’-]*){0,3}$")
# A name does not open with an article: "The Crossing" is a programme, "El Universal" a paper.
_LEADING_ARTICLE = re.compile(r"(?:the|an?|el|los|las|un|una)\s", re.I)


def is_person_name(text: str) -> bool:
    """True for a person's name as bylines print it: `Rebecca A. Holloway`, `DIEGO VILLAFAÑE`.

    Not a role or a label in Title Case: `Senior Fellow`, `Full Committee Hearing`.
    """
    return (is_name(text) and not _NOT_IN_A_NAME.search(text) and not _LEADING_ARTICLE.match(text)
            and not _POSSESSIVE.search(text))


def is_position(text: str) -> bool:
    """True for a line that states a position, as printed under a name: `Senior Fellow, Illicit
    Finance Program`, `Special to the Herald`."""
    return word_count(text) <= _MAX_POSITION_WORDS and not re.search(r"[.!?]$", text) and bool(_POSITION.search(text))


def names_in(text: str) -> list[str]:
    """The names of a line that is only people's names (`Ana Ruiz, Tom Lee`, `Ana Ruiz in Mexico City`), else []."""
    if word_count(text) > 30:
        return []
    text = _FROM_PLACE.sub("", text.strip().rstrip("."))
    parts = [part.strip() for part in _NAME_LIST.split(text)]
    return parts if parts and all(is_person_name(part) for part in parts) else []


def byline_authors(text: str) -> list[Author]:
    """The authors a byline names, or [] when `text` is not a byline.

    Besides "By …" and "Por …", a name with its position and no "By" is a byline:
    "Jane Doe, Senior Fellow, Wilson Center" (a role word must follow the name). A line of
    names alone is one only where it stands under a headline, which `layout` knows.
    """
    match = _BYLINE.fullmatch(text)
    if match is not None:
        rest = match.group("rest")
    elif (name := _NAME_THEN_ROLE.fullmatch(text)) and is_person_name(name.group("name")) and _ROLE_WORDS.search(name.group("role")):
        rest = text
    else:
        return []
    if word_count(text) > 30:
        return []
    names_part = _SEGMENTS.split(rest)[0].strip().rstrip(".")
    authors: list[Author] = []
    for part in (p.strip() for p in _NAME_LIST.split(names_part) if p.strip()):
        if is_person_name(part) and not (authors and _ROLE_WORDS.search(part)):
            authors.append(Author(as_written(part)))
        elif authors:
            last = authors.pop()
            affiliation = f"{last.affiliation}, {part}" if last.affiliation else part
            authors.append(Author(last.name, affiliation))
        else:
            return []
    return authors


def as_written(name: str) -> str:
    """A name in capitals (a house style) written with capital initials: `DIEGO VILLAFAÑE` → `Diego Villafañe`."""
    return name.title() if name.isupper() else name


def bio_opening(text: str) -> tuple[str | None, str] | None:
    """`(name, affiliation)` from a biography's first sentence, else None; name None when unstated."""
    match = _BIO.match(text) or _BIO_WITHOUT_SUBJECT.match(text)
    if match is None:
        return None
    role = first_sentence(match.group("role")).rstrip(".")
    return match.groupdict().get("name"), _ARTICLE.sub("", role, count=1)


def first_sentence(text: str) -> str:
    """`text` up to the end of its first sentence."""
    for stop in _STOP.finditer(text):
        if not _ABBREVIATION.fullmatch(stop.group("word")):
            return text[:stop.end()]
    return text.strip()


def box_authors(lines: list[str]) -> list[Author]:
    """The authors an author box describes: a name line, a biography, or both."""
    authors: list[Author] = []
    pending_name: str | None = None
    for line in lines:
        opening = bio_opening(line)
        if opening is not None:
            subject, affiliation = opening
            # "Estefan is …" under the name line "Brenda Estefan": the subject is the surname.
            if pending_name and (subject is None or subject == pending_name or pending_name.endswith(" " + subject)):
                name = pending_name
            elif subject and is_person_name(subject):
                name = subject
            else:
                name = pending_name
            if name:
                authors.append(Author(name, affiliation or None))
            pending_name = None
        elif is_person_name(line):
            if pending_name:
                authors.append(Author(pending_name))
            pending_name = line
    if pending_name:
        authors.append(Author(pending_name))
    return authors

"""Registry: read the actor registry, content/actors.yaml, into `Actor`s.

In: the project root. Out: the `ActorRegistry` of every valid entry, and a diagnostic for
every problem, each with its line, the bad value quoted and the fix: a missing id, name or
kind; an id that is no slug; a kind not in ACTOR_KINDS; an id given twice; an alias or
metonym two actors claim; unknown fields (warnings). An entry with an error is left out, so
the taggers only ever see a consistent registry. A missing file is an empty registry.

Also `suggest_entries`: registry entries, as YAML text, for actors the briefings name but
the registry lacks, for `python -m briefsite actors suggest`.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from briefsite.diagnostics import Diagnostic, error, quote, warning
from briefsite.frontmatter_yaml import FrontMatterError, Value, read_yaml
from briefsite.records import ACTOR_KINDS, Actor, ActorRegistry
from briefsite.slugs import SLUG_PATTERN, slugify

REGISTRY = Path("content/actors.yaml")
FIELDS = ("id", "name", "kind", "aliases", "metonyms", "description")
REQUIRED = {
    "id": "a lowercase slug, e.g. 'id: claudia-sheinbaum'",
    "name": "the actor's usual full name, e.g. 'name: Claudia Sheinbaum'",
    "kind": f"one of {', '.join(ACTOR_KINDS)}",
}


class _Problem(Exception):
    """One field's value is wrong; the message says what and how to fix it."""


def load_registry(root: Path) -> tuple[ActorRegistry, list[Diagnostic]]:
    """Read `content/actors.yaml` under `root`; return the valid actors and every problem."""
    path = root / REGISTRY
    if not path.is_file():
        return ActorRegistry(()), []
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    try:
        document = read_yaml(text, first_line=1, what="the actor registry")
    except FrontMatterError as exc:
        return ActorRegistry(()), [error(REGISTRY, exc.line, exc.message)]
    if document is None:
        return ActorRegistry(()), []
    if not isinstance(document.data, list):
        return ActorRegistry(()), [error(REGISTRY, document.line, (
            f"the actor registry must be a list of entries ('- id: ...'), found a {document.kind}"))]
    actors: list[Actor] = []
    problems: list[Diagnostic] = []
    ids: dict[str, int] = {}
    claimed: dict[str, tuple[str, int]] = {}
    for entry in document.data:
        actor, found = _entry(entry, ids, claimed)
        problems += found
        if actor is not None:
            actors.append(actor)
    return ActorRegistry(tuple(actors)), problems


def _entry(entry: Value, ids: dict[str, int],
           claimed: dict[str, tuple[str, int]]) -> tuple[Actor | None, list[Diagnostic]]:
    """Validate one entry; record its id and names as taken when it is valid."""
    if not isinstance(entry.data, dict):
        return None, [error(REGISTRY, entry.line, (
            f"a registry entry must be fields ('- id: ...', 'name: ...', 'kind: ...'), "
            f"found the {entry.kind} {quote(entry.plain())}"))]
    fields: dict[str, Value] = entry.data
    problems: list[Diagnostic] = []
    values: dict[str, object] = {}
    for key, value in fields.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(FIELDS)}"
            problems.append(warning(REGISTRY, value.line, f"unknown field {key!r} is ignored; {hint}"))
            continue
        try:
            values[key] = READERS[key](value)
        except _Problem as problem:
            problems.append(error(REGISTRY, value.line, f"{key} {problem}"))
    for key, help_text in REQUIRED.items():
        if key not in fields:
            suggestion = ""
            if key == "id" and isinstance(values.get("name"), str):
                suggestion = f"; e.g. 'id: {slugify(values['name'])}'"
            label = f"entry {values['name']!r}" if isinstance(values.get("name"), str) else "entry"
            problems.append(error(REGISTRY, entry.line,
                                  f"{label} has no '{key}'; add {help_text}{suggestion}"))
    if any(problem.is_error for problem in problems):
        return None, problems
    actor_id = values["id"]
    if actor_id in ids:
        return None, problems + [error(REGISTRY, fields["id"].line, (
            f"duplicate id {actor_id!r}: the entry on line {ids[actor_id]} has it too; "
            "give one of them another id"))]
    names = [("alias", text, fields["aliases"].line) for text in values.get("aliases", ())]
    names += [("metonym", text, fields["metonyms"].line) for text in values.get("metonyms", ())]
    names.append(("name", values["name"], fields["name"].line))
    for role, text, line in names:
        owner = claimed.get(_key(text))
        if owner is not None and owner[0] != actor_id:
            problems.append(error(REGISTRY, line, (
                f"{role} {text!r} is already claimed by '{owner[0]}' (line {owner[1]}); "
                "a name may mean one actor only: remove it from one of them")))
    if any(problem.is_error for problem in problems):
        return None, problems
    ids[actor_id] = fields["id"].line
    for _, text, line in names:
        claimed.setdefault(_key(text), (actor_id, line))
    description = values.get("description", "")
    if not description:
        line = fields["description"].line if "description" in fields else entry.line
        problems.append(warning(REGISTRY, line, (
            f"'{actor_id}' has no description; write one factual line from what the briefings say")))
    return Actor(
        id=actor_id, name=values["name"], kind=values["kind"], aliases=values.get("aliases", ()),
        description=description, metonyms=values.get("metonyms", ()),
    ), problems


def _text(value: Value) -> str:
    if value.data is None or isinstance(value.data, (list, dict)):
        found = "nothing" if value.data is None else f"a {value.kind} {quote(value.plain())}"
        raise _Problem(f"must be text on one line, found {found}")
    text = " ".join((value.raw if value.raw is not None else str(value.data)).split())
    if not text:
        raise _Problem("is empty; write the text after the colon")
    return text


def _id(value: Value) -> str:
    text = _text(value)
    if not SLUG_PATTERN.match(text):
        raise _Problem(f"{quote(text)} is not a slug: use lowercase letters, digits and hyphens, "
                       f"e.g. {quote(slugify(text) or 'claudia-sheinbaum')}")
    return text


def _kind(value: Value) -> str:
    text = _text(value)
    if text not in ACTOR_KINDS:
        close = difflib.get_close_matches(text.lower(), ACTOR_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise _Problem(f"{quote(text)} is not one of {', '.join(ACTOR_KINDS)}{hint}")
    return text


def _names(value: Value) -> tuple[str, ...]:
    if value.data is None:
        return ()
    if not isinstance(value.data, list):
        raise _Problem(f"must be a list, found {quote(value.plain())}; write e.g. [CJNG, El Mencho]")
    names = []
    for item in value.data:
        if isinstance(item.data, (list, dict)) or item.data is None:
            raise _Problem(f"must list names as text, found {quote(item.plain())}")
        names.append(_text(item))
    return tuple(names)


def _description(value: Value) -> str:
    # Empty is allowed (suggested entries start so) and warned about once the entry is valid.
    if value.data is None or (isinstance(value.data, str) and not value.data.strip()):
        return ""
    return _text(value)


READERS = {"id": _id, "name": _text, "kind": _kind, "aliases": _names, "metonyms": _names,
           "description": _description}


def suggest_entries(actors: list[Actor]) -> str:
    """YAML text of registry entries for the untracked `actors`, to paste into content/actors.yaml."""
    lines = ["# Names the briefings use that content/actors.yaml lacks. Check each kind, fill in",
             "# the description, add aliases, and paste the entries you keep into the registry."]
    seen: set[str] = set()
    for actor in actors:
        if actor.tracked or actor.id in seen:
            continue
        seen.add(actor.id)
        lines += [
            "",
            f"- id: {actor.id}",
            f"  name: {json.dumps(actor.name, ensure_ascii=False)}",
            f"  kind: {actor.kind}  # guessed; one of {', '.join(ACTOR_KINDS)}",
            "  aliases: []",
            '  description: ""  # TODO: one factual line from what the briefings say',
        ]
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    """Names collide when they differ only in case or accents (matching ignores both)."""
    return slugify(name) or name.casefold()

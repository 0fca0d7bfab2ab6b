"""Actor tagging and the actor registry.

The tagging cases live in tests/fixtures/tagging/actors.txt (a block of text, then the mentions
expected in it), each run as its own test named after its line in that file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefsite.frontmatter_yaml import read_yaml, split
from briefsite.records import Actor, ActorRegistry
from briefsite.registry import load_registry, suggest_entries
from briefsite.tag.actors import ActorMatcher, find_mentions

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "tagging" / "actors.txt"
EXPECTED = re.compile(r"^- (?P<text>.+?) \| (?P<id>[a-z0-9-]+)(?: \(untracked (?P<kind>[a-z]+)\))?$")


@dataclass
class Case:
    line: int
    blocks: list[str] = field(default_factory=list)
    expected: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(text, actor id, kind when untracked)."""
    gap: str | None = None


def read_cases(path: Path) -> list[Case]:
    """Split the fixture file into cases at blank lines; see its header for the format."""
    cases: list[Case] = []
    current: Case | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            current = None
            continue
        if line.startswith("#"):
            continue
        if current is None:
            current = Case(number)
            cases.append(current)
        if line.startswith("text: "):
            current.blocks.append(line[len("text: "):])
        elif line.startswith("gap: "):
            current.gap = line[len("gap: "):]
        elif line == "- none":
            pass
        elif match := EXPECTED.match(line):
            current.expected.append((match["text"], match["id"], match["kind"]))
        else:
            raise ValueError(f"{path.name}:{number}: cannot read {line!r}")
    for case in cases:
        if not case.blocks:
            raise ValueError(f"{path.name}:{case.line}: a case needs a 'text:' line")
    return cases


CASES = read_cases(FIXTURE)


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    registry, problems = load_registry(REPO)
    assert not [p for p in problems if p.is_error], [str(p) for p in problems]
    return ActorMatcher(registry)


def found(matcher: ActorMatcher, blocks: list[str]) -> list[tuple[str, str, str | None]]:
    mentions, untracked = matcher.find_mentions(blocks)
    kinds = {actor.id: actor.kind for actor in untracked}
    for block, block_mentions in zip(blocks, mentions):
        for mention in block_mentions:
            assert block[mention.start:mention.end] == mention.text
        starts = [m.start for m in block_mentions]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in zip(block_mentions, block_mentions[1:]))
    return [(m.text, m.actor, kinds.get(m.actor)) for block in mentions for m in block]


@pytest.mark.parametrize("case", [
    pytest.param(case, id=f"actors.txt:{case.line}",
                 marks=[pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else [])
    for case in CASES
])
def test_fixture_case_finds_exactly_the_expected_mentions(case: Case, matcher: ActorMatcher):
    assert found(matcher, case.blocks) == case.expected, f"{FIXTURE.name}:{case.line}"


def test_fixture_has_enough_cases_of_each_sort():
    untracked = [case for case in CASES if any(kind for _, _, kind in case.expected)]
    negatives = [case for case in CASES if not case.expected]
    assert len(CASES) >= 75 and len(untracked) >= 12 and len(negatives) >= 10


# --- The matcher's contract --------------------------------------------------------------

def test_find_mentions_returns_untracked_actors_once_each_with_tracked_false():
    registry = ActorRegistry((Actor("mexico", "Mexico", "country"),))
    blocks = ["Senator Ted Cruz visited Mexico.", "Ted Cruz and the Heritage Foundation spoke."]
    mentions, untracked = find_mentions(blocks, registry)
    assert [m.actor for m in mentions[0]] == ["ted-cruz", "mexico"]
    assert [(a.id, a.name, a.kind, a.tracked) for a in untracked] == [
        ("ted-cruz", "Ted Cruz", "person", False),
        ("heritage-foundation", "Heritage Foundation", "organization", False),
    ]


def test_surname_of_two_registry_people_matches_neither():
    registry = ActorRegistry((Actor("a", "Omar García Harfuch", "person"), Actor("b", "Genaro García Luna", "person")))
    mentions, _ = find_mentions(["Omar García Harfuch and Genaro García Luna met; García spoke."], registry)
    assert [m.text for m in mentions[0]] == ["Omar García Harfuch", "Genaro García Luna"]


def test_registry_name_wins_over_a_place_that_contains_it():
    registry = ActorRegistry((Actor("cdmx", "Mexico City", "government"), Actor("mexico", "Mexico", "country")))
    mentions, _ = find_mentions(["Mexico City and Mexico disagreed."], registry)
    assert [(m.text, m.actor) for m in mentions[0]] == [("Mexico City", "cdmx"), ("Mexico", "mexico")]


# --- The registry file -------------------------------------------------------------------

def write_registry(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "actors.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path, text: str) -> list[str]:
    _, problems = load_registry(write_registry(tmp_path, text))
    return [str(p) for p in problems]


ENTRY = "- id: mexico\n  name: Mexico\n  kind: country\n  description: A country.\n"


def test_missing_registry_file_is_an_empty_registry(tmp_path: Path):
    assert load_registry(tmp_path) == (ActorRegistry(()), [])


def test_valid_entry_becomes_a_tracked_actor(tmp_path: Path):
    text = ("- id: cjng\n  name: Jalisco New Generation Cartel\n  kind: cartel\n"
            "  aliases: [CJNG, El Mencho's cartel]\n  metonyms: []\n  description: A cartel.\n")
    registry, problems = load_registry(write_registry(tmp_path, text))
    assert problems == []
    assert registry.actors == (Actor("cjng", "Jalisco New Generation Cartel", "cartel",
                                     ("CJNG", "El Mencho's cartel"), "A cartel.", (), True),)


def test_errors_on_missing_id_name_and_kind(tmp_path: Path):
    assert messages(tmp_path, ENTRY + "- name: Claudia Sheinbaum\n  description: x\n- description: y\n") == [
        "content/actors.yaml:5: error: entry 'Claudia Sheinbaum' has no 'id'; add a lowercase slug, "
        "e.g. 'id: claudia-sheinbaum'; e.g. 'id: claudia-sheinbaum'",
        "content/actors.yaml:5: error: entry 'Claudia Sheinbaum' has no 'kind'; add one of person, "
        "government, agency, party, cartel, organization, country, program",
        "content/actors.yaml:7: error: entry has no 'id'; add a lowercase slug, e.g. 'id: claudia-sheinbaum'",
        "content/actors.yaml:7: error: entry has no 'name'; add the actor's usual full name, "
        "e.g. 'name: Claudia Sheinbaum'",
        "content/actors.yaml:7: error: entry has no 'kind'; add one of person, government, agency, party, "
        "cartel, organization, country, program",
    ]


def test_errors_on_kind_not_in_actor_kinds(tmp_path: Path):
    assert messages(tmp_path, "- id: cjng\n  name: CJNG\n  kind: cartell\n  description: x\n") == [
        "content/actors.yaml:3: error: kind 'cartell' is not one of person, government, agency, party, "
        "cartel, organization, country, program; did you mean 'cartel'?",
    ]


def test_errors_on_id_that_is_not_a_slug(tmp_path: Path):
    assert messages(tmp_path, "- id: Claudia Sheinbaum\n  name: Claudia Sheinbaum\n  kind: person\n"
                              "  description: x\n") == [
        "content/actors.yaml:1: error: id 'Claudia Sheinbaum' is not a slug: use lowercase letters, "
        "digits and hyphens, e.g. 'claudia-sheinbaum'",
    ]


def test_errors_on_duplicate_id(tmp_path: Path):
    registry, problems = load_registry(write_registry(tmp_path, ENTRY + ENTRY))
    assert [str(p) for p in problems] == [
        "content/actors.yaml:5: error: duplicate id 'mexico': the entry on line 1 has it too; "
        "give one of them another id",
    ]
    assert [a.id for a in registry.actors] == ["mexico"]


def test_errors_on_alias_claimed_by_two_actors(tmp_path: Path):
    text = (ENTRY + "- id: pan\n  name: Partido Acción Nacional\n  kind: party\n  aliases: [PAN]\n"
            "  description: x\n- id: pan-bread\n  name: Bread\n  kind: organization\n"
            "  aliases: [PAN]\n  description: y\n")
    registry, problems = load_registry(write_registry(tmp_path, text))
    assert [str(p) for p in problems] == [
        "content/actors.yaml:13: error: alias 'PAN' is already claimed by 'pan' (line 8); a name may mean "
        "one actor only: remove it from one of them",
    ]
    assert [a.id for a in registry.actors] == ["mexico", "pan"]


def test_warns_on_unknown_field_and_keeps_the_entry(tmp_path: Path):
    registry, problems = load_registry(write_registry(tmp_path, ENTRY + "  alias: [MX]\n"))
    assert [str(p) for p in problems] == [
        "content/actors.yaml:5: warning: unknown field 'alias' is ignored; did you mean 'aliases'?",
    ]
    assert [a.id for a in registry.actors] == ["mexico"]


def test_warns_on_empty_description(tmp_path: Path):
    assert messages(tmp_path, "- id: mexico\n  name: Mexico\n  kind: country\n") == [
        "content/actors.yaml:1: warning: 'mexico' has no description; write one factual line from what "
        "the briefings say",
    ]


def test_errors_on_aliases_that_are_not_a_list(tmp_path: Path):
    assert messages(tmp_path, ENTRY + "  aliases: CJNG\n") == [
        "content/actors.yaml:5: error: aliases must be a list, found 'CJNG'; write e.g. [CJNG, El Mencho]",
    ]


def test_errors_on_registry_that_is_not_a_list(tmp_path: Path):
    assert messages(tmp_path, "id: mexico\nname: Mexico\n") == [
        "content/actors.yaml:1: error: the actor registry must be a list of entries ('- id: ...'), "
        "found a set of fields",
    ]


def test_errors_on_invalid_yaml_with_its_line(tmp_path: Path):
    assert messages(tmp_path, ENTRY + "- id: [unclosed\n") == [
        "content/actors.yaml:5: error: invalid YAML in the actor registry: did not find expected ',' or ']'; "
        "check the quoting and indentation of this line",
    ]


def test_suggest_entries_prints_yaml_the_registry_loader_accepts(tmp_path: Path):
    untracked = [Actor("ryan-wedding", "Ryan Wedding", "person", tracked=False),
                 Actor("kingpin-act", 'The "Kingpin" Act', "program", tracked=False),
                 Actor("mexico", "Mexico", "country")]
    text = suggest_entries(untracked)
    assert "  description: \"\"  # TODO" in text
    registry, problems = load_registry(write_registry(tmp_path, text))
    assert [(a.id, a.name, a.kind) for a in registry.actors] == [
        ("ryan-wedding", "Ryan Wedding", "person"), ("kingpin-act", 'The "Kingpin" Act', "program")]
    assert all(not p.is_error for p in problems)


# --- The real registry against the real briefings -----------------------------------------

def article_blocks(path: Path) -> list[str]:
    """Plain-text blocks of a briefing: its authors' affiliations, then its body's paragraphs."""
    parts = split(path.read_text(encoding="utf-8"))
    blocks = []
    if "authors" in parts.fields and isinstance(parts.fields["authors"][1].data, list):
        for author in parts.fields["authors"][1].plain():
            if isinstance(author, dict) and author.get("affiliation"):
                blocks.append(author["affiliation"])
    for paragraph in re.split(r"\n\s*\n", parts.body):
        text = re.sub(r"^(?:#+|[-*>]|\d+\.)\s+", "", paragraph.strip())
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").replace("\n", " ")
        if text:
            blocks.append(text)
    return blocks


def test_every_registry_actor_is_named_in_the_briefings(matcher: ActorMatcher):
    articles = sorted((REPO / "content" / "articles").glob("*.md"))
    assert len(articles) >= 5, "the five briefings belong in content/articles"
    named = set()
    for path in articles:
        mentions, _ = matcher.find_mentions(article_blocks(path))
        named |= {m.actor for block in mentions for m in block}
    assert [a.id for a in matcher.registry.actors if a.id not in named] == []


def test_registry_file_is_valid_yaml_with_one_line_descriptions():
    document = read_yaml((REPO / "content" / "actors.yaml").read_text(encoding="utf-8"), 1, "registry")
    for entry in document.data:
        assert "\n" not in entry.data["description"].data, entry.line

"""The date tagger, specified by tests/fixtures/tagging/dates.txt (its header gives the format)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefsite.records import PartialDate
from briefsite.tag.dates import find_dates

FIXTURE = Path(__file__).parent / "fixtures" / "tagging" / "dates.txt"


@dataclass(frozen=True)
class Case:
    line: int
    """Line of the block's `text:` in the fixture."""
    anchor: PartialDate | None
    language: str
    text: str
    expected: tuple[tuple[str, ...], ...]
    """(text, value, kind, qualifier or None) per mention, in order."""


def _anchor(value: str) -> PartialDate | None:
    if value == "none":
        return None
    return PartialDate(*(int(part) for part in value.split("-")))


def _mention(line: str) -> tuple[str, ...]:
    parts = [part.strip() for part in line[1:].split("|")]
    return tuple(parts) if len(parts) == 4 else (*parts, None)


def read_cases(path: Path) -> list[Case]:
    cases = []
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    line = 1
    for block in blocks:
        fields, expected, text_line = {}, [], line
        for offset, row in enumerate(block.splitlines()):
            if row.startswith("- "):
                expected.append(_mention(row))
            elif ": " in row and not row.startswith("#"):
                key, value = row.split(": ", 1)
                fields[key] = value
                text_line = line + offset if key == "text" else text_line
        if "text" in fields:
            cases.append(Case(text_line, _anchor(fields["anchor"]), fields.get("language", "en"),
                              fields["text"], tuple(expected)))
        line += block.count("\n") + 2
    return cases


CASES = read_cases(FIXTURE)


@pytest.mark.parametrize("case", CASES, ids=[f"dates.txt:{case.line}" for case in CASES])
def test_finds_exactly_the_dates_the_fixture_lists(case: Case) -> None:
    found = find_dates(case.text, case.anchor, case.language)
    assert [(m.text, m.value, m.kind, m.qualifier) for m in found] == list(case.expected), \
        f"{FIXTURE}:{case.line}"


@pytest.mark.parametrize("case", CASES, ids=[f"dates.txt:{case.line}" for case in CASES])
def test_mentions_quote_the_text_in_order_without_overlap(case: Case) -> None:
    found = find_dates(case.text, case.anchor, case.language)
    assert all(case.text[m.start:m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_fixture_has_enough_cases_to_specify_the_tagger() -> None:
    assert len(CASES) >= 80

"""The date tagger, specified by tests/fixtures/tagging/dates.txt (its header gives the format)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefsite.records import PartialDate
from briefsite.tag.dates import find_article_dates, find_dates

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


# --- An article read as a whole: the story's time carries from block to block -------------

def _values(blocks: list[list]) -> list[list[tuple[str, str]]]:
    return [[(m.text, m.value) for m in block] for block in blocks]


def test_narrative_words_count_from_the_last_date_of_an_earlier_paragraph() -> None:
    found = find_article_dates(["Caro Quintero was captured in 2013.",
                                "He was extradited two years later, and the following March he was charged."],
                               PartialDate(2025, 8, 14))
    assert _values(found) == [[("2013", "2013")],
                              [("two years later", "2015"), ("the following March", "2016-03")]]


def test_a_day_count_follows_the_last_date_given_to_the_day() -> None:
    # 25 June 2025 is a Wednesday; "April 2024", given since, says no day to count from.
    found = find_article_dates(["The step came on Wednesday, June 25, under a law passed in April 2024.",
                                "The next day, the regulator took control of two banks."],
                               PartialDate(2025, 9, 10))
    assert _values(found)[1] == [("The next day", "2025-06-26")]


def test_deictic_words_count_from_the_article_date_whatever_the_story_time() -> None:
    found = find_article_dates(["The cartel was founded in 1985.", "Yesterday its leader was sentenced."],
                               PartialDate(2025, 8, 14))
    assert _values(found)[1] == [("Yesterday", "2025-08-13")]


def test_an_undated_article_counts_from_the_latest_full_date_of_any_paragraph() -> None:
    found = find_article_dates(["Officials said on Thursday that the talks had failed.",
                                "Published June 12, 2025"], None)
    assert _values(found) == [[("Thursday", "2025-06-12")], [("June 12, 2025", "2025-06-12")]]


def test_in_an_undated_article_a_bare_year_gives_no_year_to_a_later_month() -> None:
    found = find_article_dates(["The 1985 killing of an agent still shapes the case.",
                                "On March 4 the court ruled, and in May 2019 it heard the appeal; "
                                "on June 2 it ruled again."],
                               None)
    assert _values(found)[1] == [("March 4", "XXXX-03-04"), ("May 2019", "2019-05"), ("June 2", "2019-06-02")]


def test_one_block_alone_reads_as_an_article_of_one_block() -> None:
    text = "The tariff took effect on March 4, 2025, and two days later goods were exempted."
    assert find_dates(text, None) == find_article_dates([text], None)[0]


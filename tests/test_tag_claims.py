"""Claim detection, driven by tests/fixtures/tagging/claims.txt (format described there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefsite.records import DateMention, Mention
from briefsite.tag.claims import ClaimCandidate, claim_id, find_claims

FIXTURES = Path(__file__).parent / "fixtures" / "tagging"


@dataclass
class Case:
    """One fixture case: its `key: value` lines and its `- ` item lines."""

    path: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    items: list[list[str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def read_cases(name: str) -> list[Case]:
    """Cases of a fixture file: blocks of lines separated by blank lines; '#' starts a comment."""
    cases: list[Case] = []
    current = None
    for number, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Case(name, number)
            cases.append(current)
        if line.startswith("- "):
            current.items.append([part.strip() for part in line[2:].split("|")])
        else:
            key, _, value = line.partition(":")
            current.fields[key.strip()] = value.strip()
    return cases


def params(name: str):
    """pytest parameters for a fixture file, each named by its file and line."""
    return [pytest.param(case, id=case.id, marks=_gap_mark(case)) for case in read_cases(name)]


def _gap_mark(case: Case):
    gap = case.fields.get("gap")
    return [pytest.mark.xfail(reason=gap, strict=True)] if gap else []


def _located(text: str, spec: str) -> list[tuple[str, int, int, str]]:
    """'Name@value; …' → (words, start, end, value) at the first occurrence of each name."""
    found = []
    for entry in filter(None, (part.strip() for part in spec.split(";"))):
        words, _, value = entry.rpartition("@")
        start = text.find(words)
        assert start >= 0, f"{words!r} is not in the text"
        found.append((words, start, start + len(words), value))
    return found


def _mentions(case: Case) -> list[Mention]:
    return [Mention(actor=value, text=words, start=start, end=end)
            for words, start, end, value in _located(case.fields["text"], case.fields.get("actors", ""))]


def _dates(case: Case) -> list[DateMention]:
    kinds = {4: "year", 7: "month", 10: "day"}
    return [DateMention(text=words, start=start, end=end, value=value,
                        kind="range" if "/" in value else kinds.get(len(value), "relative"))
            for words, start, end, value in _located(case.fields["text"], case.fields.get("dates", ""))]


@pytest.mark.parametrize("case", params("claims.txt"))
def test_claims_match_fixture(case: Case):
    text = case.fields["text"]
    mentions, dates = _mentions(case), _dates(case)
    claims = find_claims(text, mentions, dates)

    expected = [t.strip() for t in case.fields["type"].split(",")]
    assert [c.type for c in claims] == ([] if expected == ["none"] else expected)
    if case.items:
        found = [(f.text, f.unit) for c in claims for f in c.figures]
        assert found == [(item[0], item[2]) for item in case.items]
        values = [f.value for c in claims for f in c.figures]
        assert values == pytest.approx([float(item[1]) for item in case.items])
    for claim in claims:
        inside = [m for m in mentions if claim.start <= m.start < claim.end]
        assert claim.actors == tuple(dict.fromkeys(m.actor for m in inside))
        assert claim.dates == tuple(d.value for d in dates if claim.start <= d.start < claim.end)


def test_claim_is_the_sentence_exactly_as_written_with_its_offsets():
    text = "  The equilibrium is fragile.  What next?  Put simply, it is over. "
    claims = find_claims(text, [], [])
    assert [(c.type, c.text) for c in claims] == [
        ("assessment", "The equilibrium is fragile."), ("assessment", "Put simply, it is over.")]
    assert all(text[c.start:c.end] == c.text for c in claims)
    assert isinstance(claims[0], ClaimCandidate)


def test_claim_id_ignores_case_punctuation_and_spacing():
    plain = claim_id("Mexico deployed 10,000 troops.")
    assert plain == claim_id("mexico  deployed 10 000 troops")
    assert plain == claim_id("“Mexico deployed 10,000 troops”")
    assert plain.startswith("c-") and len(plain) == 14
    assert int(plain[2:], 16) >= 0


def test_claim_id_changes_when_a_word_changes():
    assert claim_id("Mexico deployed 10,000 troops.") != claim_id("Mexico deployed 12,000 troops.")


def test_claims_list_actors_once_in_order_of_mention():
    text = "On May 2, Sheinbaum met Trump in Washington, and Sheinbaum signed the accord."
    mentions = [Mention("claudia-sheinbaum", "Sheinbaum", 10, 19), Mention("donald-trump", "Trump", 24, 29),
                Mention("claudia-sheinbaum", "Sheinbaum", 50, 59)]
    dates = [DateMention("May 2", 3, 8, "2026-05-02", "day")]
    [claim] = find_claims(text, list(reversed(mentions)), dates)
    assert claim.type == "event"
    assert claim.actors == ("claudia-sheinbaum", "donald-trump")
    assert claim.dates == ("2026-05-02",)

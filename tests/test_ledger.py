"""The claim ledger: the same fact across briefings, grouped, and judged from its figures
and dates; editors' corrections; the pages and data a reader sees."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from briefsite.ledger import judge
from briefsite.records import Claim, Figure
from conftest import REPO, article
from htmlfacts import text_of

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


def claim(text, article="a", figures=(), dates=(), type="statistic", id=None):
    return Claim(id=id or f"c-{abs(hash((text, article))):012x}"[:14], article=article, block=0, start=0,
                 end=len(text), text=text, type=type, figures=tuple(figures), actors=(), dates=tuple(dates))


# --- Verdicts ---------------------------------------------------------------------------------

def test_same_figures_agree():
    verdict, note, _ = judge([claim("x", "a", [Figure("six", 6, "mexican cartel")]),
                              claim("y", "b", [Figure("6", 6, "cartel")])])
    assert verdict == "agree" and "6 organizations" in note


def test_different_counts_of_people_differ_and_say_what_differs():
    verdict, note, differences = judge([claim("x", "a", [Figure("92", 92, "cartel operative")]),
                                        claim("y", "b", [Figure("90", 90, "high-value criminal")])])
    assert verdict == "differ"
    assert differences == ["92 vs 90 (people)"]
    assert "92 vs 90" in note


def test_different_days_differ():
    verdict, _, differences = judge([claim("x", "a", dates=["2026-02-22"]), claim("y", "b", dates=["2026-02-23"])])
    assert verdict == "differ" and differences == ["22 February 2026 vs 23 February 2026"]


def test_a_month_agrees_with_a_day_inside_it():
    verdict, _, _ = judge([claim("x", "a", dates=["2026-01"]), claim("y", "b", dates=["2026-01-15"])])
    assert verdict == "agree"


def test_one_source_giving_more_figures_still_agrees_on_the_shared_one():
    verdict, _, _ = judge([claim("x", "a", [Figure("6", 6, "cartel")]),
                           claim("y", "b", [Figure("8", 8, "organization"), Figure("6", 6, "cartel")])])
    assert verdict == "agree"


def test_nothing_in_common_to_compare_cannot_be_compared():
    verdict, note, _ = judge([claim("x", "a", type="quote"), claim("y", "b", [Figure("25%", 25, "percent")])])
    assert verdict == "cant_compare" and "cannot be checked" in note


def test_vague_amounts_are_not_compared():
    verdict, _, _ = judge([claim("x", "a", [Figure("dozens", 24, "inmate")]), claim("y", "b", [Figure("29", 29, "operative")])])
    assert verdict == "cant_compare"


def test_percentages_are_not_compared_with_counts():
    verdict, _, _ = judge([claim("x", "a", [Figure("25%", 25, "percent")]), claim("y", "b", [Figure("25", 25, "tariff")])])
    assert verdict == "cant_compare"


# --- Grouping, measured on labelled facts ------------------------------------------------------

@pytest.fixture(scope="module")
def real_without_editor(tmp_path_factory):
    """The real archive built without content/ledger.yaml: the algorithm alone."""
    root = tmp_path_factory.mktemp("ledger") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "pyproject.toml", root)
    (root / "content" / "ledger.yaml").unlink(missing_ok=True)
    from conftest import run_build

    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return json.loads((root / "_site" / "data" / "archive.json").read_text(encoding="utf-8"))


def _score(data, labelled):
    claims = data["claims"]
    group_of = {c: g for g in data["groups"] for c in g["claims"]}
    found, wrong = [], []
    for fact in labelled:
        ids = [next(c["id"] for c in claims if c["article"] == ref["article"] and ref["words"] in c["text"])
               for ref in fact["claims"]]
        groups = {group_of.get(i, {}).get("id") for i in ids}
        group = group_of.get(ids[0])
        if len(groups) == 1 and group and group["verdict"] == fact["verdict"]:
            found.append(fact["fact"])
        else:
            wrong.append((fact["fact"], [group_of.get(i, {}).get("verdict") for i in ids]))
    return found, wrong


def test_finds_at_least_four_in_five_labelled_facts_with_the_right_verdict(real_without_editor):
    labelled = yaml.safe_load((FIXTURES / "real_facts.yaml").read_text(encoding="utf-8"))
    found, missed = _score(real_without_editor, labelled)
    assert len(found) / len(labelled) >= 0.8, missed


def test_a_claim_sits_in_one_group_only(real_without_editor):
    members = [c for g in real_without_editor["groups"] for c in g["claims"]]
    assert len(members) == len(set(members))


def test_every_group_has_two_or_more_briefings(real_without_editor):
    article_of = {c["id"]: c["article"] for c in real_without_editor["claims"]}
    for group in real_without_editor["groups"]:
        assert len({article_of[c] for c in group["claims"]}) >= 2


NEW_ARTICLES = {
    "wire.md": ("Mexico sends cartel suspects north", "2025-02-28",
                "Mexico extradited 29 cartel members to the United States on February 27, 2025, officials said.\n\n"
                "Violence in Sinaloa has killed 1,300 people since September 2024, according to state prosecutors.\n\n"
                "The central bank kept its benchmark rate at 9.5 percent."),
    "daily.md": ("A mass transfer", "2025-03-01",
                 "On Feb. 27, 2025, Mexican authorities handed 29 alleged traffickers over to U.S. custody in a single day.\n\n"
                 "Fighting between cartel factions in Sinaloa has claimed more than 1,200 lives since September 2024.\n\n"
                 "Avocado exports rose by 12 percent over the season."),
    "monthly.md": ("Summer of transfers", "2025-08-20",
                   "In August 2025, Mexico transferred 26 more cartel figures to the United States."),
}


@pytest.fixture(scope="module")
def new_articles(tmp_path_factory):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("new") / "project")
    shutil.copy(REPO / "content" / "actors.yaml", project.root / "content" / "actors.yaml")
    for name, (title, date, body) in NEW_ARTICLES.items():
        project.add(name, article(title=title, date=date, body=body))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return json.loads((project.site / "data" / "archive.json").read_text(encoding="utf-8"))


def _group_with(data, words):
    claim_id = next(c["id"] for c in data["claims"] if words in c["text"])
    return next((g for g in data["groups"] if claim_id in g["claims"]), None)


def test_the_same_fact_in_other_words_is_grouped_and_agrees(new_articles):
    group = _group_with(new_articles, "extradited 29 cartel members")
    assert group is not None and group["verdict"] == "agree"
    assert _group_with(new_articles, "handed 29 alleged traffickers") is group


def test_a_later_event_of_the_same_kind_is_not_the_same_fact(new_articles):
    assert _group_with(new_articles, "26 more cartel figures") is None


def test_different_tolls_for_the_same_violence_differ(new_articles):
    group = _group_with(new_articles, "killed 1,300 people")
    assert group is not None and group["verdict"] == "differ"
    assert "1,300 vs 1,200 (people)" in group["differences"] or "1,200 vs 1,300 (people)" in group["differences"]


def test_unrelated_figures_are_not_grouped(new_articles):
    assert _group_with(new_articles, "9.5 percent") is None
    assert _group_with(new_articles, "12 percent") is None


# --- Editors, pages and data -----------------------------------------------------------------

@pytest.fixture
def ledger_project(project):
    shutil.copy(REPO / "content" / "actors.yaml", project.root / "content" / "actors.yaml")
    for name, (title, date, body) in NEW_ARTICLES.items():
        project.add(name, article(title=title, date=date, body=body))
    return project


def test_editor_verdict_and_note_replace_the_computed_ones(ledger_project):
    assert ledger_project.build().returncode == 0
    data = json.loads((ledger_project.site / "data" / "archive.json").read_text())
    group = _group_with(data, "extradited 29 cartel members")
    (ledger_project.root / "content" / "ledger.yaml").write_text(
        f"- group: {group['id']}\n  verdict: cant_compare\n  note: One source counts suspects, the other convicts.\n")
    assert ledger_project.build().returncode == 0
    page = text_of((ledger_project.site / "ledger" / group["id"] / "index.html").read_text())
    assert "Can't compare" in page and "One source counts suspects, the other convicts." in page
    assert "(set by the editor)" in page


def test_editor_verdict_without_a_note_is_an_error_with_its_line(ledger_project):
    (ledger_project.root / "content" / "ledger.yaml").write_text("- claim: c-123456789abc\n  verdict: differ\n")
    result = ledger_project.build()
    assert result.returncode == 1
    assert "content/ledger.yaml:2: error: an editor's verdict needs a 'note' saying why" in result.stderr


def test_unknown_verdict_is_an_error_naming_the_allowed_ones(ledger_project):
    (ledger_project.root / "content" / "ledger.yaml").write_text("- claim: c-123456789abc\n  verdict: maybe\n  note: n\n")
    result = ledger_project.build()
    assert "content/ledger.yaml:2: error: verdict 'maybe' is not one of agree, differ, cant_compare" in result.stderr


def test_edit_naming_no_ledger_entry_is_a_warning(ledger_project):
    (ledger_project.root / "content" / "ledger.yaml").write_text("- claim: c-123456789abc\n  verdict: agree\n  note: n\n")
    result = ledger_project.build()
    assert result.returncode == 0
    assert "content/ledger.yaml:1: warning: 'c-123456789abc' is in no ledger entry" in result.stderr


def test_ledger_index_lists_disagreements_first_then_by_number_of_sources(real_site):
    html = (real_site / "ledger" / "index.html").read_text(encoding="utf-8")
    verdicts = re.findall(r'<span class="verdict verdict--(\w+)">', html)
    rank = {"differ": 0, "agree": 1, "cant_compare": 2}
    assert verdicts and [rank[v] for v in verdicts] == sorted(rank[v] for v in verdicts)


def test_ledger_entry_shows_each_sources_wording_linked_to_its_sentence(real_site):
    data = json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))
    group = data["groups"][0]
    html = (real_site / "ledger" / group["id"] / "index.html").read_text(encoding="utf-8")
    for claim_id in group["claims"]:
        claim_ = next(c for c in data["claims"] if c["id"] == claim_id)
        assert f'articles/{claim_["article"]}/#{claim_id}' in html
        assert claim_["text"][:40] in text_of(html)
    assert group["note"][:40] in text_of(html)


def test_article_pages_link_claims_to_the_briefings_that_also_report_them(real_site):
    data = json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))
    differ = next(g for g in data["groups"] if g["verdict"] == "differ")
    claim_ = next(c for c in data["claims"] if c["id"] == differ["claims"][0])
    html = (real_site / "articles" / claim_["article"] / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'id="{claim_["id"]}".*?differs from <a href="[^"]+#c-[0-9a-f]+">', html, re.S)
    assert f'ledger/{differ["id"]}/' in html


def test_home_page_shows_the_count_of_contested_facts(real_site):
    data = json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))
    contested = sum(g["verdict"] == "differ" for g in data["groups"])
    assert f"{contested} contested fact" in text_of((real_site / "index.html").read_text(encoding="utf-8"))


def test_archive_json_groups_have_the_documented_shape(real_site):
    data = json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))
    ids = {c["id"] for c in data["claims"]}
    assert data["groups"]
    for group in data["groups"]:
        assert {"id", "claims", "verdict", "note"} <= set(group)
        assert group["verdict"] in ("agree", "differ", "cant_compare")
        assert set(group["claims"]) <= ids

"""A date whose year nothing in the text gives ('On March 4' in a briefing dated to the year
alone) is kept, with the value 'XXXX-03-04': marked in its article, shown without a year, and
left off the timeline and out of the ledger's comparisons, which need a year."""

from __future__ import annotations

import json

from briefsite.ledger import judge
from briefsite.records import Claim
from briefsite.render import iso_display
from conftest import article
from htmlfacts import text_of

BODY = "On March 4, the court ruled against the cartel.\n\nThe cartel grew after 2010."


def _built(project):
    project.add("undated.md", article(title="Undated ruling", date="2026", body=BODY))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.site


def test_a_day_without_a_year_is_kept_in_the_article_data(project):
    data = json.loads((_built(project) / "data" / "archive.json").read_text(encoding="utf-8"))
    assert ("March 4", "XXXX-03-04") in {(d["text"], d["value"]) for d in data["dates"]}


def test_a_day_without_a_year_is_marked_in_its_article_without_a_machine_readable_time(project):
    html = (_built(project) / "articles" / "undated" / "index.html").read_text(encoding="utf-8")
    assert 'title="XXXX-03-04">March 4</span>' in html
    assert 'datetime="XXXX' not in html


def test_a_day_without_a_year_is_left_off_the_timeline(project):
    text = text_of((_built(project) / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert "The cartel grew after 2010." in text
    assert "the court ruled" not in text


def test_a_date_without_a_year_is_shown_with_its_day_and_month():
    assert iso_display("XXXX-03-04") == "4 March (year unknown)"
    assert iso_display("XXXX-11") == "November (year unknown)"


def test_the_ledger_does_not_compare_a_date_without_a_year():
    def claim(article: str, dates: tuple[str, ...]) -> Claim:
        return Claim(id=f"c-{article}", article=article, block=0, start=0, end=1, text="x", type="event",
                     figures=(), actors=(), dates=dates)
    verdict, _, differences = judge([claim("a", ("XXXX-03-04",)), claim("b", ("2025-03-05",))])
    assert verdict == "cant_compare" and differences == []

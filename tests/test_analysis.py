"""The analytic layer as a reader meets it: mentions linked to actor pages, dates marked,
claims anchored and typed, actor, timeline and claims pages, and the data export."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
import yaml

from conftest import article
from htmlfacts import read, text_of

REGISTRY = """
- id: claudia-sheinbaum
  name: Claudia Sheinbaum
  kind: person
  aliases: []
  description: President of Mexico.
- id: cjng
  name: Jalisco New Generation Cartel
  kind: cartel
  aliases: [CJNG]
  description: A Mexican cartel.
- id: united-states
  name: United States
  kind: country
  aliases: [U.S.]
  metonyms: [Washington]
  description: The country.
"""

FIRST = ("On February 23, Mexican forces struck the Jalisco New Generation Cartel (CJNG), and President "
         "Claudia Sheinbaum said the operation was \u201ca success for Mexico.\u201d\n\n"
         "Washington sent 29 cartel operatives' files to Sheinbaum\u2019s office in 2025.\n\n"
         "## Background\n\nThe cartel grew after 2010.")
SECOND = "Claudia Sheinbaum met U.S. officials in November. Ryan Wedding was arrested by the FBI in January 2026."


@pytest.fixture
def archive_project(project):
    project.registry(REGISTRY)
    project.add("first.md", article(title="First briefing", date="2026-03-02", body=FIRST))
    project.add("second.md", article(title="Second briefing", date="2026-02-10", body=SECOND))
    result = project.build()
    assert result.returncode == 0, result.stderr
    project.stderr = result.stderr
    return project


def _html(project, path):
    return (project.site / path).read_text(encoding="utf-8")


def test_mentions_link_to_their_actor_pages(archive_project):
    html = _html(archive_project, "articles/first/index.html")
    links = {(a.get("href"), a.get("class")) for tag, a in read(html).tags if tag == "a"}
    for actor in ("cjng", "claudia-sheinbaum", "united-states"):
        assert (f"../../actors/{actor}/", "mention") in links
    assert '<a class="mention" href="../../actors/claudia-sheinbaum/">Sheinbaum</a>\u2019s' in html


def test_dates_are_marked_with_their_iso_value(archive_project):
    html = _html(archive_project, "articles/first/index.html")
    assert re.search(r'<time datetime="2026-02-23"[^>]*>February 23</time>', html)
    assert re.search(r'<time datetime="2025"[^>]*>2025</time>', html)


def test_claims_are_anchored_and_marked_with_their_type(archive_project):
    html = _html(archive_project, "articles/first/index.html")
    spans = re.findall(r'<span class="claim claim--(\w+)" id="(c-[0-9a-f]+)"', html)
    types = {kind for kind, _ in spans}
    assert {"quote", "statistic"} <= types
    for _, claim_id in spans:
        assert f'href="#{claim_id}"' in html


def test_actor_page_shows_every_briefing_claim_and_dated_event_involving_it(archive_project):
    text = text_of(_html(archive_project, "actors/claudia-sheinbaum/index.html"))
    assert "President of Mexico." in text
    assert "First briefing" in text and "Second briefing" in text
    assert "a success for Mexico" in text  # her quote, a claim
    assert "November 2025" in text  # a dated event naming her, resolved against the article date
    assert "Named alongside" in text and "Jalisco New Generation Cartel" in text


def test_actors_index_groups_by_kind_with_mention_counts(archive_project):
    text = text_of(_html(archive_project, "actors/index.html"))
    assert "People (1)" in text and "Cartels (1)" in text and "Countries (1)" in text
    assert re.search(r"Claudia Sheinbaum 3 mentions in 2 briefings", text)


def test_untracked_actor_has_a_page_marked_not_yet_in_the_registry(archive_project):
    assert "Not yet in the registry" in text_of(_html(archive_project, "actors/index.html"))
    page = text_of(_html(archive_project, "actors/ryan-wedding/index.html"))
    assert "Not yet in the registry" in page and "Second briefing" in page


def test_build_warns_once_about_each_untracked_actor_with_its_line(archive_project):
    warnings = [line for line in archive_project.stderr.splitlines() if "untracked actor" in line]
    assert any(w.startswith('content/articles/second.md:7: warning: untracked actor "Ryan Wedding"') for w in warnings)
    assert len(warnings) == len(set(w.split('"')[1] for w in warnings))


def test_actors_suggest_prints_entries_that_make_untracked_actors_tracked(archive_project):
    result = subprocess.run([sys.executable, "-m", "briefsite", "actors", "suggest"], cwd=archive_project.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {"id": "ryan-wedding", "name": "Ryan Wedding"}.items() <= next(
        e for e in yaml.safe_load(result.stdout) if e["id"] == "ryan-wedding").items()
    registry = archive_project.root / "content" / "actors.yaml"
    registry.write_text(registry.read_text() + "\n" + result.stdout, encoding="utf-8")
    rebuilt = archive_project.build()
    assert 'untracked actor "Ryan Wedding"' not in rebuilt.stderr
    assert "Not yet in the registry" not in text_of(_html(archive_project, "actors/ryan-wedding/index.html"))


def test_timeline_orders_dated_events_by_year_with_links_to_their_sentences(archive_project):
    html = _html(archive_project, "timeline/index.html")
    text = text_of(html)
    years = [int(y) for y in re.findall(r'<h2 id="y(\d{4})"', html)]
    assert years == sorted(years) and {2010, 2025, 2026} <= set(years)
    assert text.index("The cartel grew after 2010.") < text.index("On February 23")
    anchors = [a["href"] for tag, a in read(html).tags if tag == "a" and "#d-" in a.get("href", "")]
    assert anchors
    for href in anchors:
        path, anchor = href.replace("../", "").split("#")
        assert anchor in read(_html(archive_project, path + "index.html")).ids


def test_timeline_shows_a_long_sentence_once_per_date_trimmed_around_it(project):
    years = ", ".join(str(year) for year in range(1800, 2000))
    project.add("years.md", article(body=f"Elections were held in {years}, and again in 1900."))
    assert project.build().returncode == 0
    html = (project.site / "timeline" / "index.html").read_text(encoding="utf-8")
    events = re.findall(r'<li><span class="when">.*?</li>', html, re.S)
    shown = [text_of(event) for event in events]
    assert len([e for e in shown if "1900" in e.split()[0]]) == 1  # 1900 twice in the sentence: one event
    assert all(len(e) < 400 for e in shown), max(shown, key=len)
    assert "…" in shown[len(shown) // 2]
    assert len(html) < 400_000


def test_claims_page_lists_claims_with_type_and_actor_filters(archive_project):
    html = _html(archive_project, "claims/index.html")
    items = [a for tag, a in read(html).tags if tag == "li" and "data-type" in a]
    assert {a["data-type"] for a in items} >= {"quote", "statistic"}
    assert any("claudia-sheinbaum" in a["data-actors"].split() for a in items)
    assert '<select id="claim-type" name="type">' in html and '<select id="claim-actor" name="actor">' in html


def test_editor_can_retype_drop_and_add_claims_in_front_matter(project):
    body = ("Mexico sent 29 operatives to the United States.\n\n"
            "The strategy is failing because demand persists.\n\nThe sky was grey that day.")
    project.add("a.md", article(body=body, claims=[
        {"text": "29 operatives", "type": "event"},
        {"text": "sky was grey", "type": "assessment"},
        {"text": "no such sentence anywhere", "type": "quote"}]))
    result = project.build()
    assert result.returncode == 0
    data = json.loads((project.site / "data" / "archive.json").read_text())
    types = {c["text"]: c["type"] for c in data["claims"]}
    assert types["Mexico sent 29 operatives to the United States."] == "event"
    assert types["The sky was grey that day."] == "assessment"
    assert "content/articles/a.md:" in result.stderr and "matches no claim id" in result.stderr


def test_editor_can_drop_a_detected_claim(project):
    project.add("a.md", article(body="Mexico sent 29 operatives to the United States."))
    assert project.build().returncode == 0
    claims = json.loads((project.site / "data" / "archive.json").read_text())["claims"]
    assert claims
    project.add("a.md", article(body="Mexico sent 29 operatives to the United States.",
                                claims=[{"id": claims[0]["id"], "type": "none"}]))
    assert project.build().returncode == 0
    assert json.loads((project.site / "data" / "archive.json").read_text())["claims"] == []


def test_claim_id_survives_edits_elsewhere_in_the_article(project):
    sentence = "Mexico transferred 26 cartel figures to the United States."
    project.add("a.md", article(body=f"Opening paragraph.\n\n{sentence}"))
    project.build()
    before = json.loads((project.site / "data" / "archive.json").read_text())["claims"]
    project.add("a.md", article(body=f"A new first paragraph, longer.\n\n## Heading\n\nOpening.\n\n{sentence}"))
    project.build()
    after = json.loads((project.site / "data" / "archive.json").read_text())["claims"]
    assert [c["id"] for c in before if c["text"] == sentence] == [c["id"] for c in after if c["text"] == sentence]


def test_archive_json_has_the_documented_shape(archive_project):
    data = json.loads((archive_project.site / "data" / "archive.json").read_text(encoding="utf-8"))
    assert set(data) >= {"articles", "actors", "mentions", "dates", "claims"}
    first = next(a for a in data["articles"] if a["slug"] == "first")
    assert {"slug", "title", "date", "authors", "publication", "source_url", "url", "path"} <= set(first)
    assert first["path"] == "content/articles/first.md"
    assert {"id", "name", "kind", "aliases", "tracked", "url"} <= set(data["actors"][0])
    assert {"article": "first", "actor": "claudia-sheinbaum", "text": "Sheinbaum"} in data["mentions"]
    assert {"article": "first", "text": "February 23", "value": "2026-02-23", "kind": "relative"}.items() <= next(
        d for d in data["dates"] if d["text"] == "February 23").items()
    body = (archive_project.articles / "first.md").read_text(encoding="utf-8")
    for claim in data["claims"]:
        assert {"id", "article", "text", "type", "figures", "actors"} <= set(claim)
        if claim["article"] == "first":
            assert claim["text"] in body
    values = [d["value"] for d in data["dates"]]
    assert all(re.fullmatch(r"\d{4}(-\d\d){0,2}(/\d{4}(-\d\d){0,2})?", v) for v in values)


def test_csv_exports_have_headers_and_one_row_per_item(archive_project):
    data = json.loads((archive_project.site / "data" / "archive.json").read_text(encoding="utf-8"))
    for name, key in (("claims", "claims"), ("mentions", "mentions"), ("dates", "dates")):
        rows = list(csv.DictReader(io.StringIO((archive_project.site / "data" / f"{name}.csv").read_text())))
        assert len(rows) == len(data[key])


def test_real_archive_tags_the_actors_the_issue_names(real_site):
    data = json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))
    mentioned = {m["actor"] for m in data["mentions"]}
    for actor in ("claudia-sheinbaum", "omar-garcia-harfuch", "nemesio-oseguera-cervantes", "genaro-garcia-luna",
                  "sara-carter", "marco-rubio", "cjng", "sinaloa-cartel", "gulf-cartel", "milenio-cartel", "dea",
                  "fbi", "morena", "pan", "pri", "united-states", "mexico", "executive-order-14157",
                  "merida-initiative", "aumf-cartel"):
        assert actor in mentioned, actor


def test_invalid_registry_entry_fails_the_build_with_its_line(project):
    project.registry("- id: x\n  name: X\n  kind: wizard\n  description: d\n")
    project.add("a.md", article())
    result = project.build()
    assert result.returncode == 1
    assert re.search(r"^content/actors\.yaml:3: error: .*wizard", result.stderr, re.M)

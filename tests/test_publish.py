"""Publishing like the tools editors know: GitHub Pages, one site configuration, Atom feeds,
sitemap and robots.txt, canonical links, Open Graph and JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
import yaml

from conftest import REPO, article, run_build
from htmlfacts import read

BASE = "https://example.github.io/briefsite/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real archive built as the GitHub Pages workflow builds it."""
    out = tmp_path_factory.mktemp("pages") / "_site"
    result = run_build(REPO, "--out", str(out), "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    return out


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def _assert_valid_atom(path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):  # RFC 4287 4.1.1: required feed elements
        assert root.find(f"{ATOM}{name}") is not None, name
    feed_has_author = root.find(f"{ATOM}author") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):  # RFC 4287 4.1.2
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)
    return parsed


def test_archive_feed_is_valid_atom_with_every_briefing(published):
    parsed = _assert_valid_atom(published / "feed.xml")
    articles = sorted((REPO / "content" / "articles").glob("*.md"))
    assert len(parsed.entries) == len(articles)
    assert {e.link for e in parsed.entries} == {f"{BASE}articles/{p.stem}/" for p in articles}


def test_entry_without_a_known_author_says_so_rather_than_borrowing_one(published):
    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    undated = [e for e in parsed.entries if "terrorist-designation" in e.link][0]
    assert undated.author == "Author unknown"


def test_every_actor_has_a_valid_atom_feed_of_the_briefings_that_mention_it(published):
    data = json.loads((published / "data" / "archive.json").read_text(encoding="utf-8"))
    for actor in data["actors"]:
        parsed = _assert_valid_atom(published / "actors" / actor["id"] / "feed.xml")
        expected = {m["article"] for m in data["mentions"] if m["actor"] == actor["id"]}
        assert {e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries} == expected


def test_sitemap_lists_every_page_at_its_published_address(published):
    root = ET.parse(published / "sitemap.xml").getroot()
    locations = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{BASE}" in locations and f"{BASE}timeline/" in locations
    for page in (published / "articles").glob("*/index.html"):
        assert f"{BASE}articles/{page.parent.name}/" in locations
    assert all(loc.startswith(BASE) for loc in locations)


def test_robots_txt_allows_crawling_and_names_the_sitemap(published):
    text = (published / "robots.txt").read_text()
    assert "User-agent: *" in text and f"Sitemap: {BASE}sitemap.xml" in text


def test_pages_have_canonical_open_graph_and_twitter_tags(published):
    page = published / "articles" / "washingtons-sharpening-stance-on-mexico" / "index.html"
    tags = read(page.read_text(encoding="utf-8")).tags
    assert ("link", {"rel": "canonical", "href": f"{BASE}articles/washingtons-sharpening-stance-on-mexico/"}) in tags
    meta = {a.get("property") or a.get("name"): a.get("content") for t, a in tags if t == "meta"}
    assert meta["og:type"] == "article" and meta["og:url"].startswith(BASE)
    assert meta["og:title"].startswith("Washington’s Sharpening Stance on Mexico")
    assert meta["twitter:card"] == "summary" and meta["article:published_time"] == "2026-01"


def test_article_json_ld_describes_the_briefing_and_its_actors(published):
    html = (published / "articles" / "five-questions-to-ask-before-declaring-war-on-cartels" / "index.html").read_text()
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "AnalysisNewsArticle"
    assert data["datePublished"] == "2025-01-29"
    assert data["author"] == [{"@type": "Person", "name": "Henry Ziemer", "affiliation":
                               "Associate Fellow with the Americas Program at the Center for Strategic and International Studies"}]
    assert {"@type": "Person", "name": "Donald Trump", "url": f"{BASE}actors/donald-trump/"} in data["about"]
    assert all(ref["url"].startswith(f"{BASE}actors/") for ref in data["about"] + data["mentions"])


def test_unknown_facts_are_left_out_of_json_ld(published):
    html = (published / "articles" / "from-terrorist-designation-to-military-threat" / "index.html").read_text()
    data = _json_ld(html)
    assert "author" not in data and "datePublished" not in data and "publisher" not in data


def test_actor_json_ld_is_a_schema_org_person_or_organization(published):
    person = _json_ld((published / "actors" / "claudia-sheinbaum" / "index.html").read_text())
    cartel = _json_ld((published / "actors" / "cjng" / "index.html").read_text())
    assert person["@type"] == "Person" and person["name"] == "Claudia Sheinbaum"
    assert cartel["@type"] == "Organization" and "CJNG" in cartel["alternateName"]


def test_json_ld_cannot_close_its_script_element(project):
    project.add("a.md", article(title="</script><script>alert(1)</script>", summary="a & b <c>"))
    assert project.build("--base-url", BASE).returncode == 0
    html = (project.site / "articles" / "a" / "index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_without_a_base_url_feeds_and_sitemap_use_site_relative_addresses(project):
    project.add("a.md", article())
    assert project.build().returncode == 0
    parsed = _assert_valid_atom(project.site / "feed.xml")
    assert parsed.entries[0].link == "articles/a/"
    assert "Sitemap:" not in (project.site / "robots.txt").read_text()


def test_site_configuration_is_validated_with_its_line(project):
    config = project.root / "pyproject.toml"
    config.write_text(config.read_text().replace('language = "en"', 'language = "english"')
                      .replace('base_url = ""', 'base_url = "example.org/site"'))
    project.add("a.md", article())
    result = project.build()
    assert result.returncode == 1
    assert re.search(r"^pyproject\.toml:\d+: error: base URL 'example\.org/site' must be an absolute http\(s\) address",
                     result.stderr, re.M)
    assert re.search(r"^pyproject\.toml:\d+: error: language 'english' is not a two-letter code", result.stderr, re.M)


def test_github_pages_workflow_builds_with_the_base_url_and_deploys_with_official_actions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    build = next(s["run"] for s in steps if "run" in s and "build.py" in s["run"])
    assert "--base-url" in build and "steps.pages.outputs.base_url" in build
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key 'on' as True


def test_github_pages_workflow_keeps_the_build_cache_between_runs():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, s in enumerate(steps) if "build.py" in s.get("run", ""))
    assert steps.index(cache) < build
    assert cache["with"]["path"] == ".briefsite-cache"
    assert "github.sha" in cache["with"]["key"]  # a new entry each run...
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])  # ...restored from the last


def test_article_page_offers_apa_and_chicago_and_bibtex_and_ris_downloads(published):
    folder = published / "articles" / "five-questions-to-ask-before-declaring-war-on-cartels"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "Ziemer, H. (2025, January 29). <i>Five questions to ask before declaring war on cartels</i>." in html
    assert "Ziemer, Henry. “Five questions to ask before declaring war on cartels.” January 29, 2025." in html
    assert (folder / "cite.bib").read_text().startswith("@online{ziemer2025,")
    ris = (folder / "cite.ris").read_bytes()
    assert ris.startswith(b"TY  - ") and ris.endswith(b"ER  - \r\n")

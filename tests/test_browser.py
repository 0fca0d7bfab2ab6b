"""In a real browser (Debian's Chromium): search works under a sub-path, and pages load
with no console errors and no request to any other host."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import REPO, article, serve



def _articles_mentioning(phrase: str) -> set[str]:
    found = set()
    for path in (REPO / "content" / "articles").glob("*.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        if phrase in body:
            found.add(path.stem)
    return found


def _result_slugs(page) -> set[str]:
    page.wait_for_selector(".search-results li")
    hrefs = page.eval_on_selector_all(".search-results li h2 a", "els => els.map(e => e.href)")
    return {re.search(r"/articles/([^/]+)/", h).group(1) for h in hrefs}


def test_searching_el_mencho_lists_the_articles_that_mention_him_with_excerpts(page, real_site_url):
    expected = _articles_mentioning("El Mencho")
    assert expected
    page.goto(real_site_url + "search/?q=" + quote("El Mencho"))
    assert _result_slugs(page) == expected
    assert page.locator(".search-results li mark").count() >= len(expected)
    assert "El Mencho" in page.locator(".search-results").inner_text() or "Mencho" in page.locator(
        ".search-results mark").first.inner_text()
    assert page.console_errors == []


def test_search_result_opens_the_article_under_the_subpath(page, real_site_url):
    page.goto(real_site_url + "search/?q=" + quote("El Mencho"))
    page.wait_for_selector(".search-results li h2 a")
    page.locator(".search-results li h2 a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(real_site_url + "articles/")
    assert page.locator("article h1").count() == 1


def test_header_search_box_opens_the_search_page_with_the_query(page, real_site_url):
    page.goto(real_site_url)
    page.fill("#header-q", "Sheinbaum")
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r"/briefsite/search/\?q=Sheinbaum"))
    assert page.input_value("#q") == "Sheinbaum"
    assert _result_slugs(page) == _articles_mentioning("Sheinbaum")


def test_a_new_article_is_searchable_after_rebuild(page, project):
    project.add("a.md", article(title="Existing briefing", body="Routine text about tariffs."))
    assert project.build().returncode == 0
    project.add("b.md", article(title="Fresh briefing", body="A word nobody used before: zyxoplast."))
    assert project.build().returncode == 0
    server, url = serve(project.site)
    try:
        page.goto(url + "search/?q=zyxoplast")
        assert _result_slugs(page) == {"b"}
    finally:
        server.shutdown()


@pytest.mark.parametrize("path", ["", "search/?q=cartel", "404.html"])
def test_page_loads_without_console_errors_or_foreign_requests(page, real_site_url, path):
    page.goto(real_site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_every_article_page_loads_without_console_errors(page, real_site_url):
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        page.goto(f"{real_site_url}articles/{path.stem}/")
        page.wait_for_load_state("networkidle")
        assert page.console_errors == [], path.name
        assert page.foreign_requests == [], path.name

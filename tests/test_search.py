"""The search page in a real browser (Debian's Chromium), on the real archive served under a
sub-path: words, every filter group, filters combined (AND across groups, OR within one), the
date sort, state in the address, back/forward, the header's search box and long filter lists.
Each test runs twice: on the archive indexed whole, and on it indexed in several parts that the
page joins with Pagefind's mergeIndex.

Expectations come from the archive's own data (`data/archive.json`), never from slugs written
here, so the tests keep meaning the same thing as the archive grows."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from conftest import REPO, article, run_build, serve

BUSY_DONE = ".search-results-wrap[aria-busy='false']"


# --- The archive, indexed whole and in parts ---------------------------------------------------

@pytest.fixture(scope="module", params=["", "2"], ids=["one index", "in parts"])
def real_site(request, tmp_path_factory) -> Path:
    """The repository's own archive built as `python build.py` builds it, with the default
    part size ("": one index) or at most two briefings a part (several parts)."""
    out = tmp_path_factory.mktemp("search") / "_site"
    result = run_build(REPO, "--out", str(out), env={"BRIEFSITE_SEARCH_PART_SIZE": request.param})
    assert result.returncode == 0, result.stderr
    assert len(_parts(out)) == 1 if request.param == "" else len(_parts(out)) >= 2
    return out


@pytest.fixture(scope="module")
def real_site_url(real_site):
    """URL of the archive served under a sub-path."""
    server, url = serve(real_site)
    yield url
    server.shutdown()


def _parts(site: Path) -> dict[str, set[str]]:
    """Slugs of the briefings in each part of the index, by the part's folder in pagefind/."""
    parts = {}
    for folder in ["", *_merged(site)]:
        urls = [json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"]
                for path in (site / "pagefind" / folder / "fragment").iterdir()]
        parts[folder] = {re.search(r"/articles/([^/]+)/", url).group(1) for url in urls}
    return parts


def _workers(site: Path) -> list[list[str]]:
    """The groups of merged parts that parts.json gives each Pagefind worker."""
    return json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))["workers"]


def _merged(site: Path) -> list[str]:
    """The folders of the parts the search page joins to the bundle's index, in order: those of
    the bundle's language, then those of each other language."""
    languages = json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))["languages"]
    return [folder for group in [*_workers(site), *languages.values()] for folder in group]


def _started_workers(page) -> list:
    """Pagefind's workers, as the page starts them."""
    started = []
    page.on("worker", lambda worker: worker.url.endswith("/pagefind-worker.js") and started.append(worker))
    return started


# --- What the archive says -------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive(real_site) -> dict:
    return json.loads((real_site / "data" / "archive.json").read_text(encoding="utf-8"))


def _date_key(iso: str | None) -> tuple[int, ...]:
    """'2026-03-02', '2026-01', '2026' → comparable tuples; a year alone sorts before its months."""
    return tuple(int(part) for part in iso.split("-")) if iso else ()


def _facet_index(archive: dict) -> dict[str, dict[str, set[str]]]:
    """For each filter group, value → slugs of the briefings that carry it."""
    kind_of = {actor["id"]: actor["kind"] for actor in archive["actors"]}
    name_of = {actor["id"]: actor["name"] for actor in archive["actors"]}
    index: dict[str, dict[str, set[str]]] = {key: {} for key in
                                             ("actor", "actor kind", "publication", "author", "year", "topic",
                                              "claim type")}

    def add(key, value, slug):
        index[key].setdefault(str(value), set()).add(slug)

    for mention in archive["mentions"]:
        add("actor", name_of[mention["actor"]], mention["article"])
        add("actor kind", kind_of[mention["actor"]], mention["article"])
    for claim in archive["claims"]:
        add("claim type", claim["type"], claim["article"])
    for item in archive["articles"]:
        slug = item["slug"]
        if item["publication"]:
            add("publication", item["publication"], slug)
        for author in item["authors"]:
            add("author", author, slug)
        if item["date"]:
            add("year", item["date"][:4], slug)
        for topic in item["topics"]:
            add("topic", topic, slug)
    return index


def _most_telling(values: dict[str, set[str]], total: int) -> tuple[str, set[str]]:
    """The value that picks out the fewest briefings, preferring one that is not all of them."""
    value = min(values, key=lambda v: (len(values[v]) == total, len(values[v]), v))
    return value, values[value]


def _word_in_some(archive: dict, *, every: bool = False) -> tuple[str, set[str]]:
    """A one-word name the taggers found in several briefings (in all of them if `every`),
    with the briefings it was found in."""
    found: dict[str, set[str]] = {}
    for mention in archive["mentions"]:
        if re.fullmatch(r"[A-Z][a-z]{5,}", mention["text"]):
            found.setdefault(mention["text"], set()).add(mention["article"])
    total = len(archive["articles"])
    fitting = {w: s for w, s in found.items() if (len(s) == total if every else 1 < len(s) < total)}
    assert fitting, "the archive has no name to search for"
    word = max(fitting, key=lambda w: (len(fitting[w]), w))
    return word, fitting[word]


# --- Driving the page ------------------------------------------------------------------------

def _settled(page) -> None:
    page.wait_for_selector(BUSY_DONE)


def _result_slugs(page) -> list[str]:
    """Slugs of every result, in order (pressing "Show more" until all are shown)."""
    _settled(page)
    more = page.locator(".search-more")
    while more.is_visible():
        before = page.locator(".search-results > li").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.search-results > li').length > {before}")
    hrefs = page.eval_on_selector_all(".search-results li h2 a", "els => els.map(e => e.href)")
    return [re.search(r"/articles/([^/]+)/", h).group(1) for h in hrefs]


def _box_selector(key: str, value: str) -> str:
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'input[name="filter-{key}"][value="{quoted}"]'


def _checkbox(page, key: str, value: str):
    return page.locator(".search-filters " + _box_selector(key, value))


def _tick(page, key: str, value: str) -> None:
    """Tick a filter value as a reader would: through "Show all" or the actor finder if hidden."""
    box = _checkbox(page, key, value)
    if not box.is_visible():
        group = page.locator(".facet", has=page.locator(_box_selector(key, value)))
        finder = group.locator(".facet-find")
        if finder.count():
            finder.fill(value)
        else:
            group.locator(".facet-more").click()
    box.check()
    _settled(page)


def _go_search(page, url: str, **params) -> None:
    page.goto(url + "search/" + ("?" + urlencode(params, doseq=True) if params else ""))
    _settled(page)


def _assert_clean(page) -> None:
    assert page.console_errors == []
    assert page.foreign_requests == []


# --- Words -----------------------------------------------------------------------------------

def test_a_query_lists_the_articles_that_contain_it_with_highlighted_excerpts(page, real_site_url, archive):
    word, tagged_in = _word_in_some(archive)
    _go_search(page, real_site_url, q=word)
    slugs = _result_slugs(page)
    assert tagged_in <= set(slugs)
    for item in page.locator(".search-results > li").all():
        marks = item.locator(".search-excerpt mark").all_inner_texts()
        assert any(word.lower() in mark.lower() for mark in marks), item.inner_text()
        assert item.locator("h2 a").inner_text().strip()
    status = page.locator(".search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith(f"{len(slugs)} briefing")
    _assert_clean(page)


def test_a_briefing_in_another_language_is_found_by_the_forms_of_its_own_words(page, project):
    project.add("en.md", article(title="In English", body="The army seized weapons in Sinaloa."))
    project.add("es.md", article(title="En español", language="es",
                                 body="Las autoridades capturaron al líder del grupo en Sinaloa."))
    assert project.build().returncode == 0
    server, url = serve(project.site)
    try:
        # Spanish stemming: "capturó" and "capturaron" are one word; English stemming keeps them apart.
        _go_search(page, url, q="capturó")
        assert set(_result_slugs(page)) == {"es"}
        _go_search(page, url, q="seize")
        assert set(_result_slugs(page)) == {"en"}
        _go_search(page, url, q="Sinaloa")
        assert set(_result_slugs(page)) == {"en", "es"}
        _assert_clean(page)
    finally:
        server.shutdown()


def test_results_show_title_date_and_author_or_publication(page, real_site_url, archive):
    by_slug = {item["slug"]: item for item in archive["articles"]}
    word, _ = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    for slug, item in zip(_result_slugs(page), page.locator(".search-results > li").all()):
        meta = item.locator(".meta").inner_text()
        expected = by_slug[slug]
        assert item.locator("h2 a").inner_text() == expected["title"]
        if expected["date"]:
            assert item.locator(".meta time").get_attribute("datetime") == expected["date"]
        else:
            assert "Undated" in meta
        for part in [*expected["authors"], expected["publication"] or ""]:
            assert part in meta
    _assert_clean(page)


def test_a_search_finds_briefings_from_every_part_of_the_index(page, real_site, real_site_url, archive):
    word, everywhere = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    found = set(_result_slugs(page))
    assert found == everywhere
    for folder, slugs in _parts(real_site).items():
        assert slugs <= found, folder
    _assert_clean(page)


def test_the_parts_are_shared_between_two_workers_the_second_with_a_runtime_of_its_own(real_site):
    bundle = real_site / "pagefind"
    workers, parts = _workers(real_site), len(_parts(real_site))
    assert len(workers) == min(2, parts)
    sizes = [len(group) for group in workers]
    sizes[0] += 1  # the bundle's own part
    assert sum(sizes) == parts and max(sizes) - min(sizes) <= 1
    runtime = ["pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind"]
    for group in workers[1:]:
        for name in runtime:
            assert (bundle / group[0] / name).read_bytes() == (bundle / name).read_bytes()
    for folder in [folder for group in workers for folder in group[1:]] + workers[0]:
        assert not any((bundle / folder / name).exists() for name in runtime), folder


def test_each_group_of_parts_is_searched_by_a_worker_of_its_own(page, real_site, real_site_url, archive):
    started = _started_workers(page)
    word, everywhere = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    assert set(_result_slugs(page)) == everywhere
    cores = page.evaluate("navigator.hardwareConcurrency")
    assert len(started) == min(len(_workers(real_site)), cores)
    _assert_clean(page)


def test_on_a_one_core_machine_one_worker_searches_every_part(page, real_site, real_site_url, archive):
    page.context.add_init_script("Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 1 })")
    started = _started_workers(page)
    word, everywhere = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    assert set(_result_slugs(page)) == everywhere
    assert len(started) == 1
    _assert_clean(page)


# --- Filters ---------------------------------------------------------------------------------

def test_with_nothing_chosen_each_value_counts_every_briefing_that_has_it(page, real_site_url, archive):
    expected = {(key, value): f"({len(slugs)})" for key, values in _facet_index(archive).items()
                for value, slugs in values.items()}
    _go_search(page, real_site_url)
    shown = page.eval_on_selector_all(".search-filters input[type=checkbox]", """els => els.map(e =>
        [e.name.replace(/^filter-/, ""), e.value, e.closest("label").querySelector(".facet-count").textContent])""")
    assert {(key, value): count for key, value, count in shown} == expected
    _assert_clean(page)


@pytest.mark.parametrize("key", ["actor", "actor kind", "publication", "author", "year", "topic", "claim type"])
def test_each_filter_alone_with_an_empty_query_returns_exactly_the_matching_articles(
        page, real_site_url, archive, key):
    values = _facet_index(archive)[key]
    if not values:
        pytest.skip(f"no briefing in the archive has a {key}")
    value, expected = _most_telling(values, len(archive["articles"]))
    _go_search(page, real_site_url)
    _tick(page, key, value)
    assert set(_result_slugs(page)) == expected
    assert page.locator(".search-status").inner_text().startswith(f"{len(expected)} briefing")
    _assert_clean(page)


def test_filters_in_different_groups_combine_with_and(page, real_site_url, archive):
    index = _facet_index(archive)
    pairs = [((ka, va), (kb, vb)) for ka, kb in (("year", "topic"), ("claim type", "actor kind"), ("topic", "actor"))
             for va in sorted(index[ka]) for vb in sorted(index[kb])
             if index[ka][va] & index[kb][vb] and index[ka][va] & index[kb][vb] != index[ka][va]]
    assert pairs, "no two filters in the archive narrow each other"
    (ka, va), (kb, vb) = pairs[0]
    _go_search(page, real_site_url)
    _tick(page, ka, va)
    assert set(_result_slugs(page)) == index[ka][va]
    _tick(page, kb, vb)
    assert set(_result_slugs(page)) == index[ka][va] & index[kb][vb]
    _assert_clean(page)


def test_values_ticked_in_one_group_combine_with_or(page, real_site_url, archive):
    years = _facet_index(archive)["year"]
    if len(years) < 2:
        pytest.skip("the archive has briefings from one year only")
    first, second = sorted(years)[:2]
    _go_search(page, real_site_url)
    _tick(page, "year", first)
    _tick(page, "year", second)
    assert set(_result_slugs(page)) == years[first] | years[second]
    # Ticking a year does not hide the other years: their counts ignore the group's own ticks.
    assert _checkbox(page, "year", sorted(years)[-1]).is_visible()
    _assert_clean(page)


def test_filter_counts_follow_the_query_and_values_without_results_are_hidden(page, real_site_url, archive):
    word, _ = _word_in_some(archive)
    _go_search(page, real_site_url, q=word)
    slugs = set(_result_slugs(page))
    topics = _facet_index(archive)["topic"]
    for topic, having in topics.items():
        count = len(having & slugs)
        box = _checkbox(page, "topic", topic)
        if count:
            label = page.locator(".facet-values li", has=page.locator(_box_selector("topic", topic)))
            assert label.locator(".facet-count").inner_text() == f"({count})"
        else:
            assert not box.is_visible(), topic
    _assert_clean(page)


def test_show_all_reveals_the_full_actor_list_and_the_finder_narrows_it(page, real_site_url, archive):
    actors = _facet_index(archive)["actor"]
    _go_search(page, real_site_url)
    group = page.locator(".facet", has=page.locator("input[name='filter-actor']").first)
    visible = group.locator(".facet-values li:visible")
    button = group.locator("button.facet-more")
    if len(actors) <= 10:
        assert visible.count() == len(actors)
        pytest.skip("the archive names too few actors for the list to be cut")
    assert visible.count() == 10
    assert button.get_attribute("aria-expanded") == "false"
    assert button.inner_text() == f"Show all {len(actors)} actors"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert visible.count() == len(actors)
    assert sorted(group.locator(".facet-values li:visible input").evaluate_all("els => els.map(e => e.value)")) == \
        sorted(actors)
    # The finder, labelled, shows every actor whose name contains the letters typed.
    finder = page.get_by_label("Find an actor")
    name = sorted(actors)[0]
    finder.fill(name)
    shown = group.locator(".facet-values li:visible input").evaluate_all("els => els.map(e => e.value)")
    assert name in shown and all(name.lower() in value.lower() for value in shown)
    _assert_clean(page)


def test_every_filter_group_is_a_labelled_fieldset_of_checkboxes(page, real_site_url, archive):
    _go_search(page, real_site_url)
    legends = page.locator(".search-filters fieldset > legend").all_inner_texts()
    assert "Actor" in legends and "Kind of actor" in legends and "Claim type" in legends
    for box in page.locator(".search-filters input[type=checkbox]").all():
        assert box.evaluate("e => e.closest('label') !== null && e.closest('fieldset') !== null")
    assert page.locator("#search-sort").evaluate("e => e.labels.length") == 1
    _assert_clean(page)


# --- Sorting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_sort_by_date_orders_results_with_undated_ones_last(page, real_site_url, archive, order):
    dates = {item["slug"]: item["date"] for item in archive["articles"]}
    word, _ = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    page.select_option("#search-sort", order)
    _settled(page)
    slugs = _result_slugs(page)
    assert set(slugs) == set(dates)
    dated = [slug for slug in slugs if dates[slug]]
    assert slugs == dated + [slug for slug in slugs if not dates[slug]]
    keys = [_date_key(dates[slug]) for slug in dated]
    assert keys == sorted(keys, reverse=order == "newest")
    assert parse_qs(urlsplit(page.url).query)["sort"] == [order]
    _assert_clean(page)


def test_browsing_by_filter_lists_newest_first(page, real_site_url, archive):
    dates = {item["slug"]: item["date"] for item in archive["articles"]}
    values = _facet_index(archive)["claim type"]
    value = max(values, key=lambda v: (len(values[v]), v))
    _go_search(page, real_site_url)
    _tick(page, "claim type", value)
    slugs = _result_slugs(page)
    keys = [_date_key(dates[slug]) for slug in slugs if dates[slug]]
    assert keys == sorted(keys, reverse=True)
    assert page.input_value("#search-sort") == "newest"
    _assert_clean(page)


def test_browsing_by_filter_fetches_no_word_index(page, real_site_url, archive):
    # Pagefind 1.5.2 fetched every word chunk for a search without words: 28 MB at 10,000.
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    value, expected = _most_telling(_facet_index(archive)["claim type"], len(archive["articles"]))
    _go_search(page, real_site_url)
    _tick(page, "claim type", value)
    assert set(_result_slugs(page)) == expected
    assert [url for url in fetched if url.endswith(".pf_index")] == []
    assert any(url.endswith(".pf_filter") for url in fetched)
    _assert_clean(page)


# --- The address -----------------------------------------------------------------------------

def test_the_address_carries_the_state_and_reloading_restores_it(page, real_site_url, archive):
    word, _ = _word_in_some(archive, every=True)
    index = _facet_index(archive)
    topic, _ = _most_telling(index["topic"], len(archive["articles"]))
    _go_search(page, real_site_url)
    page.fill("#q", word)
    page.press("#q", "Enter")
    _settled(page)
    _tick(page, "topic", topic)
    page.select_option("#search-sort", "oldest")
    _settled(page)
    before = _result_slugs(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": [word], "topic": [topic], "sort": ["oldest"]}
    page.reload()
    _settled(page)
    assert _result_slugs(page) == before
    assert page.input_value("#q") == word
    assert _checkbox(page, "topic", topic).is_checked()
    assert page.input_value("#search-sort") == "oldest"
    _assert_clean(page)


def test_the_back_button_restores_the_previous_state(page, real_site_url, archive):
    word, _ = _word_in_some(archive, every=True)
    index = _facet_index(archive)
    kind, narrowed = _most_telling(index["actor kind"], len(archive["articles"]))
    _go_search(page, real_site_url, q=word)
    everything = _result_slugs(page)
    first_url = page.url
    _tick(page, "actor kind", kind)
    assert set(_result_slugs(page)) == narrowed
    page.go_back()
    page.wait_for_function(f"() => location.href === {json.dumps(first_url)} && "
                           f"document.querySelector({json.dumps(BUSY_DONE)}) !== null")
    assert _result_slugs(page) == everything
    assert not _checkbox(page, "actor kind", kind).is_checked()
    page.go_forward()
    page.wait_for_function(f"() => location.href !== {json.dumps(first_url)} && "
                           f"document.querySelector({json.dumps(BUSY_DONE)}) !== null")
    assert set(_result_slugs(page)) == narrowed
    _assert_clean(page)


def test_the_header_search_box_opens_the_search_page_with_the_query(page, real_site_url, archive):
    word, tagged_in = _word_in_some(archive)
    first = archive["articles"][0]["url"]
    page.goto(real_site_url + first)
    page.fill("#header-q", word)
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r"/briefsite/search/\?q=" + quote(word)))
    _settled(page)
    assert page.input_value("#q") == word
    assert tagged_in <= set(_result_slugs(page))
    _assert_clean(page)


def test_the_search_page_has_one_search_box_which_searches_as_one_types(page, real_site_url, archive):
    word, tagged_in = _word_in_some(archive)
    _go_search(page, real_site_url)
    boxes = page.locator("form[role=search] input")
    assert boxes.count() == 1
    boxes.press_sequentially(word)  # and no Enter
    page.wait_for_url(re.compile(r"/search/\?q=" + quote(word) + "$"))
    assert tagged_in <= set(_result_slugs(page))
    _assert_clean(page)


def test_every_part_of_the_index_loads_from_under_the_sub_path_and_results_open_there(
        page, real_site, real_site_url, archive):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url.split("?")[0]))
    word, _ = _word_in_some(archive, every=True)
    _go_search(page, real_site_url, q=word)
    for folder in _parts(real_site):
        assert real_site_url + f"pagefind/{folder}pagefind-entry.json" in loaded
    link = page.locator(".search-results li h2 a").last
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(re.escape(real_site_url) + r"articles/[^/]+/$"))
    assert page.locator("h1").inner_text() == title
    _assert_clean(page)


def test_pagefind_is_loaded_only_on_the_search_page(page, real_site_url):
    loaded = []
    page.on("request", lambda request: "/pagefind/" in request.url and loaded.append(request.url))
    page.goto(real_site_url)
    page.wait_for_load_state("networkidle")
    assert loaded == []
    _go_search(page, real_site_url, q="the")
    assert any(url.startswith(real_site_url + "pagefind/") for url in loaded)
    _assert_clean(page)


# --- Long result lists -----------------------------------------------------------------------

def test_results_beyond_twenty_are_behind_a_show_more_button(page, project):
    for n in range(27):
        project.add(f"b{n:02d}.md", article(title=f"Briefing {n}", date=f"2025-01-{n + 1:02d}",
                                            body="Text about zyxoplast trade."))
    assert project.build().returncode == 0
    server, url = serve(project.site)
    try:
        _go_search(page, url, q="zyxoplast")
        assert page.locator(".search-results > li").count() == 20
        assert page.locator(".search-status").inner_text().startswith("27 briefings")
        more = page.locator(".search-more")
        assert more.is_visible()
        more.click()
        page.wait_for_function("() => document.querySelectorAll('.search-results > li').length === 27")
        assert not more.is_visible()
        # Keyboard users land on the first result just added.
        assert page.evaluate("document.activeElement.textContent") == page.locator(
            ".search-results > li h2 a").nth(20).inner_text()
        _assert_clean(page)
    finally:
        server.shutdown()

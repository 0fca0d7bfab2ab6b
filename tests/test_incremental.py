"""Incremental builds: what earlier builds found in each briefing makes a build faster, never different.
An edited, added or renamed briefing, a changed registry, or a stale or corrupt cache entry
gives exactly the site a clean build gives."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import article

REGISTRY = "- id: claudia-sheinbaum\n  name: Claudia Sheinbaum\n  kind: person\n  aliases: []\n  description: d\n"


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_as_clean_build(project):
    assert project.build("--out", str(project.root / "cached")).returncode == 0
    assert project.build("--no-cache", "--out", str(project.root / "clean")).returncode == 0
    cached, clean = _tree(project.root / "cached"), _tree(project.root / "clean")
    assert cached.keys() == clean.keys()
    assert [name for name in cached if cached[name] != clean[name]] == []


def _entries(project, kind):
    return sorted(p for p in (project.root / ".briefsite-cache" / kind).rglob("*") if p.is_file())


def _setup(project):
    project.registry(REGISTRY)
    for number in range(3):
        project.add(f"a{number}.md", article(title=f"Briefing {number}", body=(
            f"Claudia Sheinbaum said Mexico sent {number + 20} cartel members to the United States in 2025. "
            f"Ryan Wedding was arrested in January 2026.")))
    assert project.build().returncode == 0
    assert _entries(project, "analysis")


def test_editing_one_briefing_gives_the_same_site_as_a_clean_build(project):
    _setup(project)
    project.add("a1.md", article(title="Briefing 1", body="Mexico extradited 29 operatives to the United States."))
    _assert_same_as_clean_build(project)


def test_adding_and_renaming_briefings_gives_the_same_site_as_a_clean_build(project):
    _setup(project)
    (project.articles / "a2.md").rename(project.articles / "renamed.md")  # a new slug, so new claim ids
    project.add("new.md", article(title="New", body="Claudia Sheinbaum met officials on March 3, 2026."))
    _assert_same_as_clean_build(project)


def test_a_changed_registry_retags_every_briefing(project):
    _setup(project)
    project.registry(REGISTRY + "- id: ryan-wedding\n  name: Ryan Wedding\n  kind: person\n  aliases: []\n"
                                "  description: d\n")
    _assert_same_as_clean_build(project)
    data = json.loads((project.root / "cached" / "data" / "archive.json").read_text())
    assert next(a for a in data["actors"] if a["id"] == "ryan-wedding")["tracked"] is True


def test_a_corrupt_cache_is_rebuilt_not_trusted(project):
    _setup(project)
    entries = _entries(project, "analysis")
    entries[0].write_text("{not json")
    entry = entries[1].read_bytes()
    entries[1].write_bytes(entry[:-20] + bytes(b ^ 1 for b in entry[-20:]))  # no longer matches its checksum
    entries[2].write_bytes(entries[2].read_bytes()[:40])
    _assert_same_as_clean_build(project)


def test_a_cache_entry_moved_under_another_briefings_key_is_not_trusted(project):
    _setup(project)
    first, second, *_ = _entries(project, "analysis")
    second.write_bytes(first.read_bytes())  # intact, but it says which key it was made for
    _assert_same_as_clean_build(project)


def test_a_link_to_a_briefing_added_later_is_resolved_in_a_cached_briefing(project):
    _setup(project)
    project.add("a0.md", article(title="Briefing 0", body="See [the sequel](sequel.md) for more."))
    assert project.build().returncode == 0  # the link is broken: a warning, and cached so
    project.add("sequel.md", article(title="The sequel", body="Mexico extradited 26 operatives."))
    _assert_same_as_clean_build(project)
    page = (project.root / "cached" / "articles" / "a0" / "index.html").read_text()
    assert 'href="../sequel/"' in page


def test_a_fact_another_briefing_now_shares_shows_on_an_unchanged_briefings_page(project):
    _setup(project)
    project.add("other.md", article(title="Other", body="Nothing to compare."))
    assert project.build().returncode == 0
    project.add("other.md", article(title="Other", body=(
        "Claudia Sheinbaum said Mexico sent 20 cartel members to the United States in 2025.")))
    _assert_same_as_clean_build(project)
    page = (project.root / "cached" / "articles" / "a0" / "index.html").read_text()
    assert 'href="../../articles/other/#' in page  # "also reported in" the other briefing


def test_a_changed_template_changes_every_cached_page(project):
    _setup(project)
    template = project.root / "templates" / "article.html"
    template.write_text(template.read_text().replace("Cite this", "How to cite"))
    _assert_same_as_clean_build(project)
    assert "How to cite" in (project.root / "cached" / "articles" / "a0" / "index.html").read_text()


def test_a_changed_site_title_changes_every_cached_page(project):
    _setup(project)
    settings = project.root / "pyproject.toml"
    settings.write_text(re.sub(r'(?m)^title = ".*"$', 'title = "Renamed archive"', settings.read_text(), count=1))
    _assert_same_as_clean_build(project)
    assert "Renamed archive" in (project.root / "cached" / "articles" / "a0" / "index.html").read_text()


def test_a_corrupt_page_in_the_cache_is_rendered_again(project):
    _setup(project)
    for entry in _entries(project, "pages"):
        entry.write_bytes(entry.read_bytes().replace(b"Briefing", b"Tampered"))
    _assert_same_as_clean_build(project)
    assert "Tampered" not in (project.root / "cached" / "articles" / "a0" / "index.html").read_text()


def test_data_files_written_from_the_cache_are_byte_identical_to_a_clean_builds(project):
    _setup(project)
    project.add("a1.md", article(title="Briefing 1", body=(
        "Claudia Sheinbaum said Mexico sent 29 cartel members to the United States in 2025.")))
    assert project.build().returncode == 0  # one briefing's rows made again, two read back
    _assert_same_as_clean_build(project)
    claims = (project.root / "cached" / "data" / "claims.csv").read_text()
    assert "sent 29 cartel members" in claims and "sent 22 cartel members" in claims
    assert "sent 21 cartel members" not in claims


def test_a_corrupt_data_cache_entry_is_made_again_not_trusted(project):
    _setup(project)
    first, second, third = _entries(project, "data")
    first.write_bytes(first.read_bytes().replace(b"Sheinbaum", b"Tampered!"))  # same size, other bytes
    second.write_bytes(second.read_bytes()[:100])
    third.write_bytes(b"")
    _assert_same_as_clean_build(project)
    assert "Tampered" not in (project.root / "cached" / "data" / "archive.json").read_text()


def test_data_files_are_right_when_their_cache_cannot_be_written(project):
    _setup(project)
    data_cache = project.root / ".briefsite-cache" / "data"
    shutil.rmtree(data_cache)
    data_cache.write_text("a file where the cache's folder should be")
    _assert_same_as_clean_build(project)


def test_a_site_page_edited_in_place_is_not_reused(project):
    # The site's article pages are links to the cache's copies, so an edit in place reaches both.
    _setup(project)
    page = project.root / "_site" / "articles" / "a0" / "index.html"
    with page.open("r+b") as file:
        file.write(b"<!-- edited -->")
    _assert_same_as_clean_build(project)


def test_no_cache_leaves_no_cache_behind(project):
    project.add("a.md", article())
    assert project.build("--no-cache").returncode == 0
    assert not (project.root / ".briefsite-cache").exists()


# --- The search index, in parts ---------------------------------------------------------------

PARTS = {"BRIEFSITE_SEARCH_PART_SIZE": "4"}  # eleven briefings in three parts, with room for one more


def _search_cache(project) -> dict[str, float]:
    """Entries of the search cache, with when each was made."""
    folder = project.root / ".briefsite-cache" / "search"
    return {entry.name: entry.stat().st_mtime_ns for entry in folder.iterdir()}


def _merged_parts(project) -> int:
    """How many parts the search page merges into the bundle's index."""
    workers = json.loads((project.site / "pagefind" / "parts.json").read_text())["workers"]
    return sum(map(len, workers))


def _setup_parts(project) -> None:
    for number in range(11):
        project.add(f"b{number:02d}.md", article(title=f"Briefing {number}", date=f"2025-{number + 1:02d}-01",
                                                 body=f"Mexico and the United States, text number {number}."))
    assert project.build(env=PARTS).returncode == 0
    assert _merged_parts(project) >= 2


def _assert_search_index_same_as_clean_build(project) -> None:
    assert project.build("--out", str(project.root / "cached"), env=PARTS).returncode == 0
    assert project.build("--no-cache", "--out", str(project.root / "clean"), env=PARTS).returncode == 0
    cached, clean = _tree(project.root / "cached" / "pagefind"), _tree(project.root / "clean" / "pagefind")
    assert cached.keys() == clean.keys()
    assert [name for name in cached if cached[name] != clean[name]] == []


def test_a_search_index_from_the_cache_is_byte_identical_to_a_clean_one(project):
    _setup_parts(project)
    before = _search_cache(project)
    _assert_search_index_same_as_clean_build(project)
    assert _search_cache(project) == before  # every part came from the cache


def test_a_corrupt_search_cache_entry_is_rebuilt_not_trusted(project):
    _setup_parts(project)
    entries = sorted((project.root / ".briefsite-cache" / "search").iterdir())
    fragment = next((entries[0] / "bundle" / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[:-1] + b"x")  # same size, other bytes
    (entries[1] / "checksums.json").write_text("{not json")
    next((entries[-1] / "bundle" / "index").iterdir()).unlink()
    _assert_search_index_same_as_clean_build(project)


@pytest.mark.parametrize("name, text", [
    ("b05.md", article(title="Briefing 5", date="2025-06-01", body="Mexico, text number five, edited.")),
    ("new.md", article(title="A new briefing", date="2025-12-24", body="Mexico, new text.")),
], ids=["an edited briefing", "an added briefing"])
def test_one_changed_briefing_reindexes_only_its_part(project, name, text):
    _setup_parts(project)
    before = _search_cache(project)
    project.add(name, text)
    assert project.build(env=PARTS).returncode == 0
    assert len(set(_search_cache(project)) - set(before)) == 1
    _assert_search_index_same_as_clean_build(project)


def test_a_briefing_that_adds_a_part_reindexes_only_the_part_it_splits_and_its_own(project):
    _setup_parts(project)
    project.add("new.md", article(title="A new briefing", date="2025-12-24", body="Mexico, new text."))
    assert project.build(env=PARTS).returncode == 0
    before = _search_cache(project)
    project.add("newer.md", article(title="A newer briefing", date="2025-12-25", body="Mexico, newer text."))
    assert project.build(env=PARTS).returncode == 0  # 13 briefings: a fourth part
    assert _merged_parts(project) == 3
    assert 2 <= len(set(_search_cache(project)) - set(before)) <= 3
    _assert_search_index_same_as_clean_build(project)


def test_repeated_edits_keep_the_search_cache_bounded(project):
    _setup_parts(project)
    parts = len(_search_cache(project))
    for round_ in range(parts + 2):
        project.add("b05.md", article(title="Briefing 5", date="2025-06-01", body=f"Mexico, edit {round_}."))
        assert project.build(env=PARTS).returncode == 0
    # This build's parts, and as many more recently used ones (an edit undone is still warm).
    assert len(_search_cache(project)) <= 2 * parts


@pytest.mark.parametrize("kind", ["analysis", "pages", "data"])
def test_repeated_edits_keep_the_cache_within_twice_the_archive(project, kind):
    _setup(project)
    for round_ in range(5):
        project.add("a1.md", article(title="Briefing 1", body=f"Mexico extradited {round_ + 30} operatives."))
        assert project.build().returncode == 0
    # An entry is one file, or (pages) a file and the page files it lists.
    assert len({entry.name.partition(".")[0] for entry in _entries(project, kind)}) <= 2 * 3


def test_an_edit_undone_finds_its_cache_entry_again(project):
    _setup(project)
    first = set(_entries(project, "analysis"))
    project.add("a1.md", article(title="Briefing 1", body="Mexico extradited 29 operatives."))
    assert project.build().returncode == 0
    project.add("a1.md", article(title="Briefing 1", body=(
        "Claudia Sheinbaum said Mexico sent 21 cartel members to the United States in 2025. "
        "Ryan Wedding was arrested in January 2026.")))
    assert project.build().returncode == 0
    assert set(_entries(project, "analysis")) >= first


def test_what_an_older_briefsite_left_in_the_cache_folder_is_removed(project):
    _setup(project)
    legacy = project.root / ".briefsite-cache" / "tags" / "ab"
    legacy.mkdir(parents=True)
    (legacy / "entry.json").write_text("{}")
    assert project.build().returncode == 0
    assert sorted(p.name for p in (project.root / ".briefsite-cache").iterdir()) == [
        "analysis", "data", "pages", "search"]


def test_a_cached_page_is_copied_where_the_file_system_refuses_links(tmp_path, monkeypatch):
    from briefsite.records import CachedFile
    from briefsite.write import write_pages

    cached = tmp_path / "cache-copy"
    cached.write_bytes(b"<html>page</html>")

    def refuse(*_):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("os.link", refuse)
    assert write_pages(tmp_path / "site", [CachedFile("articles/a/index.html", cached)]) == 1
    assert (tmp_path / "site" / "articles" / "a" / "index.html").read_bytes() == b"<html>page</html>"


def test_article_pages_from_the_cache_are_links_to_it(project):
    _setup(project)
    assert project.build().returncode == 0
    page = project.root / "_site" / "articles" / "a0" / "index.html"
    assert page.stat().st_nlink == 2  # the site's name and the cache's


def test_a_briefing_whose_ledger_links_change_keeps_its_search_part(project):
    from briefsite.index import _part_count, _part_of

    fact = "Mexico extradited 29 cartel operatives to the United States on February 27, 2025."
    _setup_parts(project)
    project.add("b03.md", article(title="Briefing 3", date="2025-04-01", body=fact))
    assert project.build(env=PARTS).returncode == 0
    before = _search_cache(project)
    parts = _part_count(12, int(PARTS["BRIEFSITE_SEARCH_PART_SIZE"]))  # with the new briefing
    # A new briefing reporting the same fact, in another part than Briefing 3's.
    slug = next(f"new-{n}" for n in range(100) if _part_of(f"new-{n}", parts) != _part_of("b03", parts))
    project.add(f"{slug}.md", article(title="Another source", date="2025-12-24", body=fact))
    assert project.build(env=PARTS).returncode == 0
    assert "also reported in" in (project.site / "articles" / "b03" / "index.html").read_text()
    assert len(set(_search_cache(project)) - set(before)) == 1  # the new briefing's part only
    _assert_search_index_same_as_clean_build(project)

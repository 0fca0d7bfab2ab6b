"""The build: `python build.py` turns content/ into a complete static site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, article, serve
from htmlfacts import read, text_of


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_real_article_has_a_page_with_its_title(real_site):
    articles = sorted((REPO / "content" / "articles").glob("*.md"))
    assert len(articles) >= 5
    for path in articles:
        title = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip("'\"")
        page = real_site / "articles" / path.stem / "index.html"
        assert page.is_file(), path.name
        assert "<h1" in _page(real_site, f"articles/{path.stem}/index.html")
        assert title.replace("''", "'")[:30] in text_of(page.read_text(encoding="utf-8"))


def test_home_lists_briefings_newest_first_with_summaries(project):
    project.add("old.md", article(title="Old briefing", date="2024-05-01", summary="The oldest one."))
    project.add("new.md", article(title="New briefing", date="2026-03-02", summary="The newest one."))
    project.add("month.md", article(title="Month briefing", date="2025-07", summary="Known to the month."))
    project.add("undated.md", article(title="Undated briefing", date="unknown", summary="No date known."))
    assert project.build().returncode == 0
    text = text_of(_page(project.site, "index.html"))
    order = [text.index(t) for t in ("New briefing", "Month briefing", "Old briefing", "Undated briefing")]
    assert order == sorted(order)
    assert "The newest one." in text and "Known to the month." in text


def test_article_page_shows_metadata_source_link_and_reading_time(project):
    body = " ".join(["word"] * 690)
    project.add("a.md", article(title="Cartels and courts", body=body, publication="Review of Policy",
                                authors=[{"name": "Ana Ruiz", "affiliation": "Instituto X"}],
                                source_url="https://example.org/cartels", topics=["cartels"]))
    assert project.build().returncode == 0
    html = _page(project.site, "articles/a/index.html")
    text = text_of(html)
    for fact in ("Cartels and courts", "2 March 2026", "Ana Ruiz", "Instituto X", "Review of Policy",
                 "3 min (690 words)", "cartels"):
        assert fact in text
    assert ("a", {"href": "https://example.org/cartels", "rel": "noopener noreferrer external"}) in read(html).tags


def test_tags_field_is_read_as_topics(project):
    project.add("a.md", article(tags=["usmca", "violence data"]))
    result = project.build()
    assert "warning" not in result.stderr
    assert "violence data" in text_of(_page(project.site, "articles/a/index.html"))


def test_unknown_author_publication_and_source_are_said_to_be_unknown(project):
    project.add("a.md", article(authors=[], publication=None, date="unknown"))
    assert project.build().returncode == 0
    text = text_of(_page(project.site, "articles/a/index.html"))
    assert "Date unknown" in text
    assert "Unknown: the source does not name one" in text
    assert "Unknown: the source does not name it" in text
    assert "Original address not recorded" in text


def test_estimated_date_is_shown_with_its_precision_and_note(project):
    project.add("a.md", article(date="2026-01", date_note="Estimated from the text (month only)."))
    assert project.build().returncode == 0
    html = _page(project.site, "articles/a/index.html")
    assert '<time datetime="2026-01">January 2026</time> <span class="date-precision">(month only; estimated)' in html
    assert "Estimated from the text (month only)." in text_of(html)


def test_site_has_search_page_404_page_and_nojekyll(project):
    project.add("a.md", article())
    assert project.build().returncode == 0
    assert (project.site / ".nojekyll").is_file()
    assert "Search the briefings" in text_of(_page(project.site, "search/index.html"))
    assert "Page not found" in text_of(_page(project.site, "404.html"))
    assert (project.site / "pagefind" / "pagefind.js").is_file()


def test_raw_html_in_markdown_is_shown_as_text_never_run(project):
    project.add("a.md", article(body='<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))'))
    assert project.build().returncode == 0
    html = _page(project.site, "articles/a/index.html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_link_to_another_briefing_file_becomes_a_link_to_its_page(project):
    project.add("00001-first.md", article(title="First"))
    project.add("00002-second.md", article(title="Second", body="See [the first](00001-first.md#intro)."))
    assert project.build().returncode == 0
    html = _page(project.site, "articles/00002-second/index.html")
    assert '<a href="../00001-first/#intro">the first</a>' in html


def test_deleting_an_article_removes_its_page_on_the_next_build(project):
    project.add("a.md", article(title="Stays"))
    gone = project.add("b.md", article(title="Goes"))
    assert project.build().returncode == 0
    gone.unlink()
    assert project.build().returncode == 0
    assert not (project.site / "articles" / "b").exists()
    assert "Goes" not in _page(project.site, "index.html")


def test_python_m_briefsite_builds_the_project_in_the_current_folder(project):
    project.add("a.md", article())
    result = subprocess.run([sys.executable, "-m", "briefsite"], cwd=project.root, capture_output=True, text=True,
                            env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (project.site / "articles" / "a" / "index.html").is_file()


def test_every_internal_link_resolves_when_served_under_a_subpath(real_site):
    server, base = serve(real_site)
    try:
        pages = [p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
                 if "pagefind" not in p.parts and p.name != "404.html"]
        checked = set()
        for rel in pages:
            url = urljoin(base, rel)
            html = urllib.request.urlopen(url).read().decode("utf-8")
            for link in read(html).urls:
                target = urljoin(url, link)
                if urlsplit(target).netloc != urlsplit(base).netloc:
                    continue  # the source links of briefings point to their publishers
                assert urlsplit(target).path.startswith(urlsplit(base).path), f"{rel}: {link} leaves the site"
                _assert_resolves(target.split("?")[0], checked, rel, link)
        assert len(checked) > len(pages)
    finally:
        server.shutdown()


def test_404_page_links_work_at_any_depth_when_base_url_is_given(project):
    project.add("a.md", article())
    assert project.build("--base-url", "https://example.github.io/briefsite/").returncode == 0
    server, base = serve(project.site)
    missing = urljoin(base, "no/such/page/")
    try:
        try:
            urllib.request.urlopen(missing)
            raise AssertionError(f"{missing} should be missing")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            html = exc.read().decode("utf-8")
        links = [link for link in read(html).urls if not link.startswith("#")]
        assert links
        for link in links:
            _assert_resolves(urljoin(missing, link), set(), "404.html", link)
    finally:
        server.shutdown()


def _assert_resolves(url: str, checked: set, page: str, link: str) -> None:
    address, _, fragment = url.partition("#")
    if url in checked:
        return
    checked.add(url)
    try:
        body = urllib.request.urlopen(address).read()
    except urllib.error.HTTPError as exc:
        raise AssertionError(f"{page}: link {link!r} -> {address} gives HTTP {exc.code}") from None
    if fragment:
        assert fragment in read(body.decode("utf-8")).ids, f"{page}: anchor #{fragment} missing"


def test_two_builds_of_the_same_content_are_byte_identical_search_index_included(tmp_path):
    from conftest import run_build

    hashes = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert run_build(REPO, "--out", str(out)).returncode == 0
        hashes.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert hashes[0].keys() == hashes[1].keys()
    assert [k for k in hashes[0] if hashes[0][k] != hashes[1][k]] == []
    assert any(k.endswith(".pf_filter") for k in hashes[0])


def test_the_search_index_is_the_same_on_file_systems_that_list_folders_in_different_orders(project, tmp_path):
    names = [f"{number:02d}" for number in range(12)]
    for name in names:
        project.add(f"{name}.md", article(title=f"Briefing {name}", body=f"Text {name} on word{name}."))
    with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
        # tmpfs lists a folder in the order its entries were made (or the reverse); ext4 by a hash
        # of their names.
        listings = []
        for disk in (Path(shm), tmp_path):
            (disk / "probe").mkdir()
            for name in names:
                (disk / "probe" / name).mkdir()
            listings.append(os.listdir(disk / "probe"))
        if listings[0] == listings[1]:
            pytest.skip("/dev/shm and the tests' temporary folder list folders in the same order here")
        indexes = []
        for out in (Path(shm, "_site"), tmp_path / "_site"):
            assert project.build("--out", str(out), "--no-cache").returncode == 0
            indexes.append({p.relative_to(out).as_posix(): p.read_bytes()
                            for p in sorted((out / "pagefind").rglob("*")) if p.is_file()})
    assert indexes[0] == indexes[1]


def test_building_on_several_cores_and_hash_seeds_gives_the_same_site(project):
    # Above the size at which parse, tag and render run in worker processes.
    for number in range(60):
        project.add(f"{number:03d}.md", article(
            title=f"Briefing {number}", date=f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
            body=f"Mexico extradited {number + 10} cartel members to the United States in 2025, officials said. "
                 f"Claudia Sheinbaum said on Monday that “cooperation continues,” and {number} more were held."))
    trees = []
    # Different hash seeds too: set order must never leak into the output.
    for workers, seed in (("1", "1"), ("2", "2")):
        out = project.root / f"site-{workers}"
        env = {"BRIEFSITE_WORKERS": workers, "PYTHONHASHSEED": seed}
        assert project.build("--out", str(out), env=env).returncode == 0
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []


def test_an_archive_with_no_briefings_still_builds_a_working_site(project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "0 briefings" in text_of(_page(project.site, "index.html"))
    assert (project.site / "search" / "index.html").is_file()


def test_the_list_of_briefings_comes_in_pages_of_a_hundred(project):
    for number in range(105):
        project.add(f"b{number:03}.md", article(title=f"Briefing {number:03}", date=f"2025-01-{number % 28 + 1:02}",
                                               body="Some text."))
    assert project.build().returncode == 0
    home = (project.site / "index.html").read_text(encoding="utf-8")
    second = (project.site / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert home.count('class="briefing-card"') == 100 and second.count('class="briefing-card"') == 5
    assert 'href="page/2/">Older briefings</a>' in home and "page 1 of 2" in home
    assert 'href="../../">Newer briefings</a>' in second and "page 2 of 2" in second


def test_work_on_another_core_gives_its_result_to_the_build_process():
    from briefsite.pipeline import _OnAnotherCore

    assert _OnAnotherCore(lambda: ("ledger", 42)).result() == ("ledger", 42)


def test_a_failure_on_another_core_is_raised_in_the_build_process():
    from briefsite.pipeline import _OnAnotherCore

    def full_disk():
        raise OSError(28, "No space left on device")

    work = _OnAnotherCore(full_disk)
    try:
        work.result()
    except OSError as exc:
        assert exc.errno == 28
    else:
        raise AssertionError("the failure was lost")

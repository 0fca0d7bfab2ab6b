"""`python build.py --serve`: a real server on a free port, a throw-away project, real edits."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest

from briefsite import serve as serve_module
from briefsite.diagnostics import BuildFailed
from briefsite.pipeline import BuildOptions, build_site
from conftest import article
from htmlfacts import text_of
from previewing import RELOAD_TAG, WAIT, Preview, wait_for

BROKEN_TITLE = "title: [unclosed"


def write_article(project, title: str) -> Path:
    return project.add("a.md", article(title=title, summary="What changed this week."))


def break_title(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("title: ")
    path.write_text("".join([lines[0], BROKEN_TITLE + "\n", *lines[2:]]), encoding="utf-8")


@pytest.fixture
def preview(project):
    write_article(project, "Old title")
    running = Preview(project.root)
    yield running
    running.close()


def test_serves_home_page_with_reload_script_but_leaves_built_file_untouched(preview, project):
    status, headers, html = preview.get("")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert "Old title" in html
    assert html.count(RELOAD_TAG) == 1
    assert html.index(RELOAD_TAG) < html.index("</body>")
    assert "__briefsite" not in (project.site / "index.html").read_text(encoding="utf-8")


def test_built_site_on_disk_is_identical_to_a_normal_build(preview, project, tmp_path):
    normal = build_site(BuildOptions(root=project.root, out=tmp_path / "normal")).out
    compared = filecmp.dircmp(project.site, normal)
    differing = []

    def collect(node: filecmp.dircmp, prefix: str = "") -> None:
        # dircmp compares by size and mtime only; read the files to be sure.
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        differing.extend(prefix + name for name in mismatch + errors + node.left_only + node.right_only)
        for name, child in node.subdirs.items():
            collect(child, f"{prefix}{name}/")

    collect(compared)
    assert differing == []


def test_missing_path_gets_the_404_page(preview):
    status, headers, html = preview.get("no/such/page/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Page not found" in html
    assert RELOAD_TAG in html


def test_serves_reload_script_and_site_files_with_their_content_types(preview, project):
    status, headers, script = preview.get("__briefsite/reload.js")
    assert (status, headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert 'new EventSource("/__briefsite/events")' in script
    assert preview.get("assets/search.js")[1]["Content-Type"] == "text/javascript; charset=utf-8"
    assert preview.get("assets/style.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    pagefind = sorted(p.relative_to(project.site).as_posix() for p in (project.site / "pagefind").rglob("*.pf_*"))
    assert pagefind, "the build wrote no Pagefind index"
    for path in pagefind:
        assert preview.get(path)[1]["Content-Type"] == "application/octet-stream", path


def test_new_asset_is_served_after_a_rebuild_with_its_content_type(preview, project):
    (project.root / "templates" / "assets" / "tiny.wasm").write_bytes(b"\0asm\1\0\0\0")
    status, headers, _ = wait_for(lambda: (got := preview.get("assets/tiny.wasm"))[0] == 200 and got)
    assert headers["Content-Type"] == "application/wasm"


def test_editing_an_article_rebuilds_and_serves_the_new_title(preview, project):
    write_article(project, "New title")
    wait_for(lambda: "New title" in preview.get("articles/a/")[2])
    rebuilt = preview.wait_for_line("rebuilt 1 articles")
    assert "content/articles/a.md changed" in rebuilt
    assert " s (" in rebuilt  # the rebuild's time comes before what changed


def test_an_edited_briefing_is_shown_before_the_whole_site_is_rebuilt(preview, project, monkeypatch):
    release = threading.Event()
    real_rebuild = serve_module.rebuild
    monkeypatch.setattr(serve_module, "rebuild", lambda *a, **k: release.wait(WAIT) and real_rebuild(*a, **k))
    write_article(project, "New title")
    wait_for(lambda: "New title" in preview.get("articles/a/")[2])
    built_page = project.site / "articles" / "a" / "index.html"
    assert "Old title" in built_page.read_text()  # the site on disk is still the last build's
    release.set()
    wait_for(lambda: "New title" in built_page.read_text())
    assert "New title" in preview.get("articles/a/")[2]


def test_a_failed_rebuild_takes_back_the_preview_of_an_edit(preview, project):
    project.add("b.md", article(title=None))  # an error elsewhere: the rebuild fails
    write_article(project, "New title")
    preview.wait_for_line("rebuild failed")
    assert "Old title" in preview.get("articles/a/")[2]


def test_event_stream_announces_reload_after_an_edit(preview, project):
    with urllib.request.urlopen(preview.url + "__briefsite/events", timeout=WAIT) as events:
        assert events.headers["Content-Type"] == "text/event-stream"
        write_article(project, "New title")
        assert events.readline() == b"event: reload\n"
        assert events.readline() == b"data: \n"
        assert events.readline() == b"\n"


def test_event_stream_pings_and_ends_when_the_page_goes_away(project, monkeypatch):
    monkeypatch.setattr(serve_module, "PING_INTERVAL", 0.1)
    write_article(project, "Old title")
    running = Preview(project.root)
    try:
        with urllib.request.urlopen(running.url + "__briefsite/events", timeout=WAIT) as events:
            assert events.readline() == b": ping\n"
        wait_for(lambda: not running.request_threads() or None)
    finally:
        running.close()


def test_failed_rebuild_reports_diagnostics_and_keeps_the_last_good_site(preview, project):
    path = project.articles / "a.md"
    break_title(path)
    with pytest.raises(BuildFailed) as failed:
        build_site(BuildOptions(root=project.root, out=project.root / "check"))
    expected = [str(d) for d in failed.value.diagnostics]
    assert expected[0].startswith("content/articles/a.md:2: error:")
    assert ": error: invalid YAML in front matter" in expected[0]

    summary = preview.wait_for_line("rebuild failed with 1 error(s)")
    assert summary.endswith("still serving the last good site")
    assert preview.lines[preview.lines.index(summary) - len(expected):preview.lines.index(summary)] == expected
    status, _, html = preview.get("articles/a/")
    assert status == 200 and "Old title" in html


def test_polling_fallback_rebuilds_when_watchdog_is_missing(project, monkeypatch):
    monkeypatch.setattr(serve_module, "Observer", None)
    write_article(project, "Old title")
    running = Preview(project.root)
    try:
        write_article(project, "New title")
        wait_for(lambda: "New title" in running.get("articles/a/")[2])
    finally:
        running.close()


def test_open_page_reloads_with_the_new_title_after_an_edit(preview, page, project):
    page.goto(preview.url + "articles/a/")
    assert "Old title" in page.locator("h1").inner_text()
    write_article(project, "New title")
    page.locator("h1", has_text="New title").wait_for(timeout=WAIT * 1000)

    # A broken edit leaves the open page as it is: no reload, nothing broken.
    break_title(project.articles / "a.md")
    preview.wait_for_line("rebuild failed")
    assert "New title" in page.locator("h1").inner_text()
    assert page.console_errors == []


# --- Watching, whatever happens to the folders -------------------------------------------------

def _shows(preview: Preview, title: str) -> None:
    wait_for(lambda: title in preview.get("articles/a/")[2])


def test_a_content_folder_deleted_and_made_again_is_still_watched(preview, project):
    content = project.root / "content"
    shutil.rmtree(content)
    preview.wait_for_line("no articles folder")
    write_article(project, "Made again")
    _shows(preview, "Made again")
    write_article(project, "Edited since")
    _shows(preview, "Edited since")


def test_a_content_folder_swapped_for_another_by_renaming_is_watched_in_its_place(preview, project):
    content, new = project.root / "content", project.root / "content.new"
    shutil.copytree(content, new)
    (new / "articles" / "a.md").write_text(article(title="Swapped in"), encoding="utf-8")
    content.rename(project.root / "content.old")
    new.rename(content)
    _shows(preview, "Swapped in")
    write_article(project, "Edited since")
    _shows(preview, "Edited since")


def test_a_content_folder_made_after_the_preview_started_is_watched(project):
    shutil.rmtree(project.root / "content")
    running = Preview(project.root)
    try:
        running.wait_for_line("build failed")
        write_article(project, "First title")
        _shows(running, "First title")
        write_article(project, "Edited since")
        _shows(running, "Edited since")
    finally:
        running.close()


def test_polling_sees_a_briefing_swapped_for_a_copy_with_the_same_time_and_size(project, monkeypatch):
    monkeypatch.setattr(serve_module, "Observer", None)
    path = write_article(project, "Old title")
    running = Preview(project.root)
    try:
        copy = project.root / "a.md.new"
        copy.write_text(article(title="New title", summary="What changed this week."), encoding="utf-8")
        before = path.stat()
        os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert copy.stat().st_size == before.st_size
        copy.rename(path)
        _shows(running, "New title")
    finally:
        running.close()


# --- A failed build, shown in the browser --------------------------------------------------------

FAILURE = "#briefsite-failure"


def test_a_failed_rebuild_is_shown_over_the_open_page_until_the_next_good_build(preview, page, project):
    page.goto(preview.url + "articles/a/")
    break_title(project.articles / "a.md")
    failure = page.locator(FAILURE)
    failure.wait_for(timeout=WAIT * 1000)
    assert failure.get_attribute("role") == "alert"
    assert "The build failed" in failure.locator("h2").inner_text()
    assert "content/articles/a.md:2: error: invalid YAML in front matter" in failure.inner_text()
    assert "Old title" in page.locator("h1").inner_text()  # the last good build's page, under it

    other = page.context.new_page()
    other.goto(preview.url)
    other.locator(FAILURE, has_text="content/articles/a.md:2: error:").wait_for(timeout=WAIT * 1000)

    write_article(project, "Fixed title")
    page.locator(FAILURE).wait_for(state="detached", timeout=WAIT * 1000)  # the site rebuilt
    assert "Fixed title" in page.locator("h1").inner_text()
    assert page.console_errors == []


def test_until_a_build_succeeds_every_address_shows_why_it_failed(project):
    project.add("a.md", article(title=None))
    running = Preview(project.root)
    try:
        for path in ("", "articles/a/", "no/such/page/"):
            status, headers, html = running.get(path)
            assert status == 503
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert "content/articles/a.md:1: error: missing required field 'title'" in text_of(html)
            assert RELOAD_TAG in html
        write_article(project, "Fixed title")
        wait_for(lambda: running.get("articles/a/")[0] == 200)
        assert "Fixed title" in running.get("articles/a/")[2]
    finally:
        running.close()


def test_the_event_stream_tells_a_page_that_opens_after_a_failed_build_why_it_failed(preview, project):
    break_title(project.articles / "a.md")
    preview.wait_for_line("rebuild failed")
    with urllib.request.urlopen(preview.url + "__briefsite/events", timeout=WAIT) as events:
        assert events.readline() == b"event: failed\n"
        failure = json.loads(events.readline().removeprefix(b"data: "))
    assert failure["lines"][0].startswith("content/articles/a.md:2: error: invalid YAML in front matter")
    assert failure["lines"][-1].startswith("rebuild failed with 1 error(s)")

"""The command line editors use: summary, timings, quiet output when piped, drafts,
`new` scaffolding and `--version`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest

from conftest import REPO, article


def _briefsite(project, *args):
    return subprocess.run([sys.executable, "-m", "briefsite", *args], cwd=project.root, capture_output=True, text=True)


def test_closing_summary_counts_articles_actors_claims_dates_pages_warnings_and_seconds(project):
    project.add("a.md", article(body="On January 15, 2026, Claudia Sheinbaum said Mexico sent 29 operatives."))
    result = project.build()
    assert re.search(r"^built 1 articles \(\d+ actors, \d+ claims, \d+ dates\) into \d+ pages in .+, "
                     r"\d+ warnings?, \d+\.\d\d s$", result.stdout, re.M), result.stdout


def _installed_command() -> list[str]:
    """The `briefsite` script `pip install` made, for this Python."""
    script = shutil.which("briefsite", path=os.pathsep.join([sysconfig.get_path("scripts"), os.environ["PATH"]]))
    assert script, "briefsite is not installed: pip install -e ."
    return [script]


@pytest.mark.parametrize("command", [_installed_command, lambda: [sys.executable, "-m", "briefsite"]],
                         ids=["briefsite", "python -m briefsite"])
def test_the_installed_command_builds_and_reports_like_build_py(project, command):
    project.add("a.md", article(title="Built by the command"))
    result = subprocess.run([*command(), "build"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^built 1 articles ", result.stdout, re.M), result.stdout
    assert "Built by the command" in (project.site / "index.html").read_text(encoding="utf-8")


def test_output_to_a_pipe_has_no_progress_bar(project):
    project.add("a.md", article())
    result = project.build()
    assert "\x1b[" not in result.stdout + result.stderr


def test_timings_lists_every_stage(project):
    project.add("a.md", article())
    stages = re.findall(r"^\s*([\w+ ]+?)\s+\d+\.\d{3} s$", project.build("--timings").stderr, re.M)
    assert stages == ["load", "validate", "parse+tag", "link", "ledger", "articles", "archive pages", "search index"]


def test_timings_show_what_the_search_index_cost_though_it_ran_alongside_other_stages(project):
    project.add("a.md", article())
    # Each Pagefind run takes a second longer, and the archive pages two: the search index,
    # made meanwhile, is done before they are.
    result = subprocess.run([sys.executable, str(REPO / "tests" / "held_build.py"), "--hold", "pagefind=1",
                             "--hold", "archive-pages=2", "--", "--root", str(project.root), "--timings"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert float(re.search(r"^ *search index +(\d+\.\d+) s$", result.stderr, re.M).group(1)) >= 1.0


def test_quiet_prints_nothing_on_success(project):
    project.add("a.md", article())
    result = project.build("--quiet")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_drafts_are_left_out_unless_asked_for(project):
    project.add("a.md", article(title="Published"))
    project.add("b.md", article(title="Work in progress", draft=True))
    assert project.build().returncode == 0
    assert not (project.site / "articles" / "b").exists()
    assert project.build("--drafts").returncode == 0
    assert (project.site / "articles" / "b" / "index.html").is_file()


def test_draft_must_be_true_or_false(project):
    project.add("a.md", "---\ntitle: T\ndate: 2026-01-01\ndraft: maybe\n---\nx\n")
    result = project.build()
    assert "content/articles/a.md:4: error: draft must be true or false, found 'maybe'" in result.stderr


def test_new_writes_a_briefing_with_every_field_that_builds(project):
    result = _briefsite(project, "new", "Tariffs and the Border: What Changed?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/articles/tariffs-and-the-border-what-changed.md"
    text = (project.articles / "tariffs-and-the-border-what-changed.md").read_text()
    for field in ("title", "slug", "date", "authors", "publication", "source_url", "summary", "topics", "draft"):
        assert re.search(rf"^{field}:", text, re.M), field
    build = project.build("--drafts")
    assert build.returncode == 0
    assert (project.site / "articles" / "tariffs-and-the-border-what-changed" / "index.html").is_file()


def test_new_briefing_stays_out_of_the_site_until_its_draft_line_is_deleted(project):
    project.add("a.md", article(title="Published"))
    result = _briefsite(project, "new", "Placeholder")
    assert "draft" in result.stderr
    assert project.build().returncode == 0
    assert not (project.site / "articles" / "placeholder").exists()
    path = project.articles / "placeholder.md"
    path.write_text(re.sub(r"^draft: true.*\n", "", path.read_text(), flags=re.M))
    assert project.build().returncode == 0
    assert (project.site / "articles" / "placeholder" / "index.html").is_file()


def test_new_refuses_to_overwrite_an_existing_briefing(project):
    assert _briefsite(project, "new", "Same title").returncode == 0
    again = _briefsite(project, "new", "Same title")
    assert again.returncode == 2 and "exists already" in again.stderr


def test_version_is_printed():
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and re.match(r"briefsite \d+\.\d+\.\d+", result.stdout)

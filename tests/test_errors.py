"""Bad input: every problem reported at once as `path:line: error: message`, exit 1, no
traceback, and the previous site left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from conftest import REPO, article

A = "content/articles/a.md"

# (file text, expected stderr line): one minimal broken input per diagnostic.
BROKEN = {
    "bad_yaml": (
        "---\ntitle: 'unclosed\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:2: error: invalid YAML in front matter: found unexpected end of stream; "
        "check the quoting and indentation of this line",
    ),
    "unclosed_bracket": (
        "---\ntitle: [unclosed\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:2: error: invalid YAML in front matter: did not find expected ',' or ']'; "
        "check the quoting and indentation of this line",
    ),
    "bad_indentation": (
        "---\ntitle: T\ndate: 2026-03-02\n  summary: s\n---\nText.\n",
        f"{A}:4: error: invalid YAML in front matter: mapping values are not allowed in this context; "
        "check the quoting and indentation of this line",
    ),
    "missing_title": (
        "---\ndate: 2026-03-02\nsummary: s\n---\nText.\n",
        f"{A}:1: error: missing required field 'title' (the headline); add a line 'title: ...' to the front matter",
    ),
    "title_is_a_list": (
        "---\ntitle: [a, b]\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:2: error: title must be text, found a list ['a', 'b']; write it on one line after the colon, "
        "in quotes if it contains a colon",
    ),
    "empty_title": (
        "---\ntitle:\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:2: error: title is empty; write the text after the colon",
    ),
    "missing_date": (
        "---\ntitle: T\n---\nText.\n",
        f"{A}:1: error: missing required field 'date' (publication date, YYYY-MM-DD, or 'unknown'); "
        "add a line 'date: ...' to the front matter",
    ),
    "date_is_a_word": (
        "---\ntitle: T\ndate: yesterday\n---\nText.\n",
        f"{A}:3: error: date 'yesterday' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02 "
        "(or \"2026-03\" / \"2026\" when only the month or year is known, or 'unknown')",
    ),
    "date_not_in_calendar": (
        "---\ntitle: T\ndate: 2026-02-30\n---\nText.\n",
        f"{A}:3: error: date '2026-02-30' is not a calendar date: February 2026 has 28 days",
    ),
    "date_is_a_number": (
        "---\ntitle: T\ndate: 20260302\n---\nText.\n",
        f"{A}:3: error: date '20260302' is a number, not a date; write it as YYYY-MM-DD, e.g. 2026-03-02 "
        "(or \"2026-03\" / \"2026\" when only the month or year is known, or 'unknown')",
    ),
    "no_front_matter": (
        "Just text.\n",
        f"{A}:1: error: no front matter: the file must start with a line '---', then fields such as title: "
        "and date:, then a closing '---'",
    ),
    "unterminated_front_matter": (
        "---\ntitle: T\ndate: 2026-03-02\n\nText.\n",
        f"{A}:1: error: front matter opened with '---' on line 1 is never closed; add a line '---' after "
        "the last field",
    ),
    "empty_file": (
        "",
        f"{A}:1: error: empty file; a briefing starts with front matter ('---', then fields such as title: "
        "and date:, then '---')",
    ),
    "front_matter_is_a_list": (
        "---\n- title\n- date\n---\nText.\n",
        f"{A}:2: error: front matter must be fields written 'name: value', found a list",
    ),
    "python_object_tag": (
        "---\ntitle: !!python/object/apply:os.system ['echo hi']\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:2: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in front "
        "matter; remove it and write a plain value",
    ),
    "yaml_alias": (
        "---\ntitle: &t T\nsubtitle: *t\ndate: 2026-03-02\n---\nText.\n",
        f"{A}:3: error: YAML aliases (*name) are not allowed in front matter; write the value out",
    ),
    "bad_slug": (
        "---\ntitle: T\ndate: 2026-03-02\nslug: ../../etc/passwd\n---\nText.\n",
        f"{A}:4: error: slug '../../etc/passwd' is not a valid slug: use lowercase letters, digits and "
        "hyphens, e.g. 'etc-passwd'",
    ),
    "javascript_source_url": (
        "---\ntitle: T\ndate: 2026-03-02\nsource_url: javascript:alert(1)\n---\nText.\n",
        f"{A}:4: error: source_url 'javascript:alert(1)' is not a web address; write the full http:// or "
        "https:// URL, or null when unknown",
    ),
    "deeply_nested_lists": (
        "---\ntitle: T\ndate: 2026-03-02\nsummary: s\n---\n"
        + "".join("  " * i + f"- item {i}\n" for i in range(45)) + "\nLast paragraph.\n",
        f"{A}:24: error: lists or quotes nested too deeply: markdown would drop the text from this line on; "
        "nest them fewer than 20 levels deep",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_reports_each_problem_with_its_line(project, name):
    text, expected = BROKEN[name]
    project.add("a.md", text)
    result = project.build()
    assert result.returncode == 1
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_reports_invalid_utf8_with_its_line(project):
    project.add("a.md", b"---\ntitle: T\ndate: 2026-03-02\n---\nCaf\xe9 text.\n")
    result = project.build()
    assert result.returncode == 1
    assert (f"{A}:5: error: not valid UTF-8 (bytes b'\\xe9 te' at offset 37); re-save the file as UTF-8"
            in result.stderr.splitlines())


def test_reports_nul_byte_with_its_line(project):
    project.add("a.md", b"---\ntitle: T\ndate: 2026-03-02\n---\nText\x00.\n")
    result = project.build()
    assert result.returncode == 1
    assert f"{A}:5: error: file contains a NUL byte; it is binary or corrupted, not markdown text" in result.stderr


def test_reports_a_file_name_that_is_not_utf8_with_its_bytes_escaped(project):
    project.add(os.fsdecode(b"caf\xe9.md"), article())
    result = project.build()
    assert result.returncode == 1
    assert ("content/articles/caf\\xe9.md: error: file name is not valid UTF-8; rename the file (with letters, "
            "digits and hyphens)") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_reports_a_named_pipe_among_the_briefings_instead_of_waiting_on_it(project):
    project.add("a.md", article())
    os.mkfifo(project.articles / "b.md")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root)],
                            capture_output=True, text=True, timeout=120)  # only a hang reaches the timeout
    assert result.returncode == 1
    assert ("content/articles/b.md: error: not a regular file (a named pipe, device or socket); remove it, or "
            "put a plain file in its place") in result.stderr.splitlines()


def test_reports_duplicate_slugs_naming_both_files(project):
    project.add("a.md", article(title="One", slug="same"))
    project.add("b.md", article(title="Two", slug="same"))
    result = project.build()
    assert result.returncode == 1
    assert ("content/articles/b.md:1: error: duplicate slug 'same': content/articles/a.md has it too; "
            "give one of them another 'slug:' or file name") in result.stderr.splitlines()


def test_reports_every_problem_in_every_file_at_once(project):
    project.add("a.md", "---\ntitle: [x]\ndate: yesterday\n---\nText.\n")
    project.add("b.md", "no front matter\n")
    result = project.build()
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [e.split(": error:")[0] for e in errors] == [f"{A}:2", f"{A}:3", "content/articles/b.md:1"]
    assert result.returncode == 1


def test_failed_build_leaves_previous_site_byte_for_byte(project):
    project.add("a.md", article())
    assert project.build().returncode == 0
    before = _tree_hashes(project.site)
    project.add("b.md", "---\ntitle: [broken]\n---\n")
    assert project.build().returncode == 1
    assert _tree_hashes(project.site) == before
    assert not list(project.root.glob(".briefsite-work-*"))  # no staging folder left behind


def test_unknown_field_is_a_warning_that_names_the_likely_field(project):
    project.add("a.md", "---\ntitle: T\ndate: 2026-03-02\nsummary: s\nauthor: Ana\n---\nText.\n")
    result = project.build()
    assert result.returncode == 0
    assert f"{A}:5: warning: unknown field 'author' is ignored; did you mean 'authors'?" in result.stderr


def test_strict_makes_warnings_errors(project):
    project.add("a.md", "---\ntitle: T\ndate: 2026-03-02\nsummary: s\nauthor: Ana\n---\nText.\n")
    result = project.build("--strict")
    assert result.returncode == 1
    assert not project.site.exists()


def test_strict_says_the_warnings_counted_as_errors(project):
    project.add("a.md", "---\ntitle: T\ndate: 2026-03-02\nsummary: s\nauthor: Ana\n---\nText.\n")
    result = project.build("--strict")
    assert result.stderr.splitlines()[-1] == ("briefsite: build failed with 1 warning(s), which count as errors "
                                              "under --strict; the previous site was left as it was")


def test_bom_and_crlf_simply_work(project):
    project.add("a.md", ("\ufeff" + article(title="Windows file", body="Line one.\n\n## Part\n\nMore."))
                .replace("\n", "\r\n").encode("utf-8"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = (project.site / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert "<h1 data-pagefind-meta=\"title\">Windows file</h1>" in html
    assert '<h2 id="part">Part</h2>' in html


def test_non_markdown_file_is_warned_and_skipped(project):
    project.add("a.md", article())
    project.add("notes.txt", "scratch")
    result = project.build()
    assert result.returncode == 0
    assert "content/articles/notes.txt: warning: not a markdown file (expected .md); skipped" in result.stderr


def test_unknown_option_is_a_usage_error(project):
    result = project.build("--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_refuses_to_replace_a_folder_it_did_not_make(project):
    project.add("a.md", article())
    precious = project.root / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = project.build("--out", str(precious))
    assert result.returncode == 2
    assert "it was not made by briefsite" in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


@pytest.mark.parametrize("out", [".", "content", "content/articles/site"])
def test_refuses_to_build_into_the_project_or_its_content(project, out):
    project.add("a.md", article())
    result = project.build("--out", str(project.root / out))
    assert result.returncode == 2
    assert (project.articles / "a.md").exists()


def _tree_hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_template_mistake_is_reported_with_its_file_and_line(project):
    project.add("a.md", article())
    (project.root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ site.title }</h1>\n{% endblock %}\n')
    result = project.build()
    assert result.returncode == 1
    assert "templates/404.html:3: error: template problem: unexpected '}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_template_is_reported_by_name(project):
    project.add("a.md", article())
    (project.root / "templates" / "404.html").unlink()
    result = project.build()
    assert result.returncode == 1
    assert "templates/404.html: error: template is missing" in result.stderr

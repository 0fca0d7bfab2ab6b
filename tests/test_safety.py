"""Safety: nothing an editor pastes can put a script, an event handler or a dangerous URL
into the site, or make a page load anything from another host; the loader and renderer
never crash, whatever front matter and markdown they are given."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefsite.diagnostics import BuildFailed
from briefsite.pipeline import gather
from briefsite.render import render_site
from conftest import REPO, article

DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|data:(?!image/(png|gif|jpeg|webp)))", re.I)
OUR_SCRIPTS = re.compile(r"^(\.\./)*assets/(search|claims)\.js$")

HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.gif)",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "``<script>`` and `<b onmouseover=alert(1)>`",
    "\"><script>alert(1)</script>",
]


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        json_ld = tag == "script" and attrs.get("type") == "application/ld+json" and "src" not in attrs
        if tag == "script" and not json_ld and not OUR_SCRIPTS.match(attrs.get("src") or ""):
            self.problems.append(f"script {attrs}")
        if tag in ("iframe", "object", "embed", "style", "base", "form") and not (
                tag == "form" and (attrs.get("action") or "").endswith(("search/", ""))):
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style" or name == "srcdoc":
                self.problems.append(f"attribute {name}={value!r}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                if DANGEROUS_SCHEME.match(url):
                    self.problems.append(f"{name}={value!r}")
                if name == "src" and re.match(r"^(https?:)?//", url):
                    self.problems.append(f"remote {name}={value!r}")


def audit(page: bytes) -> list[str]:
    auditor = _Audit()
    auditor.feed(page.decode("utf-8"))
    return auditor.problems


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_markdown_never_reaches_the_page_as_markup(project, body):
    project.add("a.md", article(body=f"Before.\n\n{body}\n\nAfter."))
    result = project.build()
    assert result.returncode == 0, result.stderr
    for page in project.site.rglob("*.html"):
        assert audit(page.read_bytes()) == [], page


@pytest.mark.parametrize("field", ["title", "summary", "subtitle", "publication", "dateline", "date_note"])
def test_hostile_front_matter_text_is_escaped(project, field):
    project.add("a.md", article(**{field: "<script>alert(1)</script><img src=x onerror=alert(1)>"}))
    assert project.build().returncode == 0
    for page in project.site.rglob("*.html"):
        assert audit(page.read_bytes()) == [], page
    assert "&lt;script&gt;" in (project.site / "articles" / "a" / "index.html").read_text()


def test_every_page_carries_a_content_security_policy_for_own_resources_only(real_site):
    for page in real_site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert policy, page
        rules = html.unescape(policy.group(1))
        assert "default-src 'self'" in rules and "object-src 'none'" in rules
        assert "http" not in rules


def test_no_page_refers_to_another_host_for_anything_it_loads(real_site):
    for page in real_site.rglob("*.html"):
        assert [p for p in audit(page.read_bytes()) if p.startswith("remote")] == [], page
        assert not re.search(r'<(link|script|img)[^>]+(href|src)="(https?:)?//', page.read_text(encoding="utf-8"))


def test_remote_image_becomes_a_link_with_a_warning(project):
    project.add("a.md", article(body="See ![the chart](https://example.org/chart.png)."))
    result = project.build()
    assert result.returncode == 0
    assert "content/articles/a.md:7: warning: remote image 'https://example.org/chart.png' is shown as a link" in result.stderr
    assert '<a href="https://example.org/chart.png">Image: the chart</a>' in (
        project.site / "articles" / "a" / "index.html").read_text()


def test_python_object_tag_in_yaml_does_nothing(project, tmp_path):
    marker = tmp_path / "pwned"
    project.add("a.md", f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\ndate: 2026-01-01\n---\nx\n")
    assert project.build().returncode == 1
    assert not marker.exists()


def test_yaml_alias_bomb_ends_quickly_with_an_error(project):
    bomb = "\n".join(["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
                     + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
                        for i in range(9)] + ["title: T", "date: 2026-01-01", "---", "x"])
    project.add("a.md", bomb)
    result = project.build()
    assert result.returncode == 1
    assert "YAML aliases (*name) are not allowed in front matter" in result.stderr


def test_symlink_pointing_outside_the_project_is_refused(project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(article(title="Secret"))
    (project.articles / "link.md").symlink_to(secret)
    result = project.build()
    assert result.returncode == 1
    assert "content/articles/link.md: error: symbolic link points outside the project" in result.stderr


def test_assets_linking_out_of_the_project_are_refused_and_nothing_is_published(project, tmp_path):
    system = tmp_path / "system"
    system.mkdir()
    (system / "passwords").write_text("secret")
    assets = project.root / "templates" / "assets"
    (assets / "system").symlink_to(system, target_is_directory=True)
    (assets / "passwords").symlink_to(system / "passwords")
    project.add("a.md", article())
    result = project.build()
    assert result.returncode == 1
    for name in ("system", "passwords"):
        target = system / name if name == "passwords" else system
        assert (f"templates/assets/{name}: error: symbolic link points outside the project (to '{target}'); "
                "copy the file into templates/assets/ instead") in result.stderr.splitlines()
    assert not project.site.exists()


def test_assets_linked_from_inside_the_project_are_published(project):
    shared = project.root / "shared"
    shared.mkdir()
    (shared / "logo.svg").write_text("<svg/>")
    assets = project.root / "templates" / "assets"
    (assets / "logo.svg").symlink_to(shared / "logo.svg")
    (assets / "shared").symlink_to(shared, target_is_directory=True)
    (shared / "loop").symlink_to(assets, target_is_directory=True)  # links may loop
    project.add("a.md", article())
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.site / "assets" / "logo.svg").read_text() == "<svg/>"
    assert (project.site / "assets" / "shared" / "logo.svg").read_text() == "<svg/>"


def test_refuses_to_build_into_the_home_folder(project):
    project.add("a.md", article())
    result = project.build("--out", str(Path.home()))
    assert result.returncode == 2 and "refusing" in result.stderr


def test_unicode_and_dotted_file_names_stay_inside_the_output(project):
    project.add("Café ☕ ..md", article(title="Unicode name"))
    assert project.build().returncode == 0
    written = [p for p in project.site.rglob("index.html") if "Unicode name" in p.read_text()]
    assert written and all(project.site in p.parents for p in written)


def test_a_five_megabyte_article_builds_whole(project):
    paragraph = "The cartel moved 1,200 tonnes of cargo through the port in 2024, officials said. " * 12
    body = "\n\n".join([paragraph] * 5200) + "\n\nTHE VERY LAST PARAGRAPH."
    assert len(body) > 5_000_000
    project.add("big.md", article(body=body))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "THE VERY LAST PARAGRAPH." in (project.site / "articles" / "big" / "index.html").read_text()


def test_deeply_nested_quotes_are_reported_not_silently_cut(project):
    project.add("a.md", article(body="> " * 60 + "deep\n\nLast words."))
    result = project.build()
    assert result.returncode == 1
    assert "nested too deeply" in result.stderr and "Traceback" not in result.stderr


# --- Property-based: generated input never crashes the loader or renderer, never leaks markup ----

FRAGMENTS = st.sampled_from(HOSTILE_BODIES + [
    "# Heading", "## Sub", "- item", "1. one", "> quote", "**bold**", "_em_", "`code`", "---", "***",
    "[link](https://example.org)", "[rel](other.md)", "| a | b |\n|---|---|\n| 1 | 2 |", "    code block",
    "&amp; &lt; &#0; &#x110000;", "\\", "*", "[", "](", "<", ">", "\u202e", "\u0000", "\ufeff", "\r\n",
    "El Mencho", "Claudia Sheinbaum", "92 operatives", "February 23, 2026", "“quoted,” she said.",
])
MARKDOWN = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=12).map("\n".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["<script>alert(1)</script>", "2026-02-30", "unknown",
                                                          "2026-03-02", "javascript:alert(1)", "../../etc"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)
FRONT_MATTER = st.dictionaries(
    st.sampled_from(["title", "date", "slug", "authors", "publication", "source_url", "summary", "topics",
                     "subtitle", "claims", "review", "language", "tags", "unknown_key"]), VALUES, max_size=8)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("prop")
    (root / "content" / "articles").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "pyproject.toml", root)
    return root


def _render_all(root: Path, text: str) -> list[bytes]:
    (root / "content" / "articles" / "a.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        archive, _ = gather(root)
    except BuildFailed as failed:
        assert failed.diagnostics and all(":" in str(d) for d in failed.diagnostics)
        return []
    return [page.content for page in render_site(archive, root / "templates")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN)
def test_generated_markdown_never_crashes_or_leaks_markup(scratch, body):
    for page in _render_all(scratch, article(body=body.replace("\x00", ""))):
        assert audit(page) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=FRONT_MATTER, body=MARKDOWN)
def test_generated_front_matter_never_crashes_or_leaks_markup(scratch, fields, body):
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body.replace("\x00", "")
    for page in _render_all(scratch, text):
        assert audit(page) == []

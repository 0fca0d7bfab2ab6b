"""Charts: the geometry is checked on the model (counts, links, label boxes, size), and the
SVG by key facts once rendered through the project's templates (well-formed XML, a title and
a description, links that resolve to pages the site has)."""

from __future__ import annotations

import re

import random
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from briefsite import charts
from briefsite.pipeline import gather
from briefsite.records import (ACTOR_KINDS, CLAIM_TYPES, VERDICTS, Actor, ActorProfile, Archive, Claim, DatedEvent,
                               LedgerEntry, SiteConfig)
from briefsite.render import make_environment, render_site
from conftest import REPO
from htmlfacts import read

MAKE_CORPUS = Path("/work/shared/bench/make_corpus.py")
SVG = "{http://www.w3.org/2000/svg}"
# A label's box as the brief defines it: characters × font size, with a generous average width.
CHAR_EM = 0.62


# --- Archives ---------------------------------------------------------------------------

def _project(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    for name in ("actors.yaml", "ledger.yaml"):
        shutil.copy(REPO / "content" / name, root / "content" / name)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture(scope="module")
def real_archive(tmp_path_factory) -> Archive:
    root = _project(tmp_path_factory.mktemp("real"))
    shutil.copytree(REPO / "content" / "articles", root / "content" / "articles")
    return gather(root)[0]


@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory) -> Archive:
    """300 articles of the bench's synthetic corpus through the whole pipeline (33 years of
    dates, ~130 actors, ~10,000 claims). Larger corpora take minutes to gather."""
    if not MAKE_CORPUS.is_file():
        pytest.skip(f"{MAKE_CORPUS} is absent")
    root = _project(tmp_path_factory.mktemp("corpus"))
    subprocess.run([sys.executable, str(MAKE_CORPUS), "300", str(root / "content")], check=True,
                   capture_output=True)
    return gather(root)[0]


def synthetic_archive(articles: int, years: range, actors: int, seed: int = 7) -> Archive:
    """An archive as the link stage would make it from `articles` briefings: dated events over
    `years`, actors with long names and skewed fame, claims of every type, a ledger."""
    rng = random.Random(seed)
    words = ["Joint", "Interagency", "Task", "Force", "Counter", "Cartel", "Ministry", "of", "Foreign",
             "Affairs", "Western", "Hemisphere", "Security", "Cooperation", "Institute", "Lucía", "Ñúñez"]
    people = [Actor(id=f"actor-{i:04d}", name=" ".join(rng.choices(words, k=1 + i % 9)) + f" {i}",
                    kind=ACTOR_KINDS[i % len(ACTOR_KINDS)], tracked=i % 5 != 0) for i in range(actors)]
    fame = [1 / (i + 1) for i in range(actors)]
    timeline, claims, ledger = [], [], []
    mentions: Counter[str] = Counter()
    together: dict[str, Counter[str]] = {a.id: Counter() for a in people}
    for n in range(articles):
        slug = f"a{n:05d}"
        for number in range(4):
            named = sorted({a.id for a in rng.choices(people, weights=fame, k=rng.randint(0, 3))})
            mentions.update(named)
            for a in named:
                together[a].update(b for b in named if b != a)
            year = rng.choice(years)
            timeline.append(DatedEvent(value=f"{year:04d}-05", date_text="May", sentence="Something happened.",
                                       article=slug, anchor=f"d-0-{number}", actors=tuple(named)))
        for number in range(6):
            claims.append(Claim(id=f"c-{n:05d}{number}", article=slug, block=0, start=0, end=1, text="A claim.",
                                type=rng.choice(CLAIM_TYPES), figures=(), actors=(), dates=()))
        if n % 5 == 4:
            ledger.append(LedgerEntry(id=f"g-{n:05d}", claims=(claims[-1].id, claims[-7].id), fact="A fact.",
                                      verdict=rng.choice(VERDICTS), note=""))
    profiles = tuple(ActorProfile(actor=a, mentions=mentions[a.id], articles=(), claims=(), events=(),
                                  related=tuple(sorted(together[a.id].items(), key=lambda kv: (-kv[1], kv[0]))))
                     for a in people if mentions[a.id])
    timeline.sort(key=lambda e: (e.sort_key, e.article, e.anchor))
    return Archive(config=SiteConfig("Test", "", "en", ""), articles=(), actors=profiles, timeline=tuple(timeline),
                   claims=tuple(claims), ledger=tuple(ledger))


@pytest.fixture(scope="module")
def large_archive() -> Archive:
    return synthetic_archive(10_000, range(1946, 2026), 400)


@pytest.fixture(scope="module")
def env():
    return make_environment(REPO / "templates")


def all_charts(archive: Archive) -> dict:
    top = max(archive.actors, key=lambda p: (p.mentions, p.actor.id)).actor.id
    return {"timeline": charts.timeline_chart(archive), "network": charts.actor_network(archive),
            "ego": charts.ego_network(archive, top), "claims": charts.claims_chart(archive)}


def render(env, name: str, chart, root: str = "") -> str:
    macro = {"timeline": "timeline_chart", "network": "network_chart", "ego": "network_chart",
             "claims": "claims_chart"}[name]
    return str(getattr(env.get_template("_charts.html").module, macro)(chart, root))


ARCHIVES = ["real_archive", "corpus_archive", "large_archive"]


# --- Every chart -----------------------------------------------------------------------

@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_every_chart_is_well_formed_svg_with_a_title_and_a_description(request, env, archive_name):
    archive = request.getfixturevalue(archive_name)
    for name, chart in all_charts(archive).items():
        assert chart.title and chart.desc, name
        root = ET.fromstring(render(env, name, chart))
        svg = root.find(f"{SVG}svg")
        assert svg.get("role") == "group", name
        assert svg.find(f"{SVG}title").get("id") == svg.get("aria-labelledby") == f"{chart.id}-title"
        assert svg.find(f"{SVG}desc").get("id") == svg.get("aria-describedby") == f"{chart.id}-desc"
        assert svg.find(f"{SVG}title").text == chart.title
        assert all(float(e.get("font-size", 13)) >= 12 for e in svg.iter()), name
        assert charts.FONT >= 12


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_every_link_names_an_actor_page_a_year_section_or_an_index_page(request, env, archive_name):
    archive = request.getfixturevalue(archive_name)
    actor_pages = {f"actors/{p.actor.id}/" for p in archive.actors}
    year_sections = {f"timeline/#y{e.year}" for e in archive.timeline}
    index_pages = {"claims/", "ledger/", *(f"claims/?type={kind}" for kind in CLAIM_TYPES)}
    for name, chart in all_charts(archive).items():
        hrefs = read(render(env, name, chart)).urls
        assert hrefs, name
        assert set(hrefs) <= actor_pages | year_sections | index_pages, (name, set(hrefs) - actor_pages - year_sections
                                                                         - index_pages)


def _words(text: str) -> str:
    """Text as axe compares a link's words with its name: lower case, no punctuation, spaces folded."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _links_not_hidden(element: ET.Element):
    """The links under `element` that assistive technology sees (mouse-only ones are aria-hidden)."""
    if element.get("aria-hidden") == "true":
        return
    if element.tag == f"{SVG}a":
        yield element
    for child in element:
        yield from _links_not_hidden(child)


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_every_chart_link_is_called_by_the_words_it_shows(request, env, archive_name):
    """WCAG 2.5.3 Label in Name, as axe's label-content-name-mismatch reads it: a link's text
    nodes joined as they come (a tooltip's <title> included) are part of its accessible name."""
    archive = request.getfixturevalue(archive_name)
    for name, chart in all_charts(archive).items():
        for link in _links_not_hidden(ET.fromstring(render(env, name, chart))):
            shown = _words("".join(link.itertext()))
            assert shown, (name, link.get("href"))
            assert shown in _words(link.get("aria-label") or shown), (name, "".join(link.itertext()),
                                                                      link.get("aria-label"))


def test_every_link_of_the_real_archive_resolves_to_a_built_page_and_anchor(real_archive, env):
    pages = {page.path: page.content.decode("utf-8") for page in render_site(real_archive, REPO / "templates")
             if page.path.endswith(".html")}
    for name, chart in all_charts(real_archive).items():
        for href in read(render(env, name, chart, root="")).urls:
            path, _, anchor = href.split("?")[0].partition("#")
            assert path + "index.html" in pages, href
            if anchor:
                assert anchor in read(pages[path + "index.html"]).ids, href


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_charts_are_identical_between_two_runs(request, env, archive_name):
    archive = request.getfixturevalue(archive_name)
    first, second = all_charts(archive), all_charts(archive)
    assert first == second
    assert all(render(env, name, first[name]) == render(env, name, second[name]) for name in first)


def test_network_is_byte_identical_between_builds_whatever_the_hash_seed(tmp_path):
    script = ("import sys; from pathlib import Path; from briefsite import charts;"
              "from briefsite.pipeline import gather; from briefsite.render import make_environment;"
              "a = gather(Path(sys.argv[1]))[0];"
              "m = make_environment(Path(sys.argv[2])).get_template('_charts.html').module;"
              "print(m.network_chart(charts.actor_network(a), '../'),"
              "m.timeline_chart(charts.timeline_chart(a), '../'),"
              "m.network_chart(charts.ego_network(a, 'mexico'), '../'))")
    root = _project(tmp_path)
    shutil.copytree(REPO / "content" / "articles", root / "content" / "articles")
    env = {"PATH": "", "PYTHONPATH": str(REPO / "src")}  # this checkout's code, not an installed copy
    outputs = {subprocess.run([sys.executable, "-c", script, str(root), str(REPO / "templates")], check=True,
                              capture_output=True, text=True, env={**env, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1 and "<svg" in outputs.pop()


def test_charts_stay_small_at_ten_thousand_articles(large_archive, env):
    sizes = {name: len(render(env, name, chart, "../").encode()) for name, chart in all_charts(large_archive).items()}
    assert sizes["timeline"] < 20_000, sizes
    assert sizes["network"] < 40_000, sizes
    assert sizes["ego"] < 10_000, sizes
    assert sizes["claims"] < 6_000, sizes


# --- Timeline ---------------------------------------------------------------------------

@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_timeline_counts_add_up_to_the_dated_events(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    chart = charts.timeline_chart(archive)
    assert sum(row.count for row in chart.rows) == len(archive.timeline)
    years = Counter(e.year for e in archive.timeline)
    if chart.years_per_row == 1:
        assert [(int(row.label), row.count) for row in chart.rows] == sorted(years.items())


def test_timeline_of_one_year_has_one_row():
    archive = synthetic_archive(5, range(2025, 2026), 12)
    chart = charts.timeline_chart(archive)
    assert [(row.label, row.count, row.url) for row in chart.rows] == [("2025", 20, "timeline/#y2025")]


def test_timeline_of_eighty_years_groups_them_into_at_most_thirty_rows(large_archive):
    chart = charts.timeline_chart(large_archive)
    assert 1 < chart.years_per_row and len(chart.rows) <= charts.MAX_ROWS
    assert chart.rows[0].label == "1945–1949" and chart.rows[-1].label == "2025–2029"
    assert chart.height < 1000


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_timeline_names_the_actors_most_involved_each_year_and_fits_them_in_the_chart(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    chart = charts.timeline_chart(archive)
    for row in chart.rows:
        assert 1 <= len(row.actors) <= 3 or not any(e.actors for e in archive.timeline if f"#y{e.year}" in row.url)
        text = ", ".join(actor.text for actor in row.actors)
        assert chart.actors_x + charts.text_width(text) <= chart.width, text
        assert row.count_x + charts.text_width(f"{row.count:,}") < chart.actors_x
    if chart.years_per_row == 1:
        for row in chart.rows:
            events = [e for e in archive.timeline if e.year == int(row.label)]
            counts = Counter(a for e in events for a in set(e.actors))
            assert [a.url for a in row.actors] == [f"actors/{a}/" for a in
                                                   sorted(counts, key=lambda a: (-counts[a], a))[:len(row.actors)]]


# --- Networks ---------------------------------------------------------------------------

def _label_box(node: charts.Node, em: float = CHAR_EM) -> tuple[float, float, float, float]:
    width = len(node.text + (" " + node.note if node.note else "")) * charts.FONT * em
    left = {"start": node.label_x, "middle": node.label_x - width / 2, "end": node.label_x - width}[node.anchor]
    return left, node.label_y - charts.FONT * 0.8, left + width, node.label_y + charts.FONT * 0.25


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _networks(archive: Archive):
    yield charts.actor_network(archive)
    for profile in sorted(archive.actors, key=lambda p: -p.mentions)[:10]:
        yield charts.ego_network(archive, profile.actor.id)


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_network_labels_do_not_overlap_each_other_or_other_nodes(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    for chart in _networks(archive):
        boxes = [_label_box(node) for node in chart.nodes]
        for i, box in enumerate(boxes):
            for j, node in enumerate(chart.nodes):
                if j != i:
                    assert not _overlap(box, boxes[j]), (chart.nodes[i].text, node.text)
                    shape = (node.x - node.r, node.y - node.r, node.x + node.r, node.y + node.r)
                    assert not _overlap(box, shape), (chart.nodes[i].text, node.text)
        legend = [(item.x, item.y - charts.FONT, item.x + len(item.label) * charts.FONT * CHAR_EM, item.y)
                  for item in chart.legend]
        assert not any(_overlap(a, b) for i, a in enumerate(legend) for b in legend[i + 1:])
        assert all(item.y > max(box[3] for box in boxes) for item in chart.legend)


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_network_labels_and_nodes_fit_inside_the_chart(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    for chart in _networks(archive):
        for node in chart.nodes:
            width = charts.text_width(node.text + (" " + node.note if node.note else ""),
                                      bold=node.url is None)
            left = {"start": node.label_x, "middle": node.label_x - width / 2, "end": node.label_x - width}[node.anchor]
            assert 0 <= left and left + width <= chart.width, node.text
            assert 0 <= node.x - node.r and node.x + node.r <= chart.width and node.y + node.r < chart.height


@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_actor_network_shows_the_most_mentioned_actors_and_the_links_among_them(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    chart = charts.actor_network(archive)
    ranked = sorted(archive.actors, key=lambda p: (-p.mentions, p.actor.name.casefold(), p.actor.id))[:30]
    assert {node.id for node in chart.nodes} == {p.actor.id for p in ranked}
    assert [node.kind for node in chart.nodes] == sorted((node.kind for node in chart.nodes), key=ACTOR_KINDS.index)
    assert {item.kind for item in chart.legend} == {node.kind for node in chart.nodes}
    assert len(chart.edges) <= charts.MAX_EDGES
    for edge in chart.edges:
        assert dict(archive.actor(edge.source).related)[edge.target] == edge.weight
        assert {chart.nodes[edge.a].id, chart.nodes[edge.b].id} == {edge.source, edge.target}
    weights = [edge.weight for edge in chart.edges]
    assert weights == sorted(weights)  # the strongest drawn last, on top
    left_out = len(archive.actors) - len(ranked)
    assert (f"and {left_out:,} more actor" in chart.note) == (left_out > 0)


def test_ego_network_puts_the_actor_first_and_its_most_co_mentioned_around_it(real_archive):
    profile = real_archive.actor("mexico")
    chart = charts.ego_network(real_archive, "mexico")
    assert chart.nodes[0].id == "mexico" and chart.nodes[0].url is None
    assert [(n.id, int(n.note)) for n in chart.nodes[1:]] == list(profile.related[:8])
    assert {(e.target, e.weight) for e in chart.edges} == set(profile.related[:8])
    assert chart.width <= charts.EGO_WIDTH  # fits a phone's screen


def test_ego_network_of_an_actor_named_alone_has_no_links():
    archive = synthetic_archive(3, range(2020, 2021), 3)
    lonely = next((p for p in archive.actors if not p.related), None) or archive.actors[0]
    chart = charts.ego_network(archive, lonely.actor.id)
    assert len(chart.edges) == len(lonely.related) and chart.desc


# --- Claims -----------------------------------------------------------------------------

@pytest.mark.parametrize("archive_name", ARCHIVES)
def test_claims_chart_counts_claim_types_and_ledger_verdicts(request, archive_name):
    archive = request.getfixturevalue(archive_name)
    chart = charts.claims_chart(archive)
    claims, ledger = chart.bars
    types, verdicts = Counter(c.type for c in archive.claims), Counter(e.verdict for e in archive.ledger)
    assert [(s.key, s.count, s.url) for s in claims.segments] == [(k, types[k], f"claims/?type={k}")
                                                                  for k in CLAIM_TYPES]
    assert [(s.key, s.count, s.url) for s in ledger.segments] == [(v, verdicts[v], "ledger/") for v in VERDICTS]
    for bar in chart.bars:
        assert charts.text_width(bar.heading, bold=True) <= chart.width, bar.heading
        assert abs(sum(s.width for s in bar.segments) - chart.width) < 1
        for s in bar.segments:
            right = [t.legend_x - 18 for t in bar.segments if t.legend_y == s.legend_y and t.legend_x > s.legend_x]
            assert s.legend_x + charts.text_width(s.text) <= min(right, default=chart.width), s.text


def test_empty_archive_gives_charts_that_say_so(env):
    archive = Archive(config=SiteConfig("Test", "", "en", ""), articles=(), actors=(), timeline=(), claims=())
    assert charts.timeline_chart(archive).rows == ()
    assert charts.actor_network(archive).nodes == ()
    claims = charts.claims_chart(archive)
    assert [bar.empty for bar in claims.bars] == ["No claims yet.", "No fact in several briefings yet."]
    assert all(charts.text_width(bar.empty) <= claims.width for bar in claims.bars)
    for name, chart in (("timeline", charts.timeline_chart(archive)), ("network", charts.actor_network(archive)),
                        ("claims", claims)):
        ET.fromstring(render(env, name, chart))


def _palette(css: str, dark: bool) -> dict[str, str]:
    """Custom properties (--name: #hex) of the light :root, overridden by the dark block."""
    light_part, _, dark_part = css.partition("@media (prefers-color-scheme: dark)")
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", light_part))
    if dark:
        colours.update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark_part.split("\n}\n", 1)[0]))
    return colours


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_chart_colours_meet_wcag_aa_contrast_against_the_page(dark):
    # axe cannot find the background of SVG text, so the chart palette is checked here.
    style = _palette((REPO / "templates" / "assets" / "style.css").read_text(), dark)
    charts = _palette((REPO / "templates" / "assets" / "charts.css").read_text(), dark)
    background = style["bg"]
    text_colours = {name: style[name] for name in ("fg", "muted", "accent") if name in style}
    marks = {name: value for name, value in charts.items() if name.startswith("kind-")}
    assert text_colours and marks
    for name, colour in text_colours.items():  # chart text: 4.5:1 (WCAG 1.4.3)
        assert _contrast(colour, background) >= 4.5, (name, colour, background)
    for name, colour in marks.items():  # node shapes and bars: 3:1 (WCAG 1.4.11)
        assert _contrast(colour, background) >= 3.0, (name, colour, background)

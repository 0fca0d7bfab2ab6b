"""The importer, specified by examples: raw scraped pages in, briefing files out.

The five seeds are real scraped pages (/work/shared/seeds); what each must import to is
in fixtures/import/seeds.yaml, established by hand. The synthetic pages in
fixtures/import/ carry other sites' boilerplate, in English and Spanish, to show the
rules are general.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from briefsite.importer import ImportedArticle, import_article
from briefsite.importer.boilerplate import rule_for
from briefsite.importer.clean import repair
from briefsite.importer.dates import find_date, is_date_line
from briefsite.importer.document import slugify

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_EXPECTATIONS = yaml.safe_load((FIXTURES / "seeds.yaml").read_text(encoding="utf-8"))
HEADERS = yaml.safe_load((FIXTURES / "headers.yaml").read_text(encoding="utf-8"))
FRONT_MATTER_KEYS = [
    "title", "subtitle", "slug", "date", "authors", "publication", "source_url",
    "dateline", "language", "summary", "topics", "review",
]

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not present at {SEEDS}")


def split(article: ImportedArticle) -> tuple[dict, str]:
    """The front matter as a mapping, and the markdown body."""
    assert article.text.startswith("---\n")
    front, body = article.text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def import_text(text: str, name: str = "page.txt") -> tuple[dict, str]:
    return split(import_article(text.encode("utf-8"), name))


def import_fixture(name: str) -> tuple[dict, str]:
    return split(import_article((FIXTURES / name).read_bytes(), name))


def seed_file(key: str) -> Path:
    return next(SEEDS.glob(f"{key}_*.txt"))


def import_seed(key: str) -> tuple[dict, str]:
    path = seed_file(key)
    return split(import_article(path.read_bytes(), path.name))


def blocks(body: str) -> list[str]:
    return [block.strip() for block in body.split("\n\n") if block.strip()]


def paragraphs(body: str) -> list[str]:
    return [block for block in blocks(body) if not block.startswith("## ")]


def headings(body: str) -> list[str]:
    return [block[3:] for block in blocks(body) if block.startswith("## ")]


seed_keys = pytest.mark.parametrize("key", sorted(SEED_EXPECTATIONS), ids=lambda key: f"seed_{key}")


# --- The seeds: every paragraph kept, boilerplate gone, headings, metadata ---------------

@needs_seeds
@seed_keys
def test_keeps_every_paragraph_of_seed(key):
    expected = SEED_EXPECTATIONS[key]
    _, body = import_seed(key)
    found = paragraphs(body)
    assert len(found) == expected["paragraph_count"]
    for paragraph, opening in zip(found, expected["paragraphs_open_with"]):
        assert paragraph.startswith(opening)


@needs_seeds
@seed_keys
def test_keeps_first_and_last_sentence_of_seed(key):
    _, body = import_seed(key)
    found = paragraphs(body)
    assert found[0].startswith(SEED_EXPECTATIONS[key]["first_sentence"])
    assert found[-1].endswith(SEED_EXPECTATIONS[key]["last_sentence"])


@needs_seeds
@seed_keys
def test_turns_section_headings_of_seed_into_h2(key):
    _, body = import_seed(key)
    assert headings(body) == SEED_EXPECTATIONS[key]["headings"]


@needs_seeds
@seed_keys
def test_strips_boilerplate_of_seed(key):
    _, body = import_seed(key)
    for text in SEED_EXPECTATIONS[key]["boilerplate"]:
        assert text not in "\n" + body, f"boilerplate {text!r} left in the body"


@needs_seeds
@seed_keys
def test_reads_metadata_of_seed(key):
    front, _ = import_seed(key)
    expected = SEED_EXPECTATIONS[key]["metadata"]
    for field in ("date", "authors", "publication"):
        assert front[field] == expected[field], field
    assert front.get("dateline") == expected["dateline"]
    assert front.get("subtitle") == expected.get("subtitle")
    if expected["title"] is not None:
        assert front["title"] == expected["title"]


@needs_seeds
@pytest.mark.parametrize("key", ["000", "002", "003"])
def test_placeholder_title_and_review_note_when_seed_has_no_headline(key):
    front, _ = import_seed(key)
    assert seed_file(key).stem in front["title"]
    assert front["slug"] == slugify(seed_file(key).stem)
    assert any(note.startswith("title: not found") and "title_note" in note for note in front["review"])


@needs_seeds
@pytest.mark.parametrize("key", ["000", "003"])
def test_review_notes_when_seed_has_no_date_or_author(key):
    front, _ = import_seed(key)
    assert front["date"] == "unknown"
    assert front["authors"] == []
    fields = {note.split(":")[0] for note in front["review"]}
    assert {"title", "date", "authors", "publication", "source_url", "summary"} <= fields


@needs_seeds
def test_slug_of_seed_004_comes_from_its_title():
    front, _ = import_seed("004")
    assert front["slug"] == "five-questions-to-ask-before-declaring-war-on-cartels"


@needs_seeds
def test_repairs_glued_parenthesis_in_seed_000():
    _, body = import_seed("000")
    assert "Foreign Terrorist Organizations (FTOs)" in body


@needs_seeds
def test_keeps_the_dateline_in_the_body_of_seed_002():
    _, body = import_seed("002")
    assert body.lstrip().startswith("WASHINGTON—On February 23")


@needs_seeds
@seed_keys
def test_imported_seed_has_the_front_matter_keys_in_order(key):
    front, _ = import_seed(key)
    assert list(front) == [k for k in FRONT_MATTER_KEYS if k in front]
    assert front["summary"] == "" and front["topics"] == [] and front["source_url"] is None
    assert "summary: write one or two sentences" in front["review"]


# --- Synthetic pages: other sites, other boilerplate -------------------------------------

def test_reads_the_english_think_tank_page():
    front, body = import_fixture("think_tank_en.txt")
    assert front["title"] == "Border Drones and the Limits of Deterrence"
    assert front["subtitle"].startswith("Why surveillance alone")
    assert front["date"] == "2025-03-03"
    assert front["authors"] == [
        {"name": "Jane Q. Doe", "affiliation": "senior fellow at the Center for Border Studies"},
        {"name": "Rafael Ortiz", "affiliation": "research associate at the Center for Border Studies"},
    ]
    assert front["publication"] == "The Frontier Review"
    assert front["dateline"] == "Tucson"
    assert "language" not in front
    assert headings(body) == ["What the sensors can see", "Deterrence needs a partner"]
    assert len(paragraphs(body)) == 6


def test_strips_the_english_think_tank_pages_boilerplate():
    _, body = import_fixture("think_tank_en.txt")
    for text in ("Skip to main content", "Donate", "Commentary", "6 min read", "Share", "AP Photo",
                 "Advertisement", "Read more", "Photo:", "About the authors", "senior fellow",
                 "Topics:", "Copyright", "Comments", "Great piece"):
        assert text not in body, text


def test_reads_the_spanish_news_page():
    front, body = import_fixture("noticia_es.txt")
    assert front["title"] == "Sheinbaum y García Harfuch presentan nueva estrategia contra el huachicol"
    assert front["slug"] == "sheinbaum-y-garcia-harfuch-presentan-nueva-estrategia-contra"
    assert front["language"] == "es"
    assert front["authors"] == [{"name": "Ana López Gómez", "affiliation": "reportera de la sección Nación de El Diario del Norte"}]
    assert front["publication"] == "El Diario del Norte"
    assert front["dateline"] == "Ciudad de México"
    assert headings(body) == ["Lo que cambia"]
    assert len(paragraphs(body)) == 5


def test_strips_the_spanish_news_pages_boilerplate():
    _, body = import_fixture("noticia_es.txt")
    for text in ("Iniciar sesión", "Menú", "Publicidad", "Seguridad\n", "Tiempo de lectura", "Compartir",
                 "Foto:", "Lee también", "Etiquetas", "Sobre la autora", "Las opiniones", "Comentarios",
                 "Deja un comentario"):
        assert text not in body, text


def test_reads_an_ambiguous_spanish_date_day_first_with_a_review_note():
    front, _ = import_fixture("noticia_es.txt")
    assert front["date"] == "2025-03-04"
    assert any(note.startswith("date: '04.03.2025' could be read either way") for note in front["review"])


# --- Headers and trailers of other sites (fixtures/import/headers.yaml) ---------------------

header_cases = pytest.mark.parametrize("name", sorted(HEADERS))


@header_cases
def test_reads_the_facts_the_page_header_states(name):
    case = HEADERS[name]
    front, _ = import_text(case["page"])
    got = {field: [a["name"] for a in front["authors"]] if field == "authors" else front.get(field)
           for field in case["expect"]}
    assert got == case["expect"]


@pytest.mark.parametrize("name", sorted(name for name, case in HEADERS.items() if "body_starts_with" in case))
def test_the_body_starts_with_the_article(name):
    case = HEADERS[name]
    _, body = import_text(case["page"])
    assert body.lstrip().startswith(case["body_starts_with"])


@header_cases
def test_leaves_the_sites_header_and_trailer_out_of_the_body(name):
    case = HEADERS[name]
    _, body = import_text(case["page"])
    assert [text for text in case.get("not_in_body", []) if text in body] == []


# --- Single rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", yaml.safe_load((FIXTURES / "lines.yaml").read_text(encoding="utf-8")),
                         ids=lambda case: case["line"][:40])
def test_classifies_line(case):
    assert rule_for(repair(case["line"])) == case["rule"]


@pytest.mark.parametrize("case", yaml.safe_load((FIXTURES / "dates.yaml").read_text(encoding="utf-8")),
                         ids=lambda case: case["stamp"])
def test_reads_date_stamp(case):
    hit = find_date(case["stamp"], spanish=case.get("spanish", False))
    assert hit.date.iso == case["date"]
    assert bool(hit.ambiguous) == case.get("ambiguous", False)
    assert hit.updated == case.get("updated", False)


@pytest.mark.parametrize("case", yaml.safe_load((FIXTURES / "dates.yaml").read_text(encoding="utf-8")),
                         ids=lambda case: case["stamp"])
def test_a_date_stamp_is_a_line_of_its_own_not_article_text(case):
    assert is_date_line(case["stamp"])


def test_a_date_at_the_start_of_a_paragraph_is_article_text():
    assert not is_date_line("March 4, 2025: The tariff takes effect on Mexican steel.")


def test_strips_reading_time_line():
    _, body = import_text("Title of the piece\nReading Time: 4 minutes\n" + PARAGRAPH)
    assert "Reading Time" not in body and PARAGRAPH in body


def test_strips_reading_time_glued_to_the_next_line():
    _, body = import_text(PARAGRAPH + "\n5 min read" + SECOND_PARAGRAPH)
    assert "min read" not in body and SECOND_PARAGRAPH in body


def test_decodes_cp1252_input():
    raw = b"Se\xf1ales de M\xe9xico \x96 an \x93analysis\x94\nBy Jane Roe\n" + PARAGRAPH.encode("cp1252")
    front, _ = split(import_article(raw, "x.txt"))
    assert front["title"] == "Señales de México – an “analysis”"


def test_repairs_mojibake_and_keeps_curly_quotes():
    _, body = import_text("The ministryâ€™s â€œplanâ€\x9d was announced in LÃ³pez Obradorâ€™s last year, and officials said it would take effect soon.")
    assert "The ministry’s “plan” was announced in López Obrador’s last year" in body


def test_replaces_no_break_spaces_with_spaces():
    _, body = import_text("The\u00a0border\u202fregion has long been a focus of U.S. policy, and analysts expect that to continue for years.")
    assert body.strip().startswith("The border region has")


def test_unglues_a_caption_from_the_sentence_before_it():
    assert repair("on January 10, 2026.Photo by Jane Roe") == "on January 10, 2026. Photo by Jane Roe"


def test_escapes_a_numbered_paragraph_that_is_not_a_heading():
    _, body = import_text(PARAGRAPH + "\n1. Fund the sensors. That was the first recommendation of the review, and it remains the easiest to pass.")
    assert "\n1\\. Fund the sensors." in body


@pytest.mark.parametrize("start, escaped", [("# of crossings", "\\# of crossings"), ("- Es una", "\\- Es una"), ("> quoted", "\\> quoted")])
def test_escapes_markdown_syntax_at_a_paragraph_start(start, escaped):
    _, body = import_text(PARAGRAPH + f"\n{start} rose sharply in the last quarter, according to figures published by the agency.")
    assert f"\n{escaped} rose sharply" in body


def test_a_date_line_is_never_the_headline():
    front, body = import_text("Published: March 4, 2025\nDonate\nSign in\n" + PARAGRAPH)
    assert front["title"] == "Untitled import of page" and front["date"] == "2025-03-04"
    assert blocks(body) == [PARAGRAPH]


def test_a_timestamp_inside_the_article_is_the_pages_not_a_heading():
    _, body = import_text(PARAGRAPH + "\n" + SECOND_PARAGRAPH + "\nJuly 16, 2025, 7:31 p.m. ET\n" + PARAGRAPH.replace("border", "river"))
    assert "7:31" not in body


def test_a_transcripts_speaker_label_is_never_a_heading():
    _, body = import_text(PARAGRAPH + "\nROSS: And what happens to them now?\n" + SECOND_PARAGRAPH)
    assert "\nROSS: And what happens to them now?\n" in body and "## ROSS" not in body


def test_drops_a_pull_quote_that_repeats_a_sentence_of_the_article():
    quote = "Officials on both sides insist that cooperation is working"
    _, body = import_text(PARAGRAPH + f"\n“{quote}.”\n" + SECOND_PARAGRAPH)
    assert blocks(body) == [PARAGRAPH, SECOND_PARAGRAPH]


def test_drops_a_table_of_contents_under_its_header():
    _, body = import_text(PARAGRAPH + "\nIn this report\nThe sensors\nThe partners\n" + SECOND_PARAGRAPH)
    assert blocks(body) == [PARAGRAPH, SECOND_PARAGRAPH]


def test_keeps_a_headline_or_two_promoted_inside_the_article_out_and_the_article_going():
    _, body = import_text(PARAGRAPH + "\nRead more\nWhy cartels love cheap drones\n" + SECOND_PARAGRAPH)
    assert blocks(body) == [PARAGRAPH, SECOND_PARAGRAPH]


def test_cuts_a_trailing_list_of_other_headlines():
    teasers = "\nMore stories\nCeleb Wedding Shock\nIt was the wedding of the year, until…\nThe Mayor's Secret\nNobody in town expected what happened next…\nLoad more"
    _, body = import_text(PARAGRAPH + "\n" + SECOND_PARAGRAPH + teasers)
    assert blocks(body) == [PARAGRAPH, SECOND_PARAGRAPH]


def test_keeps_a_doubtful_header_line_and_notes_it():
    front, body = import_text("Site Name\nThe Long Road to Culiacán\nBy Jane Roe\nNotes from the field\n" + PARAGRAPH + "\n" + SECOND_PARAGRAPH)
    assert front["title"] == "The Long Road to Culiacán"
    assert "Notes from the field" in body
    assert any("source line 4" in note and "Notes from the field" in note for note in front["review"])


def test_drops_a_section_kicker_and_tagline_above_the_headline():
    front, body = import_text("THE BORDER REVIEW\nAnalysis\nCan Mexico Say No?\nBy Jane Roe | 5 min read\n" + PARAGRAPH)
    assert front["title"] == "Can Mexico Say No?"
    assert blocks(body) == [PARAGRAPH]


def test_reads_an_author_name_printed_without_by_under_the_headline():
    front, body = import_text("La guerra que nadie quiere\nCarlos Méndez Ruiz\n29 de enero de 2025\n" + PARAGRAPH)
    assert front["title"] == "La guerra que nadie quiere"
    assert front["authors"] == [{"name": "Carlos Méndez Ruiz"}]
    assert front["date"] == "2025-01-29"
    assert "Carlos" not in body


def test_reads_the_author_box_of_a_spanish_page_without_a_subject():
    front, _ = import_text(PARAGRAPH + "\nSobre el autor\nCarlos Méndez Ruiz\nEs investigador del Centro de Estudios Fronterizos. Escribe sobre migración.")
    assert front["authors"] == [{"name": "Carlos Méndez Ruiz", "affiliation": "investigador del Centro de Estudios Fronterizos"}]


def test_drops_a_comment_section():
    _, body = import_text(PARAGRAPH + "\nLeave a Reply\nGreat article, thanks for writing it, I learned a great deal about the border.")
    assert blocks(body) == [PARAGRAPH]


def test_takes_the_source_url_only_from_a_link_line_and_notes_it():
    front, body = import_text(PARAGRAPH + "\nSource: https://example.org/2025/01/border-drones")
    assert front["source_url"] == "https://example.org/2025/01/border-drones"
    assert "example.org" not in body
    assert any(note.startswith("source_url: taken from the text") for note in front["review"])


def test_does_not_take_a_publication_from_an_abbreviation():
    front, _ = import_text(PARAGRAPH + "\nLike what you've read? Subscribe to AQ for more.")
    assert front["publication"] is None


@pytest.mark.parametrize("title, slug", [
    ("Sheinbaum y García Harfuch", "sheinbaum-y-garcia-harfuch"),
    ("Washington’s Sharpening Stance on Mexico", "washingtons-sharpening-stance-on-mexico"),
    ("A very long headline about the future of security cooperation between Mexico and the United States",
     "a-very-long-headline-about-the-future-of-security"),
])
def test_slug_is_ascii_lowercase_and_cut_at_a_word_boundary(title, slug):
    assert slugify(title) == slug and len(slug) <= 60


@pytest.mark.parametrize("raw", [b"", b"\x00\xff\xfe\x81garbage\x9d", "Advertisement\nShare\n".encode(), b"   \n\n"],
                         ids=["empty", "binary", "only boilerplate", "only whitespace"])
def test_never_fails_and_always_writes_a_buildable_file(raw):
    front, _ = split(import_article(raw, "scrape 7.txt"))
    assert front["title"] and front["slug"] == "scrape-7"
    assert front["date"] == "unknown" and front["authors"] == [] and front["summary"] == ""
    assert list(front) == [k for k in FRONT_MATTER_KEYS if k in front]


def test_importer_imports_nothing_of_briefsite_but_records():
    package = Path(__file__).resolve().parents[1] / "src" / "briefsite" / "importer"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefsite"):
                assert re.match(r"briefsite\.(records|importer)\b", node.module), f"{module.name} imports {node.module}"


PARAGRAPH = ("The border has become the central stage of the relationship between the two countries, "
             "and every new policy is judged first by what it does there.")
SECOND_PARAGRAPH = ("Officials on both sides insist that cooperation is working, even as the number of "
                    "seizures falls and the violence moves to new states.")

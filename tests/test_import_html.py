"""The HTML importer, specified by examples: pages saved from a browser in, briefing files out.

The pages in fixtures/html/ were written for these tests, each in the way a different kind of
site builds its pages: a think tank's paper (JSON-LD-free, citation tags, a table), a Spanish
newspaper saved in windows-1252 (no machine-readable date, byline and date printed under the
headline), a press office's release (an organisation as author, `###`), and a section index
with no article at all.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefsite.importer.html import NoArticleText, import_html, is_html_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def imported(name: str) -> tuple[dict, str]:
    """The front matter and the markdown body of the fixture page `name`, imported."""
    article = import_html((FIXTURES / name).read_bytes(), name)
    front, body = article.text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def page(body: str, head: str = "", lang: str = "en") -> bytes:
    """A small saved page with `head` and an article `body`."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
            f"<body><main><article>{body}</article></main></body></html>").encode("utf-8")


LONG = ("The commission said the deliveries were counted over five-year cycles, and that the cycle "
        "that closed in October ended well short of what the treaty requires.")


def blocks(body: str) -> list[str]:
    return [block.strip() for block in body.split("\n\n") if block.strip()]


THREE_PARAGRAPHS = (
    "<p>The commission said the deliveries were counted over five-year cycles, and that the cycle "
    "that closed in October ended well short of what the treaty requires.</p>"
    "<p>Farmers in the northern states have protested every attempt to release more water from their "
    "reservoirs, and growers across the river say the shortfall cost them a season.</p>"
    "<p>Neither government can make it rain, but both can make the accounting less of a surprise "
    "by publishing what each side delivers every week.</p>")


def headed(body: str) -> bytes:
    return page(f"<h1>Water talks stall</h1>{body}", head="<title>Water talks stall</title>")


# --- Metadata ----------------------------------------------------------------------------

def test_headline_is_the_one_printed_on_the_page_not_the_shortened_sharing_title():
    front, _ = imported("think_tank_en.html")
    assert front["title"] == "Water Under the Bridge: The 1944 Treaty and the Next Drought"


def test_authors_are_read_as_written_with_the_stops_of_their_initials():
    front, _ = imported("think_tank_en.html")
    assert [a["name"] for a in front["authors"]] == ["Elena Castellanos Ruiz", "Peter J. Brandt"]


def test_date_keeps_the_precision_the_page_gives():
    front, _ = imported("think_tank_en.html")
    assert front["date"] == "2025-11"


def test_date_is_read_from_the_stamp_under_the_headline_when_the_metadata_has_none():
    front, _ = imported("noticia_es.html")
    assert front["date"] == "2025-10-07"


def test_date_is_the_day_the_page_writes_not_the_same_moment_in_another_time_zone():
    front, _ = imported("press_release_en.html")  # 17:45 in UTC-5 is already the 15th in UTC
    assert front["date"] == "2025-03-14"


def test_byline_under_the_headline_names_the_authors_when_the_metadata_names_a_desk():
    front, _ = imported("noticia_es.html")
    assert [a["name"] for a in front["authors"]] == ["Rosa Isela Quiñones", "Tomás Arriaga"]


def test_publication_is_the_site_name():
    front, _ = imported("think_tank_en.html")
    assert front["publication"] == "Rio Bravo Policy Institute"


def test_an_organisation_named_as_author_is_the_issuing_body_and_no_person():
    front, _ = imported("press_release_en.html")
    assert front["authors"] == []
    assert front["publication"] == "Office of Enforcement and Compliance"


def test_source_url_is_the_canonical_address():
    front, _ = imported("think_tank_en.html")
    assert front["source_url"] == "https://www.riobravopolicy.org/research/water-under-the-bridge"


def test_spanish_page_is_marked_spanish():
    front, _ = imported("noticia_es.html")
    assert front["language"] == "es"


def test_english_page_has_no_language_field():
    front, _ = imported("press_release_en.html")  # declares no language: its words decide
    assert "language" not in front


def test_standfirst_is_the_subtitle_and_not_a_paragraph():
    front, body = imported("think_tank_en.html")
    assert front["subtitle"].startswith("Mexico owes the United States water it does not have.")
    assert "Mexico owes the United States" not in body


def test_standfirst_printed_outside_the_article_text_is_the_subtitle_too():
    front, _ = imported("noticia_es.html")
    assert front["subtitle"] == "Productores del distrito de riego 005 recibirán la mitad del volumen de otros años."


def test_dateline_of_the_first_paragraph_is_read():
    front, body = imported("press_release_en.html")
    assert front["dateline"] == "Washington" and body.lstrip().startswith("WASHINGTON — ")


def test_what_the_page_does_not_say_stays_empty_with_a_review_note():
    front, _ = imported("press_release_en.html")
    assert front["source_url"] is None
    assert any(note.startswith("authors:") for note in front["review"])
    assert any(note.startswith("source_url:") for note in front["review"])


def test_speaker_named_in_a_testimonys_first_heading_is_its_author():
    raw = page(f"<h1>Stopping the Southbound Flow</h1><h2>Prepared Statement of Marcus T. Ortega</h2><p>{LONG}</p>",
               head="<title>Stopping the Southbound Flow</title>")
    article = import_html(raw, "hearing.html")
    assert "- name: Marcus T. Ortega\n" in article.text


# --- Body --------------------------------------------------------------------------------

def test_keeps_every_paragraph_of_the_article():
    _, body = imported("think_tank_en.html")
    for opening in ("Under the 1944 Water Treaty, Mexico delivers", "Farmers in Chihuahua and Tamaulipas",
                    "The treaty sets a minimum of 1.75 million", "The two governments amend the treaty",
                    "Neither government can make it rain."):
        assert any(block.startswith(opening) for block in blocks(body)), opening


def test_headings_are_h2_and_their_subheadings_h3():
    _, body = imported("think_tank_en.html")
    headings = [b for b in blocks(body) if b.startswith("#")]
    assert headings == ["## Summary", "## How the Treaty Counts Water", "### What the Minute System Adds",
                        "## Recommendations"]


def test_a_paragraph_wholly_in_bold_is_a_heading():
    _, body = imported("noticia_es.html")
    assert "## Lo que viene" in blocks(body)


def test_a_bold_subheading_inside_a_section_is_one_rank_below_its_heading():
    raw = headed(f"<h2>Background</h2><p><b>Key dates</b></p>{THREE_PARAGRAPHS}<h2>Outlook</h2>{THREE_PARAGRAPHS}")
    headings = [b for b in blocks(import_html(raw, "w.html").text) if b.startswith("#")]
    assert headings == ["## Background", "### Key dates", "## Outlook"]


def test_lists_stay_lists():
    _, body = imported("think_tank_en.html")
    assert ("- Define extraordinary drought with a public hydrological index.\n"
            "- Publish weekly delivery figures from both sections of the commission.") in blocks(body)


def test_a_table_is_a_markdown_table_after_its_caption():
    _, body = imported("think_tank_en.html")
    caption = blocks(body).index("Mexican deliveries by cycle (thousand acre-feet)")
    assert blocks(body)[caption + 1].splitlines() == [
        "| Cycle | Delivered | Share of minimum |", "| --- | --- | --- |",
        "| 2010–2015 | 1,320 | 75% |", "| 2015–2020 | 1,760 | 101% |", "| 2020–2025 | 1,040 | 59% |"]


def test_a_quotation_is_a_block_quote():
    _, body = imported("think_tank_en.html")
    assert "> “The treaty was written for a wetter century,” one former commissioner told us." in blocks(body)


@pytest.mark.parametrize("name, boilerplate", [
    ("think_tank_en.html", ["cookies", "Research", "Policy Paper", "Print", "La Boquilla dam", "is a senior fellow",
                            "Related research", "Drought and the Border Economy", "newsletter", "All rights reserved",
                            "By Elena", "November 2025"]),
    ("noticia_es.html", ["Suscríbete", "Iniciar sesión", "Compartir", "Por Rosa", "Martes 7 de octubre", "Lee también",
                         "Temas", "Todos los derechos"]),
    ("press_release_en.html", ["Skip to main content", "Press Release", "###", "Topics", "Customs Enforcement",
                               "1200 Example Avenue"]),
])
def test_keeps_no_boilerplate(name, boilerplate):
    _, body = imported(name)
    for text in boilerplate:
        assert text not in body, text


def test_byline_and_date_printed_inside_the_article_are_read_and_left_out_of_the_body():
    article = import_html(headed(f"<p>By Jane Doe and John Roe</p><p>March 3, 2025</p>{THREE_PARAGRAPHS}"), "w.html")
    front, body = article.text[4:].split("\n---\n", 1)
    assert [a["name"] for a in yaml.safe_load(front)["authors"]] == ["Jane Doe", "John Roe"]
    assert yaml.safe_load(front)["date"] == "2025-03-03"
    assert blocks(body)[0].startswith("The commission said")


def test_a_heading_with_nothing_under_it_is_dropped():
    body = import_html(headed(f"<h2>Witnesses</h2><h2>Statement</h2>{THREE_PARAGRAPHS}<h2>Outlook</h2>"), "w.html").text
    assert "## Statement" in body and "Witnesses" not in body and "Outlook" not in body


def test_a_closing_list_of_topic_labels_is_dropped():
    raw = headed(f"{THREE_PARAGRAPHS}<h3>Topics</h3><ul><li>Trade</li><li>Customs Enforcement</li></ul>")
    assert "Topics" not in import_html(raw, "w.html").text


def test_a_quotation_of_several_paragraphs_keeps_them_apart():
    raw = headed(f"{THREE_PARAGRAPHS}<blockquote><p>We will not release the water.</p><p>Not this year.</p></blockquote>")
    assert "> We will not release the water.\n>\n> Not this year." in import_html(raw, "w.html").text


def test_headline_is_not_repeated_in_the_body():
    _, body = imported("think_tank_en.html")
    assert "Water Under the Bridge" not in body


def test_decodes_the_encoding_the_page_declares():
    # Saved in windows-1252 and declared ISO-8859-1, as such pages often are: read as a browser reads them.
    _, body = imported("noticia_es.html")
    assert "“No podemos prometer agua que no tenemos”, dijo" in body and "Comisión Nacional" in body


@pytest.mark.parametrize("declaration, encoding", [
    ('<meta charset="windows-1252">', "cp1252"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">', "iso-8859-15"),
    ('<meta charset="utf-8">', "utf-8"),
])
def test_reads_bytes_in_the_declared_encoding(declaration, encoding):
    text = f"El peso cayó 5 € frente al dólar, dijo la secretaría. {LONG}"
    raw = (f"<!DOCTYPE html><html><head>{declaration}<title>Tipo de cambio</title></head>"
           f"<body><article><h1>Tipo de cambio</h1><p>{text}</p></article></body></html>").encode(encoding)
    assert text in import_html(raw, "peso.html").text


def test_utf16_page_with_a_byte_order_mark_is_read():
    raw = "<!DOCTYPE html><html><head><title>Héroes</title></head><body><p>{}</p></body></html>".format(LONG)
    assert LONG in import_html(raw.encode("utf-16"), "p.html").text


def test_refuses_a_page_with_no_article_text():
    with pytest.raises(NoArticleText, match="no article text"):
        import_html((FIXTURES / "section_index.html").read_bytes(), "section_index.html")


@pytest.mark.parametrize("raw", [b"", b"\x00\xff\xfe\x81garbage", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"],
                         ids=["empty", "binary", "only a menu"])
def test_refuses_what_is_not_an_article_page(raw):
    with pytest.raises(NoArticleText):
        import_html(raw, "x.html")


def test_never_opens_a_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the importer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in ("think_tank_en.html", "noticia_es.html", "press_release_en.html"):
        imported(name)


@pytest.mark.parametrize("raw, name, expected", [
    (b"<p>x</p>", "page.html", True),
    (b"<p>x</p>", "page.HTM", True),
    (b"<!DOCTYPE html>\n<html lang='en'>", "page.txt", True),
    (b"\xef\xbb\xbf<!-- saved from url=(0019)https://example.org -->\n<html>", "page", True),
    (b"By Jane Doe\nThe border has become the stage.", "page.txt", False),
])
def test_a_saved_page_is_told_by_its_name_or_its_start(raw, name, expected):
    assert is_html_page(raw, name) is expected


# --- The command and the evaluation ------------------------------------------------------

def _import(tmp_path: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefsite", "import", *map(str, files), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=tmp_path)


def test_import_command_writes_the_briefing_of_a_saved_page(tmp_path):
    result = _import(tmp_path, FIXTURES / "think_tank_en.html")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "out" / "water-under-the-bridge-the-1944-treaty-and-the-next-drought.md"
    assert result.stdout.strip() == str(written)
    assert "## How the Treaty Counts Water" in written.read_text(encoding="utf-8")
    assert "needs review: summary" in result.stderr


def test_import_command_refuses_a_page_without_article_with_exit_1_and_says_why(tmp_path):
    source = FIXTURES / "section_index.html"
    result = _import(tmp_path, source)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"{source}: error: no article text found in this page, only menus, links "
                                     "or other short lines; nothing imported")
    assert not list((tmp_path / "out").iterdir())


def test_import_command_imports_the_other_files_when_one_page_is_refused(tmp_path):
    result = _import(tmp_path, FIXTURES / "section_index.html", FIXTURES / "noticia_es.html")
    assert result.returncode == 1
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["sequia-obliga-a-chihuahua-a-racionar-el-agua-de-riego.md"]


def test_imported_page_builds(project):
    result = _import(project.root, FIXTURES / "noticia_es.html")
    assert result.returncode == 0, result.stderr
    for written in (project.root / "out").iterdir():
        project.add(written.name, written.read_text(encoding="utf-8"))
    build = project.build()
    assert build.returncode == 0, build.stderr
    assert (project.site / "articles" / "sequia-obliga-a-chihuahua-a-racionar-el-agua-de-riego" / "index.html").is_file()


def test_eval_with_html_scores_the_saved_pages_against_the_same_labels(tmp_path):
    from briefsite.evaluation import evaluate

    (tmp_path / "paper.html").write_bytes((FIXTURES / "think_tank_en.html").read_bytes())
    (tmp_path / "paper.txt").write_text("Untitled\nSome text.\n", encoding="utf-8")
    (tmp_path / "paper.labels.yaml").write_text(yaml.safe_dump({"genre": "report", "language": "en", "metadata": {
        "title": "Water Under the Bridge: The 1944 Treaty and the Next Drought",
        "authors": ["Elena Castellanos Ruiz", "Peter J. Brandt"], "date": "2025-11",
        "publication": "Rio Bravo Policy Institute"}}), encoding="utf-8")
    report = evaluate(tmp_path, tmp_path, html=True)
    assert [page.name for page in report.pages] == ["paper.html"]
    assert {name: score.hits for name, score in report.totals().items()
            if name in ("headline", "date", "authors", "publication")} == {
        "headline": 1, "date": 1, "authors": 1, "publication": 1}


def test_eval_counts_a_refused_page_as_missed_not_as_absent(tmp_path):
    from briefsite.evaluation import evaluate

    (tmp_path / "index.html").write_bytes((FIXTURES / "section_index.html").read_bytes())
    (tmp_path / "index.labels.yaml").write_text(yaml.safe_dump({
        "genre": "wire", "language": "en", "metadata": {"title": "A story", "authors": [], "date": "unknown"},
        "dates": [{"text": "Oct. 3", "value": "XXXX-10-03"}]}), encoding="utf-8")
    report = evaluate(tmp_path, tmp_path, html=True)
    assert report.pages[0].differences[0].startswith("the importer refused the page: no article text")
    totals = report.totals()
    assert (totals["headline"].hits, totals["headline"].expected) == (0, 1)
    assert (totals["dates found"].hits, totals["dates found"].expected) == (0, 1)

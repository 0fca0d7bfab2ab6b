"""Cite this: APA 7, Chicago 17, biblatex and RIS from a briefing's metadata, exact to the character."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest

from briefsite.cite import Name, citations, split_name
from briefsite.records import ArticleMeta, Author, PartialDate, SourceFile
from briefsite.validate import validate_article

REPO = Path(__file__).resolve().parents[1]
ARCHIVE_URL = "https://briefs.example.org/articles/stance/"
SOURCE_URL = "https://www.americasquarterly.org/article/stance/"
ACCESSED = PartialDate(2026, 11, 22)

FULL = ArticleMeta(
    title="Washington’s Sharpening Stance on Mexico",
    slug="stance",
    date=PartialDate(2026, 3, 2),
    authors=(Author("Brenda Estefan", "IPADE Business School"), Author("Henry Ziemer", "CSIS")),
    publication="Americas Quarterly",
    source_url=SOURCE_URL,
    summary="A summary.",
    topics=("cartels",),
)
UNDATED = replace(FULL, date=None, source_url=None, publication=None)


def meta(**changes) -> ArticleMeta:
    return replace(FULL, **changes)


# --- Full metadata: two authors, a day, a publication, the original's address ------------

def test_apa_full_metadata_joins_two_authors_with_ampersand_and_cites_the_source_url():
    assert citations(FULL, ARCHIVE_URL).apa == (
        "Estefan, B., & Ziemer, H. (2026, March 2). Washington’s Sharpening Stance on Mexico. "
        "Americas Quarterly. https://www.americasquarterly.org/article/stance/")


def test_apa_html_sets_the_publication_in_italics():
    assert citations(FULL, ARCHIVE_URL).apa_html == (
        "Estefan, B., &amp; Ziemer, H. (2026, March 2). Washington’s Sharpening Stance on Mexico. "
        "<i>Americas Quarterly</i>. https://www.americasquarterly.org/article/stance/")


def test_chicago_full_metadata_inverts_only_the_first_author_and_quotes_the_title():
    assert citations(FULL, ARCHIVE_URL).chicago == (
        "Estefan, Brenda, and Henry Ziemer. “Washington’s Sharpening Stance on Mexico.” "
        "Americas Quarterly, March 2, 2026. https://www.americasquarterly.org/article/stance/.")


def test_chicago_html_sets_the_publication_in_italics():
    assert citations(FULL, ARCHIVE_URL).chicago_html == (
        "Estefan, Brenda, and Henry Ziemer. “Washington’s Sharpening Stance on Mexico.” "
        "<i>Americas Quarterly</i>, March 2, 2026. https://www.americasquarterly.org/article/stance/.")


def test_bibtex_full_metadata_is_a_biblatex_online_entry():
    assert citations(FULL, ARCHIVE_URL, ACCESSED).bibtex == (
        "@online{estefan2026,\n"
        "  author = {Estefan, Brenda and Ziemer, Henry},\n"
        "  title = {{Washington’s Sharpening Stance on Mexico}},\n"
        "  date = {2026-03-02},\n"
        "  organization = {Americas Quarterly},\n"
        "  url = {https://www.americasquarterly.org/article/stance/},\n"
        "  urldate = {2026-11-22}\n"
        "}\n")


def test_ris_full_metadata_is_a_news_record():
    assert citations(FULL, ARCHIVE_URL, ACCESSED).ris == (
        "TY  - NEWS\r\n"
        "AU  - Estefan, Brenda\r\n"
        "AU  - Ziemer, Henry\r\n"
        "TI  - Washington’s Sharpening Stance on Mexico\r\n"
        "T2  - Americas Quarterly\r\n"
        "PY  - 2026\r\n"
        "DA  - 2026/03/02/\r\n"
        "UR  - https://www.americasquarterly.org/article/stance/\r\n"
        "Y2  - 2026/11/22/\r\n"
        "ER  - \r\n")


# --- Which address is cited --------------------------------------------------------------

def test_archive_copy_is_cited_when_the_source_url_is_not_recorded():
    assert citations(meta(source_url=None), ARCHIVE_URL).apa.endswith("Americas Quarterly. " + ARCHIVE_URL)


def test_no_address_at_all_ends_apa_at_the_publication_and_chicago_at_the_date():
    cited = citations(meta(source_url=None), None, ACCESSED)
    assert cited.apa.endswith("Mexico. Americas Quarterly.")
    assert cited.chicago.endswith("Americas Quarterly, March 2, 2026.")
    assert "urldate" not in cited.bibtex and "Y2  - " not in cited.ris


# --- No author ----------------------------------------------------------------------------

def test_apa_without_author_puts_the_title_before_the_date():
    assert citations(meta(authors=()), None).apa == (
        "Washington’s Sharpening Stance on Mexico. (2026, March 2). Americas Quarterly. " + SOURCE_URL)


def test_chicago_without_author_starts_with_the_title():
    assert citations(meta(authors=()), None).chicago == (
        "“Washington’s Sharpening Stance on Mexico.” Americas Quarterly, March 2, 2026. " + SOURCE_URL + ".")


def test_bibtex_without_author_has_no_author_field_and_a_key_from_the_first_title_word_past_an_article():
    bibtex = citations(meta(authors=(), title="The FTO Designation as Coercive Diplomacy"), None).bibtex
    assert bibtex.startswith("@online{fto2026,\n  title = ")
    assert "author" not in bibtex


def test_ris_without_author_has_no_au_line():
    assert "AU  - " not in citations(meta(authors=()), None).ris


# --- No date ------------------------------------------------------------------------------

def test_apa_without_date_says_nd():
    assert citations(UNDATED, ARCHIVE_URL, ACCESSED).apa == (
        "Estefan, B., & Ziemer, H. (n.d.). Washington’s Sharpening Stance on Mexico. " + ARCHIVE_URL)


def test_chicago_without_date_says_nd_and_gives_the_access_date_before_the_url():
    assert citations(UNDATED, ARCHIVE_URL, ACCESSED).chicago == (
        "Estefan, Brenda, and Henry Ziemer. “Washington’s Sharpening Stance on Mexico.” n.d. "
        "Accessed November 22, 2026. " + ARCHIVE_URL + ".")


def test_chicago_without_date_or_access_date_invents_none():
    assert citations(UNDATED, ARCHIVE_URL).chicago == (
        "Estefan, Brenda, and Henry Ziemer. “Washington’s Sharpening Stance on Mexico.” n.d. " + ARCHIVE_URL + ".")


def test_chicago_with_a_date_leaves_out_the_access_date():
    assert "Accessed" not in citations(FULL, ARCHIVE_URL, ACCESSED).chicago


def test_bibtex_without_date_has_no_date_field_and_key_ends_nd():
    bibtex = citations(UNDATED, ARCHIVE_URL).bibtex
    assert bibtex.startswith("@online{estefannd,\n")
    assert "date" not in bibtex


def test_ris_without_date_has_no_py_or_da():
    assert citations(UNDATED, ARCHIVE_URL).ris == (
        "TY  - ELEC\r\nAU  - Estefan, Brenda\r\nAU  - Ziemer, Henry\r\n"
        "TI  - Washington’s Sharpening Stance on Mexico\r\nUR  - " + ARCHIVE_URL + "\r\nER  - \r\n")


# --- Month and year precision -----------------------------------------------------------------

def test_month_only_date_is_cited_at_month_precision_in_every_format():
    cited = citations(meta(date=PartialDate(2026, 1)), None)
    assert "(2026, January)." in cited.apa
    assert "Americas Quarterly, January 2026." in cited.chicago
    assert "  date = {2026-01},\n" in cited.bibtex
    assert "PY  - 2026\r\nDA  - 2026/01//\r\n" in cited.ris


def test_year_only_date_is_cited_as_the_year_and_ris_gives_it_in_py_alone():
    cited = citations(meta(date=PartialDate(2026)), None)
    assert "(2026)." in cited.apa
    assert "Americas Quarterly, 2026." in cited.chicago
    assert "  date = {2026},\n" in cited.bibtex
    assert "PY  - 2026\r\nUR  - " in cited.ris


# --- No publication -----------------------------------------------------------------------

def test_apa_without_publication_cites_a_web_page_with_the_title_in_italics():
    cited = citations(meta(publication=None), None)
    assert cited.apa == "Estefan, B., & Ziemer, H. (2026, March 2). Washington’s Sharpening Stance on Mexico. " + SOURCE_URL
    assert cited.apa_html == ("Estefan, B., &amp; Ziemer, H. (2026, March 2). "
                              "<i>Washington’s Sharpening Stance on Mexico</i>. " + SOURCE_URL)


def test_chicago_without_publication_puts_the_date_after_the_title():
    assert citations(meta(publication=None), None).chicago == (
        "Estefan, Brenda, and Henry Ziemer. “Washington’s Sharpening Stance on Mexico.” March 2, 2026. "
        + SOURCE_URL + ".")


def test_ris_without_publication_is_a_web_page_without_t2_and_bibtex_without_organization():
    cited = citations(meta(publication=None), None)
    assert cited.ris.startswith("TY  - ELEC\r\n") and "T2  - " not in cited.ris
    assert "organization" not in cited.bibtex


# --- Several authors ------------------------------------------------------------------------

THREE = (Author("Brenda Estefan"), Author("Henry Ziemer"), Author("Omar García Harfuch"))


def test_apa_three_authors_are_separated_by_commas_with_ampersand_before_the_last():
    assert citations(meta(authors=THREE), None).apa.startswith(
        "Estefan, B., Ziemer, H., & García Harfuch, O. (2026, March 2).")


def test_chicago_three_authors_put_and_before_the_last():
    assert citations(meta(authors=THREE), None).chicago.startswith(
        "Estefan, Brenda, Henry Ziemer, and Omar García Harfuch. “")


def test_bibtex_three_authors_are_joined_with_and():
    assert "  author = {Estefan, Brenda and Ziemer, Henry and García Harfuch, Omar},\n" in (
        citations(meta(authors=THREE), None).bibtex)


def test_apa_more_than_twenty_authors_gives_nineteen_an_ellipsis_and_the_last():
    authors = tuple(Author(f"Ana {surname}") for surname in "ABCDEFGHIJKLMNOPQRSTU")
    assert citations(meta(authors=authors), None).apa.startswith(
        "A, A., B, A., C, A., D, A., E, A., F, A., G, A., H, A., I, A., J, A., K, A., L, A., M, A., "
        "N, A., O, A., P, A., Q, A., R, A., S, A., . . . U, A. (2026, March 2).")


def test_chicago_more_than_ten_authors_gives_seven_and_et_al():
    authors = tuple(Author(f"Ana {surname}") for surname in "ABCDEFGHIJK")
    assert citations(meta(authors=authors), None).chicago.startswith(
        "A, Ana, Ana B, Ana C, Ana D, Ana E, Ana F, Ana G, et al. “")


def test_organization_as_author_is_cited_as_written_and_braced_in_bibtex():
    cited = citations(meta(authors=(Author("Center for Strategic and International Studies"),)), None)
    assert cited.apa.startswith("Center for Strategic and International Studies. (2026, March 2).")
    assert cited.chicago.startswith("Center for Strategic and International Studies. “")
    assert cited.bibtex.startswith(
        "@online{center2026,\n  author = {{Center for Strategic and International Studies}},\n")
    assert "AU  - Center for Strategic and International Studies\r\n" in cited.ris


# --- Names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Henry Ziemer", Name("Ziemer", "Henry")),
    ("Vanda Felbab-Brown", Name("Felbab-Brown", "Vanda")),
    ("Brian M. Jenkins", Name("Jenkins", "Brian M.")),
    ("J. R. R. Tolkien", Name("Tolkien", "J. R. R.")),
    ("Omar García Harfuch", Name("García Harfuch", "Omar")),
    ("Andrés Manuel López Obrador", Name("López Obrador", "Andrés Manuel")),
    ("Juan de la Fuente", Name("de la Fuente", "Juan")),
    ("José Ortega y Gasset", Name("Ortega y Gasset", "José")),
    ("Jones, John Paul", Name("Jones", "John Paul")),
    ("Reuters", Name("Reuters")),
    ("International Crisis Group", Name("International Crisis Group")),
    ("Bureau of Alcohol, Tobacco, Firearms and Explosives", Name("Bureau of Alcohol, Tobacco, Firearms and Explosives")),
    ("The Editors", Name("The Editors")),
])
def test_name_is_split_into_surname_and_given_names_by_the_documented_rules(name, expected):
    assert split_name(name) == expected


def test_apa_initials_keep_the_hyphen_of_a_hyphenated_given_name():
    assert citations(meta(authors=(Author("Jean-Paul Sartre"),)), None).apa.startswith("Sartre, J.-P. (2026")


def test_affiliations_are_not_part_of_any_citation():
    cited = citations(FULL, ARCHIVE_URL)
    assert not any("IPADE" in text or "CSIS" in text
                   for text in (cited.apa, cited.chicago, cited.bibtex, cited.ris))


# --- Titles ---------------------------------------------------------------------------------

def test_bibtex_escapes_special_characters_and_braces_the_title_to_keep_its_capitals():
    title = r"R&D_Costs {FTO}: 50% of $#1 ^ ~ \ Cartels"
    assert r"  title = {{R\&D\_Costs \{FTO\}: 50\% of \$\#1 \textasciicircum{} \textasciitilde{} \textbackslash{} Cartels}},"  \
        in citations(meta(title=title), None).bibtex


def test_bibtex_keeps_unicode_and_folds_the_key_to_ascii():
    bibtex = citations(meta(authors=(Author("Omar García Harfuch"),)), None).bibtex
    assert bibtex.startswith("@online{garciaharfuch2026,\n  author = {García Harfuch, Omar},\n")


def test_title_ending_in_a_question_mark_gets_no_extra_full_stop():
    cited = citations(meta(title="War on Cartels?", authors=()), None)
    assert cited.apa.startswith("War on Cartels? (2026, March 2).")
    assert cited.chicago.startswith("“War on Cartels?” Americas Quarterly")


def test_chicago_turns_double_quotes_inside_the_title_into_single_quotes():
    cited = citations(meta(title='Why "Narco-Terrorism" Matters', authors=()), None)
    assert cited.chicago.startswith("“Why ‘Narco-Terrorism’ Matters.” ")


def test_editors_title_is_still_cited_as_the_title():
    cited = citations(meta(title="Beyond the Kingpin Strategy", title_note="Supplied by the editor"), None)
    assert "Beyond the Kingpin Strategy." in cited.apa
    assert "title_note" not in cited.bibtex and "Supplied" not in cited.apa + cited.chicago + cited.ris


def test_html_escapes_every_piece_of_metadata():
    hostile = meta(title="<script>alert(1)</script>", publication="A & B <i>", authors=(Author("Ana <b>Ruiz</b>"),),
                   source_url="https://x.example/?a=1&b=2")
    cited = citations(hostile, None)
    for html in (cited.apa_html, cited.chicago_html):
        assert "<script>" not in html and "<b>" not in html
        assert re.sub(r"</?i>", "", html).count("<") == 0
    assert cited.apa_html == (
        "&lt;b&gt;Ruiz&lt;/b&gt;, A. (2026, March 2). &lt;script&gt;alert(1)&lt;/script&gt;. "
        "<i>A &amp; B &lt;i&gt;</i>. https://x.example/?a=1&amp;b=2")


# --- RIS format -------------------------------------------------------------------------------

def test_ris_lines_are_two_letter_tag_two_spaces_hyphen_space_and_end_with_crlf():
    ris = citations(FULL, ARCHIVE_URL, ACCESSED).ris
    assert ris.endswith("ER  - \r\n")
    assert "\n" not in ris.replace("\r\n", "") and "\r" not in ris.replace("\r\n", "")
    for line in ris.split("\r\n")[:-1]:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line


def test_ris_values_stay_on_one_line_when_metadata_has_line_breaks():
    ris = citations(meta(title="Two\nlines", publication="Americas\r\nQuarterly"), None).ris
    assert "TI  - Two lines\r\nT2  - Americas Quarterly\r\n" in ris


# --- The real briefings ------------------------------------------------------------------------

REAL = sorted((REPO / "content" / "articles").glob("*.md"))


def real_meta(path: Path) -> ArticleMeta:
    # The validator is what hands cite.py its metadata in a build, so use it rather than a copy of it.
    rel = PurePosixPath(path.relative_to(REPO).as_posix())
    source, problems = validate_article(SourceFile(rel, path.read_text(encoding="utf-8")))
    assert source is not None, problems
    return source.meta


def test_there_are_five_real_briefings():
    assert len(REAL) == 5


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("url", [None, "https://briefs.example.org/articles/x/"])
def test_real_briefing_is_cited_without_none_anywhere(path, url):
    cited = citations(real_meta(path), url, ACCESSED)
    for text in (cited.apa, cited.apa_html, cited.chicago, cited.chicago_html, cited.bibtex, cited.ris):
        assert "None" not in text

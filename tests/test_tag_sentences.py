"""Sentence splitting, driven by tests/fixtures/tagging/sentences.txt (format described there)."""

from __future__ import annotations

import pytest

from briefsite.tag.sentences import split_sentences
from test_tag_claims import FIXTURES, Case, params


@pytest.mark.parametrize("case", params("sentences.txt"))
def test_sentences_match_fixture(case: Case):
    text = (FIXTURES / case.path).read_text(encoding="utf-8").splitlines()[case.line - 1]
    text = text.partition(":")[2][1:]  # keep the block's own leading and trailing spaces
    assert [text[start:end] for start, end in split_sentences(text)] == [item[0] for item in case.items]


def test_sentences_never_start_or_end_with_whitespace():
    text = "  One.\n\nTwo words here.  \n Three?  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["One.", "Two words here.", "Three?"]


def test_a_blank_line_ends_a_sentence():
    text = "A heading without a stop\n\nThe paragraph after it."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["A heading without a stop", "The paragraph after it."]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("  \n ") == []

"""Figure extraction, driven by tests/fixtures/tagging/figures.txt (format described there)."""

from __future__ import annotations

import pytest

from briefsite.tag.figures import find_figures
from test_tag_claims import Case, params


@pytest.mark.parametrize("case", params("figures.txt"))
def test_figures_match_fixture(case: Case):
    text = case.fields["text"]
    figures = find_figures(text)
    expected = [] if case.items == [["none"]] else case.items
    assert [(f.text, f.unit) for _, _, f in figures] == [(item[0], item[2]) for item in expected]
    assert [f.value for _, _, f in figures] == pytest.approx([float(item[1]) for item in expected])
    assert all(text[start:end] == f.text for start, end, f in figures)

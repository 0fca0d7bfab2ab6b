"""The pipeline's shape, checked: records and diagnostics import nothing of briefsite's, and
no stage imports another; only the pipeline chains them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "briefsite"
STAGES = {"load", "validate", "parse", "tag", "ledger", "link", "render", "write", "index"}


def _imports(path: Path) -> set[str]:
    """The briefsite modules `path` imports, as top-level names ('tag' for briefsite.tag.x)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefsite"):
            parts = node.module.split(".")
            names.add(parts[1] if len(parts) > 1 else node.names[0].name)
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("briefsite.")}
    return names


def _stage_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


@pytest.mark.parametrize("module", ["records", "diagnostics"])
def test_records_and_diagnostics_import_nothing_of_briefsite(module):
    assert _imports(PACKAGE / f"{module}.py") == set()


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if _stage_of(p) in STAGES),
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_stage_imports_no_other_stage(path):
    own = _stage_of(path)
    assert (_imports(path) & STAGES) - {own} == set()

"""Index: build the Pagefind search index over the staged site.

In: the staging folder and the site language. Out: `pagefind/` inside it. Only article
bodies are indexed (the templates mark them `data-pagefind-body`). The whole archive is
indexed as one language so a search from the (English) search page also finds briefings
written in Spanish.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from briefsite.diagnostics import Diagnostic, error


def build_search_index(site: Path, language: str) -> list[Diagnostic]:
    """Run Pagefind over `site`; return an error diagnostic if it fails."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-subdir", "pagefind",
               "--force-language", language, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [error("pagefind", 0, "search indexing failed: " + (detail[-1] if detail else
                                                                   f"exit status {result.returncode}"))]
    return []

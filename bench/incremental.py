"""Time an incremental build against a clean one: bench/incremental.py N.

Builds the shared harness's synthetic archive of N briefings in a temporary copy of this
repository: a clean build (no cache, no previous site), a rebuild with nothing changed, a
rebuild after editing one briefing, and one after adding a briefing; the last site is
compared byte for byte with a clean build of the same content. Prints each time and its
ratio to the clean build's (the target for an edit or an addition is at most 0.25).
Figures are noisy on shared machines: compare within one run.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HARNESS = Path(os.environ.get("BENCH_HARNESS", REPO.parent / "shared" / "bench"))


def main(count: int) -> int:
    with tempfile.TemporaryDirectory(prefix="briefsite-incremental-") as scratch:
        work = Path(scratch)
        subprocess.run([sys.executable, str(HARNESS / "make_corpus.py"), str(count + 1), str(work / "corpus")],
                       check=True, capture_output=True)
        project = work / "project"
        shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", "_site", ".briefsite-*", "test-artifacts", "*.pyc"))
        shutil.rmtree(project / "content" / "articles")
        (project / "content" / "articles").mkdir()
        corpus = sorted((work / "corpus" / "articles").glob("*.md"))
        for path in corpus[:count]:
            shutil.copy(path, project / "content" / "articles" / path.name)

        clean = _build(project, "--no-cache", "--out", str(work / "clean"))
        print(f"clean build ({count} briefings):      {clean:7.2f} s")
        _build(project)  # fills the cache and _site
        rows = [("nothing changed", lambda: None)]
        edited = project / "content" / "articles" / corpus[count // 2].name
        rows.append(("one briefing edited", lambda: edited.write_text(
            edited.read_text(encoding="utf-8") + "\nMexico extradited 26 more operatives in 2025.\n",
            encoding="utf-8")))
        rows.append(("one briefing added", lambda: shutil.copy(corpus[count], project / "content" / "articles")))
        for label, change in rows:
            change()
            seconds = _build(project)
            print(f"{label + ':':<36}{seconds:7.2f} s  {seconds / clean:5.2f} x clean")
        # The site after the last change must be exactly what a clean build of it gives.
        _build(project, "--no-cache", "--out", str(work / "clean-after"))
        same = _same_tree(project / "_site", work / "clean-after")
        print("the incremental site is " + ("identical to a clean build's" if same else "NOT identical to a clean build's"))
        return 0 if same else 1


def _build(project: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--quiet", *args], cwd=project, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _same_tree(a: Path, b: Path) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(a / d, b / d) for d in compared.common_dirs)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))

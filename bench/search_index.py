"""Time the search index of a built site, in parts of several sizes: wall and CPU time, and the
peak memory of the indexing (sampled from /proc: the Python process and every Pagefind run at
that moment, added up).

    python bench/search_index.py SITE [PAGES_PER_PART ...] [--runs-at-once N] [--cache DIR]

SITE is a built site (its pagefind/ is replaced). With --cache DIR the run uses DIR as the
project folder, so a second run shows the warm cache. Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
CHILD = """
import sys, json, time, resource
from pathlib import Path
from briefsite import index
index.RUNS_AT_ONCE = int(sys.argv[4])
start = time.perf_counter()
problems = index.build_search_index(Path(sys.argv[1]), "en", Path(sys.argv[3]) if sys.argv[3] else None,
                                    int(sys.argv[2]))
cpu = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                              resource.getrusage(resource.RUSAGE_CHILDREN)))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": cpu, "problems": [str(p) for p in problems]}))
"""


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, in KiB."""
    parents, rss = {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields["PPid"])
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total = 0
    for pid in rss:
        ancestor = pid
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor, 0)
        if ancestor == root:
            total += rss[pid]
    return total


def measure(site: Path, pages_per_part: int, runs_at_once: int, cache: Path | None) -> dict:
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(site), str(pages_per_part),
                                str(cache or ""), str(runs_at_once)], stdout=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    result = json.loads(output)
    parts = 1 + sum(map(len, json.loads((site / "pagefind" / "parts.json").read_text())["workers"]))
    return {"pages_per_part": pages_per_part, "parts": parts, "runs_at_once": runs_at_once,
            "seconds": round(result["seconds"], 2), "cpu_seconds": round(result["cpu"], 2), "peak_rss_mib": round(peak / 1024),
            "problems": result["problems"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("sizes", type=int, nargs="*", default=[1024])
    parser.add_argument("--runs-at-once", type=int, default=2)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    for size in args.sizes:
        print(json.dumps(measure(args.site, size, args.runs_at_once, args.cache)), flush=True)


if __name__ == "__main__":
    main()

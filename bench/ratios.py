"""Print briefsite's ratios to the peers from one harness run: bench/ratios.py nN.tsv.

Targets (issue 8): wall time at most 1.5 x (Hugo + Pagefind), below every other peer plus
Pagefind and below MkDocs-Material; peak memory at most Hugo's. Ratios, not seconds: the
machines are shared and a single figure moves by 20% between runs.
"""

import csv
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        rows = {row["step"]: row for row in csv.DictReader(handle, delimiter="\t") if row["status"] == "ok"}
    if "briefsite" not in rows:
        print("no briefsite row: was BRIEFSITE_REPO set?")
        return 1
    ours = float(rows["briefsite"]["median_s"])
    memory = float(rows["briefsite"]["peak_mib"])
    pagefind = float(rows["pagefind"]["median_s"]) if "pagefind" in rows else 0.0
    print(f"briefsite: {ours:.2f} s median, {memory:.0f} MiB peak")
    print(f"{'compared with':<34}{'their s':>9}{'ratio':>8}  target")
    for step in ("hugo", "eleventy", "pelican", "mkdocs", "mkdocs-material"):
        if step not in rows:
            continue
        theirs = float(rows[step]["median_s"]) + (pagefind if step != "mkdocs-material" else 0.0)
        label = f"{step} + pagefind" if step != "mkdocs-material" else step
        target = "<= 1.5" if step == "hugo" else "< 1.0"
        print(f"{label:<34}{theirs:>9.2f}{ours / theirs:>8.2f}  {target}")
    if "hugo" in rows:
        print(f"{'peak memory vs hugo':<34}{float(rows['hugo']['peak_mib']):>9.0f}"
              f"{memory / float(rows['hugo']['peak_mib']):>8.2f}  <= 1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

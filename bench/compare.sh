#!/usr/bin/env bash
# bench/compare.sh N [STEP...]: time briefsite against the peers on one synthetic archive of
# N articles, in one run of the shared harness, and print the ratios the project targets.
#
#   bench/compare.sh 1000                     # every peer, Pagefind and briefsite
#   bench/compare.sh 100 hugo pagefind briefsite
#
# The harness is ../shared/bench beside the repository (BENCH_HARNESS to point elsewhere);
# peers are installed once with its install_peers.sh. Figures are noisy: compare within one
# run, as ratios. Results: the harness's summary plus bench/ratios.py's table on stdout.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
HARNESS="${BENCH_HARNESS:-$REPO/../shared/bench}"
N="${1:?usage: bench/compare.sh N [STEP...]}"; shift
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(hugo pagefind eleventy pelican mkdocs mkdocs-material briefsite)
export PEERS_DIR="${PEERS_DIR:-${TMPDIR:-/tmp}/peers}"
[ -x "$PEERS_DIR/venv/bin/hugo" ] || bash "$HARNESS/install_peers.sh"
RESULTS="$(mktemp -d)"
BRIEFSITE_REPO="$REPO" BRIEFSITE_PYTHON="${BRIEFSITE_PYTHON:-$(command -v python3)}" \
  RESULTS_DIR="$RESULTS" bash "$HARNESS/run.sh" "$N" "${STEPS[@]}" >&2
python3 "$REPO/bench/ratios.py" "$RESULTS/n$N.tsv"

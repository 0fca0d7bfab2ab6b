"""Index: build the Pagefind search index over the staged site.

In: the staging folder and the site language. Out: `pagefind/` inside it. Only article
bodies are indexed (the templates mark them `data-pagefind-body`). The whole archive is
indexed as one language so a search from the (English) search page also finds briefings
written in Spanish.

Pagefind writes its filter indexes, and the metadata file that lists them, in hash-map
order, so two runs over the same pages give different bytes and file names. We rewrite
those files in sorted order, named by their content, so that a build is reproducible.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

import cbor2

from briefsite.diagnostics import Diagnostic, error

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR in its index files


def build_search_index(site: Path, language: str) -> list[Diagnostic]:
    """Run Pagefind over `site`; return an error diagnostic if it fails."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-subdir", "pagefind",
               "--force-language", language, "--silent"]
    if any((site / "articles").glob("*/index.html")):
        # Only article bodies are indexed: sparing Pagefind the other pages saves it reading
        # the largest ones (actor pages, the timeline). An empty archive has no articles to glob.
        command += ["--glob", "articles/*/index.html"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [error("pagefind", 0, "search indexing failed: " + (detail[-1] if detail else
                                                                   f"exit status {result.returncode}"))]
    make_reproducible(site / "pagefind")
    return []


def make_reproducible(bundle: Path) -> None:
    """Rewrite Pagefind's filter indexes and metadata in a stable order and name."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for name, file_hash in meta[3]:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            data = _read(old)
            data[1].sort(key=lambda value: value[0])
            new_hash = _write(bundle / "filter", data, file_hash.split("_")[0], ".pf_filter", 7)
            if new_hash != file_hash:
                old.unlink()
            renamed[name] = new_hash
        meta[3] = sorted([name, renamed[name]] for name, _ in meta[3])
        new_hash = _write(bundle, meta, "pagefind." + language["hash"].split("_")[0], ".pf_meta", 10)
        if new_hash != language["hash"]:
            meta_path.unlink()
        language["hash"] = new_hash.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(folder: Path, data, prefix: str, suffix: str, digits: int) -> str:
    raw = SIGNATURE + cbor2.dumps(data)
    name = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    # mtime=0: the gzip header would otherwise carry the time of the build.
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name

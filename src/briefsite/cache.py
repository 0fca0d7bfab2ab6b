"""The tag cache: each briefing's tags, kept between builds, keyed by everything they depend on.

Tagging is most of a build's work, and an edit changes one briefing. An entry is found by
the hash of the briefing (its path, front matter and body), the actor registry, the site's language and
briefsite's own tagging code, so any change to one of them makes a new key; an entry also
carries a checksum of its content. An entry that is missing, unreadable, or whose checksum
does not match is simply recomputed: the cache can make a build faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import cache
from pathlib import Path

from briefsite.diagnostics import Diagnostic, Severity
from briefsite.records import Actor, Claim, DateMention, Figure, Mention

CACHE_DIR = ".briefsite-cache/tags"
# Every module whose behaviour shapes the tags: a change to any of them invalidates the cache.
CODE = ("records.py", "parse.py", "inline_text.py", "markdown_dialect.py", "validate.py",
        "frontmatter_yaml.py", "tag", "data")

Tags = tuple  # (mentions, dates, claims, sentences) as in TaggedArticle, untracked actors, diagnostics


@cache
def code_version() -> str:
    """A hash of briefsite's tagging code and data (read once per process)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for name in CODE:
        path = package / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".txt", ".yaml"):
                digest.update(file.relative_to(package).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def cache_key(source: str, registry: str, language: str) -> str:
    """The key of one briefing's tags: `source` is its path, front matter and body, `registry`
    the registry's contents, both as text."""
    digest = hashlib.sha256()
    for part in (code_version(), registry, language, source):
        part = part.encode("utf-8")
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def load(root: Path, key: str):
    """The cached tags for `key`, or None when there are none that can be trusted."""
    try:
        stored = json.loads((root / CACHE_DIR / f"{key[:2]}/{key}.json").read_text(encoding="utf-8"))
        payload = stored["payload"]
        if stored["key"] != key or stored["checksum"] != _checksum(payload):
            return None
        return _decode(payload)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(root: Path, key: str, tags) -> None:
    """Keep `tags` under `key`; a failure to write only means a slower next build."""
    payload = _encode(tags)
    path = root / CACHE_DIR / f"{key[:2]}/{key}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "checksum": _checksum(payload), "payload": payload},
                                        ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)  # never a half-written entry under the real name
    except OSError:
        pass


def _checksum(payload) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _encode(tags) -> dict:
    (mentions, dates, claims, sentences), untracked, diagnostics = tags
    return {
        "mentions": [[asdict(m) for m in block] for block in mentions],
        "dates": [[asdict(d) for d in block] for block in dates],
        "claims": [asdict(c) for c in claims],
        "sentences": [[list(s) for s in block] for block in sentences],
        "untracked": [asdict(a) for a in untracked],
        "diagnostics": [[d.path, d.line, d.severity.value, d.message] for d in diagnostics],
    }


def _decode(payload: dict):
    mentions = tuple(tuple(Mention(**m) for m in block) for block in payload["mentions"])
    dates = tuple(tuple(DateMention(**d) for d in block) for block in payload["dates"])
    claims = tuple(Claim(**{**c, "figures": tuple(Figure(**f) for f in c["figures"]),
                            "actors": tuple(c["actors"]), "dates": tuple(c["dates"])}) for c in payload["claims"])
    sentences = tuple(tuple(tuple(s) for s in block) for block in payload["sentences"])
    untracked = [Actor(**{**a, "aliases": tuple(a["aliases"]), "metonyms": tuple(a["metonyms"])})
                 for a in payload["untracked"]]
    diagnostics = [Diagnostic(path, line, Severity(severity), message)
                   for path, line, severity, message in payload["diagnostics"]]
    return (mentions, dates, claims, sentences), untracked, diagnostics

"""Export: the archive's tags as data for analysts — `data/archive.json` and CSV files.

In: the `Archive`. Out: `DataFile`s under `data/`, made piece by piece as they are written:
at 10,000 briefings they hold millions of rows, which are never all in memory at once. Keys
and rows are in a fixed order so two builds of the same content give the same bytes. `text`
is always exactly the string as it stands in the article body.

A briefing's rows come from its analysis alone, so they are kept in `.briefsite-cache/data/`
under a key made from the analysis's fingerprint: a rebuild writes the files from the kept
rows, and makes rows again only for the briefings whose analysis is new.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from json.encoder import c_make_encoder, encode_basestring
from pathlib import Path

from briefsite import cache
from briefsite.records import Archive, Claim, DataFile, TaggedArticle

ROWS_PER_CHUNK = 2000


def _row_encoder() -> Callable[[object], str]:
    """Compact JSON for one row, as json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    writes it. JSONEncoder.encode builds its C encoder anew for every call, which was most of the
    cost of millions of rows; the same C encoder is made here once (where CPython has it)."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    if c_make_encoder is None:
        return encoder.encode
    # (markers, default, string encoder, indent, key separator, item separator, sort_keys,
    # skipkeys, allow_nan): JSONEncoder's own arguments; no markers, as rows hold no cycles.
    encode = c_make_encoder(None, encoder.default, encode_basestring, None, ":", ",", False, False, True)
    return lambda row: "".join(encode(row, 0))


_encode = _row_encoder()


def export_data(archive: Archive, cache_root: Path | None = None) -> list[DataFile]:
    """archive.json, claims.csv, mentions.csv and dates.csv.

    With a `cache_root` (the project folder; None: no cache), each briefing's rows are made
    once per analysis and kept, and a later build reads them back as they were written."""
    rows = _BriefingRows(archive.articles, cache_root)
    return [
        DataFile("data/archive.json", _archive_json(archive, rows)),
        DataFile("data/claims.csv", _csv(["id", "article", "type", "text", "figures", "actors", "dates"],
                                         rows.each("claims.csv"))),
        DataFile("data/mentions.csv", _csv(["article", "actor", "text"], rows.each("mentions.csv"))),
        DataFile("data/dates.csv", _csv(["article", "text", "value", "kind", "qualifier"], rows.each("dates.csv"))),
    ]


def data_cache_keys(archive: Archive) -> set[str]:
    """The keys of the cache entries `export_data` reads and writes for `archive`."""
    return {cache.data_key(item.fingerprint) for item in archive.articles if item.fingerprint}


# A briefing's share of each data file, as the bytes written there: JSON rows (joined by ",\n")
# for each table of archive.json made of briefings' rows, and CSV rows for each CSV file.
PIECES: dict[str, Callable[[TaggedArticle], bytes]] = {
    "articles": lambda item: _encode(_article(item)).encode("utf-8"),
    "mentions": lambda item: _json_rows({"article": item.article.slug, "actor": m.actor, "text": m.text}
                                        for block in item.mentions for m in block),
    "dates": lambda item: _json_rows({"article": item.article.slug, "text": d.text, "value": d.value,
                                      "kind": d.kind, "qualifier": d.qualifier}
                                     for block in item.dates for d in block),
    "claims": lambda item: _json_rows(_claim(c) for c in item.claims),
    "claims.csv": lambda item: _csv_rows(_claim_row(c) for c in item.claims),
    "mentions.csv": lambda item: _csv_rows([item.article.slug, m.actor, m.text]
                                           for block in item.mentions for m in block),
    "dates.csv": lambda item: _csv_rows([item.article.slug, d.text, d.value, d.kind, d.qualifier or ""]
                                        for block in item.dates for d in block),
}
PIECE_NUMBERS = {name: number for number, name in enumerate(PIECES)}


class _BriefingRows:
    """Each briefing's piece of one data file at a time, from the cache where it can be."""

    def __init__(self, items: tuple[TaggedArticle, ...], cache_root: Path | None):
        self.items = items
        self.cache_root = cache_root
        # Each briefing's entry key, made once for the seven files that read it.
        self.keys = [cache.data_key(item.fingerprint) if cache_root and item.fingerprint else None
                     for item in items]

    def each(self, name: str) -> Iterator[bytes]:
        """Every briefing's piece `name` (a key of PIECES), in archive order."""
        make, number, root = PIECES[name], PIECE_NUMBERS[name], self.cache_root
        for item, key in zip(self.items, self.keys):
            if root is None or key is None:
                yield make(item)
                continue
            piece = cache.load_piece(root, key, number)
            if piece is None:
                # Made whole, once: the data files after this one find the rest of it kept.
                pieces = [make_piece(item) for make_piece in PIECES.values()]
                if not cache.store_pieces(root, key, pieces):
                    # A cache that cannot be written: make only what each file needs from now on.
                    self.cache_root = root = None
                piece = pieces[number]
            yield piece


def _json_rows(rows: Iterable[dict]) -> bytes:
    return ",\n".join(map(_encode, rows)).encode("utf-8")


def _csv_rows(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _archive_json(archive: Archive, rows: _BriefingRows) -> Iterator[bytes]:
    # One object per line keeps the file readable in a diff.
    tables: list[tuple[str, Callable[[], Iterable[bytes]]]] = [
        ("articles", lambda: rows.each("articles")),
        ("actors", lambda: _in_chunks({
            "id": p.actor.id, "name": p.actor.name, "kind": p.actor.kind, "aliases": list(p.actor.aliases),
            "description": p.actor.description, "tracked": p.actor.tracked, "url": f"actors/{p.actor.id}/",
            "mentions": p.mentions,
        } for p in archive.actors)),
        ("mentions", lambda: rows.each("mentions")),
        ("dates", lambda: rows.each("dates")),
        ("claims", lambda: rows.each("claims")),
        ("groups", lambda: _in_chunks({
            "id": e.id, "claims": list(e.claims), "verdict": e.verdict, "note": e.note, "fact": e.fact,
            "differences": list(e.differences), "by_editor": e.by_editor,
        } for e in archive.ledger)),
    ]
    yield b"{"
    for number, (key, pieces) in enumerate(tables):
        separator = ",\n" if number else ""
        yield f"{separator}{_encode(key)}:[\n".encode("utf-8")
        first = True
        for piece in pieces():
            if piece:
                yield piece if first else b",\n" + piece
                first = False
        yield b"\n]"
    yield b"}\n"


def _in_chunks(rows: Iterable[dict]) -> Iterator[bytes]:
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        yield _json_rows(chunk)


def _article(item: TaggedArticle) -> dict:
    article, meta = item.article, item.article.meta
    return {
        "slug": article.slug, "title": meta.title, "date": meta.date.iso if meta.date else None,
        "date_precision": meta.date.precision if meta.date else None,
        "authors": [a.name for a in meta.authors], "publication": meta.publication,
        "source_url": meta.source_url, "url": article.url, "path": str(article.path),
        "topics": list(meta.topics), "summary": meta.summary,
    }


def _claim(c: Claim) -> dict:
    return {
        "id": c.id, "article": c.article, "text": c.text, "type": c.type,
        "figures": [{"text": f.text, "value": f.value, "unit": f.unit} for f in c.figures],
        "actors": list(c.actors), "dates": list(c.dates), "by_editor": c.by_editor,
    }


def _claim_row(c: Claim) -> list:
    return [c.id, c.article, c.type, c.text, "; ".join(f"{f.text} ({f.value:g} {f.unit})" for f in c.figures),
            " ".join(c.actors), " ".join(c.dates)]


def _csv(header: list[str], pieces: Iterable[bytes]) -> Iterator[bytes]:
    yield _csv_rows([header])
    yield from pieces

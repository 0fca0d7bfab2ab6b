"""Export: the archive's tags as data for analysts — `data/archive.json` and CSV files.

In: the `Archive`. Out: `DataFile`s under `data/`, made piece by piece as they are written:
at 10,000 briefings they hold millions of rows, which are never all in memory at once. Keys
and rows are in a fixed order so two builds of the same content give the same bytes. `text`
is always exactly the string as it stands in the article body.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from json.encoder import c_make_encoder, encode_basestring

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


def export_data(archive: Archive) -> list[DataFile]:
    """archive.json, claims.csv, mentions.csv and dates.csv."""
    items = archive.articles
    return [
        DataFile("data/archive.json", _archive_json(archive)),
        DataFile("data/claims.csv", _csv(["id", "article", "type", "text", "figures", "actors", "dates"],
                                         (_claim_row(c) for item in items for c in item.claims))),
        DataFile("data/mentions.csv", _csv(["article", "actor", "text"], (
            [item.article.slug, m.actor, m.text] for item in items for block in item.mentions for m in block))),
        DataFile("data/dates.csv", _csv(["article", "text", "value", "kind", "qualifier"], (
            [item.article.slug, d.text, d.value, d.kind, d.qualifier or ""]
            for item in items for block in item.dates for d in block))),
    ]


def _archive_json(archive: Archive) -> Iterator[bytes]:
    # One object per line keeps the file readable in a diff.
    items = archive.articles
    tables: list[tuple[str, Callable[[], Iterable[dict]]]] = [
        ("articles", lambda: (_article(item) for item in items)),
        ("actors", lambda: ({
            "id": p.actor.id, "name": p.actor.name, "kind": p.actor.kind, "aliases": list(p.actor.aliases),
            "description": p.actor.description, "tracked": p.actor.tracked, "url": f"actors/{p.actor.id}/",
            "mentions": p.mentions,
        } for p in archive.actors)),
        ("mentions", lambda: ({"article": item.article.slug, "actor": m.actor, "text": m.text}
                              for item in items for block in item.mentions for m in block)),
        ("dates", lambda: ({"article": item.article.slug, "text": d.text, "value": d.value, "kind": d.kind,
                            "qualifier": d.qualifier} for item in items for block in item.dates for d in block)),
        ("claims", lambda: (_claim(c) for item in items for c in item.claims)),
        ("groups", lambda: ({
            "id": e.id, "claims": list(e.claims), "verdict": e.verdict, "note": e.note, "fact": e.fact,
            "differences": list(e.differences), "by_editor": e.by_editor,
        } for e in archive.ledger)),
    ]
    yield b"{"
    for number, (key, rows) in enumerate(tables):
        separator = ",\n" if number else ""
        yield f"{separator}{_encode(key)}:[\n".encode("utf-8")
        chunk: list[str] = []
        first = True
        for row in rows():
            chunk.append(_encode(row))
            if len(chunk) == ROWS_PER_CHUNK:
                yield (("" if first else ",\n") + ",\n".join(chunk)).encode("utf-8")
                chunk, first = [], False
        if chunk:
            yield (("" if first else ",\n") + ",\n".join(chunk)).encode("utf-8")
        yield b"\n]"
    yield b"}\n"


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


def _csv(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        writer.writerows(chunk)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")

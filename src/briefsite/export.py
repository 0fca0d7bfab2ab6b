"""Export: the archive's tags as data for analysts — `data/archive.json` and CSV files.

In: the `Archive`. Out: `Page`s under `data/`. Keys and rows are in a fixed order so two
builds of the same content give the same bytes. `text` is always exactly the string as
it stands in the article body.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from briefsite.records import Archive, Page

# The CSV files, each made from one section of archive.json: its path, columns and the row of an item.
TABLES = {
    "claims": ("data/claims.csv", ["id", "article", "type", "text", "figures", "actors", "dates"],
               lambda c: [c["id"], c["article"], c["type"], c["text"],
                          "; ".join(f"{f['text']} ({f['value']:g} {f['unit']})" for f in c["figures"]),
                          " ".join(c["actors"]), " ".join(c["dates"])]),
    "mentions": ("data/mentions.csv", ["article", "actor", "text"],
                 lambda m: [m["article"], m["actor"], m["text"]]),
    "dates": ("data/dates.csv", ["article", "text", "value", "kind", "qualifier"],
              lambda d: [d["article"], d["text"], d["value"], d["kind"], d["qualifier"] or ""]),
}
# One encoder for every item: json.dumps with arguments other than the defaults makes a new one
# each call, and archive.json has over a million items at 10,000 briefings.
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def export_data(archive: Archive) -> list[Page]:
    """archive.json, claims.csv, mentions.csv and dates.csv."""
    # Each item is encoded, and its row written, as soon as it is made: a million dicts alive at
    # once at 10,000 briefings cost more memory, and garbage-collector time, than the encoding.
    sections, tables = [], {}
    for key, items in archive_sections(archive).items():
        if key in TABLES:
            path, header, row = TABLES[key]
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(header)
            lines = []
            for item in items:
                lines.append(_ITEM_ENCODER.encode(item))
                writer.writerow(row(item))
            tables[key] = Page(path, buffer.getvalue().encode("utf-8"))
        else:
            lines = list(map(_ITEM_ENCODER.encode, items))
        sections.append(f"{json.dumps(key)}:[\n" + ",\n".join(lines) + "\n]")
    # One object per line keeps the file small at 10,000 briefings and still readable in a diff.
    archive_json = Page("data/archive.json", ("{" + ",\n".join(sections) + "}\n").encode("utf-8"))
    return [archive_json, tables["claims"], tables["mentions"], tables["dates"]]


def archive_sections(archive: Archive) -> dict[str, Iterator[dict]]:
    """The archive as plain JSON-ready data, section by section, each made as it is read."""
    return {"articles": _articles(archive), "actors": _actors(archive), "mentions": _mentions(archive),
            "dates": _dates(archive), "claims": _claims(archive), "groups": _groups(archive)}


def _articles(archive: Archive) -> Iterator[dict]:
    for item in archive.articles:
        article, meta = item.article, item.article.meta
        yield {
            "slug": article.slug, "title": meta.title, "date": meta.date.iso if meta.date else None,
            "date_precision": meta.date.precision if meta.date else None,
            "authors": [a.name for a in meta.authors], "publication": meta.publication,
            "source_url": meta.source_url, "url": article.url, "path": str(article.path),
            "topics": list(meta.topics), "summary": meta.summary,
        }


def _mentions(archive: Archive) -> Iterator[dict]:
    for item in archive.articles:
        slug = item.article.slug
        for block_mentions in item.mentions:
            for m in block_mentions:
                yield {"article": slug, "actor": m.actor, "text": m.text}


def _dates(archive: Archive) -> Iterator[dict]:
    for item in archive.articles:
        slug = item.article.slug
        for block_dates in item.dates:
            for d in block_dates:
                yield {"article": slug, "text": d.text, "value": d.value, "kind": d.kind, "qualifier": d.qualifier}


def _claims(archive: Archive) -> Iterator[dict]:
    for c in archive.claims:
        yield {
            "id": c.id, "article": c.article, "text": c.text, "type": c.type,
            "figures": [{"text": f.text, "value": f.value, "unit": f.unit} for f in c.figures],
            "actors": list(c.actors), "dates": list(c.dates), "by_editor": c.by_editor,
        }


def _actors(archive: Archive) -> Iterator[dict]:
    for p in archive.actors:
        yield {
            "id": p.actor.id, "name": p.actor.name, "kind": p.actor.kind, "aliases": list(p.actor.aliases),
            "description": p.actor.description, "tracked": p.actor.tracked, "url": f"actors/{p.actor.id}/",
            "mentions": p.mentions,
        }


def _groups(archive: Archive) -> Iterator[dict]:
    for e in archive.ledger:
        yield {
            "id": e.id, "claims": list(e.claims), "verdict": e.verdict, "note": e.note, "fact": e.fact,
            "differences": list(e.differences), "by_editor": e.by_editor,
        }

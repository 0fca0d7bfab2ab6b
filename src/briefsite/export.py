"""Export: the archive's tags as data for analysts — `data/archive.json` and CSV files.

In: the `Archive`. Out: `Page`s under `data/`. Keys and rows are in a fixed order so two
builds of the same content give the same bytes. `text` is always exactly the string as
it stands in the article body.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from briefsite.records import Archive, Page


def export_data(archive: Archive) -> list[Page]:
    """archive.json, claims.csv, mentions.csv and dates.csv."""
    data = archive_data(archive)
    # One object per line keeps the file small at 10,000 briefings and still readable in a diff.
    pages = [Page("data/archive.json", _json_lines(data).encode("utf-8"))]
    # Rows are made as they are written: a million lists kept alive at once cost the garbage
    # collector more than writing them.
    pages.append(_csv("data/claims.csv", ["id", "article", "type", "text", "figures", "actors", "dates"], (
        [c["id"], c["article"], c["type"], c["text"],
         "; ".join(f"{f['text']} ({f['value']:g} {f['unit']})" for f in c["figures"]),
         " ".join(c["actors"]), " ".join(c["dates"])] for c in data["claims"])))
    pages.append(_csv("data/mentions.csv", ["article", "actor", "text"],
                      ([m["article"], m["actor"], m["text"]] for m in data["mentions"])))
    pages.append(_csv("data/dates.csv", ["article", "text", "value", "kind", "qualifier"],
                      ([d["article"], d["text"], d["value"], d["kind"], d["qualifier"] or ""] for d in data["dates"])))
    return pages


def archive_data(archive: Archive) -> dict:
    """The archive as plain JSON-ready data."""
    articles, mentions, dates, claims = [], [], [], []
    for item in archive.articles:
        article, meta = item.article, item.article.meta
        articles.append({
            "slug": article.slug, "title": meta.title, "date": meta.date.iso if meta.date else None,
            "date_precision": meta.date.precision if meta.date else None,
            "authors": [a.name for a in meta.authors], "publication": meta.publication,
            "source_url": meta.source_url, "url": article.url, "path": str(article.path),
            "topics": list(meta.topics), "summary": meta.summary,
        })
        for block_mentions in item.mentions:
            mentions += [{"article": article.slug, "actor": m.actor, "text": m.text} for m in block_mentions]
        for block_dates in item.dates:
            dates += [{"article": article.slug, "text": d.text, "value": d.value, "kind": d.kind,
                       "qualifier": d.qualifier} for d in block_dates]
        claims += [{
            "id": c.id, "article": c.article, "text": c.text, "type": c.type,
            "figures": [{"text": f.text, "value": f.value, "unit": f.unit} for f in c.figures],
            "actors": list(c.actors), "dates": list(c.dates), "by_editor": c.by_editor,
        } for c in item.claims]
    actors = [{
        "id": p.actor.id, "name": p.actor.name, "kind": p.actor.kind, "aliases": list(p.actor.aliases),
        "description": p.actor.description, "tracked": p.actor.tracked, "url": f"actors/{p.actor.id}/",
        "mentions": p.mentions,
    } for p in archive.actors]
    groups = [{
        "id": e.id, "claims": list(e.claims), "verdict": e.verdict, "note": e.note, "fact": e.fact,
        "differences": list(e.differences), "by_editor": e.by_editor,
    } for e in archive.ledger]
    return {"articles": articles, "actors": actors, "mentions": mentions, "dates": dates, "claims": claims,
            "groups": groups}


# One encoder for every item: json.dumps with arguments other than the defaults makes a new one
# each call, and archive.json has over a million items at 10,000 briefings.
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_lines(data: dict) -> str:
    parts = []
    for key, items in data.items():
        rows = ",\n".join(map(_ITEM_ENCODER.encode, items))
        parts.append(f"{json.dumps(key)}:[\n{rows}\n]")
    return "{" + ",\n".join(parts) + "}\n"


def _csv(path: str, header: list[str], rows: Iterable[list]) -> Page:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Page(path, buffer.getvalue().encode("utf-8"))

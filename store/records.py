"""An extraction as store-neutral records: the rows the graph writer sends and the facts the RDF
mapping states. Identifiers are deterministic; an event reported by two briefings (same type,
date and participants) gets one id."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from briefgraph.ingest.extraction import Extraction
from briefgraph.ontology.gazetteer import load_gazetteer
from briefgraph.ontology.model import load_model, relationship_type
from briefgraph.ontology.names import name_key


def event_id(event: dict) -> str:
    """A dated event with participants is identified by its type, date and participants, so two
    briefings reporting it meet on one node; any other event belongs to its briefing."""
    participants = sorted({p["entity"] for p in event["participants"]} | ({event["place"]} if event["place"] else set()))
    if event["date"] and participants:
        key = "|".join([event["type"], event["date"], *participants])
        return "event/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return event["id"]


@dataclass
class Records:
    """Everything one briefing contributes, grouped the way the writers need it."""

    briefing: dict[str, Any]
    entities: dict[str, list[dict]] = field(default_factory=dict)        # by class
    mentions: list[dict] = field(default_factory=list)
    events: dict[str, list[dict]] = field(default_factory=dict)          # by class
    reports: list[dict] = field(default_factory=list)
    roles: dict[str, list[dict]] = field(default_factory=dict)           # by relationship type
    relations: dict[str, list[dict]] = field(default_factory=dict)       # by relationship type
    extraction: dict[str, Any] = field(default_factory=dict)


def briefing_row(extraction: Extraction) -> dict[str, Any]:
    """The Briefing node's properties (the body included, for the pages that show it)."""
    b = extraction.briefing
    meta = b.to_json()
    return {
        "id": b.id, "title": b.title, "layout": b.layout, "section": b.section, "trend": b.trend,
        "publisher": b.publisher, "author": b.author, "source_url": b.source_url,
        "published": meta["published"], "period_start": b.period_start.isoformat() if b.period_start else None,
        "period_end": b.period_end.isoformat() if b.period_end else None,
        "content_hash": b.content_hash, "file_sha256": "", "extractor": extraction.extractor, "body": b.body,
        "paragraphs": [f"{s}-{e}" for s, e in b.paragraphs],
    }


def to_records(extraction: Extraction) -> Records:
    """Group an extraction into rows for the stores."""
    data = extraction.to_json()
    model, gazetteer = load_model(), load_gazetteer()
    bid = extraction.briefing.id
    records = Records(briefing=briefing_row(extraction), extraction=data)
    entities: dict[str, list[dict]] = defaultdict(list)
    for e in data["entities"]:
        entry = gazetteer.entries.get(e["id"])
        aliases = sorted({a for a, _ in entry.aliases}) if entry else []
        entities[e["type"]].append({
            "id": e["id"], "label": e["label"], "kind": e["id"].split("/", 1)[0], "class": e["type"],
            "aliases": aliases, "wikidata": e["wikidata"], "known": bool(entry),
            # One string of every name, for the full-text indexes of both engines.
            "names": " ; ".join(dict.fromkeys([e["label"], *aliases, *(name_key(a) for a in [e["label"], *aliases])])),
        })
        records.mentions.append({
            "entity": e["id"], "briefing": bid, "count": len(e["mentions"]),
            "texts": sorted({m["text"] for m in e["mentions"]}),
            "spans": [f"{m['start']}-{m['end']}" for m in e["mentions"]],
            "sentences": [m["sentence"] for m in e["mentions"]],
            "extractors": sorted({m["extractor"] for m in e["mentions"]}),
        })
    records.entities = dict(sorted(entities.items()))
    events: dict[str, list[dict]] = defaultdict(list)
    roles: dict[str, list[dict]] = defaultdict(list)
    for e in data["events"]:
        ident = event_id(e)
        time = e["time"] or {}
        events[e["type"]].append({
            "id": ident, "type": e["type"], "modality": e["modality"], "date": e["date"],
            "date_text": time.get("text"), "date_start": time.get("earliest"), "date_end": time.get("latest"),
        })
        q = e["quantities"]
        records.reports.append({
            "event": ident, "briefing": bid, "modality": e["modality"], "sentence": e["evidence"]["sentence"],
            "start": e["evidence"]["start"], "end": e["evidence"]["end"], "evidence": e["evidence"]["text"],
            "trigger": e["trigger"]["text"], "extractor": e["extractor"],
            "q_values": [float(x["value"]) for x in q], "q_units": [x["unit"] for x in q],
            "q_texts": [x["text"] for x in q], "q_bounds": [x.get("bound") or "" for x in q],
        })
        for p in e["participants"]:
            roles[relationship_type(p["role"])].append({"event": ident, "entity": p["entity"], "briefing": bid})
        if e["place"]:
            roles["PLACE"].append({"event": ident, "entity": e["place"], "briefing": bid})
    records.events = dict(sorted(events.items()))
    records.roles = {k: _dedupe(v) for k, v in sorted(roles.items())}
    relations: dict[str, list[dict]] = defaultdict(list)
    for r in data["relations"]:
        relations[model.properties[r["predicate"]].relationship_type].append({
            "subject": r["subject"], "object": r["object"], "briefing": bid,
            "sentence": r["evidence"]["sentence"], "start": r["evidence"]["start"], "end": r["evidence"]["end"],
            "evidence": r["evidence"]["text"], "extractor": r["extractor"],
        })
    records.relations = {k: _dedupe(v, ("subject", "object")) for k, v in sorted(relations.items())}
    return records


def combine(many: list[Records]) -> Records:
    """Several briefings' records as one batch: one UNWIND per class or type for all of them.
    An entity or event that two of them share is written once."""
    out = Records(briefing={})
    for records in many:
        for cls, rows in records.entities.items():
            out.entities.setdefault(cls, []).extend(rows)
        for cls, rows in records.events.items():
            out.events.setdefault(cls, []).extend(rows)
        for kind, rows in records.roles.items():
            out.roles.setdefault(kind, []).extend(rows)
        for kind, rows in records.relations.items():
            out.relations.setdefault(kind, []).extend(rows)
        out.mentions.extend(records.mentions)
        out.reports.extend(records.reports)
    out.entities = {k: _dedupe(v, ("id",)) for k, v in sorted(out.entities.items())}
    out.events = {k: _dedupe(v, ("id",)) for k, v in sorted(out.events.items())}
    out.roles = dict(sorted(out.roles.items()))
    out.relations = dict(sorted(out.relations.items()))
    return out


def _dedupe(rows: list[dict], keys: tuple[str, ...] = ("event", "entity")) -> list[dict]:
    seen: set[tuple] = set()
    out = []
    for row in rows:
        k = tuple(row[x] for x in keys)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out

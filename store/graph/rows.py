"""An extraction as store-neutral records: the rows the graph writer sends and the facts the RDF
mapping states. Identifiers are the extraction's own (ingest/identity.py): an event reported by
two briefings (same type, date and participants) has one id there already."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from briefgraph.ingest.extraction import Extraction
from briefgraph.ontology.gazetteer import load_gazetteer
from briefgraph.ontology.model import load_model, relationship_type
from briefgraph.ontology.names import name_key


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
    records = Records(briefing=briefing_row(extraction))
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
        ident = e["id"]
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
            "q_values": [_number(x) for x in q], "q_units": [x["unit"] for x in q],
            "q_texts": [x["text"] for x in q], "q_bounds": [x.get("bound") or "" for x in q],
        })
        for p in e["participants"]:
            roles[relationship_type(p["role"])].append({"event": ident, "entity": p["entity"], "briefing": bid})
        if e["place"]:
            roles["PLACE"].append({"event": ident, "entity": e["place"], "briefing": bid})
    records.events = dict(sorted(events.items()))
    records.roles = {k: dedupe(v) for k, v in sorted(roles.items())}
    relations: dict[str, list[dict]] = defaultdict(list)
    for r in data["relations"]:
        relations[model.properties[r["predicate"]].relationship_type].append({
            "subject": r["subject"], "object": r["object"], "briefing": bid,
            "sentence": r["evidence"]["sentence"], "start": r["evidence"]["start"], "end": r["evidence"]["end"],
            "evidence": r["evidence"]["text"], "extractor": r["extractor"],
        })
    records.relations = {k: dedupe(v, ("subject", "object")) for k, v in sorted(relations.items())}
    return records


def _number(quantity: dict) -> float:
    """A quantity's value as the float both graph engines store; ValueError when it has none (a
    number of 400 digits in the text is larger than any float)."""
    try:
        value = float(quantity["value"])
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ValueError(f"the quantity {_clip(quantity['text'])!r} is too large to store as a number")
    return value


# What the graph engines refuse in a property, measured on both (tests/store/test_durability.py):
# FalkorDB cannot parse a string holding NUL (the whole statement fails: "Failed to parse query
# parameter") and has no literal for NaN or an infinity; it wraps an integer beyond 64 bits
# silently, which Neo4j's driver refuses; a lone surrogate cannot be encoded as UTF-8 for either;
# Neo4j refuses a list that mixes kinds, and neither stores a null or a list inside a list.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
INT64 = (-(2 ** 63), 2 ** 63 - 1)


def check_values(records: Records) -> None:
    """Raise ValueError naming the first value of the records the graph store would refuse or
    corrupt, so that one briefing is refused before its batch is written."""
    groups: list[tuple[str, list[dict]]] = [("the briefing", [records.briefing]), ("a mention", records.mentions),
                                            ("an event report", records.reports)]
    groups += [(f"an entity of class {cls}", rows) for cls, rows in records.entities.items()]
    groups += [(f"an event of class {cls}", rows) for cls, rows in records.events.items()]
    groups += [(f"a {kind} role", rows) for kind, rows in records.roles.items()]
    groups += [(f"a {kind} relation", rows) for kind, rows in records.relations.items()]
    for what, rows in groups:
        for row in rows:
            for key, value in row.items():
                problem = unstorable(value)
                if problem is not None:
                    raise ValueError(f"{what}: {key!r} {problem}")


def unstorable(value: object) -> str | None:
    """What makes one parameter value unstorable, or None."""
    kind = type(value)
    if kind is str:
        found = _UNSTORABLE.search(value)  # type: ignore[arg-type]
        if found is None:
            return None
        char = found.group()
        what = "a NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"
        return f"contains {what} at character {found.start() + 1}"
    if kind is float:
        return None if math.isfinite(value) else f"is {value}, not a finite number"  # type: ignore[arg-type]
    if kind is int:
        return None if INT64[0] <= value <= INT64[1] else "is an integer beyond 64 bits"  # type: ignore[operator]
    if kind is list or kind is tuple:
        # A property list: scalars of one kind, no nulls (Neo4j stores typed arrays; neither
        # engine stores a null in a list).
        kinds = {_LIST_KINDS.get(type(item), "other") for item in value}  # type: ignore[union-attr]
        if kinds - {"text", "number", "boolean"}:
            return "is a list holding a null or a nested value"
        if len(kinds) > 1:
            return f"is a list mixing {' and '.join(sorted(kinds))} values"
        return next((p for p in map(unstorable, value) if p is not None), None)  # type: ignore[call-overload]
    return None


_LIST_KINDS = {str: "text", int: "number", float: "number", bool: "boolean"}


def _clip(text: str, size: int = 40) -> str:
    """The start of a long text, for a message."""
    return text if len(text) <= size else text[:size] + "…"


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
    out.entities = {k: dedupe(v, ("id",)) for k, v in sorted(out.entities.items())}
    out.events = {k: dedupe(v, ("id",)) for k, v in sorted(out.events.items())}
    out.roles = dict(sorted(out.roles.items()))
    out.relations = dict(sorted(out.relations.items()))
    return out


def dedupe(rows: list[dict], keys: tuple[str, ...] = ("event", "entity")) -> list[dict]:
    """The rows without repeats of their keys, first kept."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        k = tuple(row[x] for x in keys)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out

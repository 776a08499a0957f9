"""The result of extracting one briefing, and its JSON form (the schema of the dev-set README)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgraph.ontology.gazetteer import load_gazetteer
from briefgraph.ontology.model import load_model

from .draft import Doc, EntityRecord
from .identity import event_id
from .pipeline import Pipeline, build_pipeline, default_config

EXTRACTOR = "briefgraph-rules/0.1"


@dataclass(frozen=True)
class Extraction:
    """Entities, events and relations of one briefing, each with its provenance (offsets)."""

    briefing: Any
    entities: tuple[dict, ...]
    events: tuple[dict, ...]
    relations: tuple[dict, ...]
    extractor: str = EXTRACTOR

    def to_json(self) -> dict:
        """The extraction as plain JSON data, deterministic for a given input."""
        return {"briefing": self.briefing.to_json(), "extractor": self.extractor,
                "entities": list(self.entities), "events": list(self.events), "relations": list(self.relations)}


def _types(name: str) -> list[str]:
    return list(load_model().cls(name).ancestors)


def _span(doc: Doc, start: int, end: int) -> dict:
    return {"text": doc.text[start:end], "start": start, "end": end}


def from_doc(doc: Doc) -> Extraction:
    """Turn a finished pipeline Doc into an Extraction."""
    mentions: dict[str, list[dict]] = {}
    for m in doc.mentions:
        if m.entity:
            mentions.setdefault(m.entity, []).append({"text": m.text, "start": m.start, "end": m.end,
                                                      "sentence": m.sentence, "extractor": m.source})
    # Entities a fact refers to without naming them (the ministry of "Defence Minister X") are
    # listed too, with no mentions.
    referenced = {r.subject for r in doc.relations} | {r.object for r in doc.relations}
    entities = []
    for ident in sorted(referenced - set(doc.entities)):
        entry = load_gazetteer().entries.get(ident)
        if entry:
            doc.entities[ident] = EntityRecord(entry.id, entry.label, entry.cls, entry.wikidata)
    for ident, record in doc.entities.items():
        found = mentions.get(ident, [])
        if not found and ident not in referenced:
            continue
        entities.append({
            "id": ident, "label": record.label, "type": record.cls, "types": _types(record.cls),
            "aliases": sorted(a for a in record.aliases if a != record.label),
            "wikidata": record.wikidata, "known": record.known, "mentions": found,
        })
    entities.sort(key=lambda e: (e["mentions"][0]["start"] if e["mentions"] else len(doc.text), e["id"]))
    events = []
    for e in doc.events:
        s = doc.sentences[e.sentence]
        quantities = []
        for q in e.quantities:
            item = {"value": q.value, "unit": q.unit, "text": q.text, "start": q.start, "end": q.end}
            if q.bound:
                item["bound"] = q.bound
            if q.qualifier:
                item["qualifier"] = q.qualifier
            quantities.append(item)
        date = e.time.iso if e.time else None
        events.append({
            "id": event_id(e.id, e.cls, date, [p.entity for p in e.participants], e.place),
            "type": e.cls, "types": _types(e.cls), "modality": e.modality,
            "participants": [{"role": p.role, "entity": p.entity} for p in e.participants],
            "place": e.place,
            "date": date,
            "time": {"text": e.time.text, "start": e.time.start, "end": e.time.end,
                     "earliest": e.time.earliest.isoformat(), "latest": e.time.latest.isoformat()} if e.time else None,
            "quantities": quantities,
            "trigger": {"text": e.trigger_text, "start": e.trigger[0], "end": e.trigger[1]},
            "evidence": {**_span(doc, s.start, s.end), "sentence": s.index},
            "extractor": e.extractor,
        })
    relations = []
    for r in doc.relations:
        s = doc.sentences[r.sentence]
        relations.append({"subject": r.subject, "predicate": r.predicate, "object": r.object,
                          "evidence": {**_span(doc, s.start, s.end), "sentence": s.index}, "extractor": r.extractor})
    return Extraction(doc.briefing, tuple(entities), tuple(events), tuple(relations))


@cache
def default_pipeline(ner_model: str = "off") -> Pipeline:
    """The pipeline of ingest/pipeline.toml with this statistical NER model (the setting
    BRIEFGRAPH_NER_MODEL, which the command line passes), built once per model."""
    config = default_config()
    config["components"]["ner"]["model"] = ner_model
    return build_pipeline(config)


def extract(briefing: Any, pipeline: Pipeline | None = None) -> Extraction:
    """Run the extraction pipeline over a read briefing."""
    return from_doc((pipeline or default_pipeline())(briefing))


def extract_file(path: str | Path, pipeline: Pipeline | None = None) -> Extraction:
    """Read a briefing file and extract it."""
    from .readers import read_briefing

    return extract(read_briefing(Path(path)), pipeline)

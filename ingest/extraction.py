"""A finished pipeline Doc turned into the typed facts of ingest/facts.py: each fact's final
identity (ingest/identity.py), its evidence and its confidence are assigned here, once."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from briefgraph.ontology.gazetteer import CuratedNames, load_gazetteer, with_names
from briefgraph.ontology.model import load_model

from .briefing import Briefing
from .confidence import event_key, load_calibration, mention_key, relation_key
from .draft import Doc, EntityRecord
from .facts import Entity, Event, Evidence, Extraction, Mention, Quantity, Relation, Role, Span, Time
from .identity import event_id
from .lexicon import build_lexicon
from .pipeline import Pipeline, build_pipeline, default_config


def _types(name: str) -> tuple[str, ...]:
    return tuple(load_model().cls(name).ancestors)


def _evidence(doc: Doc, sentence: int) -> Evidence:
    s = doc.sentences[sentence]
    return Evidence(s.index, s.start, s.end, doc.text[s.start:s.end])


def from_doc(doc: Doc) -> Extraction:
    """The facts of a finished pipeline Doc."""
    calibration = load_calibration()
    mentions: dict[str, list[Mention]] = {}
    for m in doc.mentions:
        if m.entity:
            mentions.setdefault(m.entity, []).append(Mention(
                m.entity, m.start, m.end, m.text, m.sentence, m.source,
                calibration.confidence("mention", mention_key(m.source))))
    # Entities a fact refers to without naming them (the ministry of "Defence Minister X") are
    # listed too, with no mentions.
    referenced = {r.subject for r in doc.relations} | {r.object for r in doc.relations}
    for ident in sorted(referenced - set(doc.entities)):
        entry = load_gazetteer().entries.get(ident)
        if entry:
            doc.entities[ident] = EntityRecord(entry.id, entry.label, entry.cls, entry.wikidata)
    entities = []
    for ident, record in doc.entities.items():
        found = mentions.get(ident, [])
        if not found and ident not in referenced:
            continue
        entities.append(Entity(ident, record.label, record.cls, _types(record.cls),
                               tuple(sorted(a for a in record.aliases if a != record.label)),
                               record.wikidata, record.known, tuple(found)))
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else len(doc.text), e.id))
    events = []
    for e in doc.events:
        time = (Time(e.time.iso, e.time.text, e.time.start, e.time.end, e.time.earliest, e.time.latest)
                if e.time else None)
        participants = tuple(Role(p.role, p.entity) for p in e.participants)
        events.append(Event(
            id=event_id(e.id, e.cls, time.iso if time else None, [p.entity for p in participants], e.place),
            type=e.cls, types=_types(e.cls), modality=e.modality, participants=participants, place=e.place,
            time=time,
            quantities=tuple(Quantity(q.value, q.unit, q.text, q.start, q.end, q.bound, q.qualifier)
                             for q in e.quantities),
            trigger=Span(e.trigger[0], e.trigger[1], e.trigger_text), evidence=_evidence(doc, e.sentence),
            extractor=e.extractor,
            confidence=calibration.confidence("event", event_key(e.extractor, len(participants) + bool(e.place)))))
    relations = [Relation(r.subject, r.predicate, r.object, _evidence(doc, r.sentence), r.extractor,
                          calibration.confidence("relation", relation_key(r.extractor)), r.modality)
                 for r in doc.relations]
    return Extraction(doc.briefing, tuple(entities), tuple(events), tuple(relations))


@cache
def default_pipeline(ner_model: str = "off") -> Pipeline:
    """The pipeline of ingest/pipeline.toml with this statistical NER model (the setting
    BRIEFGRAPH_NER_MODEL, which the command line passes), built once per model."""
    config = default_config()
    config["components"]["ner"]["model"] = ner_model
    return build_pipeline(config)


@cache
def curated_pipeline(ner_model: str, names: tuple[tuple[str, CuratedNames], ...]) -> Pipeline:
    """The default pipeline whose name lookups know the reviewers' names too (ontology/gazetteer
    with_names), built once per set of names."""
    if not names:
        return default_pipeline(ner_model)
    config = default_config()
    config["components"]["ner"]["model"] = ner_model
    return build_pipeline(config, lexicon=build_lexicon(with_names(load_gazetteer(), dict(names))))


def extract(briefing: Briefing, pipeline: Pipeline | None = None) -> Extraction:
    """Run the extraction pipeline over a read briefing."""
    return from_doc((pipeline or default_pipeline())(briefing))


def extract_file(path: str | Path, pipeline: Pipeline | None = None) -> Extraction:
    """Read a briefing file and extract it."""
    from .readers import read_briefing

    return extract(read_briefing(Path(path)), pipeline)

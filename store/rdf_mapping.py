"""The facts of one briefing as RDF, for its own named graph: entities with SKOS labels, mentions
and evidence as text spans (NIF offsets, RFC 5147 fragments), events with roles, time, quantities
and modality, relations with their evidence (RDF reification), and PROV-O for where it all came
from. Deterministic: the same extraction gives the same triples."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from briefgraph.ontology.model import BG, load_model

from .records import Records

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
WD = "http://www.wikidata.org/entity/"
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/briefgraph/ontology")
EXTRACTOR = NamedNode("https://w3id.org/briefgraph/extractor")


@lru_cache(maxsize=None)
def bg(name: str) -> NamedNode:
    """A term of the ontology."""
    return NamedNode(f"{BG}{name}")


def entity_iri(base: str, ident: str) -> NamedNode:
    """{base}/id/{kind}/{slug}."""
    return NamedNode(f"{base}/id/{ident}")


def briefing_iri(base: str, briefing_id: str) -> NamedNode:
    """{base}/briefings/{id}."""
    return NamedNode(f"{base}/briefings/{briefing_id}")


def graph_iri(base: str, briefing_id: str) -> NamedNode:
    """The named graph that holds what one briefing says."""
    return NamedNode(f"{base}/briefings/{briefing_id}/graph")


def span_iri(base: str, briefing_id: str, start: int, end: int) -> NamedNode:
    """A character span of the briefing's text, as an RFC 5147 fragment."""
    return NamedNode(f"{base}/briefings/{briefing_id}#char={start},{end}")


def _str(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _date(value: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + "date"))


def _decimal(value: float) -> Literal:
    text = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return Literal(text, datatype=NamedNode(XSD + "decimal"))


def _span(base: str, bid: str, start: int, end: int, text: str, cls: str = "TextSpan",
          sentence: int | None = None) -> Iterator[Triple]:
    s = span_iri(base, bid, start, end)
    yield Triple(s, RDF_TYPE, bg(cls))
    yield Triple(s, bg("inBriefing"), briefing_iri(base, bid))
    yield Triple(s, bg("start"), _int(start))
    yield Triple(s, bg("end"), _int(end))
    yield Triple(s, bg("text"), _str(text))
    if sentence is not None:
        yield Triple(s, bg("sentenceIndex"), _int(sentence))


def briefing_triples(records: Records, base: str) -> list[Triple]:
    """Every triple of one briefing's named graph, without repeats, in a deterministic order."""
    model = load_model()
    b = records.briefing
    bid = b["id"]
    me = briefing_iri(base, bid)
    out: list[Triple] = [
        Triple(me, RDF_TYPE, bg("Briefing")),
        Triple(me, NamedNode(DCT + "title"), _str(b["title"])),
        Triple(me, bg("contentHash"), _str(b["content_hash"])),
        Triple(graph_iri(base, bid), NamedNode(PROV + "wasDerivedFrom"), me),
        Triple(graph_iri(base, bid), NamedNode(PROV + "wasAttributedTo"), EXTRACTOR),
        Triple(EXTRACTOR, RDF_TYPE, bg("Extractor")),
        Triple(EXTRACTOR, bg("extractor"), _str(b["extractor"])),
    ]
    for key, prop in (("section", bg("section")), ("trend", bg("trend")), ("publisher", NamedNode(DCT + "publisher")),
                      ("author", NamedNode(DCT + "creator"))):
        if b.get(key):
            out.append(Triple(me, prop, _str(b[key])))
    for key, prop in (("period_start", "periodStart"), ("period_end", "periodEnd")):
        if b.get(key):
            out.append(Triple(me, bg(prop), _date(b[key])))
    if b.get("published"):
        out.append(Triple(me, NamedNode(DCT + "issued"), _date(b["published"])))
    if b.get("source_url"):
        out.append(Triple(me, NamedNode(DCT + "source"), NamedNode(b["source_url"])))

    for rows in records.entities.values():
        for row in rows:
            e = entity_iri(base, row["id"])
            out += [Triple(e, RDF_TYPE, bg(row["class"])), Triple(e, NamedNode(SKOS + "prefLabel"), _str(row["label"], "en")),
                    Triple(e, NamedNode(DCT + "source"), me)]
            if row["wikidata"]:
                out.append(Triple(e, NamedNode(SKOS + "exactMatch"), NamedNode(WD + row["wikidata"])))
    for m in records.mentions:
        e = entity_iri(base, m["entity"])
        for text in m["texts"]:
            out.append(Triple(e, NamedNode(SKOS + "altLabel"), _str(text)))
        spans = [tuple(map(int, s.split("-"))) for s in m["spans"]]
        for start, end in spans:
            # A mention is its offsets: its words are the entity's altLabel and the briefing's text.
            span = span_iri(base, bid, start, end)
            out += [Triple(span, RDF_TYPE, bg("Mention")), Triple(span, bg("inBriefing"), me),
                    Triple(span, bg("start"), _int(start)), Triple(span, bg("end"), _int(end)),
                    Triple(span, bg("mentionOf"), e)]

    events = {row["id"]: row for rows in records.events.values() for row in rows}
    for report in records.reports:
        ev = events[report["event"]]
        e = entity_iri(base, ev["id"])
        out += [Triple(e, RDF_TYPE, bg(ev["type"])), Triple(e, bg("modality"), bg(report["modality"]))]
        evidence = span_iri(base, bid, report["start"], report["end"])
        out += list(_span(base, bid, report["start"], report["end"], report["evidence"], "TextSpan", report["sentence"]))
        out.append(Triple(e, bg("evidence"), evidence))
        if ev["date"]:
            t = NamedNode(f"{e.value}#time")
            out += [Triple(e, bg("time"), t), Triple(t, RDF_TYPE, bg("TimeExpression")), Triple(t, bg("iso"), _str(ev["date"]))]
            if ev["date_text"]:
                out.append(Triple(t, bg("text"), _str(ev["date_text"])))
            if ev["date_start"]:
                out += [Triple(t, bg("earliest"), _date(ev["date_start"])), Triple(t, bg("latest"), _date(ev["date_end"]))]
        for n, (value, unit, text, bound) in enumerate(zip(report["q_values"], report["q_units"], report["q_texts"], report["q_bounds"])):
            q = NamedNode(f"{evidence.value}-{ev['id'].replace('/', '-')}-q{n}")
            out += [Triple(e, bg("quantity"), q), Triple(q, RDF_TYPE, bg("Quantity")), Triple(q, bg("value"), _decimal(value)),
                    Triple(q, bg("unitText"), _str(unit)), Triple(q, bg("text"), _str(text))]
            if bound:
                out.append(Triple(q, bg("bound"), _str(bound)))
    roles = {p.relationship_type: p.name for p in model.roles.values()}
    for rel_type, rows in records.roles.items():
        for row in rows:
            out.append(Triple(entity_iri(base, row["event"]), bg(roles[rel_type]), entity_iri(base, row["entity"])))
    predicates = {p.relationship_type: p.name for p in model.relations}
    for rel_type, rows in records.relations.items():
        for row in rows:
            s, p, o = entity_iri(base, row["subject"]), bg(predicates[rel_type]), entity_iri(base, row["object"])
            statement = NamedNode(f"{span_iri(base, bid, row['start'], row['end']).value}"
                                  f"-{row['subject'].replace('/', '-')}-{predicates[rel_type]}-{row['object'].replace('/', '-')}")
            out += [Triple(s, p, o), Triple(statement, RDF_TYPE, NamedNode(RDF + "Statement")),
                    Triple(statement, NamedNode(RDF + "subject"), s), Triple(statement, NamedNode(RDF + "predicate"), p),
                    Triple(statement, NamedNode(RDF + "object"), o),
                    Triple(statement, bg("evidence"), span_iri(base, bid, row["start"], row["end"]))]
            out += list(_span(base, bid, row["start"], row["end"], row["evidence"], "TextSpan", row["sentence"]))
    return list(dict.fromkeys(out))

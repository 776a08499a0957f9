"""The facts of one briefing as RDF, for its own named graph: entities with SKOS labels, mentions
and evidence as text spans (NIF offsets, RFC 5147 fragments), events with roles, time, quantities
and modality, relations with their evidence (RDF reification), and PROV-O for where it all came
from. Deterministic: the same extraction gives the same triples."""
from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import NamedNode, Triple

from briefgraph.ingest.facts import Extraction
from briefgraph.ontology.model import BG, load_model, relationship_type
from briefgraph.ontology.places import Point, point_of

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
WD = "http://www.wikidata.org/entity/"
EXTRACTOR = "https://w3id.org/briefgraph/extractor"


def briefing_iri(base: str, briefing_id: str) -> NamedNode:
    """{base}/briefings/{id}."""
    return NamedNode(f"{base}/briefings/{briefing_id}")


def entity_graph_iri(base: str) -> NamedNode:
    """The named graph of what is said of every entity whatever the briefing: its class, its
    preferred label, its Wikidata id. Kept once, not in every briefing that names the entity (a
    query joining them over the union of a thousand graphs would meet each a thousand times)."""
    return NamedNode(f"{base}/graphs/entities")


WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
GEO = "http://www.opengis.net/ont/geosparql#"
SHARED_PREDICATES = frozenset({f"<{RDF}type>", f"<{SKOS}prefLabel>", f"<{SKOS}exactMatch>", f"<{OWL}sameAs>",
                               f"<{WGS}lat>", f"<{WGS}long>", f"<{BG}geoPrecision>", f"<{BG}pointSource>",
                               f"<{GEO}hasGeometry>", f"<{GEO}asWKT>"})


def is_shared(base: str, subject: str, predicate: str) -> bool:
    """Whether a statement goes to the entity graph: an entity's (not an event's) class, label or id."""
    return (predicate in SHARED_PREDICATES and subject.startswith(f"<{base}/id/")
            and not subject.startswith(f"<{base}/id/event/"))


def graph_iri(base: str, briefing_id: str) -> NamedNode:
    """The named graph that holds what one briefing says."""
    return NamedNode(f"{base}/briefings/{briefing_id}/graph")


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _iri(value: str) -> str:
    return f"<{value}>"


@lru_cache(maxsize=None)
def _bg(name: str) -> str:
    return f"<{BG}{name}>"


# N-Triples string escapes: the five ECHARs by name, other control characters as \uXXXX; most
# strings have none, and are returned as they are.
_ESCAPES = str.maketrans({**{chr(c): f"\\u{c:04X}" for c in range(0x20)}, **_ECHAR})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def _escape(value: str) -> str:
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def _str(value: str, lang: str | None = None) -> str:
    return f'"{_escape(value)}"@{lang}' if lang else f'"{_escape(value)}"'


def _int(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def _date(value: str) -> str:
    return f'"{_escape(value)}"^^<{XSD}date>'


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return f'"{text}"^^<{XSD}decimal>'


def _point_quads(place: str, point: Point) -> list[tuple[str, str, str]]:
    """A place's point: WGS 84 latitude and longitude, how precise and from where, and the same as a
    GeoSPARQL geometry (WKT: longitude first) for stores with a spatial index."""
    geometry = place[:-1] + '#point>'
    wkt = f'"POINT({point.lon} {point.lat})"^^<{GEO}wktLiteral>'
    return [(place, _iri(WGS + "lat"), _decimal(point.lat)), (place, _iri(WGS + "long"), _decimal(point.lon)),
            (place, _bg("geoPrecision"), _bg("precision" + point.precision.capitalize())),
            (place, _bg("pointSource"), _str(point.source)), (place, _iri(GEO + "hasGeometry"), geometry),
            (geometry, _TYPE, _iri(GEO + "Geometry")), (geometry, _iri(GEO + "asWKT"), wkt)]


def _span(base: str, bid: str, start: int, end: int, text: str, cls: str = "TextSpan",
          sentence: int | None = None) -> list[tuple[str, str, str]]:
    s = _iri(f"{base}/briefings/{bid}#char={start},{end}")
    out = [(s, _TYPE, _bg(cls)), (s, _bg("inBriefing"), _iri(f"{base}/briefings/{bid}")),
           (s, _bg("start"), _int(start)), (s, _bg("end"), _int(end)), (s, _bg("text"), _str(text))]
    if sentence is not None:
        out.append((s, _bg("sentenceIndex"), _int(sentence)))
    return out


_TYPE = f"<{RDF}type>"


def briefing_statements(extraction: Extraction, base: str) -> list[tuple[str, str, str]]:
    """Every triple of one briefing's named graph as N-Triples terms (subject, predicate, object),
    without repeats, in a deterministic order. Strings, not term objects: the ingest builds these
    by the million, in worker processes. The graph store's projection of the same facts is
    store/graph/rows.py."""
    model = load_model()
    b = extraction.briefing
    bid = b.id
    me = _iri(f"{base}/briefings/{bid}")
    out: list[tuple[str, str, str]] = [
        (me, _TYPE, _bg("Briefing")),
        (me, _iri(DCT + "title"), _str(b.title)),
        (me, _bg("contentHash"), _str(b.content_hash)),
        (_iri(f"{base}/briefings/{bid}/graph"), _iri(PROV + "wasDerivedFrom"), me),
        (_iri(f"{base}/briefings/{bid}/graph"), _iri(PROV + "wasAttributedTo"), _iri(EXTRACTOR)),
        (_iri(EXTRACTOR), _TYPE, _bg("Extractor")),
        (_iri(EXTRACTOR), _bg("extractor"), _str(extraction.extractor)),
    ]
    for value, prop in ((b.section, _bg("section")), (b.trend, _bg("trend")), (b.publisher, _iri(DCT + "publisher")),
                        (b.author, _iri(DCT + "creator"))):
        if value:
            out.append((me, prop, _str(value)))
    for day, prop in ((b.period_start, _bg("periodStart")), (b.period_end, _bg("periodEnd")),
                      (b.published, _iri(DCT + "issued"))):
        if day:
            out.append((me, prop, _date(day.isoformat())))
    if b.source_url:
        # Not filtered here: a URL that is no IRI makes the briefing's N-Quads fail to parse in
        # `writer.prepare`, which refuses the file by name (dropping it here would leave the graph
        # store with a source the RDF store lacks).
        out.append((me, _iri(DCT + "source"), _iri(b.source_url)))

    for entity in extraction.entities:
        e = _entity(base, entity.id)
        out += [(e, _TYPE, _bg(entity.type)), (e, _iri(SKOS + "prefLabel"), _str(entity.label, "en"))]
        if not entity.mentions:
            # Named by no mention (the ministry of "Defence Minister X"): the briefing is its source.
            out.append((e, _iri(DCT + "source"), me))
        if entity.wikidata:
            # the same thing as the Wikidata item: owl:sameAs for stores that join on it, and SKOS's
            # weaker exactMatch that the gazetteer states
            out += [(e, _iri(SKOS + "exactMatch"), _iri(WD + entity.wikidata)),
                    (e, _iri(OWL + "sameAs"), _iri(WD + entity.wikidata))]
        point = point_of(entity.id, entity.label, entity.type)
        if point is not None:
            out += _point_quads(e, point)
    for entity in extraction.entities:
        e = _entity(base, entity.id)
        for text in sorted({m.text for m in entity.mentions}):
            out.append((e, _iri(SKOS + "altLabel"), _str(text)))
        for m in entity.mentions:
            # A mention is its offsets: its words are the entity's altLabel and the briefing's text.
            span = _iri(f"{base}/briefings/{bid}#char={m.start},{m.end}")
            out += [(span, _TYPE, _bg("Mention")), (span, _bg("inBriefing"), me),
                    (span, _bg("start"), _int(m.start)), (span, _bg("end"), _int(m.end)),
                    (span, _bg("mentionOf"), e)]

    # Two reports of one event in a briefing share its node; its time is the last report's.
    timed = {v.id: v.time for v in extraction.events}
    for v in extraction.events:
        e = _entity(base, v.id)
        out += [(e, _TYPE, _bg(v.type)), (e, _bg("modality"), _bg(v.modality))]
        ev = v.evidence
        evidence_iri = f"{base}/briefings/{bid}#char={ev.start},{ev.end}"
        out += _span(base, bid, ev.start, ev.end, ev.text, "TextSpan", ev.sentence)
        out.append((e, _bg("evidence"), _iri(evidence_iri)))
        time = timed[v.id]
        if time:
            t = _iri(f"{base}/id/{v.id}#time")
            out += [(e, _bg("time"), t), (t, _TYPE, _bg("TimeExpression")), (t, _bg("iso"), _str(time.iso)),
                    (t, _bg("text"), _str(time.text)),
                    (t, _bg("earliest"), _date(time.earliest.isoformat())),
                    (t, _bg("latest"), _date(time.latest.isoformat()))]
        for n, q in enumerate(v.quantities):
            node = _iri(f"{evidence_iri}-{v.id.replace('/', '-')}-q{n}")
            out += [(e, _bg("quantity"), node), (node, _TYPE, _bg("Quantity")),
                    (node, _bg("value"), _decimal(q.as_float())),
                    (node, _bg("unitText"), _str(q.unit)), (node, _bg("text"), _str(q.text))]
            if q.bound:
                out.append((node, _bg("bound"), _str(q.bound)))
    roles = {p.relationship_type: p.name for p in model.roles.values()}
    for v in extraction.events:
        for who in v.participants:
            out.append((_entity(base, v.id), _bg(roles[relationship_type(who.role)]), _entity(base, who.entity)))
        if v.place:
            out.append((_entity(base, v.id), _bg(roles["PLACE"]), _entity(base, v.place)))
    stated: set[tuple[str, str, str]] = set()
    for r in extraction.relations:
        if (r.predicate, r.subject, r.object) in stated:
            continue            # stated again in a later sentence: the graph keeps the first evidence too
        stated.add((r.predicate, r.subject, r.object))
        ev = r.evidence
        s, p, o = _entity(base, r.subject), _bg(r.predicate), _entity(base, r.object)
        statement = _iri(f"{base}/briefings/{bid}#char={ev.start},{ev.end}"
                         f"-{r.subject.replace('/', '-')}-{r.predicate}-{r.object.replace('/', '-')}")
        # a relation the briefing denies is only described, never asserted: its statement says so
        asserted = [(s, p, o)] if r.modality != "denied" else [(statement, _bg("relationModality"), _bg("denied"))]
        out += [*asserted, (statement, _TYPE, _iri(RDF + "Statement")),
                (statement, _iri(RDF + "subject"), s), (statement, _iri(RDF + "predicate"), p),
                (statement, _iri(RDF + "object"), o),
                (statement, _bg("evidence"), _iri(f"{base}/briefings/{bid}#char={ev.start},{ev.end}"))]
        out += _span(base, bid, ev.start, ev.end, ev.text, "TextSpan", ev.sentence)
    return list(dict.fromkeys(out))


def _entity(base: str, ident: str) -> str:
    return f"<{base}/id/{ident}>"


def briefing_triples(extraction: Extraction, base: str) -> list[Triple]:
    """The same triples as pyoxigraph terms (for stores that take terms, and for tests)."""
    from pyoxigraph import RdfFormat, parse

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in briefing_statements(extraction, base))
    return list(parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES))

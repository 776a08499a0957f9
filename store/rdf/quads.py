"""The facts of one briefing as RDF, for its own named graph: entities with SKOS labels, mentions
and evidence as text spans (NIF offsets, RFC 5147 fragments), events with roles, time, quantities
and modality, relations with their evidence (RDF reification), and PROV-O for where it all came
from. Deterministic: the same extraction gives the same triples."""
from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import NamedNode, Triple

from briefgraph.ontology.model import BG, load_model

from briefgraph.store.graph.rows import Records

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
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


SHARED_PREDICATES = frozenset({f"<{RDF}type>", f"<{SKOS}prefLabel>", f"<{SKOS}exactMatch>"})


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


def _span(base: str, bid: str, start: int, end: int, text: str, cls: str = "TextSpan",
          sentence: int | None = None) -> list[tuple[str, str, str]]:
    s = _iri(f"{base}/briefings/{bid}#char={start},{end}")
    out = [(s, _TYPE, _bg(cls)), (s, _bg("inBriefing"), _iri(f"{base}/briefings/{bid}")),
           (s, _bg("start"), _int(start)), (s, _bg("end"), _int(end)), (s, _bg("text"), _str(text))]
    if sentence is not None:
        out.append((s, _bg("sentenceIndex"), _int(sentence)))
    return out


_TYPE = f"<{RDF}type>"


def briefing_statements(records: Records, base: str) -> list[tuple[str, str, str]]:
    """Every triple of one briefing's named graph as N-Triples terms (subject, predicate, object),
    without repeats, in a deterministic order. Strings, not term objects: the ingest builds these
    by the million, in worker processes."""
    model = load_model()
    b = records.briefing
    bid = b["id"]
    me = _iri(f"{base}/briefings/{bid}")
    out: list[tuple[str, str, str]] = [
        (me, _TYPE, _bg("Briefing")),
        (me, _iri(DCT + "title"), _str(b["title"])),
        (me, _bg("contentHash"), _str(b["content_hash"])),
        (_iri(f"{base}/briefings/{bid}/graph"), _iri(PROV + "wasDerivedFrom"), me),
        (_iri(f"{base}/briefings/{bid}/graph"), _iri(PROV + "wasAttributedTo"), _iri(EXTRACTOR)),
        (_iri(EXTRACTOR), _TYPE, _bg("Extractor")),
        (_iri(EXTRACTOR), _bg("extractor"), _str(b["extractor"])),
    ]
    for key, prop in (("section", _bg("section")), ("trend", _bg("trend")), ("publisher", _iri(DCT + "publisher")),
                      ("author", _iri(DCT + "creator"))):
        if b.get(key):
            out.append((me, prop, _str(b[key])))
    for key, prop in (("period_start", "periodStart"), ("period_end", "periodEnd")):
        if b.get(key):
            out.append((me, _bg(prop), _date(b[key])))
    if b.get("published"):
        out.append((me, _iri(DCT + "issued"), _date(b["published"])))
    if b.get("source_url"):
        # Not filtered here: a URL that is no IRI makes the briefing's N-Quads fail to parse in
        # `writer.prepare`, which refuses the file by name (dropping it here would leave the graph
        # store with a source the RDF store lacks).
        out.append((me, _iri(DCT + "source"), _iri(b["source_url"])))

    mentioned = {m["entity"] for m in records.mentions if m["spans"]}
    for rows in records.entities.values():
        for row in rows:
            e = _entity(base, row["id"])
            out += [(e, _TYPE, _bg(row["class"])), (e, _iri(SKOS + "prefLabel"), _str(row["label"], "en"))]
            if row["id"] not in mentioned:
                # Named by no mention (the ministry of "Defence Minister X"): the briefing is its source.
                out.append((e, _iri(DCT + "source"), me))
            if row["wikidata"]:
                out.append((e, _iri(SKOS + "exactMatch"), _iri(WD + row["wikidata"])))
    for m in records.mentions:
        e = _entity(base, m["entity"])
        for text in m["texts"]:
            out.append((e, _iri(SKOS + "altLabel"), _str(text)))
        spans = [tuple(map(int, s.split("-"))) for s in m["spans"]]
        for start, end in spans:
            # A mention is its offsets: its words are the entity's altLabel and the briefing's text.
            span = _iri(f"{base}/briefings/{bid}#char={start},{end}")
            out += [(span, _TYPE, _bg("Mention")), (span, _bg("inBriefing"), me),
                    (span, _bg("start"), _int(start)), (span, _bg("end"), _int(end)),
                    (span, _bg("mentionOf"), e)]

    events = {row["id"]: row for rows in records.events.values() for row in rows}
    for report in records.reports:
        ev = events[report["event"]]
        e = _entity(base, ev["id"])
        out += [(e, _TYPE, _bg(ev["type"])), (e, _bg("modality"), _bg(report["modality"]))]
        evidence_iri = f"{base}/briefings/{bid}#char={report['start']},{report['end']}"
        evidence = _iri(evidence_iri)
        out += (_span(base, bid, report["start"], report["end"], report["evidence"], "TextSpan", report["sentence"]))
        out.append((e, _bg("evidence"), evidence))
        if ev["date"]:
            t = _iri(f"{base}/id/{ev['id']}#time")
            out += [(e, _bg("time"), t), (t, _TYPE, _bg("TimeExpression")), (t, _bg("iso"), _str(ev["date"]))]
            if ev["date_text"]:
                out.append((t, _bg("text"), _str(ev["date_text"])))
            if ev["date_start"]:
                out += [(t, _bg("earliest"), _date(ev["date_start"])), (t, _bg("latest"), _date(ev["date_end"]))]
        for n, (value, unit, text, bound) in enumerate(zip(report["q_values"], report["q_units"], report["q_texts"], report["q_bounds"])):
            q = _iri(f"{evidence_iri}-{ev['id'].replace('/', '-')}-q{n}")
            out += [(e, _bg("quantity"), q), (q, _TYPE, _bg("Quantity")), (q, _bg("value"), _decimal(value)),
                    (q, _bg("unitText"), _str(unit)), (q, _bg("text"), _str(text))]
            if bound:
                out.append((q, _bg("bound"), _str(bound)))
    roles = {p.relationship_type: p.name for p in model.roles.values()}
    for rel_type, rows in records.roles.items():
        for row in rows:
            out.append((_entity(base, row["event"]), _bg(roles[rel_type]), _entity(base, row["entity"])))
    predicates = {p.relationship_type: p.name for p in model.relations}
    for rel_type, rows in records.relations.items():
        for row in rows:
            s, p, o = _entity(base, row["subject"]), _bg(predicates[rel_type]), _entity(base, row["object"])
            statement = _iri(f"{base}/briefings/{bid}#char={row['start']},{row['end']}"
                                  f"-{row['subject'].replace('/', '-')}-{predicates[rel_type]}-{row['object'].replace('/', '-')}")
            out += [(s, p, o), (statement, _TYPE, _iri(RDF + "Statement")),
                    (statement, _iri(RDF + "subject"), s), (statement, _iri(RDF + "predicate"), p),
                    (statement, _iri(RDF + "object"), o),
                    (statement, _bg("evidence"), _iri(f"{base}/briefings/{bid}#char={row['start']},{row['end']}"))]
            out += (_span(base, bid, row["start"], row["end"], row["evidence"], "TextSpan", row["sentence"]))
    return list(dict.fromkeys(out))


def _entity(base: str, ident: str) -> str:
    return f"<{base}/id/{ident}>"


def briefing_triples(records: Records, base: str) -> list[Triple]:
    """The same triples as pyoxigraph terms (for stores that take terms, and for tests)."""
    from pyoxigraph import RdfFormat, parse

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in briefing_statements(records, base))
    return list(parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES))

"""The archive as of a report day, in RDF: the named graphs of the briefings published by then
(their `dcterms:issued`, else the end of the period they cover: store/graph/rows.reported_day),
the ontology, and what the entity graph says of the entities those briefings name (not the record
of changes, which is of record time). Two passes over
the store's quads: the first finds the graphs and the entities, the second writes."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from briefgraph.ontology.model import BG
from briefgraph.store.graph.rows import reported_day
from briefgraph.store.rdf.base import RdfStore
from briefgraph.store.rdf.quads import DCT, entity_graph_iri
from briefgraph.store.rdf.record import changes_graph_iri

ISSUED, PERIOD_END = f"{DCT}issued", f"{BG}periodEnd"


def _day(term: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value) if isinstance(term, Literal) else None
    except ValueError:
        return None


def quads_as_of(rdf: RdfStore, base_url: str, day: dt.date) -> Iterator[Quad]:
    """The quads of the archive as the briefings published by `day` had it."""
    briefings, entities = f"{base_url}/briefings/", f"{base_url}/id/"
    dates: dict[str, dict[str, dt.date | None]] = {}       # briefing graph -> issued, period end
    named: dict[str, set[str]] = {}                         # briefing graph -> entity IRIs in it
    for q in rdf.quads():
        graph = q.graph_name
        if not isinstance(graph, NamedNode) or not graph.value.startswith(briefings):
            continue
        if q.predicate.value in (ISSUED, PERIOD_END) and isinstance(q.subject, NamedNode) \
                and graph.value == q.subject.value + "/graph":
            dates.setdefault(graph.value, {})[q.predicate.value] = _day(q.object)
        for term in (q.subject, q.object):
            if isinstance(term, NamedNode) and term.value.startswith(entities):
                named.setdefault(graph.value, set()).add(term.value)
    cut = day.toordinal()
    kept = {g for g, d in dates.items() if reported_day(d.get(ISSUED), d.get(PERIOD_END)) <= cut}
    known = set().union(*(named.get(g, set()) for g in kept))
    shared, record = entity_graph_iri(base_url).value, changes_graph_iri(base_url).value
    for q in rdf.quads():
        graph = q.graph_name
        if not isinstance(graph, NamedNode):
            yield q                                    # the default graph (none is written; kept if any)
        elif graph.value.startswith(briefings):
            if graph.value in kept:
                yield q
        elif graph.value == shared:
            # an entity's statements, and its point's (`…/id/place/x#point`, the GeoSPARQL geometry)
            if isinstance(q.subject, NamedNode) and q.subject.value.split("#", 1)[0] in known:
                yield q
        elif graph.value != record:                    # the record of changes is of record time, not report time
            yield q                                    # the ontology

"""The raw extraction as N-Quads: the archive as the extraction alone would have it, before the
reviewers' decisions. The stores hold the curated facts; the briefings that no decision touched are
the same in both, so only those written with decisions (a curation fingerprint in the graph) are
extracted again from their stored text, without the decisions, and take the place of their
curated graphs. The decisions' own graph is left out. One briefing's quads in memory at a time,
besides the entity statements of the briefings extracted again (few: those the reviewers touched)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.pipeline import Pipeline
from briefgraph.store.curation.apply import stored_briefing
from briefgraph.store.curation.rdf_graph import curation_graph_iri
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.rdf.base import RdfStore
from briefgraph.store.rdf.quads import entity_graph_iri, graph_iri
from briefgraph.store.writer import marker, prepare

CURATED_BRIEFINGS = "MATCH (b:Briefing) WHERE b.curation IS NOT NULL AND b.curation <> '' RETURN b.id AS id ORDER BY id"


def write_raw_nquads(graph: GraphStore, rdf: RdfStore, base_url: str, output: BinaryIO,
                     pipeline: Pipeline | None = None) -> int:
    """Write the raw extraction; return how many briefings were extracted again."""
    curated = [r[0] for r in graph.read(CURATED_BRIEFINGS).rows]
    raw: list[str] = []
    shared: set[str] = set()
    for ident in curated:
        stored = stored_briefing(graph, ident)
        if stored is None:
            continue
        briefing, file_sha = stored
        prepared = prepare(extract(briefing, pipeline), base_url, file_sha)
        raw.append(prepared.nquads + marker(base_url, briefing))
        shared.update(line for line in prepared.shared.splitlines(keepends=True) if line.strip())
    replaced = {graph_iri(base_url, ident).value for ident in curated} | {curation_graph_iri(base_url)}
    entities = entity_graph_iri(base_url).value

    def kept(quads: Iterable[Quad]) -> Iterable[Quad]:
        for q in quads:
            g = q.graph_name
            name = g.value if isinstance(g, NamedNode) else ""
            if name in replaced:
                continue
            if name == entities:
                shared.discard(f"{q} .\n")        # said by the store already: once is enough
            yield q

    serialize(kept(rdf.quads()), output, RdfFormat.N_QUADS)
    for text in raw:
        output.write(text.encode("utf-8"))
    output.write("".join(sorted(shared)).encode("utf-8"))
    return len(raw)

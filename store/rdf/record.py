"""The archive's record of itself in RDF: one resource a change set and one a superseded briefing
version, in the named graph {base}/graphs/changes, in PROV (store/graph/history.py keeps the same
in the graph store). A briefing graph's `prov:wasGeneratedBy` names the change set that wrote its
current version; a superseded version says when the archive held it. The graph is kept apart from
the briefings' graphs: a query of the union sees it as metadata, and the as-of exports leave it out."""
from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

from briefgraph.ontology.model import BG
from briefgraph.store.rdf.quads import DCT, PROV, RDF, XSD, briefing_iri, graph_iri


def changes_graph_iri(base: str) -> NamedNode:
    """The named graph of the change sets and the superseded versions."""
    return NamedNode(f"{base}/graphs/changes")


def change_iri(base: str, seq: int) -> str:
    return f"{base}/changes/{seq}"


def _time(value: str) -> str:
    return f'"{value}"^^<{XSD}dateTime>'


def change_nquads(base: str, seq: int, time: str, added: list[str], changed: list[str], removed: list[str],
                  versions: list[dict[str, Any]]) -> str:
    """N-Quads recording one batch of a change set (a second batch adds its briefings to the same
    resource: quads are a set)."""
    g, me = f"<{changes_graph_iri(base).value}>", f"<{change_iri(base, seq)}>"
    lines = [(me, f"<{RDF}type>", f"<{BG}ChangeSet>"), (me, f"<{RDF}type>", f"<{PROV}Activity>"),
             (me, f"<{BG}changeNumber>", f'"{seq}"^^<{XSD}integer>'), (me, f"<{PROV}startedAtTime>", _time(time))]
    for prop, ids in (("addedBriefing", added), ("changedBriefing", changed), ("removedBriefing", removed)):
        lines += [(me, f"<{BG}{prop}>", f"<{briefing_iri(base, b).value}>") for b in ids]
    for bid in [*added, *changed]:
        graph = f"<{graph_iri(base, bid).value}>"
        lines += [(graph, f"<{PROV}wasGeneratedBy>", me), (graph, f"<{PROV}generatedAtTime>", _time(time))]
    for v in versions:
        node = f"<{base}/briefings/{v['briefing']}/versions/{v['version']}>"
        lines += [(node, f"<{RDF}type>", f"<{BG}BriefingVersion>"),
                  (node, f"<{DCT}isVersionOf>", f"<{briefing_iri(base, v['briefing']).value}>"),
                  (node, f"<{PROV}wasInvalidatedBy>", me), (node, f"<{PROV}invalidatedAtTime>", _time(v["recorded_to"]))]
        if v.get("recorded_from"):
            lines.append((node, f"<{PROV}generatedAtTime>", _time(v["recorded_from"])))
        if v.get("change_from"):
            lines.append((node, f"<{PROV}wasGeneratedBy>", f"<{change_iri(base, v['change_from'])}>"))
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o in lines)


def superseded_update(base: str, briefings: list[str]) -> str:
    """SPARQL Update: forget which change set wrote the graphs of briefings a change set replaces or
    removes (their superseded versions keep it), before it records itself."""
    g = f"<{changes_graph_iri(base).value}>"
    return " ;\n".join(f"DELETE WHERE {{ GRAPH {g} {{ <{graph_iri(base, b).value}> <{PROV}{p}> ?x }} }}"
                        for b in briefings for p in ("wasGeneratedBy", "generatedAtTime"))

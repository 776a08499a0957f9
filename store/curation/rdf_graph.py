"""The reviewers' decisions in RDF: one `bg:Decision` a decision, in the named graph
{base}/graphs/curation, with PROV (who decided, when) and the fact it concerns, so that a partner
holding the dumps sees both the curated statements (the briefings' graphs, which the decisions
that hold have shaped) and every decision behind them, undos included. A merge that holds is also
an `owl:sameAs` between the two entities' IRIs (a partner who linked the merged one keeps a way
to it); its undo takes it back."""
from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote

from briefgraph.ontology.model import BG
from briefgraph.store.rdf.quads import PROV, RDF, XSD, briefing_iri

from .decisions import Decision, Decisions, Verdict

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"


def curation_graph_iri(base: str) -> str:
    """The named graph of the decisions."""
    return f"{base}/graphs/curation"


def decision_iri(base: str, ident: int) -> str:
    return f"{base}/curation/decisions/{ident}"


def reviewer_iri(base: str, name: str) -> str:
    return f"{base}/curation/reviewers/{quote(name, safe='')}"


def _literal(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def decision_nquads(base: str, decisions: Iterable[Decision]) -> str:
    """The N-Quads of some decisions (a set: writing one twice changes nothing)."""
    g = f"<{curation_graph_iri(base)}>"
    lines: list[tuple[str, str, str]] = []
    for d in decisions:
        me = f"<{decision_iri(base, d.id)}>"
        who = f"<{reviewer_iri(base, d.author)}>"
        f = d.fact
        lines += [(me, f"<{RDF}type>", f"<{BG}Decision>"), (me, f"<{RDF}type>", f"<{PROV}Entity>"),
                  (me, f"<{BG}verdict>", _literal(d.verdict.value)), (me, f"<{BG}factKind>", _literal(f.kind.value)),
                  (me, f"<{BG}factKey>", _literal(f.key)), (me, f"<{PROV}wasAttributedTo>", who),
                  (me, f"<{PROV}generatedAtTime>", _typed(d.time, "dateTime")),
                  (who, f"<{RDF}type>", f"<{PROV}Agent>"), (who, f"<{RDFS}label>", _literal(d.author))]
        if f.briefing is not None:
            lines.append((me, f"<{BG}aboutBriefing>", f"<{briefing_iri(base, f.briefing).value}>"))
        else:
            lines.append((me, f"<{PROV}wasDerivedFrom>", f"<{base}/id/{f.key}>"))
        if f.start is not None and f.end is not None:
            lines += [(me, f"<{BG}evidenceStart>", _typed(f.start, "integer")),
                      (me, f"<{BG}evidenceEnd>", _typed(f.end, "integer"))]
        if d.value:
            lines.append((me, f"<{BG}decisionValue>", _literal(json.dumps(d.value, sort_keys=True, ensure_ascii=False))))
        if d.reason:
            lines.append((me, f"<{RDFS}comment>", _literal(d.reason)))
        if d.undoes is not None:
            lines.append((me, f"<{BG}undoes>", f"<{decision_iri(base, d.undoes)}>"))
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o in lines)


def same_as(base: str, d: Decision) -> str:
    """The owl:sameAs statement of a merge."""
    return f"<{base}/id/{d.fact.key}> <{OWL}sameAs> <{base}/id/{d.value['into']}>"


def record_update(base: str, log: Decisions, applied: Iterable[Decision]) -> tuple[str, str]:
    """What the curation graph gains when these decisions are applied: a SPARQL update (the
    owl:sameAs of merges undone) and N-Quads (the decisions, and the owl:sameAs of merges)."""
    g = f"<{curation_graph_iri(base)}>"
    applied = list(applied)
    removed, added = [], []
    for d in applied:
        if d.verdict is Verdict.MERGE:
            added.append(f"{same_as(base, d)} {g} .\n")
        elif d.verdict is Verdict.UNDO and d.undoes is not None:
            undone = log.get(d.undoes)
            if undone is not None and undone.verdict is Verdict.MERGE:
                removed.append(f"DELETE DATA {{ GRAPH {g} {{ {same_as(base, undone)} }} }}")
    return " ;\n".join(removed), decision_nquads(base, applied) + "".join(added)

"""Every Cypher statement the Neo4j backend and the exporters can send, with every label and
relationship type the ontology can put in them: what the tests lint by Neo4j 5's rules
(tools/cypher_lint.py), and the schema to lint against. Test tooling, not part of the package."""
from __future__ import annotations

from briefgraph.exports import lookup_query
from briefgraph.exports.cypher_script import node_statements, relationship_statements
from briefgraph.exports.graph_pages import ROOTS, Node, Relationship, node_page_query, relationships_query
from briefgraph.exports.neo4j_csv import after_import
from briefgraph.ontology.model import load_model, relationship_type
from briefgraph.store.graph import cypher, disagreement, history
from briefgraph.store.graph import dialect_neo4j
from briefgraph.store.graph import queries, reconcile_queries
from briefgraph.store import rollback, superseded
from briefgraph.store.curation import apply
from briefgraph.store.graph import upgrade
from briefgraph.store.graph.rows import GraphRows


def _all_kinds_rows() -> GraphRows:
    """Rows with one row of every entity class, event class, role and relation."""
    model = load_model()
    entity = {"id": "x", "label": "x", "kind": "x", "class": "x", "aliases": [], "names": "x", "wikidata": None, "known": True}
    event = {"id": "e", "type": "x", "modality": "reported", "date": None, "date_text": None, "date_start": None, "date_end": None}
    return GraphRows(
        briefing={"id": "b", "title": "t", "layout": "text", "section": None, "trend": None, "publisher": None,
                  "author": None, "source_url": None, "published": None, "period_start": None, "period_end": None,
                  "content_hash": "h", "file_sha256": "", "extractor": "x", "curation": "", "body": "",
                  "paragraphs": []},
        entities={c.name: [entity] for c in model.entity_classes},
        mentions=[{"entity": "x", "briefing": "b", "count": 1, "texts": [], "spans": [], "sentences": [], "extractors": []}],
        events={c.name: [event] for c in model.event_classes},
        reports=[{"event": "e", "briefing": "b"}],
        roles={relationship_type(name): [{"event": "e", "entity": "x", "briefing": "b"}] for name in model.roles},
        relations={p.relationship_type: [{"subject": "x", "object": "x", "briefing": "b"}] for p in model.relations},
    )


def neo4j_statements() -> list[str]:
    """Every distinct statement text the Neo4j backend (the undo of a batch included) and the exporters
    send, sorted."""
    texts = set(dialect_neo4j.SCHEMA) | {dialect_neo4j.FULLTEXT_QUERY, dialect_neo4j.TITLE_QUERY}
    texts |= {statement for _, statement in cypher.COUNT_PARTS}
    texts |= {cypher.label_count(label) for label in ("Deployment", "Contradiction")}
    texts |= {cypher.COUNTS, cypher.ENTITY_CLASSES, cypher.EVENT_CLASSES, cypher.RELATION_TYPES, cypher.ALL_HASHES,
              cypher.GENERATION, cypher.bump_generation("t")[0]}
    texts.add(cypher.briefing_hash("b")[0])
    texts |= {value for name, value in vars(queries).items()
              if name.isupper() and not name.startswith("_") and isinstance(value, str)}
    texts.add(queries.entity_relations())
    filters = queries.EVENT_FILTERS
    combos = [frozenset(f for i, f in enumerate(filters) if mask >> i & 1) for mask in range(2 ** len(filters))]
    texts |= {queries.events_query(c, through, "Deployment", spanning, as_of) for c in combos
              for through in ("", *filters) for spanning in (False, True) for as_of in (False, True)
              if not through or through in c and through != "modality"}
    texts |= {q for q, _ in cypher.delete_briefing("b")}
    texts |= {q for q, _ in cypher.write_rows(_all_kinds_rows())}
    texts |= set(rollback.STATEMENTS) | set(upgrade.STATEMENTS)
    texts |= _history_statements() | set(disagreement.STATEMENTS) | set(superseded.STATEMENTS)
    texts |= {apply.STORED_BRIEFING, apply.BRIEFINGS_NAMING}
    texts |= set(reconcile_queries.STATEMENTS)
    texts |= set(_export_statements())
    return sorted(texts)


def _history_statements() -> set[str]:
    """The record of changes: its reads, and the statements recording a batch with every list filled."""
    stamp = history.Stamp(1, "2025-01-01T00:00:00Z")
    delta = history.Delta(touched={"x": {k: set() for k in history.TOUCH_LISTS}})
    texts = {value for name, value in vars(history).items()
             if name.isupper() and not name.startswith("_") and isinstance(value, str)}
    texts |= {q for q, _ in history.write_change(stamp, 1, delta, [{"id": "b@1"}])}
    return texts | {q for q, _ in history.forget_part(stamp, 1, ["b@1"])}


def _export_statements() -> list[str]:
    """The statements the exporters read the graph with, and those the Cypher script writes."""
    out = [node_page_query(root) for root in ROOTS] + [relationships_query(root) for root in ROOTS]
    out += node_statements([Node("p", "Entity", ("Actor", "Person"), {"label": "x", "aliases": ["a"], "known": True})])
    out += relationship_statements([
        Relationship("p", "Entity", "MENTIONED_IN", "b", "Briefing", {"spans": ["1-2"], "count": 1}),
        Relationship("e", "Event", "REPORTED_IN", "b", "Briefing", {"start": 1, "evidence": "x"}),
        Relationship("e", "Event", "AGENT", "p", "Entity", {"briefing": "b"}),
        Relationship("p", "Entity", "LEADS", "q", "Entity", {"briefing": "b", "start": 3, "end": 9})])
    out += [lookup_query("person", "person/x"), lookup_query("briefing", "b")]
    out += after_import()
    return out


def neo4j_schema() -> dict:
    """The labels, relationship types and procedures a Briefgraph database has, for the linter."""
    model = load_model()
    labels = {name for c in model.classes.values() if c.is_a("Entity") or c.is_a("Event") for name in c.graph_labels}
    rel_types = {relationship_type(name) for name in model.roles} | {p.relationship_type for p in model.relations}
    rel_types |= {"MENTIONED_IN", "REPORTED_IN", "PART_OF", "TOUCHED", "CONCERNS"}
    return {"labels": sorted(labels | {"Briefing", "Meta", "ChangeSet", "ChangePart", "BriefingVersion", "Contradiction"}), "relationshipTypes": sorted(rel_types),
            "procedures": ["db.index.fulltext.queryNodes"], "functions": "builtin"}

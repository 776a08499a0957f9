"""What Neo4j 5 says differently from FalkorDB: schema DDL and full-text search."""
from __future__ import annotations

from briefgraph.ontology.names import search_words

SCHEMA = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT briefing_id IF NOT EXISTS FOR (b:Briefing) REQUIRE b.id IS UNIQUE",
    "CREATE INDEX entity_class IF NOT EXISTS FOR (n:Entity) ON (n.class)",
    "CREATE INDEX event_type IF NOT EXISTS FOR (e:Event) ON (e.type)",
    "CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date_start)",
    "CREATE INDEX briefing_day IF NOT EXISTS FOR (b:Briefing) ON (b.day)",
    "CREATE INDEX event_day IF NOT EXISTS FOR (e:Event) ON (e.day)",
    "CREATE INDEX briefing_reported IF NOT EXISTS FOR (b:Briefing) ON (b.reported)",
    "CREATE INDEX event_signature IF NOT EXISTS FOR (e:Event) ON (e.sig)",
    # the record of changes (store/graph/history.py)
    "CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:ChangeSet) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT change_part_id IF NOT EXISTS FOR (p:ChangePart) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX change_part_change IF NOT EXISTS FOR (p:ChangePart) ON (p.change)",
    "CREATE CONSTRAINT briefing_version_id IF NOT EXISTS FOR (v:BriefingVersion) REQUIRE v.id IS UNIQUE",
    "CREATE INDEX briefing_version_of IF NOT EXISTS FOR (v:BriefingVersion) ON (v.briefing)",
    "CREATE CONSTRAINT contradiction_id IF NOT EXISTS FOR (c:Contradiction) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX contradiction_day IF NOT EXISTS FOR (c:Contradiction) ON (c.day)",
    "CREATE INDEX contradiction_relation IF NOT EXISTS FOR (c:Contradiction) ON (c.relation)",
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.names]",
    "CREATE FULLTEXT INDEX briefing_titles IF NOT EXISTS FOR (b:Briefing) ON EACH [b.title]",
)
TITLE_QUERY = ("CALL db.index.fulltext.queryNodes('briefing_titles', $q) YIELD node, score "
               "RETURN node.id AS id, node.title AS title, node.period_end AS period_end, node.published AS published, "
               "node.reported AS reported, node.change AS change "
               "ORDER BY node.day DESC, id LIMIT $limit")
FULLTEXT_QUERY = ("CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
                  "RETURN node.id AS id, node.label AS label, node.class AS class, score ORDER BY score DESC, id LIMIT $limit")


def fulltext_terms(query: str) -> str:
    """A user's words as a Lucene query: every word, as a prefix or with one typo."""
    return " ".join(f"({w}* OR {w}~1)" for w in search_words(query))


def title_terms(query: str) -> str:
    """A user's words as a Lucene query of titles: every word required, as a prefix."""
    return " ".join(f"+{w}*" for w in search_words(query))

"""What FalkorDB says differently from Neo4j: schema commands and full-text search."""
from __future__ import annotations

from briefgraph.ontology.names import search_words

# Exact-match indexes first: FalkorDB's unique constraints need one on the same property.
INDEXES = (
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (e:Event) ON (e.id)",
    "CREATE INDEX FOR (b:Briefing) ON (b.id)",
    "CREATE INDEX FOR (n:Entity) ON (n.class)",
    "CREATE INDEX FOR (e:Event) ON (e.type)",
    "CREATE INDEX FOR (e:Event) ON (e.date_start)",
    # the day keys the lists are read by, a window at a time (store/graph/keyset.py)
    "CREATE INDEX FOR (b:Briefing) ON (b.day)",
    "CREATE INDEX FOR (e:Event) ON (e.day)",
    "CREATE INDEX FOR (b:Briefing) ON (b.reported)",
    "CREATE INDEX FOR (e:Event) ON (e.sig)",
    # the record of changes (store/graph/history.py)
    "CREATE INDEX FOR (c:ChangeSet) ON (c.id)",
    "CREATE INDEX FOR (p:ChangePart) ON (p.id)",
    "CREATE INDEX FOR (p:ChangePart) ON (p.change)",
    "CREATE INDEX FOR (v:BriefingVersion) ON (v.id)",
    "CREATE INDEX FOR (v:BriefingVersion) ON (v.briefing)",
    "CREATE INDEX FOR (c:Contradiction) ON (c.id)",
    "CREATE INDEX FOR (c:Contradiction) ON (c.day)",
    "CREATE INDEX FOR (c:Contradiction) ON (c.relation)",
)
# (label, property) pairs made unique with GRAPH.CONSTRAINT CREATE.
UNIQUE = (("Entity", "id"), ("Event", "id"), ("Briefing", "id"), ("ChangeSet", "id"), ("ChangePart", "id"),
          ("BriefingVersion", "id"), ("Contradiction", "id"))
FULLTEXT_CREATE = "CALL db.idx.fulltext.createNodeIndex('Entity', 'names')"
TITLE_FULLTEXT_CREATE = "CALL db.idx.fulltext.createNodeIndex('Briefing', 'title')"
TITLE_QUERY = ("CALL db.idx.fulltext.queryNodes('Briefing', $q) YIELD node, score "
               "RETURN node.id AS id, node.title AS title, node.period_end AS period_end, node.published AS published, "
               "node.reported AS reported, node.change AS change "
               "ORDER BY node.day DESC, id LIMIT $limit")
FULLTEXT_QUERY = ("CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node, score "
                  "RETURN node.id AS id, node.label AS label, node.class AS class, score ORDER BY score DESC, id LIMIT $limit")


def fulltext_terms(query: str) -> str:
    """A user's words as a FalkorDB (RediSearch) full-text query: every word as a prefix, or with
    one typo (`%word%`) when it is long enough for a typo to be told from another word."""
    return " ".join(f"({w}*|%{w}%)" if len(w) >= 5 else f"{w}*" for w in search_words(query))


def title_terms(query: str) -> str:
    """A user's words as a FalkorDB (RediSearch) query of titles: every word, as a prefix."""
    return " ".join(f"{w}*" for w in search_words(query))

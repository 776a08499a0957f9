"""A first, friendly look at a researcher's query before the database sees it: SPARQL updates
and SERVICE calls, Cypher clauses and procedures that write. The databases enforce read-only
themselves (Oxigraph's query parser takes no update, FalkorDB's GRAPH.RO_QUERY and Neo4j's read
transactions refuse writes); this only gives a clearer message, sooner. Comments, strings, IRIs
and quoted names are blanked first, so that a keyword inside them does not count and one hidden
after a comment or unusual whitespace does."""
from __future__ import annotations

import re

SPARQL_NOISE = re.compile(r"""#[^\n\r]*|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>""",
                          re.S)
SPARQL_UPDATE = re.compile(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.I)
SPARQL_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.I)
SPARQL_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)

CYPHER_NOISE = re.compile(r"//[^\n\r]*|/\*.*?\*/|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|`[^`]*`", re.S)
CYPHER_WRITE = re.compile(r"(?<![\w.$])(CREATE|MERGE|SET|DETACH\s+DELETE|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|"
                          r"GRANT|DENY|REVOKE|ALTER|RENAME|START|STOP|TERMINATE)\b", re.I)
CYPHER_CALL = re.compile(r"(?<![\w.$])CALL\s+([A-Za-z_][\w.]*)", re.I)
# Procedures that only read; any other CALL (db.create*, dbms.*, apoc.*, GRAPH.*...) is refused.
READ_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "db.constraints",
                   "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
                   "db.index.fulltext.querynodes", "db.idx.fulltext.querynodes", "db.meta.stats"}


class Refused(ValueError):
    """The query would write, or call out: what is wrong, in words."""


def _blank(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def check_sparql(query: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE); Refused for an update or a SERVICE call."""
    bare = _blank(SPARQL_NOISE, query)
    update = SPARQL_UPDATE.search(bare)
    if update:
        raise Refused(f"SPARQL updates ({update.group(1).upper()}) are refused: this endpoint is read-only")
    if SPARQL_SERVICE.search(bare):
        raise Refused("SERVICE is refused: this public endpoint does not query other endpoints")
    form = SPARQL_FORM.search(bare)
    if not form:
        raise Refused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form.group(1).upper()


def check_cypher(statement: str) -> None:
    """Refused when a Cypher statement has a clause or calls a procedure that writes or administers."""
    bare = _blank(CYPHER_NOISE, statement)
    write = CYPHER_WRITE.search(bare)
    if write:
        clause = " ".join(write.group(1).upper().split())
        raise Refused(f"{clause} is refused: this endpoint is read-only")
    for call in CYPHER_CALL.finditer(bare):
        if call.group(1).lower() not in READ_PROCEDURES:
            raise Refused(f"CALL {call.group(1)} is refused: only procedures that read may be called here")

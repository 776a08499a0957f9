"""A first, friendly look at a researcher's query before the database sees it: SPARQL updates
and SERVICE calls, Cypher clauses and procedures that write. The databases enforce read-only
themselves (Oxigraph's query parser takes no update, FalkorDB's GRAPH.RO_QUERY and Neo4j's read
transactions refuse writes); this only gives a clearer message, sooner. Comments, strings, IRIs
and quoted names are blanked first, so that a keyword inside them does not count and one hidden
after a comment or unusual whitespace does."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from briefgraph.errors import BriefgraphError
from briefgraph.store.rdf.sparql import SPARQL_NOISE, blank

SPARQL_UPDATE = re.compile(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.I)
SPARQL_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.I)
SPARQL_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)

CYPHER_NOISE = re.compile(r"//[^\n\r]*|/\*.*?\*/|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|`[^`]*`", re.S)
# A backticked name that is a plain identifier is the same name to the engine (`range`(…) calls
# range, `db`.`labels` is db.labels): it is read unquoted, so that no rule can be escaped by quoting.
PLAIN_NAME = re.compile(r"[A-Za-z_][\w.]*")
CYPHER_WRITE = re.compile(r"(?<![\w.$])(CREATE|MERGE|SET|DETACH\s+DELETE|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|"
                          r"GRANT|DENY|REVOKE|ALTER|RENAME|START|STOP|TERMINATE)\b", re.I)
CYPHER_CALL = re.compile(r"(?<![\w.$])CALL\s+([A-Za-z_][\w.]*)", re.I)
# Neo4j's administration commands that read the server rather than the graph: its settings (file
# paths), the transactions running (other clients' queries and addresses), users, roles, privileges,
# databases and their addresses. Neo4j Community has no privileges to deny them to the app's user,
# and they run in read transactions. SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS describe
# the graph's schema and stay allowed, as db.indexes() does. USE would leave the archive's database.
CYPHER_ADMIN = re.compile(r"(?<![\w.$])(SHOW(?:\s+\w+){0,3}?\s+(?:TRANSACTIONS?|SETTINGS?|USERS?|ROLES?|PRIVILEGES?|"
                          r"DATABASES?|SERVERS?|ALIAS(?:ES)?)\b|USE(?=\s+\S))", re.I)
# Procedures that only read; any other CALL (db.create*, dbms.*, apoc.*, GRAPH.*...) is refused.
READ_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "db.constraints",
                   "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
                   "db.index.fulltext.querynodes", "db.idx.fulltext.querynodes", "db.meta.stats"}


RANGE = re.compile(r"(?<![\w.$`])range\s*\(", re.I)
# FalkorDB cannot stop an UNWIND of a huge range() at the time limit, nor an expression that loops
# over one: the lists of a statement's range() calls may hold this many values together (their
# product, as nested loops multiply), and no more.
MAX_RANGE = 10_000_000
# FalkorDB's parser takes time exponential in an expression's depth (brackets, CASE, and prefix
# NOT or minus: 20 NOTs took 8 s, 12 parentheses each with a NOT 32 s, out of reach of any time
# limit), and its server died on 60,000 terms of one sum. Measured: depth 12 parses in 10-50 ms.
MAX_DEPTH = 12
MAX_OPERATORS = 2_000
# Neo4j's planner, too, is slow on long expressions and its transaction timeout does not cover
# planning: a researcher's statement fits in this many characters.
MAX_LENGTH = 20_000
OPERATOR = re.compile(r"<>|<=|>=|=~|[-+*/%^<>=]|(?<![\w.$])(?:AND|OR|XOR|NOT)\b", re.I)
# Neo4j's planner converts an expression recursively: a chain of about 300 operators (x + x + …)
# overflows its thread's stack, and the server then fails to send the error, leaving the client
# waiting for its two-minute read timeout (measured on 5.26: 250 terms plan in 0.9 s, 300 hang).
# The depth of an expression's tree, as both engines build it, is its brackets plus the operators
# chained at each open level; a clause keyword, a comma or a '|' starts a new expression.
MAX_TREE_DEPTH = 100
TREE_TOKEN = re.compile(OPERATOR.pattern + r"|[(\[{)\]},|]|(?<![\w.$])(?:MATCH|WHERE|RETURN|WITH|UNWIND|ORDER|SKIP|"
                        r"LIMIT|CALL|YIELD|UNION|WHEN|THEN|ELSE|CASE|END)\b", re.I)
DEPTH_TOKEN = re.compile(r"[(\[{]|[)\]}]|(?<![\w.$])(?:CASE|END|NOT)\b|-", re.I)
# reduce() can double a list at every step (a + a): FalkorDB's per-query memory cap does not see
# such lists, and 40 steps ask for a trillion values. Neo4j's transaction memory limit stops it.
REDUCE = re.compile(r"(?<![\w.$])reduce\s*\(", re.I)


class Refused(BriefgraphError, ValueError):
    """The query would write, or call out: what is wrong, in words."""

    http_status = 400


def check_sparql(query: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE); Refused for an update or a SERVICE call."""
    bare = blank(SPARQL_NOISE, query)
    update = SPARQL_UPDATE.search(bare)
    if update:
        raise Refused(f"SPARQL updates ({update.group(1).upper()}) are refused: this endpoint is read-only")
    if SPARQL_SERVICE.search(bare):
        raise Refused("SERVICE is refused: this public endpoint does not query other endpoints")
    form = SPARQL_FORM.search(bare)
    if not form:
        raise Refused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form.group(1).upper()


def _int_value(token: str, params: dict[str, Any]) -> int | None:
    token = token.strip()
    if token.startswith("$"):
        value = params.get(token[1:])
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    try:
        return int(token)
    except ValueError:
        return None


def _range_arguments(bare: str, open_paren: int) -> str | None:
    """The text between a call's parentheses (None when they do not close)."""
    depth = 0
    for at in range(open_paren, len(bare)):
        if bare[at] == "(":
            depth += 1
        elif bare[at] == ")":
            depth -= 1
            if depth == 0:
                return bare[open_paren + 1:at]
    return None


def _bare_cypher(statement: str) -> str:
    """The statement with comments, strings and quoted names blanked (offsets kept), backticked
    plain names unquoted (see PLAIN_NAME)."""
    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("`") and PLAIN_NAME.fullmatch(text[1:-1]):
            return " " + text[1:-1] + " "
        return " " * len(text)
    return re.sub(r"(?<=[\w.]) (?=\.)|(?<=\.) (?=[\w.])", "", CYPHER_NOISE.sub(replace, statement))


def _check_shape(bare: str) -> None:
    """Refuse a statement the engine would take too long to parse, or die parsing: too deep or
    with too many operators."""
    operators = sum(1 for _ in OPERATOR.finditer(bare))
    if operators > MAX_OPERATORS:
        raise Refused(f"the statement has {operators:,} operators; at most {MAX_OPERATORS:,} are taken here")
    deepest = _deepest(bare, DEPTH_TOKEN, _prefix_step)
    if deepest > MAX_DEPTH:
        raise Refused(f"the statement nests {deepest} deep (brackets, CASE, NOT and minus signs together); at most "
                      f"{MAX_DEPTH} are taken here, as the engine's parser slows down twofold with each level")
    tree = _tree_depth(bare)
    if tree > MAX_TREE_DEPTH:
        raise Refused(f"an expression chains {tree} operators and brackets; at most {MAX_TREE_DEPTH} are taken here "
                      "(write long alternatives as x IN [a, b, …])")


def _tree_depth(bare: str) -> int:
    """The deepest expression tree: at each open bracket level, the operators chained since the
    last clause keyword, comma or '|', plus one for each bracket."""
    return _deepest(bare, TREE_TOKEN, _chain_step)


OPENERS = ("(", "[", "{", "CASE")
CLOSERS = (")", "]", "}", "END")
# A minus after one of these is a prefix; after ')', a name or '<' it is a subtraction or an arrow.
PREFIX_CONTEXT = ("", "(", "[", "{", ",", "-", "+", "*", "/", "%", "^", "=")


def _prefix_step(word: str, before: str) -> str | None:
    """NOT and a prefix minus count at their level ('add'); other tokens change nothing."""
    return "add" if word == "NOT" or (word == "-" and before[-1:] in PREFIX_CONTEXT) else None


def _chain_step(word: str, before: str) -> str | None:
    """An operator lengthens the chain at its level ('add'); a clause keyword, a comma or '|'
    starts a new expression ('reset')."""
    if word in (",", "|") or word[0].isalpha() and word not in ("AND", "OR", "XOR", "NOT"):
        return "reset"
    return "add"


def _deepest(bare: str, tokens: re.Pattern[str], step: Callable[[str, str], str | None]) -> int:
    """The deepest point of a walk over the statement's bracket levels, where each level keeps a
    count that `step(word, text before it)` adds to or resets: the open levels plus their counts."""
    counts: list[int] = [0]
    deepest = 0
    for token in tokens.finditer(bare):
        word = token.group(0).upper()
        if word in OPENERS:
            counts.append(0)
        elif word in CLOSERS:
            if len(counts) > 1:
                counts.pop()
        else:
            action = step(word, bare[max(0, token.start() - 40):token.start()].rstrip())
            if action == "add":
                counts[-1] += 1
            elif action == "reset":
                counts[-1] = 0
        deepest = max(deepest, len(counts) - 1 + sum(counts))
    return deepest


def _check_ranges(bare: str, params: dict[str, Any]) -> None:
    """Refuse range() calls too long to stop, and those whose length cannot be known before the
    query runs: every bound must be an integer, written out or given as a parameter."""
    total = 1
    for call in RANGE.finditer(bare):
        inside = _range_arguments(bare, call.end() - 1)
        found = [_int_value(a, params) for a in inside.split(",")] if inside is not None and "(" not in inside else []
        args = [a for a in found if a is not None]
        if len(args) not in (2, 3) or len(args) != len(found):
            raise Refused("range() bounds must be integers, written out or given as parameters, so that the length "
                          f"of the list can be checked (at most {MAX_RANGE:,} values)")
        start, end = args[0], args[1]
        step = args[2] if len(args) == 3 else 1
        total *= max(1, (end - start) // step + 1) if step else 1
        if total > MAX_RANGE:
            raise Refused(f"range() lists of more than {MAX_RANGE:,} values in all (nested ones multiply) are refused: "
                          "the engine could not stop them at the time limit")


def check_cypher(statement: str, params: dict[str, Any] | None = None, backend: str = "falkordb") -> None:
    """Refused when a Cypher statement has a clause or calls a procedure that writes or administers,
    builds a list too long for the engine to stop, or is too deep or too long for its parser."""
    if len(statement) > MAX_LENGTH:
        raise Refused(f"the statement is {len(statement):,} characters long; at most {MAX_LENGTH:,} are taken here")
    bare = _bare_cypher(statement)
    _check_shape(bare)
    _check_ranges(bare, params or {})
    if backend == "falkordb" and REDUCE.search(bare):
        raise Refused("reduce() is refused on this server: FalkorDB cannot bound the memory of the lists it builds")
    write = CYPHER_WRITE.search(bare)
    if write:
        clause = " ".join(write.group(1).upper().split())
        raise Refused(f"{clause} is refused: this endpoint is read-only")
    admin = CYPHER_ADMIN.search(bare)
    if admin:
        command = " ".join(admin.group(1).upper().split())
        if command == "USE":
            raise Refused("USE is refused: this endpoint reads the archive's own database")
        raise Refused(f"{command} is refused: this endpoint reads the archive's graph, not the server's administration")
    for call in CYPHER_CALL.finditer(bare):
        if call.group(1).lower() not in READ_PROCEDURES:
            raise Refused(f"CALL {call.group(1)} is refused: only procedures that read may be called here")

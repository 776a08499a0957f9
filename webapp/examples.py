"""The example queries of the consoles: what researchers ask of this graph, in both languages."""
from __future__ import annotations

PREFIXES = """PREFIX bg: <https://w3id.org/briefgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

SPARQL_EXAMPLES: list[tuple[str, str]] = [
    ("Who met whom", PREFIXES + """SELECT DISTINCT ?date ?a ?b WHERE {
  ?meeting a bg:Meeting ; bg:participant|bg:agent ?x , ?y .
  ?x skos:prefLabel ?a . ?y skos:prefLabel ?b .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?meeting bg:time/bg:iso ?date }
} ORDER BY ?date ?a ?b LIMIT 200"""),
    ("All troop transfers with quantities", PREFIXES + """SELECT DISTINCT ?transfer ?date ?value ?unit ?text WHERE {
  ?transfer a bg:TroopTransfer ; bg:quantity ?q .
  ?q bg:value ?value ; bg:unitText ?unit ; bg:text ?text .
  OPTIONAL { ?transfer bg:time/bg:iso ?date }
} ORDER BY ?date LIMIT 500"""),
    ("Events by month", PREFIXES + """SELECT ?month (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event bg:time/bg:earliest ?day .
  BIND(SUBSTR(STR(?day), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month"""),
    ("Entities by class", PREFIXES + """SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities) WHERE {
  ?entity a ?class ; skos:prefLabel ?label .
} GROUP BY ?class ORDER BY DESC(?entities)"""),
    ("Is Belarus an ally of Russia somewhere in the archive?", PREFIXES + """ASK {
  ?belarus skos:prefLabel "Belarus"@en . ?russia skos:prefLabel "Russia"@en .
  ?belarus bg:allyOf ?russia .
}"""),
    ("Lukashenka's statements as a graph", PREFIXES + """CONSTRUCT { ?s a bg:Statement ; bg:speaker ?who ; bg:evidence ?span . ?span bg:text ?text }
WHERE {
  ?who skos:prefLabel "Alexander Lukashenko"@en .
  ?s a bg:Statement ; bg:speaker ?who ; bg:evidence ?span . ?span bg:text ?text .
} LIMIT 300"""),
]

# Every example orders its rows down to the last tie: the two graph engines return ties in orders of
# their own, and a researcher comparing two runs should see the same rows in the same order.
CYPHER_EXAMPLES: list[tuple[str, str]] = [
    ("Who met whom", """MATCH (m:Meeting)-[:PARTICIPANT|AGENT]->(a:Entity), (m)-[:PARTICIPANT|AGENT]->(b:Entity)
WHERE a.id < b.id
RETURN m.date AS date, a.label AS a, b.label AS b ORDER BY date, a, b LIMIT 200"""),
    ("All troop transfers with quantities", """MATCH (t:TroopTransfer)-[r:REPORTED_IN]->(b:Briefing)
WHERE size(r.q_values) > 0
RETURN t.date AS date, r.q_texts AS quantities, b.id AS briefing, r.start AS offset
ORDER BY date, briefing, offset LIMIT 500"""),
    ("Events by month", """MATCH (e:Event) WHERE e.date_start IS NOT NULL
RETURN substring(e.date_start, 0, 7) AS month, count(e) AS events ORDER BY month"""),
    ("Entities by class", """MATCH (n:Entity) RETURN n.class AS class, count(n) AS entities ORDER BY entities DESC, class"""),
    ("Lukashenka's neighbourhood (nodes and relationships)", """MATCH (p:Person {id: 'person/alexander-lukashenko'})-[r]-(x:Entity)
RETURN p, r, x ORDER BY type(r), x.id, r.briefing LIMIT 50"""),
]

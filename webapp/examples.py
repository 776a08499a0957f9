"""The example queries of the consoles: what researchers ask of this graph, in both languages."""
from __future__ import annotations

PREFIXES = """PREFIX bg: <https://w3id.org/briefgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
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
    ("Where the briefings disagree on a number", PREFIXES + """SELECT ?event ?unit ?g1 ?said1 ?g2 ?said2 WHERE {
  GRAPH ?g1 { ?event bg:quantity ?q1 . ?q1 bg:value ?v1 ; bg:unitText ?unit ; bg:text ?said1 }
  GRAPH ?g2 { ?event bg:quantity ?q2 . ?q2 bg:value ?v2 ; bg:unitText ?unit ; bg:text ?said2 }
  FILTER(STR(?g1) < STR(?g2) && ?v1 != ?v2)
} ORDER BY ?event ?unit ?g1 ?g2 ?said1 ?said2 LIMIT 200"""),
    ("Reported by one briefing, denied by another", PREFIXES + """SELECT ?event ?reported ?denied WHERE {
  GRAPH ?reported { ?event bg:modality bg:reported }
  GRAPH ?denied { ?event bg:modality bg:denied }
} ORDER BY ?event ?reported ?denied LIMIT 200"""),
    ("What the archive knew of Lukashenka by 1 March 2024", PREFIXES + """SELECT DISTINCT ?briefing ?issued WHERE {
  ?who skos:prefLabel "Alexander Lukashenko"@en .
  GRAPH ?g { ?briefing a bg:Briefing ; dcterms:issued ?issued . ?s ?p ?who }
  FILTER(?issued <= "2024-03-01"^^xsd:date)
} ORDER BY DESC(?issued) ?briefing LIMIT 100"""),
    ("The change sets and the briefings each wrote", PREFIXES + """SELECT ?change ?time ?briefing WHERE {
  ?c a bg:ChangeSet ; bg:changeNumber ?change ; prov:startedAtTime ?time ;
     bg:addedBriefing|bg:changedBriefing ?briefing .
} ORDER BY DESC(?change) ?briefing LIMIT 200"""),
    ("Each change set and the briefing versions it superseded", PREFIXES + """SELECT ?change ?time ?superseded ?heldFrom WHERE {
  ?c a bg:ChangeSet ; bg:changeNumber ?change ; prov:startedAtTime ?time .
  OPTIONAL { ?superseded prov:wasInvalidatedBy ?c . OPTIONAL { ?superseded prov:generatedAtTime ?heldFrom } }
} ORDER BY DESC(?change) ?superseded LIMIT 200"""),
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
    ("Contradictions, with both sides", """MATCH (c:Contradiction)-[:CONCERNS]->(e:Event)
RETURN c.kind AS kind, e.id AS event, c.briefings AS briefings, c.said AS said
ORDER BY kind, event, briefings[0], briefings[1] LIMIT 200"""),
    ("Events that several independent sources report (a publisher counts once)", """MATCH (e:Event)-[:REPORTED_IN]->(b:Briefing)
WITH e, count(DISTINCT coalesce(b.publisher, b.id)) AS sources, count(DISTINCT b) AS briefings WHERE sources > 1
RETURN e.id AS event, e.type AS type, sources, briefings ORDER BY sources DESC, event LIMIT 100"""),
    ("What the archive knew of Lukashenka by 1 March 2024", """MATCH (:Entity {id: 'person/alexander-lukashenko'})-[:MENTIONED_IN]->(b:Briefing)
WHERE b.published <= '2024-03-01'
RETURN b.id AS briefing, b.published AS published ORDER BY published DESC, briefing LIMIT 100"""),
    ("The latest change sets", """MATCH (p:ChangePart)-[:PART_OF]->(c:ChangeSet)
RETURN c.id AS change, c.time AS time, sum(size(p.added)) AS added, sum(size(p.changed)) AS changed,
  sum(size(p.removed)) AS removed ORDER BY change DESC LIMIT 20"""),
    ("Each briefing's current version and the change set that recorded it", """MATCH (b:Briefing)
RETURN b.change AS change, b.recorded AS recorded, b.id AS briefing, b.version AS version
ORDER BY change DESC, briefing LIMIT 100"""),
    ("Lukashenka's neighbourhood (nodes and relationships)", """MATCH (p:Person {id: 'person/alexander-lukashenko'})-[r]-(x:Entity)
RETURN p, r, x ORDER BY type(r), x.id, r.briefing LIMIT 50"""),
]

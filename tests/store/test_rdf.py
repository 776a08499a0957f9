"""The RDF side: one named graph per briefing, SHACL-valid, parseable, in agreement with the graph."""
from rdflib import Dataset, Graph, Namespace

from briefgraph.ontology.shapes import validate
from briefgraph.store.rdf.quads import briefing_triples, graph_iri

from .conftest import BASE

BG = Namespace("https://w3id.org/briefgraph/ontology#")


def dataset(rdf) -> Dataset:
    ds = Dataset()
    ds.parse(data="".join(f"{q} .\n" for q in rdf.quads()), format="nquads")
    return ds


def test_each_briefing_has_its_own_named_graph_and_the_ontology_its_own(writer, rdf, sample_extractions):
    for e in sample_extractions[:3]:
        writer.write(e)
    graphs = {str(g.identifier) for g in dataset(rdf).graphs() if len(g)}
    assert graphs == {"https://w3id.org/briefgraph/ontology", f"{BASE}/graphs/entities", f"{BASE}/graphs/changes",
                      *(f"{BASE}/briefings/{e.briefing.id}/graph" for e in sample_extractions[:3])}


def test_an_entity_is_described_once_in_the_entity_graph(writer, rdf, make):
    """Its class and label are said once, not once per briefing: over the union of the graphs a
    join on them would otherwise meet every briefing's copy."""
    writer.write(make("b1", "Alexander Lukashenko met Vladimir Putin in Minsk on 3 May."))
    writer.write(make("b2", "On 4 May Alexander Lukashenko visited Moscow."))
    me = f"<{BASE}/id/person/alexander-lukashenko>"
    graphs_of = lambda p: [r["g"].value for r in rdf.store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {me} {p} ?o }} }}")]
    assert graphs_of("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>") == [f"{BASE}/graphs/entities"]
    assert graphs_of("<http://www.w3.org/2004/02/skos/core#prefLabel>") == [f"{BASE}/graphs/entities"]
    # what each briefing said of him stays in its own graph: the words it named him with
    assert sorted(set(graphs_of("<http://www.w3.org/2004/02/skos/core#altLabel>"))) == [
        f"{BASE}/briefings/b1/graph", f"{BASE}/briefings/b2/graph"]


def test_an_entity_no_briefing_names_leaves_the_entity_graph(writer, rdf, make):
    writer.write(make("b1", "Viktor Khrenin met Sergei Shoigu in Minsk on 3 May."))
    writer.write(make("b2", "On 4 May Viktor Khrenin visited Moscow."))
    says = lambda ident: bool(rdf.store.query(f"ASK {{ GRAPH <{BASE}/graphs/entities> {{ <{BASE}/id/{ident}> ?p ?o }} }}"))
    assert says("person/sergei-shoigu") and says("person/viktor-khrenin")
    writer.write(make("b1", "Viktor Khrenin stayed in Minsk on 3 May."))          # b1 replaced: Shoigu gone
    assert not says("person/sergei-shoigu") and says("person/viktor-khrenin")
    writer.delete("b2")
    assert says("person/viktor-khrenin")                                         # b1 still names him
    writer.delete("b1")
    assert not says("person/viktor-khrenin")


def test_a_briefing_graph_conforms_to_the_shapes(sample_extractions):
    g = Graph()
    for t in briefing_triples(sample_extractions[4], BASE):
        g.parse(data=f"{t} .", format="nt")
    report = validate(g)
    assert report.violations == ()


def test_event_with_time_quantities_and_evidence(writer, rdf, make):
    writer.write(make("b1", "On 20 December, an echelon with 23 T-80 tanks departed from Polonka railway station."))
    rows = list(rdf.store.query(f"""
        PREFIX bg: <{BG}>
        SELECT ?type ?iso ?value ?unit ?text WHERE {{ GRAPH <{BASE}/briefings/b1/graph> {{
          ?e a ?type ; bg:modality bg:reported ; bg:time/bg:iso ?iso ; bg:quantity [ bg:value ?value ; bg:unitText ?unit ] ;
             bg:evidence/bg:text ?text . }} }}"""))
    assert [(r["type"].value.rsplit("#", 1)[1], r["iso"].value, r["value"].value, r["unit"].value) for r in rows] == [
        ("TroopTransfer", "2022-12-20", "23", "tanks")]
    assert rows[0]["text"].value.startswith("On 20 December, an echelon")


def test_graph_and_rdf_hold_the_same_entities_events_and_sources(writer, graph, rdf, sample_extractions):
    for e in sample_extractions[:5]:
        writer.write(e)
    g_entities = {r[0] for r in graph.read("MATCH (n:Entity) RETURN n.id").rows}
    g_events = {r[0] for r in graph.read("MATCH (e:Event) RETURN e.id").rows}
    g_sources = {tuple(r) for r in graph.read("MATCH (n)-[:MENTIONED_IN|REPORTED_IN]->(b:Briefing) RETURN n.id, b.id").rows}
    q = lambda s: {tuple(v.value.removeprefix(f"{BASE}/id/").removeprefix(f"{BASE}/briefings/") for v in row)
                   for row in rdf.store.query(s)}
    r_entities = {x[0] for x in q(f"PREFIX dct: <http://purl.org/dc/terms/> PREFIX bg: <{BG}> SELECT DISTINCT ?e "
                                  f"WHERE {{ GRAPH ?g {{ {{ ?e dct:source ?b }} UNION {{ ?m bg:mentionOf ?e }} }} "
                                  f"FILTER(STRSTARTS(STR(?e), '{BASE}/id/')) }}")}
    r_events = {x[0] for x in q(f"PREFIX bg: <{BG}> SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?e bg:modality ?m }} }}")}
    r_sources = q(f"PREFIX bg: <{BG}> PREFIX dct: <http://purl.org/dc/terms/> SELECT DISTINCT ?x ?b WHERE {{ GRAPH ?g {{ "
                  f"{{ ?x dct:source ?b FILTER(STRSTARTS(STR(?x), '{BASE}/id/')) }} UNION {{ ?m bg:mentionOf ?x ; bg:inBriefing ?b }} UNION {{ ?x bg:evidence ?s . ?s bg:inBriefing ?b . ?x bg:modality ?mod }} }} }}")
    assert g_entities == r_entities
    assert g_events == r_events
    assert g_sources == r_sources


def test_replacing_a_briefing_replaces_its_named_graph(writer, rdf, make):
    writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May."))
    writer.write(make("b1", "Wagner fighters trained near Asipovichy on 14 July."))
    text = "".join(f"{q} .\n" for q in rdf.quads())
    assert "person/vladimir-putin" not in text
    assert "organization/wagner-group" in text
    assert str(graph_iri(BASE, "b1").value) in text


def test_closing_the_store_twice_is_harmless(tmp_path):
    """A view closed at exit after its owner closed it raised AttributeError."""
    from briefgraph.store.rdf.oxigraph_store import OxigraphStore

    store = OxigraphStore(tmp_path / "rdf")
    store.close()
    store.close()


def test_a_denied_relation_is_described_but_never_asserted(writer, rdf, make):
    writer.write(make("b1", "Iskander missile systems are not deployed in Belarus."))
    writer.write(make("b2", "Iskander missile systems are currently deployed in Belarus."))
    iskander, belarus = f"<{BASE}/id/weapon/9k720-iskander>", f"<{BASE}/id/state/belarus>"
    asserted = f"SELECT ?g WHERE {{ GRAPH ?g {{ {iskander} <{BG}deployedTo> {belarus} }} }} ORDER BY ?g"
    assert [r["g"].value for r in rdf.store.query(asserted)] == [f"{BASE}/briefings/b2/graph"]
    described = f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?g ?modality WHERE {{ GRAPH ?g {{ ?s a rdf:Statement ; rdf:subject {iskander} ;
          rdf:predicate <{BG}deployedTo> ; rdf:object {belarus} . OPTIONAL {{ ?s <{BG}relationModality> ?modality }} }} }}
        ORDER BY ?g"""
    assert [(r["g"].value, r["modality"] and r["modality"].value) for r in rdf.store.query(described)] == [
        (f"{BASE}/briefings/b1/graph", f"{BG}denied"), (f"{BASE}/briefings/b2/graph", None)]

"""Linked Data: entity, event and briefing IRIs answer in Turtle, JSON-LD (with a context),
N-Triples, RDF/XML and Cypher, by suffix and by Accept, with Vary and Link; rdflib parses each;
the ontology is served as RDF."""
import io
import json

import pytest
from rdflib import Graph, URIRef

from tests.webapp.conftest import BASE

PERSON = "/id/person/alexander-lukashenko"
RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples", "rdf": "application/rdf+xml"}


@pytest.mark.parametrize("ext", ["ttl", "jsonld", "nt", "rdf"])
def test_entity_description_by_suffix_and_by_accept(client, ext):
    by_suffix = client.get(f"{PERSON}.{ext}")
    by_accept = client.get(PERSON, headers={"Accept": MEDIA[ext]})
    for r in (by_suffix, by_accept):
        assert r.status_code == 200 and r.mimetype == MEDIA[ext]
        assert r.headers["Vary"] == "Accept"
        assert f'<{PERSON}.ttl>; rel="alternate"; type="text/turtle"' in r.headers["Link"]
    graph = Graph().parse(data=by_suffix.data, format=RDFLIB[ext])
    me = URIRef(BASE + PERSON)
    assert (me, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None) in graph
    assert any(graph.subjects(URIRef("https://w3id.org/briefgraph/ontology#mentionOf"), me))       # sources
    assert any(graph.subjects(URIRef("https://w3id.org/briefgraph/ontology#speaker"), me))         # events
    assert len(graph) == len(Graph().parse(data=by_accept.data, format=RDFLIB[ext]))


def test_json_ld_has_a_context(client):
    doc = json.loads(client.get(f"{PERSON}.jsonld").data)
    assert doc["@context"]["bg"] == "https://w3id.org/briefgraph/ontology#"
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"


def test_cypher_twin_is_the_lookup(client):
    r = client.get(f"{PERSON}.cypher")
    assert r.mimetype == "application/x-cypher-query"
    text = r.get_data(as_text=True)
    assert text.startswith('MATCH (n:Entity {id: "person/alexander-lukashenko"})')
    rows = client.post("/cypher", json={"statement": text}).get_json()["rows"]
    assert rows and rows[0][0]["id"] == "person/alexander-lukashenko"


def test_briefing_and_event_descriptions(client):
    g = Graph().parse(data=client.get("/briefings/13-zapad-2025.ttl").data, format="turtle")
    assert (URIRef(f"{BASE}/briefings/13-zapad-2025"), URIRef("http://purl.org/dc/terms/title"), None) in g
    event = client.get(f"{PERSON}.json").get_json()["events"][0]["event"]
    g = Graph().parse(data=client.get(f"/id/{event}.nt").data, format="nt")
    assert (URIRef(f"{BASE}/id/{event}"), None, None) in g


def test_unknown_resource_is_404_in_every_format(client):
    for ext in ("ttl", "jsonld", "nt", "rdf", "json"):
        assert client.get(f"/id/person/nobody.{ext}").status_code == 404


@pytest.mark.parametrize("ext, fmt", [("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("owl", "xml"), ("jsonld", "json-ld")])
def test_the_ontology_as_rdf(client, ext, fmt):
    r = client.get(f"/ontology.{ext}")
    assert r.status_code == 200
    g = Graph().parse(data=r.data, format=fmt)
    assert (URIRef("https://w3id.org/briefgraph/ontology#TroopTransfer"), None, None) in g
    assert len(g) > 1000


@pytest.mark.parametrize("ext, fmt", [("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")])
def test_the_ontology_is_its_files_graph_written_by_the_rdf_writer(client, ext, fmt):
    from rdflib.compare import isomorphic

    from briefgraph.ontology.model import load_graph
    from briefgraph.webapp.ontology_page import ONTOLOGY_SUFFIXES, ontology_triples
    from briefgraph.exports import writer_for
    from briefgraph.formats import get_format

    body = client.get(f"/ontology.{ext}").data
    assert isomorphic(Graph().parse(data=body, format=fmt), load_graph())
    again = io.BytesIO()
    writer_for(get_format(ONTOLOGY_SUFFIXES[ext])).write_graph(ontology_triples(), again)
    if ext != "jsonld":                 # rdflib's compaction orders by Python's string hash
        assert again.getvalue() == body


@pytest.mark.parametrize("ext, content_type", [("ttl", "text/turtle; charset=utf-8"), ("jsonld", "application/ld+json"),
                                               ("nt", "application/n-triples; charset=utf-8"),
                                               ("rdf", "application/rdf+xml"),
                                               ("cypher", "application/x-cypher-query; charset=utf-8")])
def test_a_twin_has_its_formats_content_type(client, ext, content_type):
    assert client.get(f"{PERSON}.{ext}").content_type == content_type

"""The SPARQL endpoint with a real SPARQL client (SPARQLWrapper) against the app served on
127.0.0.1: every result format, ASK, CONSTRUCT, the dataset parameters, refused updates by every
protocol route, refused SERVICE, the row cap, and a query stopped by the time limit."""
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, N3, TSV, XML, JSONLD, POST, SPARQLWrapper, TURTLE
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from briefgraph.store.view import View
from briefgraph.webapp import create_app
from tests.webapp.conftest import BASE, error, settings_for
from tests.webapp.server import serving

GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
PERSON = "https://w3id.org/briefgraph/ontology#Person"


@pytest.fixture(scope="module")
def url(app):
    with serving(app) as base:
        yield base + "/sparql"


@pytest.fixture(scope="module")
def strict_url(stores):
    """An app with a 2-second limit and a 5-row cap."""
    graph, rdf_path = stores
    app = create_app({"TESTING": True, "VIEW": View(graph, rdf_path),
                      "SETTINGS": settings_for(rdf_path, query_timeout=2, row_cap=5)})
    with serving(app) as base:
        yield base + "/sparql"


def client(url, query, fmt=JSON, method=None):
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


def test_select_as_json_by_get_and_post(url):
    for method in (None, POST):
        result = client(url, GRAPHS, JSON, method).queryAndConvert()
        graphs = [b["g"]["value"] for b in result["results"]["bindings"]]
        assert graphs[0] == f"{BASE}/briefings/01-zapad-2021-review/graph"
        assert "https://w3id.org/briefgraph/ontology" in graphs and f"{BASE}/graphs/entities" in graphs
        assert len(graphs) == 20                   # 17 briefings, the entities, the changes, the ontology
        assert result["results"]["bindings"][0]["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_select_as_xml_csv_and_tsv(url):
    xml = client(url, GRAPHS, XML).queryAndConvert()        # an xml.dom document
    uris = [u.firstChild.data for u in xml.getElementsByTagName("uri")]
    assert uris[0] == f"{BASE}/briefings/01-zapad-2021-review/graph"
    csv_text = client(url, GRAPHS, CSV).queryAndConvert().decode()
    assert csv_text.startswith(f"g,n\r\n{BASE}/briefings/01-zapad-2021-review/graph,")
    tsv_text = client(url, GRAPHS, TSV).queryAndConvert().decode()
    assert tsv_text.startswith(f"?g\t?n\n<{BASE}/briefings/01-zapad-2021-review/graph>\t\"")


def test_ask(url):
    assert client(url, f"ASK {{ ?x a <{PERSON}> }}").queryAndConvert()["boolean"] is True
    assert client(url, "ASK { ?x a <https://w3id.org/briefgraph/ontology#NoSuchClass> }").queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, JSONLD])
def test_construct_in_each_rdf_format(url, fmt):
    query = f"CONSTRUCT {{ ?x a <{PERSON}> }} WHERE {{ ?x a <{PERSON}> }}"
    graph = client(url, query, fmt).queryAndConvert()          # parsed by rdflib (Turtle comes as bytes)
    if isinstance(graph, bytes):
        graph = Graph().parse(data=graph, format="turtle")
    subjects = {str(s) for s in graph.subjects()}
    assert f"{BASE}/id/person/alexander-lukashenko" in subjects and len(graph) == len(subjects)


def test_describe(url):
    graph = Graph().parse(data=client(url, f"DESCRIBE <{BASE}/id/person/alexander-lukashenko>", TURTLE).queryAndConvert(),
                          format="turtle")
    assert len(graph) > 3


def test_default_and_named_graph_parameters(url):
    g = f"{BASE}/briefings/13-zapad-2025/graph"
    sparql = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    sparql.addDefaultGraph(g)
    only = int(sparql.queryAndConvert()["results"]["bindings"][0]["n"]["value"])
    everything = int(client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()
                     ["results"]["bindings"][0]["n"]["value"])
    assert 0 < only < everything
    sparql = client(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sparql.addNamedGraph(g)
    assert [b["g"]["value"] for b in sparql.queryAndConvert()["results"]["bindings"]] == [g]


def raw(url, method="GET", params=None, data=None, content_type=None):
    target = url + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(target, data=data, method=method,
                                     headers={"Content-Type": content_type} if content_type else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def triples(url):
    return client(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").queryAndConvert()[
        "results"]["bindings"][0]["n"]["value"]


UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x.ttl>",
           "CLEAR ALL", "DROP ALL", "CREATE GRAPH <urn:g>", "# a comment\n  dRoP   SILENT  GRAPH <urn:g>",
           "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "ADD DEFAULT TO <urn:g>"]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_every_route_and_change_nothing(url, update):
    before = triples(url)
    routes = [("GET", {"update": update}, None, None), ("GET", {"query": update}, None, None),
              ("POST", None, urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
              ("POST", None, urllib.parse.urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
              ("POST", None, update.encode(), "application/sparql-update"),
              ("POST", None, update.encode(), "application/sparql-query")]
    for method, params, data, content_type in routes:
        status, body, _ = raw(url, method, params, data, content_type)
        assert status == 400, (method, content_type, body)
        assert "refused" in body and "read-only" in body
    assert triples(url) == before


def test_sparqlwrapper_update_is_refused(url):
    sparql = SPARQLWrapper(url, updateEndpoint=url)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryBadFormed):
        sparql.query()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p ?o . #\n service\n<file:///etc/passwd> { ?a ?b ?c } }",
])
def test_service_is_refused(url, query):
    status, body, _ = raw(url, params={"query": query})
    assert (status, json.loads(body)) == (400, error(400, "SERVICE is refused: this public endpoint does not query other endpoints"))


def test_a_service_word_inside_a_string_or_iri_is_no_service(url):
    status, _, _ = raw(url, params={"query": 'SELECT * WHERE { ?s ?p "SERVICE <x>" } LIMIT 1'})
    assert status == 200


def test_the_row_cap_says_it_truncated(strict_url):
    status, body, headers = raw(strict_url, params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert status == 200 and headers["X-Briefgraph-Truncated"] == "true; the result was cut at 5 rows"
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 5 and data["truncated"] is True
    assert data["head"]["link"] == ["https://w3id.org/briefgraph/ontology#truncated"]


def test_a_query_past_the_time_limit_is_stopped_and_the_endpoint_goes_on(strict_url):
    explode = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, body, _ = raw(strict_url, params={"query": explode})
    assert (status, json.loads(body)) == (503, error(503, "the query ran longer than 2 s and was stopped"))
    status, _, _ = raw(strict_url, params={"query": "ASK { ?s ?p ?o }"})
    assert status == 200


def test_a_bad_query_is_400_with_the_parser_message(url):
    status, body, _ = raw(url, params={"query": "SELECT WHERE {"})
    assert status == 400 and json.loads(body)["error"]["message"].startswith("the query was refused:")


def test_the_console_renders_results_and_download_links(url):
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": GRAPHS}), headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        body = response.read().decode()
    assert "<th>?g</th>" in body and f"{BASE}/briefings/01-zapad-2021-review/graph" in body
    for name in ("sparql-json", "sparql-xml", "csv", "tsv"):
        assert f"format={name}" in body
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        assert "Who met whom" in response.read().decode()

"""The downloads: every dump made for the current generation, each parsed by rdflib (or opened),
its size and SHA-256 as listed, and the VoID/DCAT description with the right counts."""
import hashlib

import pytest
from rdflib import Graph, Literal, URIRef

from briefgraph.webapp.downloads import regenerate_now
from tests.webapp.conftest import BASE

VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def made(app):
    manifest = regenerate_now(app)
    assert manifest is not None
    return manifest


def test_the_page_lists_every_format_with_size_and_checksum(client, made):
    data = client.get("/downloads.json").get_json()
    assert data["up_to_date"] is True
    assert [f["format"] for f in data["files"]] == ["turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig",
                                                    "cypher", "neo4j-csv", "nquads-raw"]
    for f in data["files"]:
        r = client.get(f["url"])
        assert r.status_code == 200 and len(r.data) == f["size"]
        assert hashlib.sha256(r.data).hexdigest() == f["sha256"]
        assert r.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name, fmt", [("briefgraph.ttl", "turtle"), ("briefgraph.nt", "nt"),
                                       ("briefgraph.jsonld", "json-ld"), ("briefgraph.rdf", "xml")])
def test_every_rdf_download_parses_to_the_same_graph(client, made, name, fmt):
    reference = Graph().parse(data=client.get("/downloads/briefgraph.nt").data, format="nt")
    graph = Graph().parse(data=client.get(f"/downloads/{name}").data, format=fmt)
    assert len(graph) == len(reference) and len(graph) > 10_000


def test_void_and_dcat(client, made):
    g = Graph().parse(data=client.get("/downloads/void.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/downloads#dataset")
    counts = client.get("/index.json").get_json()["counts"]
    assert (dataset, URIRef(VOID + "triples"), Literal(made["counts"]["triples"])) in g
    assert (dataset, URIRef(VOID + "sparqlEndpoint"), URIRef(f"{BASE}/sparql")) in g
    assert (dataset, URIRef("http://purl.org/dc/terms/license"), URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert made["counts"]["briefings"] == counts["briefings"] and made["counts"]["events"] == counts["events"]
    dumps = set(g.objects(dataset, URIRef(VOID + "dataDump")))
    assert URIRef(f"{BASE}/downloads/briefgraph.ttl") in dumps and len(dumps) == 9
    checksums = {str(v) for v in g.objects(None, URIRef("http://spdx.org/rdf/terms#checksumValue"))}
    assert {f["sha256"] for f in made["files"]} == checksums


def test_an_unknown_download_is_404(client, made):
    assert client.get("/downloads/secrets.txt").status_code == 404
    assert client.get("/downloads/..%2Fmanifest.json").status_code == 404

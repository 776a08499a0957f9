"""The RDF store over HTTP (BRIEFGRAPH_RDF_URL): the SPARQL 1.1 Protocol client, against an
endpoint served on 127.0.0.1 by Oxigraph's engine (the same engine an Oxigraph server runs)."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store

from briefgraph.store.rdf_store import SparqlHttpStore
from briefgraph.store.writer import Writer

from .conftest import BASE


def _json_term(term):
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


@pytest.fixture
def endpoint():
    store = Store()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
            if self.path == "/update":
                store.update(body)
                self.send_response(204)
                self.end_headers()
                return
            result = store.query(body)
            if isinstance(result, QueryBoolean):
                payload = {"head": {}, "boolean": bool(result)}
            else:
                assert isinstance(result, QuerySolutions)
                variables = [v.value for v in result.variables]
                payload = {"head": {"vars": variables},
                           "results": {"bindings": [{v: _json_term(s[v]) for v in variables if s[v] is not None}
                                                    for s in result]}}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", store
    server.shutdown()


def test_writer_over_http_gives_the_same_quads_as_embedded(endpoint, graph, rdf, make):
    url, remote_store = endpoint
    http = SparqlHttpStore(url)
    briefing = make("b1", "On 20 December, an echelon with 23 T-80 tanks departed from Polonka railway station.")
    Writer(graph, rdf, BASE).write(briefing)
    local = sorted(f"{q} ." for q in rdf.quads())
    graph.write([("MATCH (n) DETACH DELETE n", {})])
    Writer(graph, http, BASE).write(briefing)
    remote = sorted(f"{q} ." for q in http.quads())
    assert remote == local
    assert http.count() == rdf.count() == len(local)        # what stats reports, counted by each store
    assert http.ask(f"ASK {{ GRAPH <{BASE}/briefings/b1/graph> {{ ?s ?p ?o }} }}")
    http.drop_graph(NamedNode(f"{BASE}/briefings/b1/graph"))
    assert not http.ask(f"ASK {{ GRAPH <{BASE}/briefings/b1/graph> {{ ?s ?p ?o }} }}")

"""One error body for every endpoint: each error a client can cause on the pages and their JSON
twins, Linked Data, `/cypher` and `/sparql` answers {"error": {"status", "title", "message"}} with
its exact status and message, the security headers, and Retry-After where a store cannot answer
for now; browsers still get the HTML error page or the console."""
import pytest

from briefgraph.settings import SettingsError
from briefgraph.store.graph.base import GraphError, QueryTimeout
from briefgraph.store.rdf.sparql import StoreUnavailable
from briefgraph.store.view import View
from briefgraph.webapp import create_app, linked_data
from briefgraph.webapp.security import HEADERS
from tests.webapp.conftest import error, settings_for

LUKASHENKO = "person/alexander-lukashenko"
AS_JSON = {"Accept": "application/json"}
AS_RESULTS = {"Accept": "application/sparql-results+json"}
AS_BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TOO_LARGE = "x" * (300 * 1024)              # past the app's MAX_CONTENT_LENGTH of 256 KiB
SERVICE = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
NOT_FOUND = ("The requested URL was not found on the server. If you entered the URL manually please check your "
             "spelling and try again.")
NOT_ALLOWED = "The method is not allowed for the requested URL."
OVER_LIMIT = "The data value transmitted exceeds the capacity limit."
NUL = "a parameter holds a NUL character, which no query or name can contain"
UNAVAILABLE = "The archive cannot answer just now; try again in a few seconds."
UNEXPECTED = "Something went wrong on our side; the error is logged. Try again, or search below."

# (request: method, path, keyword arguments of the test client), status, message
CASES = {
    # pages and their JSON twins
    "a bad filter": (("GET", "/events.json?from=2021-13x", {}), 400,
                     "from='2021-13x': give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    "a NUL character": (("GET", "/search.json?q=a%00b", {}), 400, NUL),
    "a depth out of range": (("GET", f"/graph.json?id={LUKASHENKO}&depth=3", {}), 400, "depth must be 1 or 2."),
    "an unknown entity": (("GET", "/id/person/nobody-at-all.json", {}), 404,
                          "There is no entity 'person/nobody-at-all' in the archive."),
    "an unknown entity, JSON by Accept": (("GET", "/id/person/nobody-at-all", {"headers": AS_JSON}), 404,
                                          "There is no entity 'person/nobody-at-all' in the archive."),
    "an unknown briefing": (("GET", "/briefings/nope.json", {}), 404, "There is no briefing 'nope' in the archive."),
    "no such route": (("GET", "/no/such/page", {"headers": AS_JSON}), 404, NOT_FOUND),
    "no such route, JSON by suffix": (("GET", "/no/such/page.json", {}), 404, NOT_FOUND),
    "a POST to a page": (("POST", "/events.json", {}), 405, NOT_ALLOWED),
    "a form too large for a page": (("POST", "/events.json", {"data": {"q": TOO_LARGE}}), 413, OVER_LIMIT),
    # Linked Data
    "an unknown entity in Turtle": (("GET", "/id/person/nobody.ttl", {}), 404,
                                    "There is nothing about 'person/nobody' in the archive."),
    "an unknown entity, Turtle by Accept": (("GET", "/id/person/nobody", {"headers": {"Accept": "text/turtle"}}), 404,
                                            "There is nothing about 'person/nobody' in the archive."),
    "an unknown briefing in N-Triples": (("GET", "/briefings/nope.nt", {}), 404,
                                         "There is nothing about 'nope' in the archive."),
    # /cypher
    "no statement": (("POST", "/cypher", {"json": {}}), 400,
                     'no statement: send {"statement": "..."} as JSON, or ?statement='),
    "a body that is no object": (("POST", "/cypher", {"json": [1]}), 400,
                                 'send a JSON object: {"statement": "...", "parameters": {...}}'),
    "parameters that are no object": (("POST", "/cypher", {"json": {"statement": "RETURN 1", "parameters": [1]}}),
                                      400, "parameters must be a JSON object"),
    "parameters that are no JSON": (("GET", "/cypher?statement=RETURN%201&parameters=%7B", {}), 400,
                                    "parameters are not JSON: Expecting property name enclosed in double quotes: "
                                    "line 1 column 2 (char 1)"),
    "a refused statement": (("POST", "/cypher", {"json": {"statement": "USE system SHOW USERS"}}), 400,
                            "USE is refused: this endpoint reads the archive's own database"),
    "a Cypher NUL character": (("GET", "/cypher?statement=RETURN%20%00", {}), 400, NUL),
    "an unknown Cypher format": (("GET", "/cypher?statement=RETURN%201&format=xml", {}), 406,
                                 "unknown format 'xml'; the known ones are: json, csv"),
    "a PUT to /cypher": (("PUT", "/cypher", {"json": {"statement": "RETURN 1"}}), 405, NOT_ALLOWED),
    "a Cypher body too large": (("POST", "/cypher", {"data": TOO_LARGE, "content_type": "application/json"}), 413,
                                OVER_LIMIT),
    # /sparql
    "no query": (("GET", "/sparql", {"headers": AS_RESULTS}), 400,
                 "no query: send one as query= (GET or a POSTed form) or as an application/sparql-query body"),
    "two queries": (("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}), 400,
                    "the request carries 2 query strings: send exactly one"),
    "a query and an update": (("POST", "/sparql", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}), 400,
                              "the request carries both a query and an update: send one operation"),
    "an update": (("GET", "/sparql?update=CLEAR%20ALL", {}), 400, "SPARQL updates are refused: this endpoint is read-only"),
    "an update as a query": (("GET", "/sparql", {"query_string": {"query": "CLEAR ALL"}}), 400,
                             "SPARQL updates (CLEAR) are refused: this endpoint is read-only"),
    "SERVICE": (("GET", "/sparql", {"query_string": {"query": SERVICE}}), 400,
                "SERVICE is refused: this public endpoint does not query other endpoints"),
    "not a query": (("GET", "/sparql", {"query_string": {"query": "HELLO"}}), 400,
                    "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    "a POST without a media type": (("POST", "/sparql", {"data": b"ASK {}"}), 400,
                                    "the POST has no Content-Type: send a form (application/x-www-form-urlencoded) "
                                    "or application/sparql-query"),
    "a body in UTF-16": (("POST", "/sparql", {"data": "ASK {}".encode("utf-16"),
                                              "content_type": "application/sparql-query; charset=UTF-16"}), 400,
                         "the body is declared utf-16: a SPARQL request is UTF-8"),
    "a body that is no UTF-8": (("POST", "/sparql", {"data": b"ASK {} \xff",
                                                     "content_type": "application/sparql-query"}), 400,
                                "the body is not UTF-8 (byte 7): a SPARQL request is UTF-8"),
    "a SPARQL NUL character": (("GET", "/sparql?query=ASK%00", {}), 400, NUL),
    "a PUT to /sparql": (("PUT", "/sparql", {}), 405, "PUT is not a SPARQL 1.1 Protocol operation: use GET or POST"),
    "a DELETE to /sparql": (("DELETE", "/sparql", {}), 405,
                            "DELETE is not a SPARQL 1.1 Protocol operation: use GET or POST"),
    "a SPARQL form too large": (("POST", "/sparql", {"data": {"query": TOO_LARGE}}), 413, OVER_LIMIT),
    "a wrong media type": (("POST", "/sparql", {"data": b"ASK {}", "content_type": "text/plain"}), 415,
                           "POST a form (application/x-www-form-urlencoded) or application/sparql-query, not text/plain"),
}
ALLOW = {"/events.json": {"GET", "HEAD", "OPTIONS"}, "/cypher": {"GET", "HEAD", "POST", "OPTIONS"},
         "/sparql": {"GET", "HEAD", "POST", "OPTIONS"}}


def assert_error_body(r, status: int, message: str, retry_after: str | None = None) -> None:
    """The one JSON body, the status, the security headers, and Retry-After only where expected."""
    assert (r.status_code, r.mimetype, r.get_json()) == (status, "application/json", error(status, message))
    assert {name: r.headers.get(name) for name in HEADERS} == HEADERS
    assert r.headers.get("Retry-After") == retry_after


@pytest.mark.parametrize("case", CASES)
def test_every_error_a_client_can_cause_is_the_one_json_body(client, case):
    (method, path, kwargs), status, message = CASES[case]
    r = client.open(path, method=method, **kwargs)
    assert_error_body(r, status, message)
    if status == 405:
        assert set(r.headers["Allow"].split(", ")) == ALLOW[path]


@pytest.fixture
def uncached(stores):
    """An app without the page cache, so that a failing store is asked on every request."""
    graph, rdf_path = stores
    return create_app({"TESTING": True, "VIEW": View(graph, rdf_path), "SETTINGS": settings_for(rdf_path),
                       "PAGE_CACHE_SIZE": 0}).test_client()


def fail(exc: Exception):
    def failing(*args, **kwargs):
        raise exc
    return failing


STATEMENT = {"json": {"statement": "RETURN 1"}}
QUERY = {"query_string": {"query": "ASK { ?s ?p ?o }"}}
# (what fails: an attribute of View or of linked_data, and its error), request, status, message, Retry-After
FAILURES = {
    "a page's store gone": ((View, "counts", GraphError("no connection to 10.0.0.7:6379")), ("/index.json", {}),
                            503, UNAVAILABLE, "5"),
    "a page's store busy": ((View, "counts", StoreUnavailable("the store is being rewritten")), ("/", {"headers": AS_JSON}),
                            503, UNAVAILABLE, "5"),
    "a page's bug": ((View, "counts", RuntimeError("secret detail")), ("/index.json", {}), 500, UNEXPECTED, None),
    "a page's misconfiguration": ((View, "counts", SettingsError("BRIEFGRAPH_X is wrong")), ("/index.json", {}),
                                  500, UNEXPECTED, None),
    "a description past its time": ((linked_data, "resource_quads", QueryTimeout("the query ran longer than 2 s and "
                                                                                 "was stopped")),
                                    (f"/id/{LUKASHENKO}.ttl", {}), 503,
                                    "the description could not be read: the query ran longer than 2 s and was stopped",
                                    None),
    "a statement past its time": ((View, "cypher", QueryTimeout("the query ran longer than 1000 ms and was stopped")),
                                  ("/cypher", STATEMENT), 503, "the query ran longer than 1000 ms and was stopped",
                                  None),
    "the graph store gone": ((View, "cypher", GraphError("no connection to 10.0.0.7:6379")), ("/cypher", STATEMENT),
                             503, UNAVAILABLE, "5"),
    "a query past its time": ((View, "sparql", QueryTimeout("the query ran longer than 2 s and was stopped")),
                              ("/sparql", QUERY), 503, "the query ran longer than 2 s and was stopped", None),
    "the RDF store busy": ((View, "sparql", StoreUnavailable("the RDF store could not be read just now")),
                           ("/sparql", QUERY), 503, "the RDF store could not be read just now", "5"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_store_that_fails_is_the_one_json_body(uncached, monkeypatch, case):
    (owner, name, exc), (path, kwargs), status, message, retry_after = FAILURES[case]
    monkeypatch.setattr(owner, name, fail(exc))
    r = uncached.post(path, **kwargs) if "json" in kwargs else uncached.get(path, **kwargs)
    assert_error_body(r, status, message, retry_after)
    assert "10.0.0.7" not in r.get_data(as_text=True) and "secret" not in r.get_data(as_text=True)


def test_browsers_still_get_pages_and_consoles(client):
    page = client.get("/no/such/page")
    assert (page.status_code, page.mimetype) == (404, "text/html")
    assert "<h1>404: Not Found</h1>" in page.get_data(as_text=True)
    for r in (client.get("/sparql", query_string={"query": SERVICE}, headers=AS_BROWSER),
              client.post("/cypher", data={"statement": "USE system SHOW USERS"}, headers=AS_BROWSER)):
        assert (r.status_code, r.mimetype) == (400, "text/html")
        assert "is refused" in r.get_data(as_text=True) and "<textarea" in r.get_data(as_text=True)
    put = client.put("/sparql", headers=AS_BROWSER)
    assert (put.status_code, put.mimetype, put.headers["Allow"]) == (405, "text/html", "GET, HEAD, POST, OPTIONS")
    assert "PUT is not a SPARQL 1.1 Protocol operation: use GET or POST" in put.get_data(as_text=True)

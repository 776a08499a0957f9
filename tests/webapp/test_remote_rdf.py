"""The web app with a SPARQL 1.1 server as its RDF store (BRIEFGRAPH_RDF_URL), against a real
Apache Jena Fuseki: `/sparql` in every result format, the Linked Data twins, every export, the
downloads and `stats` give what the embedded Oxigraph gives for the same briefings (a differential
test). And the endpoint's answers to malformed requests, beside Fuseki's own."""
import csv
import http.client
import io
import re
import urllib.parse
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from briefgraph.exports import export, get_format
from briefgraph.formats import formats
from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_briefing
from briefgraph.settings import Settings
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore, SparqlHttpStore
from briefgraph.store.stats import stats
from briefgraph.store.view import View
from briefgraph.store.writer import Writer
from briefgraph.webapp import create_app
from briefgraph.webapp.downloads import regenerate_now
from briefgraph.webapp.examples import PREFIXES, SPARQL_EXAMPLES
from tests.webapp.conftest import RECORDED, error

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = "http://briefgraph.test"
LUKASHENKO = f"{BASE}/id/person/alexander-lukashenko"
DECIMAL = re.compile(r'"([-+0-9.]+)"\^\^<http://www.w3.org/2001/XMLSchema#decimal>')


@pytest.fixture(scope="module")
def apps(engines, tmp_path_factory, rules_pipeline):
    """Two apps over one graph store: one with the embedded Oxigraph, one with Fuseki, both written
    with the samples, each as the first change set of its archive at the same time (the RDF
    stores' record of changes is then the same too)."""
    folder = tmp_path_factory.mktemp("remote-rdf")
    extractions = [extract(read_briefing(p), rules_pipeline) for p in sorted(SAMPLES.iterdir()) if p.name != "README.md"]
    graph, local = FalkorGraph.embedded(folder / "graph"), OxigraphStore(folder / "local" / "rdf")
    remote = SparqlHttpStore(engines.get("fuseki", "pages").url)
    remote._update("DROP ALL")
    Writer(graph, local, BASE, clock=lambda: RECORDED).write_many(extractions)
    other = FalkorGraph.embedded(folder / "graph-of-the-remote")
    Writer(other, remote, BASE, clock=lambda: RECORDED).write_many(extractions)
    other.close()
    local.close()

    def app(view: View, data_dir: Path):
        settings = replace(Settings.from_env({}), base_url=BASE, data_dir=data_dir)
        return create_app({"TESTING": True, "VIEW": view, "SETTINGS": settings})
    local_view, remote_view = View(graph, folder / "local" / "rdf"), View(graph, remote)
    yield app(local_view, folder / "local"), app(remote_view, folder / "remote")
    local_view.rdf.close()
    graph.close()


def by_value(text: str) -> str:
    """xsd:decimal literals by value (Oxigraph gives "2" back, Jena "2.0")."""
    return DECIMAL.sub(lambda m: f'"{Decimal(m.group(1)).normalize():f}"^^<decimal>', text)


def cell(text: str) -> str:
    try:
        return f"{Decimal(text).normalize():f}"
    except InvalidOperation:
        return text


def normalised(body: bytes, fmt_name: str) -> list[str]:
    """A response body as sorted lines of terms, by value, whatever its format."""
    fmt = get_format(fmt_name)
    if fmt.name == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        return [",".join(rows[0])] + sorted(",".join(cell(c) for c in row) for row in rows[1:])
    if fmt.results is not None:
        parsed = parse_query_results(body, fmt.results)
        if not hasattr(parsed, "variables"):
            return [str(bool(parsed))]
        names = [v.value for v in parsed.variables]
        return [" ".join(names)] + sorted(by_value(" ".join(str(s[v]) for v in names)) for s in parsed)
    return sorted({by_value(f"{t.subject} {t.predicate} {t.object} {t.graph_name}") for t in parse(body, format=fmt.rdf)})


OWN_QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    f"SELECT DISTINCT ?p ?o WHERE {{ <{LUKASHENKO}> ?p ?o }}",
    PREFIXES + """SELECT DISTINCT ?event ?type ?place WHERE {
  ?event a ?type ; bg:place ?p . ?p skos:prefLabel ?place . FILTER(LANG(?place) = "en")
  OPTIONAL { ?event bg:modality ?m } }""",
    PREFIXES + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e (bg:agent|bg:speaker|bg:participant) <{LUKASHENKO}> }}",
    f"SELECT ?s ?p ?o FROM <{BASE}/briefings/01-zapad-2021-review/graph> WHERE {{ ?s ?p ?o }}",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{BASE}/briefings/01-zapad-2021-review/graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
    PREFIXES + "ASK { ?x a bg:Rebellion }",
    PREFIXES + f"CONSTRUCT {{ ?e bg:agent <{LUKASHENKO}> ; a ?c }} WHERE {{ ?e bg:agent <{LUKASHENKO}> ; a ?c }}",
]
QUERIES = [q for _, q in SPARQL_EXAMPLES] + OWN_QUERIES


def kind_of(query: str) -> str:
    body = re.sub(r"PREFIX[^\n]*\n", "", query).lstrip().upper()
    return "graph" if body.startswith("CONSTRUCT") else "results"


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_sparql_answers_the_same_in_every_format(apps, index):
    query = QUERIES[index]
    local, remote = (a.test_client() for a in apps)
    answers = []
    for fmt in formats(kind_of(query)):
        ours, theirs = (c.get("/sparql", query_string={"query": query, "format": fmt.name}) for c in (local, remote))
        assert (ours.status_code, theirs.status_code) == (200, 200), theirs.get_data(as_text=True)[:500]
        assert theirs.mimetype == ours.mimetype == fmt.media_type
        expected = normalised(ours.data, fmt.name)
        assert normalised(theirs.data, fmt.name) == expected, fmt.name
        answers.append(len(expected))
    assert max(answers) > 1 or "ASK" in query            # every query finds something in the samples


def test_the_dataset_parameters_are_honoured_the_same(apps):
    graph = f"{BASE}/briefings/01-zapad-2021-review/graph"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = [c.get("/sparql", query_string={"query": query, "default-graph-uri": graph}).get_json()
              for c in (a.test_client() for a in apps)]
    assert counts[0] == counts[1] and int(counts[0]["results"]["bindings"][0]["n"]["value"]) > 100


def first_event(apps) -> str:
    view = apps[0].config["VIEW"]
    return view.graph.read("MATCH (e:Event)-[:AGENT]->(:Entity {id: 'person/alexander-lukashenko'}) "
                           "RETURN e.id ORDER BY e.id LIMIT 1").rows[0][0]


@pytest.mark.parametrize("suffix", ["ttl", "jsonld", "nt", "rdf", "cypher"])
def test_linked_data_twins_are_the_same(apps, suffix):
    local, remote = (a.test_client() for a in apps)
    for path in ("/id/person/alexander-lukashenko", "/id/" + first_event(apps), "/briefings/01-zapad-2021-review"):
        ours, theirs = local.get(f"{path}.{suffix}"), remote.get(f"{path}.{suffix}")
        assert (ours.status_code, theirs.status_code) == (200, 200), path
        assert theirs.content_type == ours.content_type
        if path.startswith("/id/person"):
            assert theirs.data == ours.data                    # no decimals: the same bytes
        elif suffix != "cypher":
            assert normalised(theirs.data, suffix) == normalised(ours.data, suffix)
    assert remote.get("/id/person/nobody.ttl").status_code == local.get("/id/person/nobody.ttl").status_code == 404


@pytest.mark.parametrize("fmt", [f.name for f in formats("graph", "dataset")])
def test_every_export_is_the_same(apps, fmt):
    stores = [a.config["VIEW"].rdf for a in apps]
    for selection in ({}, {"entity": "person/alexander-lukashenko"}, {"briefing": "01-zapad-2021-review"}):
        bodies = []
        for rdf in stores:
            out = io.BytesIO()
            export(get_format(fmt), out, rdf=rdf, base_url=BASE, **selection)
            bodies.append(out.getvalue())
        assert normalised(bodies[1], fmt) == normalised(bodies[0], fmt), selection
        if selection.get("entity"):
            assert bodies[1] == bodies[0]


def test_stats_and_downloads_are_the_same(apps):
    views = [a.config["VIEW"] for a in apps]
    assert stats(views[1].graph, views[1].rdf) == stats(views[0].graph, views[0].rdf)
    manifests = [regenerate_now(a) for a in apps]
    assert [m["counts"] for m in manifests] == [manifests[0]["counts"]] * 2
    for manifest in manifests:
        assert [f["format"] for f in manifest["files"]] == [f.name for f in formats("graph", "dataset", "property-graph")
                                                            ] + ["nquads-raw"]
    local_dumps, remote_dumps = (a.config["SETTINGS"].data_dir / "downloads" / m["dir"] for a, m in zip(apps, manifests))
    assert normalised((remote_dumps / "briefgraph.nq").read_bytes(), "nq") == normalised(
        (local_dumps / "briefgraph.nq").read_bytes(), "nq")
    assert (remote_dumps / "briefgraph.cypher").read_bytes() == (local_dumps / "briefgraph.cypher").read_bytes()
    assert normalised((remote_dumps / "briefgraph-raw.nq").read_bytes(), "nq") == normalised(
        (local_dumps / "briefgraph-raw.nq").read_bytes(), "nq")


# (what is sent, the status the Protocol calls for, Fuseki's status). The Protocol's negative
# tests expect a 4xx; where it names 400 (a malformed or ambiguous request), ours is 400.
PROTOCOL_CASES = {
    "bad query syntax": (("GET", "?query=ASK%20%7B", None, None), 400, 400),
    "two queries": (("GET", "?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D", None, None), 400, 400),
    "two queries in a form": (("POST", "", "application/x-www-form-urlencoded", b"query=ASK%7B%7D&query=ASK%7B%7D"), 400, 400),
    "a query in the URL and the body": (("POST", "?query=ASK%7B%7D", "application/sparql-query", b"ASK {}"), 400, 200),
    "a form without its media type": (("POST", "", None, b"query=ASK%20%7B%7D"), 400, 400),
    "a direct query without its media type": (("POST", "", None, b"ASK {}"), 400, 400),
    "a wrong media type": (("POST", "", "text/plain", b"ASK {}"), 415, 415),
    "a body in UTF-16": (("POST", "", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16")), 400, 400),
    "an update by GET": (("GET", "?update=CLEAR%20ALL", None, None), 400, 400),
    "a PUT": (("PUT", "?query=ASK%7B%7D", None, None), 405, 405),
}


def send(url: str, method: str, query: str, content_type: str | None, body: bytes | None) -> int:
    """The status of a raw request (http.client: urllib would add a form media type of its own)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, parts.path + query, body=body,
                           headers={"Content-Type": content_type} if content_type else {})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("case", PROTOCOL_CASES)
def test_malformed_requests_answer_as_the_protocol_says_beside_fuseki(apps, engines, case):
    (method, query, content_type, body), ours_expected, fuseki_expected = PROTOCOL_CASES[case]
    client = apps[0].test_client()
    headers = {"Content-Type": content_type} if content_type else {}
    ours = client.open("/sparql" + query, method=method, data=body, headers=headers)
    assert ours.status_code == ours_expected, ours.get_data(as_text=True)
    if ours_expected >= 400:
        message = ours.get_json()["error"]["message"]
        assert ours.mimetype == "application/json" and message and ours.get_json() == error(ours_expected, message)
    fuseki = engines.get("fuseki", "pages").url + "/query"
    assert send(fuseki, method, query, content_type, body) == fuseki_expected

"""The writer registry (exports/writers.py): every format of the registry that the exports offer
has a writer, and what each RDF writer writes parses back (with pyoxigraph) to exactly what the
store holds, for the whole archive and for one resource; the property-graph writers write the
graph's nodes; a combination no format offers is the error it always was."""
import csv
import io
import zipfile

import pytest
from pyoxigraph import Quad, Triple, parse

from briefgraph.exports import NothingToDescribe, Resource, Stores, UnknownFormat, export, lookup_query, writer_for
from briefgraph.exports.cypher_script import script_statements
from briefgraph.exports.rdf_dump import resource_quads
from briefgraph.formats import FORMATS, formats, get_format
from briefgraph.store.graph import cypher
from briefgraph.store.rdf.open_store import OxigraphStore

BASE = "http://briefgraph.test"
EXPORTED = ("graph", "dataset", "property-graph")
RDF_FORMATS = [f.name for f in formats("graph", "dataset")]
LUKASHENKO = "person/alexander-lukashenko"
BRIEFING = "13-zapad-2025"


@pytest.fixture(scope="module")
def graph_and_rdf(loaded_stores):
    graph, rdf_path = loaded_stores("falkordb")
    rdf = OxigraphStore(rdf_path, read_only=True)
    yield graph, rdf
    rdf.close()


@pytest.fixture(scope="module")
def store_quads(graph_and_rdf) -> set[Quad]:
    return set(graph_and_rdf[1].quads())


def parsed(name: str, data: bytes) -> set[Quad]:
    """The statements of a serialisation, as quads (a graph format's in the default graph)."""
    return set(parse(data, get_format(name).rdf, base_iri=BASE))


def triples_of(quads) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in quads}


def test_every_exported_format_has_a_writer_and_no_other_does():
    for fmt in FORMATS:
        if fmt.kind in EXPORTED:
            assert writer_for(fmt) is not None, fmt.name
        else:
            with pytest.raises(UnknownFormat) as err:
                writer_for(fmt)
            assert str(err.value) == f"{fmt.name} is a format of query results, not of exports"


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_the_archive_round_trips_in_every_rdf_format(name, graph_and_rdf, store_quads):
    out = io.BytesIO()
    writer_for(get_format(name)).write_archive(Stores(rdf=graph_and_rdf[1]), out)
    back = parsed(name, out.getvalue())
    if get_format(name).kind == "dataset":
        assert back == store_quads
    else:                                   # the union of the named graphs
        assert triples_of(back) == triples_of(store_quads)


@pytest.mark.parametrize("name", RDF_FORMATS)
@pytest.mark.parametrize("kind, ident", [("entity", LUKASHENKO), ("briefing", BRIEFING)])
def test_a_description_round_trips_in_every_rdf_format(name, kind, ident, graph_and_rdf):
    rdf = graph_and_rdf[1]
    quads = resource_quads(rdf, BASE, kind, ident, timeout_s=30)
    assert quads
    out = io.BytesIO()
    export(get_format(name), out, rdf=rdf, base_url=BASE, **{kind: ident})
    back = parsed(name, out.getvalue())
    if get_format(name).kind == "dataset":
        assert back == set(quads)
    else:
        assert triples_of(back) == triples_of(quads)
    again = io.BytesIO()
    export(get_format(name), again, rdf=rdf, base_url=BASE, **{kind: ident})
    if name != "jsonld":                    # rdflib's compaction orders by Python's string hash
        assert again.getvalue() == out.getvalue()


def test_the_property_graph_writers_write_every_node(graph_and_rdf):
    graph = graph_and_rdf[0]
    expected = graph.read(cypher.COUNTS).dicts()[0]
    nodes = expected["briefings"] + expected["entities"] + expected["events"]
    script = io.BytesIO()
    writer_for(get_format("cypher")).write_archive(Stores(graph=graph), script)
    statements = [s for s, schema in script_statements(script.getvalue().decode("utf-8")) if not schema]
    assert sum(s.count("{`id`: ") for s in statements if " MERGE (n:" in s) == nodes
    assert any(" MERGE (a)-[r:" in s for s in statements)
    archive = io.BytesIO()
    writer_for(get_format("neo4j-csv")).write_archive(Stores(graph=graph), archive)
    with zipfile.ZipFile(archive) as z:
        rows = sum(len(list(csv.reader(io.StringIO(z.read(n).decode("utf-8"))))) - 1
                   for n in z.namelist() if n.startswith("nodes-"))
    assert rows == nodes


def test_the_cypher_description_is_the_lookup_and_reads_nothing():
    def unread():
        raise AssertionError("the Cypher lookup needs no quads")
    for kind, ident, lookup_kind in [("entity", LUKASHENKO, "person"), ("entity", "event/x-1-2", "event"),
                                     ("briefing", BRIEFING, "briefing")]:
        out = io.BytesIO()
        writer_for(get_format("cypher")).write_resource(Resource(kind, ident, unread), out)
        assert out.getvalue().decode("utf-8") == lookup_query(lookup_kind, ident)
    assert lookup_query("event", "event/x-1-2").startswith("MATCH (n:Event ")


def test_nothing_to_describe_names_what_was_asked(graph_and_rdf):
    with pytest.raises(NothingToDescribe) as err:
        export(get_format("turtle"), io.BytesIO(), rdf=graph_and_rdf[1], base_url=BASE, entity="person/nobody")
    assert str(err.value) == "there is nothing about entity 'person/nobody' in the archive"
    assert isinstance(err.value, ValueError)            # what `briefgraph export` reports


@pytest.mark.parametrize("name, kwargs, error, message", [
    ("sparql-json", {}, UnknownFormat, "sparql-json is a format of query results, not of exports"),
    ("neo4j-csv", {"entity": LUKASHENKO}, ValueError,
     "the neo4j-admin CSV files are of the whole graph: drop --briefing and --entity"),
    ("neo4j-csv", {"briefing": BRIEFING}, ValueError,
     "the neo4j-admin CSV files are of the whole graph: drop --briefing and --entity"),
    ("turtle", {"entity": LUKASHENKO, "briefing": BRIEFING}, ValueError, "give --briefing or --entity, not both"),
])
def test_a_combination_no_format_offers_is_the_same_error(name, kwargs, error, message):
    out = io.BytesIO()
    with pytest.raises(error) as err:
        export(get_format(name), out, base_url=BASE, **kwargs)
    assert str(err.value) == message
    assert out.getvalue() == b""


@pytest.mark.parametrize("name", ["cypher", "neo4j-csv"])
def test_a_property_graph_format_writes_no_rdf(name):
    with pytest.raises(ValueError) as err:
        writer_for(get_format(name)).write_graph([], io.BytesIO())
    assert str(err.value) == f"{name} is not an RDF format"


def test_what_sets_how_a_format_is_written_is_data():
    assert [f.name for f in FORMATS if f.prefixed] == ["turtle", "trig"]
    assert get_format("turtle").content_type == "text/turtle; charset=utf-8"
    assert get_format("cypher").content_type == "application/x-cypher-query; charset=utf-8"
    assert get_format("jsonld").content_type == "application/ld+json"
    assert get_format("rdfxml").content_type == "application/rdf+xml"

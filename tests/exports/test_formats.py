"""The registry of formats: names, aliases, media types, and a clear error for an unknown one."""
import pytest

from briefgraph.formats import FORMATS, UnknownFormat, get_format


@pytest.mark.parametrize("key, name", [("ttl", "turtle"), ("text/turtle", "turtle"), ("nt", "ntriples"),
                                       ("application/n-quads", "nquads"), ("TriG", "trig"), ("json-ld", "jsonld"),
                                       ("rdf", "rdfxml"), ("application/rdf+xml", "rdfxml"), ("cypher", "cypher"),
                                       ("neo4j-admin", "neo4j-csv"), ("application/sparql-results+json", "sparql-json"),
                                       ("tsv", "tsv")])
def test_aliases_and_media_types(key, name):
    assert get_format(key).name == name


def test_unknown_format_lists_the_known_ones():
    with pytest.raises(UnknownFormat) as err:
        get_format("xls", ("graph", "dataset", "property-graph"))
    assert str(err.value) == ("unknown format 'xls'; the known ones are: turtle, ntriples, jsonld, rdfxml, "
                              "nquads, trig, cypher, neo4j-csv")
    with pytest.raises(UnknownFormat):
        get_format("csv", ("graph", "dataset"))          # a results format is not an RDF one


def test_every_key_names_one_format():
    keys = [k for f in FORMATS for k in {f.name, f.media_type, f.extension, *f.aliases}]
    assert len(keys) == len(set(keys))

"""One registry of output formats, shared by `briefgraph export`, the downloads, the Linked Data
twins, the SPARQL endpoint and the store's query workers (which write the endpoint's answers): each
format has a name, aliases (suffixes and media types), its media type and file extension, and the
facts that set how it is written (whether it declares the vocabularies' prefixes, the charset its
media type carries); how to write it is looked up by its name (exports/writers.py). An
unknown name is an error that lists the known ones. A base module, below the store, as the query
workers need it; it imports nothing from the project but the base exception."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from briefgraph.errors import BriefgraphError


@dataclass(frozen=True)
class Format:
    """An output format."""

    name: str
    media_type: str
    extension: str
    kind: str                       # "graph" (triples), "dataset" (quads), "results", "property-graph"
    aliases: tuple[str, ...] = ()
    rdf: RdfFormat | None = None
    results: QueryResultsFormat | None = None
    prefixed: bool = False          # declares the vocabularies' prefixes (instance IRIs stay whole)
    charset: str | None = None      # text whose media type names its charset (JSON and XML say it themselves)

    @property
    def file_name(self) -> str:
        """The name of the full dump in this format."""
        return f"briefgraph.{self.extension}"

    @property
    def content_type(self) -> str:
        """The media type as served, with its charset where it takes one."""
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type


class UnknownFormat(BriefgraphError, ValueError):
    """A format name, suffix or media type that no format has."""


UTF8 = "utf-8"
FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "graph", ("ttl",), rdf=RdfFormat.TURTLE, prefixed=True, charset=UTF8),
    Format("ntriples", "application/n-triples", "nt", "graph", ("nt", "n-triples"), rdf=RdfFormat.N_TRIPLES,
           charset=UTF8),
    Format("jsonld", "application/ld+json", "jsonld", "graph", ("json-ld",), rdf=RdfFormat.JSON_LD),
    Format("rdfxml", "application/rdf+xml", "rdf", "graph", ("rdf", "xml", "rdf/xml", "owl"), rdf=RdfFormat.RDF_XML),
    Format("nquads", "application/n-quads", "nq", "dataset", ("nq", "n-quads"), rdf=RdfFormat.N_QUADS, charset=UTF8),
    Format("trig", "application/trig", "trig", "dataset", (), rdf=RdfFormat.TRIG, prefixed=True, charset=UTF8),
    Format("cypher", "application/x-cypher-query", "cypher", "property-graph", ("cql",), charset=UTF8),
    Format("neo4j-csv", "application/zip", "neo4j-csv.zip", "property-graph", ("neo4j-admin", "csv.zip")),
    Format("sparql-json", "application/sparql-results+json", "srj", "results", ("json", "srj"),
           results=QueryResultsFormat.JSON),
    Format("sparql-xml", "application/sparql-results+xml", "srx", "results", ("srx",), results=QueryResultsFormat.XML),
    Format("csv", "text/csv", "csv", "results", (), results=QueryResultsFormat.CSV, charset=UTF8),
    Format("tsv", "text/tab-separated-values", "tsv", "results", (), results=QueryResultsFormat.TSV, charset=UTF8),
)
_BY_KEY = {key: f for f in FORMATS for key in (f.name, f.media_type, f.extension, *f.aliases)}


def get_format(key: str, kinds: tuple[str, ...] | None = None) -> Format:
    """The format with this name, alias, extension or media type (of one of `kinds`, if given)."""
    found = _BY_KEY.get(key.strip().lower())
    allowed = [f for f in FORMATS if kinds is None or f.kind in kinds]
    if found is None or found not in allowed:
        names = ", ".join(f.name for f in allowed)
        raise UnknownFormat(f"unknown format {key!r}; the known ones are: {names}")
    return found


def formats(*kinds: str) -> list[Format]:
    """The formats of these kinds, in registry order."""
    return [f for f in FORMATS if f.kind in kinds]

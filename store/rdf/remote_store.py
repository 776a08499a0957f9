"""A SPARQL 1.1 Query and Update server as the RDF store (Apache Jena Fuseki in the tests; Oxigraph
server or GraphDB work the same way), through the SPARQL 1.1 Protocol. Results are streamed and
parsed as they arrive, so the row cap stops the download, not just the answer."""
from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any

from pyoxigraph import NamedNode, Quad, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results

from briefgraph.ontology.model import ONTOLOGY_IRI
from briefgraph.store.graph.base import QueryRefused, QueryTimeout
from briefgraph.store.rdf.base import (COUNT_QUERY, HASHES_QUERY, RdfError, briefing_id_of, describe_query, insert_update,
                       ontology_triples, prune_update, quads_of)
from briefgraph.store.rdf.sparql import SparqlResult, collect

# What a read asks the server for: SPARQL JSON results for SELECT and ASK, N-Triples for
# CONSTRUCT and DESCRIBE (the server picks by the query's form).
READ_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
# Seconds past a query's time limit that the client still waits for the server's own answer
# (the server's timeout error, or its last rows) before it gives up on the connection.
GRACE_S = 2.0


class SparqlHttpStore:
    """A SPARQL 1.1 Query and Update server, at the dataset's URL (`…/query` and `…/update` are
    derived from it, or the URL is the one endpoint for both when it ends in `/sparql`). The
    server must serve the union of its named graphs as the default graph, as the embedded store
    does (Fuseki: `tdb2:unionDefaultGraph`; Oxigraph server: `--union-default-graph`)."""

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.query_url = self.url + "/query" if not self.url.endswith(("/query", "/sparql")) else self.url
        self.update_url = self.url + "/update" if not self.url.endswith(("/update", "/sparql")) else self.url

    # -- HTTP ------------------------------------------------------------------------------------

    def _open(self, url: str, data: bytes, content_type: str, accept: str, timeout: float) -> http.client.HTTPResponse:
        request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type, "Accept": accept})
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
            return response
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            exc.close()
            if 400 <= exc.code < 500:
                raise QueryRefused(f"the SPARQL server refused it ({exc.code}): {detail}") from None
            if exc.code == 503 and "timeout" in detail.lower():
                raise QueryTimeout(f"the SPARQL server stopped the query at its time limit: {detail}") from None
            raise RdfError(f"the SPARQL server at {url} answered {exc.code}: {detail}") from None
        except (TimeoutError, socket.timeout) as exc:
            raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise RdfError(f"the SPARQL server at {url} cannot be reached: {exc}") from exc

    def _post(self, url: str, data: bytes, content_type: str, accept: str = "*/*") -> bytes:
        try:
            with self._open(url, data, content_type, accept, self.timeout) as response:
                return response.read()
        except (QueryRefused, QueryTimeout) as exc:
            raise RdfError(str(exc)) from exc

    def _update(self, update: str) -> None:
        self._post(self.update_url, update.encode("utf-8"), "application/sparql-update")

    def _select(self, query: str) -> list[dict[str, Any]]:
        body = self._post(self.query_url, query.encode("utf-8"), "application/sparql-query",
                          "application/sparql-results+json")
        bindings: list[dict[str, Any]] = json.loads(body)["results"]["bindings"]
        return bindings

    # -- the write side --------------------------------------------------------------------------

    def replace_graph(self, graph: NamedNode, triples: list[Triple]) -> None:
        self._update(insert_update(graph, triples))

    def load_graphs(self, graphs: list[NamedNode], nquads: str, markers: str) -> None:
        """Replace named graphs with the N-Quads and markers given, in one atomic update."""
        by_graph: dict[str, list[str]] = {}
        for quad in parse((nquads + markers).encode("utf-8"), format=RdfFormat.N_QUADS):
            by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        drops = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs)
        inserts = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        self._update(f"{drops} ;\nINSERT DATA {{\n{inserts}\n}}")

    def drop_graph(self, graph: NamedNode) -> None:
        self._update(f"DROP SILENT GRAPH {graph}")

    def prune_entities(self, entity_graph: NamedNode) -> None:
        self._update(prune_update(entity_graph))

    def record(self, update: str, nquads: str) -> None:
        by_graph: dict[str, list[str]] = {}
        for quad in parse(nquads.encode("utf-8"), format=RdfFormat.N_QUADS):
            by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        inserts = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        self._update((f"{update} ;\n" if update else "") + f"INSERT DATA {{\n{inserts}\n}}")

    def ensure_ontology(self) -> None:
        graph = NamedNode(str(ONTOLOGY_IRI))
        if not self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            self.replace_graph(graph, ontology_triples())

    # -- the read side ---------------------------------------------------------------------------

    def query(self, query: str, *, timeout_s: float, limit: int, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, generation: str | None = None,
              formats: dict[str, str] | None = None) -> SparqlResult:
        """The query sent by the protocol's POST form; rows parsed as they arrive and the
        connection dropped at the row cap. The server's own time limit stops it there; the
        client stops waiting `GRACE_S` later."""
        fields = [("query", query)] + [("default-graph-uri", g) for g in default_graphs or []] + [
            ("named-graph-uri", g) for g in named_graphs or []]
        data = urllib.parse.urlencode(fields).encode("ascii")
        response = self._open(self.query_url, data, "application/x-www-form-urlencoded", READ_ACCEPT,
                              timeout_s + GRACE_S)
        try:
            media_type = response.headers.get_content_type()
            if media_type == "application/sparql-results+json":
                return collect(parse_query_results(response, QueryResultsFormat.JSON), limit)
            if media_type == "application/n-triples":
                return collect(parse(response, format=RdfFormat.N_TRIPLES), limit)
            raise QueryRefused(f"the SPARQL server answered in {media_type}, neither SPARQL JSON results nor N-Triples")
        except (TimeoutError, socket.timeout) as exc:
            raise QueryTimeout(f"the SPARQL server did not finish within {timeout_s:g} s") from exc
        except SyntaxError as exc:
            raise RdfError(f"the SPARQL server's answer could not be read: {exc}") from exc
        finally:
            response.close()

    def describe(self, iri: NamedNode, *, timeout_s: float, limit: int, generation: str | None = None) -> list[Quad]:
        return quads_of(self.query(describe_query(iri), timeout_s=timeout_s, limit=limit))

    def graph_quads(self, graph: NamedNode) -> Iterator[Quad]:
        """One named graph, streamed as N-Triples from a CONSTRUCT."""
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        try:
            with self._open(self.query_url, query.encode("utf-8"), "application/sparql-query",
                            "application/n-triples", self.timeout) as response:
                for triple in parse(response, format=RdfFormat.N_TRIPLES):
                    yield Quad(triple.subject, triple.predicate, triple.object, graph)
        except (QueryRefused, QueryTimeout) as exc:
            raise RdfError(str(exc)) from exc

    def graphs(self) -> list[NamedNode]:
        """The named graphs, in the order of their IRIs."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [NamedNode(iri) for iri in sorted(row["g"]["value"] for row in rows)]

    def quads(self) -> Iterable[Quad]:
        """Every quad, graph by graph: one response at a time, whatever the store's size."""
        for graph in self.graphs():
            yield from self.graph_quads(graph)

    def ask(self, query: str) -> bool:
        body = self._post(self.query_url, query.encode("utf-8"), "application/sparql-query",
                          "application/sparql-results+json")
        return bool(json.loads(body)["boolean"])

    def count(self) -> int:
        return int(self._select(COUNT_QUERY)[0]["n"]["value"])

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""
        return {briefing_id_of(r["b"]["value"]): r["h"]["value"] for r in self._select(HASHES_QUERY)}

    def close(self) -> None:
        """Nothing is held between requests."""

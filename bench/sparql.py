"""SPARQL endpoint overhead: five typical queries through /sparql (gunicorn, HTTP, the query
workers, SPARQL JSON results) against the same queries on pyoxigraph directly (a read-only store
in this process, results serialised to SPARQL JSON by pyoxigraph), on the 1,000-briefing generated
corpus. Prints each query's medians and the ratio; the target is a median ratio <= 1.3.
Usage: python bench/sparql.py [--data DIR] [--count 1000] [--repeat 15]"""
from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

BG = "PREFIX bg: <https://w3id.org/briefgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
QUERIES = {
    "persons with their labels": BG + "SELECT DISTINCT ?e ?label WHERE { ?e a bg:Person ; skos:prefLabel ?label } "
                                      "ORDER BY ?label",
    "troop transfers by month": BG + "SELECT ?month (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a bg:TroopTransfer ; "
                                     "bg:time/bg:earliest ?d BIND(SUBSTR(STR(?d), 1, 7) AS ?month) } "
                                     "GROUP BY ?month ORDER BY ?month",
    "troop transfers with quantities": BG + "SELECT ?t ?value ?unit WHERE { ?t a bg:TroopTransfer ; bg:quantity ?q . "
                                            "?q bg:value ?value ; bg:unitText ?unit } LIMIT 500",
    "a person's statements": BG + "SELECT ?s ?text WHERE { ?who skos:prefLabel \"Alexander Lukashenko\"@en . "
                                  "?s a bg:Statement ; bg:speaker ?who ; bg:evidence/bg:text ?text } LIMIT 200",
    "ask an alliance": BG + "ASK { ?a skos:prefLabel \"Belarus\"@en . ?b skos:prefLabel \"Russia\"@en . ?a bg:allyOf ?b }",
}


def direct(store, query: str) -> bytes:
    from pyoxigraph import QueryBoolean, QueryResultsFormat
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, QueryBoolean):
        return result.serialize(format=QueryResultsFormat.JSON)
    return result.serialize(format=QueryResultsFormat.JSON)


def through_endpoint(conn: http.client.HTTPConnection, query: str) -> bytes:
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                 headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"/sparql answered {response.status}: {body[:200]!r}")
    return body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    from pyoxigraph import Store

    from web import corpus, free_port, serve
    with tempfile.TemporaryDirectory() as tmp:
        data = corpus(args.data, Path(tmp), args.count)
        store = Store.read_only(str(data / "rdf"))
        port = free_port()
        server = serve(data, port, workers=1, threads=2, cache=0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ratios = []
        try:
            for name, query in QUERIES.items():
                through_endpoint(conn, query)               # warm: the worker opens its store handle
                direct(store, query)
                d, e = [], []
                for _ in range(args.repeat):             # interleaved, so that noise hits both alike
                    start = time.perf_counter()
                    direct(store, query)
                    d.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    through_endpoint(conn, query)
                    e.append(time.perf_counter() - start)
                ratio = statistics.median(e) / statistics.median(d)
                ratios.append(ratio)
                print(f"{name:34s} direct {statistics.median(d) * 1000:7.1f} ms  /sparql {statistics.median(e) * 1000:7.1f} ms"
                      f"  ratio {ratio:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"median ratio over the {len(ratios)} queries: {statistics.median(ratios):.2f} (target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

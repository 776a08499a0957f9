"""Load: 16 concurrent clients for 60 seconds over a mix of entity pages, searches, SPARQL and
Cypher queries on the 1,000-briefing generated corpus (gunicorn as in production); then the same
mix for 60 seconds while an ingest of 200 more briefings writes to the same stores. Prints
p50/p95/p99 per kind and the errors; the target is zero errors in both phases.
Usage: python bench/load.py [--data DIR] [--clients 16] [--seconds 60]"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

SPARQL = [
    "PREFIX bg: <https://w3id.org/briefgraph/ontology#> SELECT ?t ?value ?unit WHERE { ?t a bg:TroopTransfer ; "
    "bg:quantity ?q . ?q bg:value ?value ; bg:unitText ?unit } LIMIT 100",
    "PREFIX bg: <https://w3id.org/briefgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?s ?text WHERE { ?who skos:prefLabel \"Alexander Lukashenko\"@en . ?s a bg:Statement ; "
    "bg:speaker ?who ; bg:evidence/bg:text ?text } LIMIT 50",
    "ASK { ?s ?p ?o }",
]
CYPHER = [
    "MATCH (n:Entity {id: $id})-[r]-(m) RETURN type(r), m.id LIMIT 50",
    "MATCH (e:Event)-[:REPORTED_IN]->(b:Briefing) WHERE e.date_start >= '2023-01-01' RETURN e.type, count(*) "
    "ORDER BY count(*) DESC LIMIT 10",
    "MATCH (n:Person) RETURN n.label ORDER BY n.label LIMIT 100",
]


def requests_for(ids: list[str], names: list[str], rnd: random.Random):
    """An endless deterministic mix: 40 % entity pages, 30 % searches, 15 % SPARQL, 15 % Cypher."""
    while True:
        roll = rnd.random()
        if roll < 0.4:
            yield "entity", "GET", "/id/" + rnd.choice(ids), None, {}
        elif roll < 0.7:
            yield "search", "GET", "/search?" + urllib.parse.urlencode({"q": rnd.choice(names)}), None, {}
        elif roll < 0.85:
            yield ("sparql", "GET", "/sparql?" + urllib.parse.urlencode({"query": rnd.choice(SPARQL)}), None,
                   {"Accept": "application/sparql-results+json"})
        else:
            body = json.dumps({"statement": rnd.choice(CYPHER), "parameters": {"id": rnd.choice(ids)}})
            yield "cypher", "POST", "/cypher", body, {"Content-Type": "application/json"}


def _client(args) -> list[tuple[str, float, str | None]]:
    from web import timed

    port, ids, names, seed, seconds = args
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    deadline = time.monotonic() + seconds
    out = []
    for kind, method, path, body, headers in requests_for(ids, names, rnd):
        if time.monotonic() >= deadline:
            break
        ms, error, conn = timed(conn, port, method, path, body, headers)
        out.append((kind, ms, error))
    conn.close()
    return out


def phase(label: str, port: int, ids, names, clients: int, seconds: int, seed: int) -> bool:
    from multiprocessing import get_context

    from web import percentile
    with get_context("fork").Pool(clients) as pool:
        results = pool.map(_client, [(port, ids, names, seed * 100 + i, seconds) for i in range(clients)])
    rows = [row for result in results for row in result]
    errors = [e for _, _, e in rows if e]
    print(f"{label}: {len(rows)} requests in {seconds} s from {clients} clients = {len(rows) / seconds:.0f}/s; "
          f"{len(errors)} errors")
    for kind in ("entity", "search", "sparql", "cypher"):
        values = [ms for k, ms, _ in rows if k == kind]
        if values:
            print(f"  {kind:7s} n={len(values):5d}  p50 {percentile(values, 50):7.1f} ms  p95 {percentile(values, 95):7.1f} ms"
                  f"  p99 {percentile(values, 99):7.1f} ms")
    for error in errors[:10]:
        print("  error:", error)
    return not errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    from generate import generate
    from web import corpus, free_port, serve, workload

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = corpus(args.data, tmp_path, args.count)
        jobs = workload(data, 400)
        ids = sorted({path.removeprefix("/id/") for kind, path in jobs if kind == "entity"})
        names = sorted({urllib.parse.parse_qs(path.split("?", 1)[1])["q"][0] for kind, path in jobs if kind == "search"})
        env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
        # New ids for phase 2, past every briefing stored (a reused --data holds earlier runs' too).
        stored = json.loads(subprocess.run([sys.executable, "-m", "briefgraph.cli", "stats", "--format", "json"],
                                           env=env, capture_output=True, text=True, check=True).stdout)["briefings"]
        port = free_port()
        server = serve(data, port, workers=2, threads=8, cache=2048)
        ok = True
        try:
            ok &= phase("steady", port, ids, names, args.clients, args.seconds, 1)
            # The same mix while an ingest writes 200 new briefings (other ids) to the same stores.
            generate(tmp_path / "more", 200, seed=99, start=stored)
            ingest = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "ingest", str(tmp_path / "more")],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            ok &= phase("during an ingest", port, ids, names, args.clients, args.seconds, 2)
            report = ingest.communicate(timeout=600)[0].strip().splitlines()[0]
            print(f"  the ingest: {report}")
            ok &= ingest.returncode == 0 and report.startswith("ingest: 200 ingested")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

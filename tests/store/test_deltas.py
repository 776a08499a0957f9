"""Delta dumps: between consecutive download sets, the N-Quads removed and added; applied to the
earlier full dump they give the later one exactly (the test editions, one set after each weekly
ingest and after the correction)."""
from rdflib import Graph, Literal, URIRef

from briefgraph.exports.downloads import DELTAS, regenerate, void_description
from briefgraph.store.graph import cypher
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.stats import counts
from tests.store.conftest import BASE
from tests.store.editions import CORRECTED, WEEKS

NQUADS = "briefgraph.nq"
SPDX = "http://spdx.org/rdf/terms#"


def _lines(path):
    with path.open("rb") as fh:
        return list(fh)


def test_each_delta_turns_one_full_dump_into_the_next(series, graph, tmp_path):
    folder = tmp_path / "downloads"
    full: list[list[bytes]] = []
    for step in [*WEEKS, ("2025-03-26T09:00:00+00:00", [CORRECTED])]:
        series([step])
        rdf = OxigraphStore(tmp_path / "rdf", read_only=True)
        try:
            manifest = regenerate(folder, graph=graph, rdf=rdf, base_url=BASE,
                                  generation=graph.read(cypher.GENERATION).rows[0][0],
                                  counts={**counts(graph), "triples": rdf.count()})
        finally:
            rdf.close()
        full.append(_lines(folder / manifest["dir"] / NQUADS))
    deltas = manifest["deltas"]
    assert len(deltas) == 3 and [d["target"] for d in deltas[:-1]] == [d["source"] for d in deltas[1:]]
    for before, after, delta in zip(full, full[1:], deltas):
        removed = _lines(folder / DELTAS / delta["removed"]["name"])
        added = _lines(folder / DELTAS / delta["added"]["name"])
        assert [len(removed), len(added)] == [delta["lines"]["removed"], delta["lines"]["added"]]
        gone = set(removed)
        assert sorted([line for line in before if line not in gone] + added) == sorted(after)
    # the correction: only its briefing's graph (and the entity graph's statements) change
    last = deltas[-1]
    assert last["lines"]["removed"] > 0 and all(b"/briefings/border-watch-2025-11" in line or b"/graphs/entities" in line
                                                for line in _lines(folder / DELTAS / last["removed"]["name"]))
    # each file with its size and SHA-256 in the VoID/DCAT description
    void = Graph().parse(data=void_description(BASE, manifest), format="turtle")
    for delta in deltas:
        for side in ("removed", "added"):
            dump = delta[side]
            node = URIRef(f"{BASE}/downloads#{dump['name']}")
            assert (node, URIRef("http://www.w3.org/ns/dcat#downloadURL"),
                    URIRef(f"{BASE}/downloads/{DELTAS}/{dump['name']}")) in void
            assert (node, URIRef("http://www.w3.org/ns/dcat#byteSize"), Literal(dump["size"])) in void
            checksum = next(void.objects(node, URIRef(SPDX + "checksum")))
            assert str(next(void.objects(checksum, URIRef(SPDX + "checksumValue")))) == dump["sha256"]

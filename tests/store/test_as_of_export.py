"""`briefgraph export --as-of`: the RDF of the briefings published by a day, and of the entities
they name, nothing later (the test editions, tests/data)."""
import datetime as dt
import io

import pytest
from pyoxigraph import RdfFormat, parse

from briefgraph.exports import export, get_format
from briefgraph.store.rdf.open_store import OxigraphStore
from tests.store.conftest import BASE
from tests.store.editions import WEEKS

ENTITIES, CHANGES = f"{BASE}/graphs/entities", f"{BASE}/graphs/changes"


def _export(rdf, day, fmt="nquads"):
    out = io.BytesIO()
    export(get_format(fmt), out, rdf=rdf, base_url=BASE, as_of=day)
    return list(parse(out.getvalue(), format=RdfFormat.N_QUADS))


def test_an_export_as_of_a_day_holds_only_what_was_published_by_then(series, tmp_path):
    series(WEEKS)
    rdf = OxigraphStore(tmp_path / "rdf", read_only=True)
    try:
        quads = _export(rdf, dt.date(2025, 3, 11))
        graphs = sorted({q.graph_name.value for q in quads})
        assert graphs == [f"{BASE}/briefings/border-watch-2025-10/graph", f"{BASE}/briefings/eastern-flank-2025-03-11/graph",
                          ENTITIES, "https://w3id.org/briefgraph/ontology"]
        described = sorted({q.subject.value.removeprefix(f"{BASE}/id/").split("#")[0] for q in quads
                            if q.graph_name.value == ENTITIES})
        assert described == ["person/alexander-lukashenko", "person/viktor-khrenin", "place/baranovichi", "place/brest",
                             "place/minsk", "place/smolensk", "state/russia"]
        everything = _export(rdf, None)
        # everything but the record of changes, which is of record time
        assert _export(rdf, dt.date(2025, 3, 24)) == [q for q in everything if q.graph_name.value != CHANGES]
        assert any(q.graph_name.value == CHANGES for q in everything)
        assert _export(rdf, dt.date(2025, 3, 9)) == [q for q in everything
                                                     if q.graph_name.value == "https://w3id.org/briefgraph/ontology"]
        with pytest.raises(ValueError, match="--as-of is for the RDF formats"):
            export(get_format("cypher"), io.BytesIO(), rdf=rdf, base_url=BASE, as_of=dt.date(2025, 3, 9))
    finally:
        rdf.close()

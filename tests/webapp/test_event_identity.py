"""An event has one identity: the id `briefgraph extract` prints is the id of its node in the graph,
of its resource in the RDF store, and of its page (issue 13; before, the stores hashed their own)."""
from briefgraph.ingest.extraction import extract_file
from tests.webapp.conftest import BASE, SAMPLES

SAMPLE = SAMPLES / "01-zapad-2021-review.md"


def test_the_ids_extract_prints_are_the_stored_events_and_their_pages(stores, client, rules_pipeline):
    graph, _ = stores
    extraction = extract_file(SAMPLE, rules_pipeline)
    printed = {e["id"] for e in extraction.to_json()["events"]}
    assert printed and any(not i.startswith(f"event/{extraction.briefing.id}-") for i in printed)  # hashed ones too
    stored = {row[0] for row in graph.read("MATCH (e:Event)-[:REPORTED_IN]->(b:Briefing {id: $id}) RETURN e.id",
                                           {"id": extraction.briefing.id}).rows}
    assert stored == printed
    for ident in sorted(printed):
        page = client.get(f"/id/{ident}.json")
        assert page.status_code == 200, ident
        turtle = client.get(f"/id/{ident}.ttl").get_data(as_text=True)
        assert f"<{BASE}/id/{ident}>" in turtle, turtle[:500]

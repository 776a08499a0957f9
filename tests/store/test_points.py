"""Places' points in both stores: a settlement the gazetteer lacks gets GeoNames' point when its
name is unambiguous there (none otherwise), a known place the gazetteer's, and its events inherit it."""
from briefgraph.store.rdf.quads import briefing_statements

BODY = ("On 3 May 2024 Russian troops arrived in the town of Krichev in Mogilev Oblast. "
        "A battalion was deployed near the village of Lyaskovichi.")
GEO = "http://www.opengis.net/ont/geosparql#"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"


def test_points_of_places_found_by_name_and_their_events(make, writer, graph):
    extraction = make("points", BODY)
    assert {e.id: e.type for e in extraction.entities if e.type == "Settlement"} == {
        "place/krichev": "Settlement", "place/lyaskovichi": "Settlement"}
    writer.write(extraction)
    places = {r["id"]: (r["lat"], r["lon"], r["precision"]) for r in graph.read(
        "MATCH (n:Entity) WHERE n.kind = 'place' RETURN n.id AS id, n.lat AS lat, n.lon AS lon, n.precision AS precision").dicts()}
    assert places == {"place/krichev": (53.71924, 31.71356, "town"),          # GeoNames' one Krichev (Krychaw, Кричев)
                      "place/lyaskovichi": (None, None, None),               # in no GeoNames populated place of the region
                      "place/mogilev-oblast": (53.5673, 30.6867, "region")}  # the gazetteer's: its outline's point
    events = {r["type"]: (r["place"], r["lat"], r["lon"], r["precision"]) for r in graph.read(
        "MATCH (e:Event) RETURN e.type AS type, e.place AS place, e.lat AS lat, e.lon AS lon, e.precision AS precision").dicts()}
    assert events == {"TroopTransfer": ("place/krichev", 53.71924, 31.71356, "town"),
                      "Deployment": (None, None, None, None)}


def test_a_place_point_in_rdf(make):
    statements = briefing_statements(make("points", BODY), "http://briefgraph.test")
    krichev = "<http://briefgraph.test/id/place/krichev>"
    mine = {(p, o) for s, p, o in statements if s == krichev}
    assert {(f"<{WGS}lat>", f'"53.71924"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
            (f"<{WGS}long>", f'"31.71356"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
            ("<https://w3id.org/briefgraph/ontology#geoPrecision>", "<https://w3id.org/briefgraph/ontology#precisionTown>"),
            (f"<{GEO}hasGeometry>", "<http://briefgraph.test/id/place/krichev#point>")} <= mine
    assert ("<https://w3id.org/briefgraph/ontology#pointSource>", '"GeoNames 626450"') in mine
    wkt = {o for s, p, o in statements if s == "<http://briefgraph.test/id/place/krichev#point>" and p == f"<{GEO}asWKT>"}
    assert wkt == {f'"POINT(31.71356 53.71924)"^^<{GEO}wktLiteral>'}
    assert not [s for s, p, o in statements if s == "<http://briefgraph.test/id/place/lyaskovichi>" and p == f"<{WGS}lat>"]


def test_a_point_leaves_the_entity_graph_with_the_last_briefing_naming_its_place(make, writer, rdf):
    writer.write(make("points", BODY))
    writer.write(make("other", "Aliaksandr Lukashenka spoke in Minsk on 4 May 2024."))
    entities = "http://briefgraph.test/graphs/entities"

    def described():
        return sorted({q.subject.value.removeprefix("http://briefgraph.test/id/") for q in rdf.quads()
                       if q.graph_name.value == entities and "place/" in q.subject.value})

    assert described() == ["place/krichev", "place/krichev#point", "place/lyaskovichi", "place/minsk",
                           "place/minsk#point", "place/mogilev-oblast", "place/mogilev-oblast#point"]
    writer.delete("points")
    assert described() == ["place/minsk", "place/minsk#point"]

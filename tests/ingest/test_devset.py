"""The extraction of every dev-set briefing against a few exact expectations (the dev set lives in
../shared beside the repository; its texts are read there, never copied here)."""
from pathlib import Path

import pytest

from briefgraph.ingest.extraction import extract_file

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "dev-set" / "briefings"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev set is not beside the repository")


@pytest.fixture(scope="module")
def extracted(rules_pipeline):
    return {p.stem: extract_file(p, rules_pipeline).to_json() for p in sorted(DEV.iterdir())}


def find(result, type_, *, with_value=None, entity=None):
    for e in result["events"]:
        values = [q["value"] for q in e["quantities"]]
        ids = {p["entity"] for p in e["participants"]} | {e["place"]}
        if e["type"] == type_ and (with_value is None or with_value in values) and (entity is None or entity in ids):
            return e
    raise AssertionError(f"no {type_} event with {with_value or entity}")


def test_seed_rail_transfer_of_2022(extracted):
    e = find(extracted["00-seed"], "TroopTransfer", with_value=11889)
    assert [(q["value"], q["unit"], q["text"]) for q in e["quantities"]] == [
        (11889, "railcars", "11,889 railcars"), (229843421, "kg", "229,843,421 kg"), (730, "cars", "730 cars")]
    assert e["modality"] == "reported"
    assert e["place"] == "state/belarus"
    assert {"role": "unit", "entity": "armed-forces/russian-armed-forces"} in e["participants"]


def test_seed_planned_transfer_with_its_systems(extracted):
    e = find(extracted["00-seed"], "TroopTransfer", entity="weapon/9k720-iskander")
    assert e["modality"] == "planned"
    assert e["evidence"]["text"].startswith("Simultaneously, Russia plans to transfer troops to Belarus")
    assert {p["entity"] for p in e["participants"]} >= {"state/russia", "weapon/9k720-iskander", "weapon/s-400-triumf"}


def test_seed_conditional_and_forecast_events_are_kept_but_marked(extracted):
    modalities = {e["modality"] for e in extracted["00-seed"]["events"]}
    assert {"conditional", "forecast", "reported", "planned"} <= modalities


def test_seed_metadata(extracted):
    b = extracted["00-seed"]["briefing"]
    assert (b["period"], b["section"], b["trend"]) == ("2024-08-26/2024-09-01", "Security issues", "The situation got worse")


def test_minsk_dialogue_meeting_and_decision(extracted):
    r = extracted["04-minsk-dialogue-regional-grouping"]
    meeting = find(r, "Meeting", entity="person/vladimir-putin")
    decision = find(r, "AgreementSigning", entity="person/vladimir-putin")
    assert meeting["date"] == decision["date"] == "2022-10-07"
    assert "unit/regional-group-of-forces-of-belarus-and-russia" in {p["entity"] for p in decision["participants"]}
    assert ("person/viktor-khrenin", "leads", "government/ministry-of-defence-of-belarus") in {
        (x["subject"], x["predicate"], x["object"]) for x in r["relations"]}


def test_echelons_with_places_dates_and_hierarchies(extracted):
    r = extracted["07-hajun-russian-echelons-south"]
    polonka = find(r, "TroopTransfer", entity="place/polonka-railway-station")
    assert polonka["date"] == "2022-12-20"
    assert [q["value"] for q in polonka["quantities"]] == [23, 8, 9, 2, 7]
    assert {"weapon/t-80", "weapon/ural-military-truck", "weapon/kamaz-military-truck"} <= {
        p["entity"] for p in polonka["participants"]}
    shklov = find(r, "TroopTransfer", entity="weapon/bmp-2")
    assert shklov["place"] == "place/kalinkovichi"      # "This echelon arrived in Kalinkovichi"
    assert {(x["subject"], x["object"]) for x in r["relations"]} >= {
        ("place/baranovichi-district", "place/brest-oblast"), ("place/kalinkovichi", "place/gomel-oblast")}


def test_wagner_convoys_stay_apart_by_ordinal(extracted):
    r = extracted["09-hajun-wagner-sixth-convoy"]
    convoys = [e for e in r["events"] if e["type"] == "TroopTransfer" and e["place"] == "state/belarus"]
    assert [(e["date"], [q["value"] for q in e["quantities"]]) for e in convoys] == [
        (None, [100, 120, 5, 10, 2]), ("2023-07-18", []), ("2023-07-18", [80])]
    assert {"role": "carrier", "entity": "government/traffic-police-of-belarus"} in convoys[0]["participants"]

"""`briefgraph extract`: JSON in the dev-set schema, a table, and clear errors for bad files."""
import json
import subprocess
import sys
from pathlib import Path

from briefgraph.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_extract_json_schema(capsys):
    assert main(["extract", str(SAMPLES / "05-regional-group-of-forces.md"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"briefing", "extractor", "entities", "events", "relations"}
    assert data["briefing"]["period"] == "2022-10-10/2022-10-23"
    ids = {e["id"] for e in data["entities"]}
    for e in data["entities"]:
        assert {"id", "label", "type", "types", "aliases", "wikidata", "mentions"} <= set(e)
        assert e["types"][0] == e["type"]
    for ev in data["events"]:
        assert ev["modality"] in {"reported", "planned", "alleged", "forecast", "conditional", "denied"}
        assert all(p["entity"] in ids for p in ev["participants"])
        assert ev["place"] is None or ev["place"] in ids
        assert set(ev["evidence"]) == {"text", "start", "end", "sentence"}
    for r in data["relations"]:
        assert r["subject"] in ids and r["object"] in ids


def test_extract_table(capsys):
    assert main(["extract", str(SAMPLES / "02-bruzgi-border-standoff.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "period 2021-11-08/2021-11-14   layout digest"
    assert "ENTITIES (" in out and "EVENTS (" in out and "RELATIONS (" in out


def test_extract_output_is_identical_across_processes():
    path = str(SAMPLES / "11-kursk-incursion-border-buildup.md")
    cmd = [sys.executable, "-m", "briefgraph.cli", "extract", path, "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, check=True).stdout
    second = subprocess.run(cmd, capture_output=True, check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert first == second


def test_bad_file_is_named_with_the_reason(tmp_path, capsys):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert main(["extract", str(empty)]) == 1
    assert capsys.readouterr().err == f"briefgraph extract: {empty}: the file is empty\n"

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
    assert set(data) == {"briefing", "extractor", "entities", "events", "relations", "denied_relations"}
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
        assert r["subject"] in ids and r["object"] in ids and r["modality"] == "reported"
    assert all(r["modality"] == "denied" for r in data["denied_relations"])


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


import pytest  # noqa: E402

BAD_INPUTS = {
    "empty.txt": (b"", "the file is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "looks like a binary file"),
    "undecodable.txt": (b"Weekly report \x80\x81\x82\x83\x84\x85\x86\x87 end", "cannot be decoded"),
    "scripts.html": (b"<html><body>" + b"<script>alert(1)</script>" * 200 + b"</body></html>",
                     "no article text found in the HTML"),
    "front-matter-list.md": (b"---\n- a\n- b\n---\n\nBody text.\n", "front matter is not a mapping"),
    "front-matter-types.md": (b"---\ntitle: [1, 2]\n---\n\nBody text.\n", "'title' must be a string"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_inputs_get_a_clear_message_naming_the_file(tmp_path, capsys, name):
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["extract", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"briefgraph extract: {path}")
    assert reason in err
    assert "Traceback" not in err


def test_a_20_mb_file_is_refused_with_its_size(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Troops moved to Brest. " * (20 * 1024 * 1024 // 23 + 1))
    assert main(["extract", str(path)]) == 1
    assert "20.0 MB, over the 5.0 MB limit" in capsys.readouterr().err

"""Every fact's confidence: the measured precision of its kind (ingest/confidence.toml), in [0, 1],
and a table that is kept in step with the extraction."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from briefgraph.ingest.confidence import PRIOR, Calibration, event_key, load_calibration, relation_key
from briefgraph.ingest.extraction import extract
from briefgraph.ingest.facts import Extraction
from briefgraph.ingest.readers import read_briefing

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "dev-set"


def test_confidence_is_the_smoothed_precision_of_the_kind() -> None:
    table = Calibration({"mention": {"gazetteer": (458, 471)}, "relation": {"cue": (6, 10)}})
    assert table.confidence("mention", "gazetteer") == 0.97
    assert table.confidence("relation", "cue") == 0.583
    assert table.confidence("relation", "never-seen") == PRIOR == 0.5
    assert table.confidence("event", "anything") == 0.5


def test_keys_group_what_is_alike() -> None:
    assert relation_key("cue:signed") == relation_key("cue:war against") == "cue"
    assert event_key("trigger-lexicon", 0) == "trigger-lexicon:0"
    assert event_key("trigger-lexicon", 5) == "trigger-lexicon:2"


def test_every_fact_of_the_samples_has_its_kinds_confidence(rules_pipeline: object) -> None:
    table = load_calibration()
    sample_extractions: list[Extraction] = [extract(read_briefing(p), rules_pipeline)  # type: ignore[arg-type]
                                            for p in sorted((ROOT / "samples").glob("*")) if p.name != "README.md"]
    seen = 0
    for extraction in sample_extractions:
        for entity in extraction.entities:
            for m in entity.mentions:
                assert m.confidence == table.confidence("mention", m.extractor)
                seen += 1
        for event in extraction.events:
            assert 0.0 <= event.confidence <= 1.0
            assert event.confidence == table.confidence(
                "event", event_key(event.extractor, len(event.participants) + bool(event.place)))
        for relation in extraction.relations:
            assert relation.confidence == table.confidence("relation", relation_key(relation.extractor))
            assert relation.to_json()["confidence"] == relation.confidence
    assert seen > 100


@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev set is not beside the repository")
def test_the_shipped_table_is_what_the_extraction_measures_today() -> None:
    """Change a rule and this fails until `python bench/calibrate.py --write` is run again."""
    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "bench" / "calibrate.py")
    assert spec and spec.loader
    calibrate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(calibrate)
    sets = [DEV, ROOT / "bench" / "evalset"]
    assert calibrate.render(calibrate.measure(sets), sets) == (ROOT / "ingest" / "confidence.toml").read_text()

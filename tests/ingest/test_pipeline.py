"""The pipeline is configured by data: components by name, requirements checked, NER optional."""
import sys

import pytest

from briefgraph.ingest.components.ner import installed_model
from briefgraph.ingest.pipeline import PipelineError, build_pipeline, default_config


def test_default_pipeline_order():
    config = default_config()
    config["components"]["ner"]["model"] = "off"
    assert build_pipeline(config).names == ["sentences", "tokens", "times", "quantities", "gazetteer",
                                            "patterns", "people", "resolver", "events", "event-merge", "relations"]


def test_unknown_component_is_named():
    config = default_config()
    config["pipeline"]["components"] = ["sentences", "tokens", "spellcheck"]
    with pytest.raises(PipelineError, match="unknown component 'spellcheck'; known: event-merge, events, gazetteer"):
        build_pipeline(config)


def test_unmet_requirement_is_named():
    config = default_config()
    config["pipeline"]["components"] = ["sentences", "events"]
    with pytest.raises(PipelineError, match="component 'events' needs mentions, entities, times, quantities"):
        build_pipeline(config)


def test_a_pipeline_without_relations_still_extracts(run, rules_pipeline):
    from briefgraph.ingest.extraction import extract
    from tests.conftest import briefing_of

    config = default_config()
    config["components"]["ner"]["model"] = "off"
    config["pipeline"]["components"] = [c for c in config["pipeline"]["components"] if c != "relations"]
    result = extract(briefing_of("Defence Minister Viktar Khrenin met Russian officers in Minsk."),
                     build_pipeline(config)).to_json()
    assert result["relations"] == []
    assert [e["type"] for e in result["events"]] == ["Meeting"]


@pytest.mark.skipif(installed_model("auto") is None, reason="no statistical model installed (make ner)")
def test_ner_adds_unknown_names_without_overriding_known_ones():
    from briefgraph.ingest.extraction import extract
    from tests.conftest import briefing_of

    config = default_config()
    config["components"]["ner"]["model"] = "auto"
    result = extract(briefing_of("Colonel Andrei Zhuk of the Belarusian General Staff met Lukashenka in Minsk."),
                     build_pipeline(config)).to_json()
    ids = [e["id"] for e in result["entities"]]
    assert "person/andrei-zhuk" in ids
    assert "person/alexander-lukashenko" in ids


def test_a_new_component_is_its_file_and_its_line_in_the_toml(tmp_path, monkeypatch):
    """Components are found by importing every module of ingest/components/: a new file there
    registers itself, and the pipeline's configuration names it; nothing else is edited."""
    from briefgraph.ingest import components
    from briefgraph.ingest.pipeline import REGISTRY, build_pipeline, default_config

    (tmp_path / "shout.py").write_text(
        "from briefgraph.ingest.pipeline import component\n\n\n"
        "@component('shout', requires=('sentences',))\n"
        "def shout():\n"
        "    return lambda doc: doc\n")
    monkeypatch.setattr(components, "__path__", [*components.__path__, str(tmp_path)])
    monkeypatch.delitem(REGISTRY, "shout", raising=False)
    config = default_config()
    config["pipeline"]["components"] = [*config["pipeline"]["components"], "shout"]
    try:
        assert build_pipeline(config).names[-1] == "shout"
    finally:
        REGISTRY.pop("shout", None)
        sys.modules.pop(f"{components.__name__}.shout", None)

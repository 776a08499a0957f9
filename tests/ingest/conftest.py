"""Helpers for the extraction tests: a briefing from a few sentences, the extraction of it."""
import pytest

from briefgraph.ingest.extraction import Extraction, extract
from briefgraph.ingest.pipeline import build_pipeline, default_config
from briefgraph.ingest.readers import read_bytes


def briefing_of(body: str, published: str = "2023-07-19", name: str = "test-briefing.md"):
    """A Markdown briefing with front matter around the given body."""
    text = f"---\ntitle: Test briefing\npublished: {published}\n---\n\n{body}\n"
    return read_bytes(text.encode("utf-8"), name)


@pytest.fixture(scope="session")
def rules_pipeline():
    """The default pipeline without the optional statistical model: what CI and the scores use."""
    config = default_config()
    config["components"]["ner"]["model"] = "off"
    return build_pipeline(config)


@pytest.fixture(scope="session")
def run(rules_pipeline):
    """Extract a body of text; returns the JSON of the extraction."""
    def run_(body: str, published: str = "2023-07-19") -> dict:
        result: Extraction = extract(briefing_of(body, published), rules_pipeline)
        return result.to_json()
    return run_

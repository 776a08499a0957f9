"""Fixtures shared by the test packages: the rules-only pipeline and briefings written in a test."""
import pytest

from briefgraph.ingest.pipeline import build_pipeline, default_config
from briefgraph.ingest.readers import read_bytes


def briefing_of(body: str, published: str = "2023-07-19", name: str = "test-briefing"):
    """A Markdown briefing with front matter around the given body."""
    text = f"---\ntitle: {name}\npublished: {published}\n---\n\n{body}\n"
    return read_bytes(text.encode("utf-8"), f"{name}.md")


@pytest.fixture(scope="session")
def rules_pipeline():
    """The default pipeline without the optional statistical model: what CI and the scores use."""
    config = default_config()
    config["components"]["ner"]["model"] = "off"
    return build_pipeline(config)

"""Extraction of a body of text written in the test."""
import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.facts import Extraction
from tests.conftest import briefing_of


@pytest.fixture(scope="session")
def run(rules_pipeline):
    """Extract a body of text; returns the JSON of the extraction."""
    def run_(body: str, published: str = "2023-07-19") -> dict:
        result: Extraction = extract(briefing_of(body, published), rules_pipeline)
        return result.to_json()
    return run_

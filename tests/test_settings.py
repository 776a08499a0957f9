"""Settings come from BRIEFGRAPH_* variables, with working defaults and clear errors."""
from pathlib import Path

import pytest

from briefgraph.settings import Settings, SettingsError, documented


def test_defaults_need_no_configuration():
    s = Settings.from_env({})
    assert s.data_dir == Path("data")
    assert s.graph_url == "" and s.graph_backend == "falkordb-embedded"
    assert s.rdf_url == ""
    assert s.base_url == "http://127.0.0.1:5000"
    assert s.neo4j_user == "neo4j"
    assert s.graph_dir == Path("data/graph") and s.rdf_dir == Path("data/rdf")


def test_values_from_the_environment():
    s = Settings.from_env({
        "BRIEFGRAPH_DATA_DIR": "/srv/bg", "BRIEFGRAPH_GRAPH_URL": "bolt://neo4j:7687",
        "BRIEFGRAPH_NEO4J_USER": "reader", "BRIEFGRAPH_NEO4J_PASSWORD": "secret",
        "BRIEFGRAPH_RDF_URL": "http://oxigraph:7878", "BRIEFGRAPH_BASE_URL": "https://briefgraph.example.org/",
    })
    assert s.data_dir == Path("/srv/bg")
    assert s.graph_backend == "neo4j"
    assert s.neo4j_password == "secret" and "secret" not in repr(s)
    assert s.base_url == "https://briefgraph.example.org"


@pytest.mark.parametrize("url, backend", [("neo4j://db:7687", "neo4j"), ("redis://localhost:6379", "falkordb-server"),
                                          ("falkor://h:6379", "falkordb-server")])
def test_graph_backend_from_scheme(url, backend):
    assert Settings.from_env({"BRIEFGRAPH_GRAPH_URL": url}).graph_backend == backend


def test_unknown_scheme_is_a_clear_error():
    with pytest.raises(SettingsError, match=r"BRIEFGRAPH_GRAPH_URL: unknown scheme 'mongodb'"):
        Settings.from_env({"BRIEFGRAPH_GRAPH_URL": "mongodb://x"})


def test_base_url_must_be_http():
    with pytest.raises(SettingsError, match="BRIEFGRAPH_BASE_URL must start with http"):
        Settings.from_env({"BRIEFGRAPH_BASE_URL": "ftp://x"})


def test_every_setting_is_documented():
    names = [env for env, _, _ in documented()]
    assert names == ["BRIEFGRAPH_DATA_DIR", "BRIEFGRAPH_GRAPH_URL", "BRIEFGRAPH_NEO4J_USER",
                     "BRIEFGRAPH_NEO4J_PASSWORD", "BRIEFGRAPH_NEO4J_DATABASE", "BRIEFGRAPH_RDF_URL",
                     "BRIEFGRAPH_NER_MODEL", "BRIEFGRAPH_BASE_URL", "BRIEFGRAPH_VENDOR_DIR", "BRIEFGRAPH_ENGINES_DIR",
                     "BRIEFGRAPH_PAGE_CACHE", "BRIEFGRAPH_PAGE_CACHE_MB", "BRIEFGRAPH_QUERY_TIMEOUT", "BRIEFGRAPH_ROW_CAP",
                     "BRIEFGRAPH_SECRET_KEY", "BRIEFGRAPH_RATELIMIT_STORAGE"]
    assert all(doc for _, _, doc in documented())


def test_a_number_setting_is_read_and_checked():
    assert Settings.from_env({"BRIEFGRAPH_PAGE_CACHE": "0"}).page_cache == 0
    assert Settings.from_env({}).page_cache == 2048
    with pytest.raises(SettingsError, match="BRIEFGRAPH_PAGE_CACHE must be a whole number, got 'lots'"):
        Settings.from_env({"BRIEFGRAPH_PAGE_CACHE": "lots"})
    with pytest.raises(SettingsError, match="BRIEFGRAPH_PAGE_CACHE must not be negative"):
        Settings.from_env({"BRIEFGRAPH_PAGE_CACHE": "-1"})

"""The fast CYPHER header writes exactly what falkordb-py's own would."""
import pytest
from falkordb.helpers import stringify_param_value

from briefgraph.store.graph.falkordb_store import cypher_literal, params_header

VALUES = ["", "plain", 'quote " and \\ backslash', "new\nline", "Лукашенко", 0, 12, -3.5, 1e20, True, False, None,
          [], [1, "a", None], {"id": "x", "list": [1.5, "b"], "nested": {"k": None}}, ("t", 1)]


@pytest.mark.parametrize("value", VALUES)
def test_same_as_falkordb_py(value):
    assert cypher_literal(value) == stringify_param_value(value)


def test_header():
    assert params_header({"rows": [{"id": "a"}], "n": 3}) == 'CYPHER `rows`=[{`id`:"a"}] `n`=3 '
    assert params_header({}) == ""

"""The command line: `check` and `settings`."""
import json

from briefgraph.cli import main


def test_check_reports_sizes_and_no_problems(capsys):
    assert main(["check", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []
    assert report["event_classes"] >= 13
    assert report["gazetteer_entities"] >= 150


def test_settings_hides_the_password(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFGRAPH_NEO4J_PASSWORD", "hunter2")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "BRIEFGRAPH_NEO4J_PASSWORD=***" in out
    assert "hunter2" not in out


def test_bad_setting_is_a_clear_error(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFGRAPH_GRAPH_URL", "gopher://x")
    assert main(["settings"]) == 2
    assert "BRIEFGRAPH_GRAPH_URL: unknown scheme 'gopher'" in capsys.readouterr().err

"""The command line with BRIEFGRAPH_RDF_URL naming a real Apache Jena Fuseki: `ingest` (twice:
the second run changes nothing), `stats`, and `export` of the whole archive and of one entity."""
import json
import shutil
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from briefgraph.cli import main
from briefgraph.store.rdf.open_store import SparqlHttpStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_ingest_stats_and_export_on_fuseki(engines, tmp_path, monkeypatch, capsys):
    fuseki = engines.get("fuseki", "cli")
    SparqlHttpStore(fuseki.url)._update("DROP ALL")
    folder = tmp_path / "briefings"
    folder.mkdir()
    for sample in sorted(p for p in SAMPLES.iterdir() if p.suffix == ".md")[:3]:
        shutil.copy(sample, folder)
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFGRAPH_RDF_URL", fuseki.url)
    monkeypatch.setenv("BRIEFGRAPH_BASE_URL", "http://briefgraph.test")
    assert main(["ingest", str(folder), "--jobs", "1"]) == 0
    first = capsys.readouterr().out
    assert "3 ingested" in first, first
    assert main(["stats", "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["briefings"] == 3 and counts["quads"] == SparqlHttpStore(fuseki.url).count() > 1000

    assert main(["ingest", str(folder), "--jobs", "1"]) == 0          # again: nothing changes
    assert "3 unchanged" in capsys.readouterr().out
    assert main(["stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == counts

    out = tmp_path / "all.nq"
    assert main(["export", "--format", "nq", "-o", str(out)]) == 0
    assert len(list(parse(out.read_bytes(), format=RdfFormat.N_QUADS))) == counts["quads"]
    assert main(["export", "--format", "ttl", "--entity", "person/alexander-lukashenko"]) == 0
    entity = capsys.readouterr().out
    assert "<http://briefgraph.test/id/person/alexander-lukashenko>" in entity
    assert main(["export", "--format", "ttl", "--entity", "person/nobody"]) == 2
    assert "there is nothing about entity 'person/nobody'" in capsys.readouterr().err

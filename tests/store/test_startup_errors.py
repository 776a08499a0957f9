"""The embedded stores' files locked by another process, or in the way: a clear one-line message
at start-up, exit status 2, no stack trace, and nothing stored is touched."""
import os
import subprocess
import sys

from pyoxigraph import Store

from .conftest import SAMPLES

SAMPLE = str(sorted(SAMPLES.glob("*.md"))[0])


def run(data, *args):
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    return subprocess.run([sys.executable, "-m", "briefgraph.cli", *args], env=env, capture_output=True, text=True)


def test_an_rdf_store_another_process_writes_to_is_a_clear_message(tmp_path):
    holder = Store(str(tmp_path / "rdf"))           # this process holds the store open for writing
    try:
        result = run(tmp_path, "ingest", SAMPLE)
    finally:
        del holder
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"briefgraph ingest: the RDF store in {tmp_path / 'rdf'} is open for writing in another process (an "
        "ingest, or a server using it); only one process may write to it at a time: let it finish and run this again")


def test_stats_reads_while_another_process_writes(tmp_path):
    assert run(tmp_path, "ingest", SAMPLE).returncode == 0
    holder = Store(str(tmp_path / "rdf"))
    try:
        result = run(tmp_path, "stats", "--format", "json")
    finally:
        del holder
    assert result.returncode == 0 and '"briefings": 1' in result.stdout


def test_a_file_where_a_store_folder_should_be(tmp_path):
    (tmp_path / "rdf").write_text("not a folder")
    result = run(tmp_path, "ingest", SAMPLE)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is a file: move it away, or set BRIEFGRAPH_DATA_DIR to another folder" in result.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "graph").write_text("not a folder")
    result = run(other, "stats")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"the graph store's folder {other / 'graph'} is a file" in result.stderr


def test_a_fresh_data_folder_reads_as_empty(tmp_path):
    result = run(tmp_path, "stats", "--format", "json")
    assert result.returncode == 0 and '"briefings": 0' in result.stdout

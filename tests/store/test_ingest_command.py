"""`briefgraph ingest`: what it reports, two runs against two stores, and what it reads."""
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from briefgraph.cli import main
from briefgraph.ingest_command import Refused, collect, ingest, scan
from briefgraph.settings import Settings
from briefgraph.store.graph.neo4j_store import Neo4jGraph

from .conftest import SAMPLES


def test_folders_skip_their_readme(tmp_path):
    files = collect([str(SAMPLES)])
    assert len(files) == 15 and all(f.name != "README.md" for f in files)


def test_two_runs_in_one_process_each_see_their_own_store(tmp_path):
    files = [str(p) for p in collect([str(SAMPLES)])[:2]]
    first_store = Settings.from_env({"BRIEFGRAPH_DATA_DIR": str(tmp_path / "a")})
    first, status = ingest(files, first_store, jobs=1)
    assert (first.render(), status) == ("ingest: 2 ingested, 0 failed", 0)
    again, _ = ingest(files, first_store, jobs=1)
    assert again.render() == "ingest: 0 ingested, 2 unchanged, 0 failed"
    other, _ = ingest(files, Settings.from_env({"BRIEFGRAPH_DATA_DIR": str(tmp_path / "b")}), jobs=1)
    # a fresh store: nothing there is unchanged
    assert other.render() == "ingest: 2 ingested, 0 failed"


def test_an_ingest_with_nothing_to_write_still_upgrades_a_store_an_earlier_version_wrote(tmp_path):
    from briefgraph.store.graph.falkordb_store import FalkorGraph
    from briefgraph.store.graph.upgrade import VERSION

    files = [str(p) for p in collect([str(SAMPLES)])[:2]]
    settings = Settings.from_env({"BRIEFGRAPH_DATA_DIR": str(tmp_path)})
    ingest(files, settings, jobs=1)
    counters = "MATCH (n:Entity) RETURN n.id, n.n_briefings, n.n_events ORDER BY n.id"
    graph = FalkorGraph.embedded(tmp_path / "graph")
    try:
        written = graph.read(counters).rows
        graph.write([("MATCH (n:Entity) REMOVE n.n_briefings, n.n_events", {}), ("MATCH (m:Meta) REMOVE m.version", {})])
    finally:
        graph.close()
    report, _ = ingest(files, settings, jobs=1)
    assert report.render() == "ingest: 0 ingested, 2 unchanged, 0 failed"
    graph = FalkorGraph.embedded(tmp_path / "graph")
    try:
        assert graph.read("MATCH (m:Meta {id: 'store'}) RETURN m.version").rows == [[VERSION]]
        assert graph.read(counters).rows == written and written[0][1] >= 1
    finally:
        graph.close()


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """`briefgraph ARGS` in this process: (exit status, standard output, standard error)."""
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_ingest_and_stats_give_the_same_on_neo4j_as_on_falkordb(tmp_path, monkeypatch, capsys, caplog, engines):
    """The command line on each graph backend: four samples ingested, then again with nothing
    changed (the second run is a no-op), and the same stats from both; nothing logged (Neo4j's
    driver logged a warning for every read of a property an empty store does not have yet)."""
    files = [str(p) for p in collect([str(SAMPLES)])[:4]]
    found = {}
    monkeypatch.delenv("BRIEFGRAPH_RDF_URL", raising=False)
    for backend in ("falkordb", "neo4j"):
        monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / backend))       # and the RDF store's
        if backend == "neo4j":
            url = engines.get("neo4j", "store").url
            wipe = Neo4jGraph(url, "neo4j", "")
            wipe.write([("MATCH (n) DETACH DELETE n", {})])
            wipe.close()
            monkeypatch.setenv("BRIEFGRAPH_GRAPH_URL", url)
        else:
            monkeypatch.delenv("BRIEFGRAPH_GRAPH_URL", raising=False)
        assert cli(capsys, "ingest", "--jobs", "1", *files) == (0, "ingest: 4 ingested, 0 failed\n", "")
        status, out, err = cli(capsys, "stats", "--format", "json")
        assert (status, err) == (0, "")
        found[backend] = json.loads(out)
        assert cli(capsys, "ingest", "--jobs", "1", *files) == (0, "ingest: 0 ingested, 4 unchanged, 0 failed\n", "")
        assert cli(capsys, "stats", "--format", "json") == (0, out, "")
    assert found["neo4j"] == found["falkordb"]
    assert [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert (found["neo4j"]["briefings"], found["neo4j"]["entities"] > 50, found["neo4j"]["relations"] > 0) == (4, True, True)
    assert not (tmp_path / "neo4j" / "graph").exists()       # the graph went to Neo4j, not to an embedded store


def test_dry_run_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "dry"))
    report, status = ingest([str(SAMPLES)], Settings.from_env({}), dry_run=True, jobs=1)
    assert (report.render(), status) == ("ingest: 0 ingested, 15 extracted, 0 failed", 0)
    assert not (tmp_path / "dry").exists()


def test_an_html_source_url_left_out_is_a_warning_in_the_report(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text('<html><head><title>T</title><link rel="canonical" href="javascript:alert(1)"></head>'
                    "<body><article><p>On 3 May 2023 Russian troops arrived in Brest.</p></article></body></html>")
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "dry"))
    report, status = ingest([str(page)], Settings.from_env({}), dry_run=True, jobs=1)
    assert (report.render().splitlines(), status) == ([
        "ingest: 0 ingested, 1 extracted, 0 failed",
        f"  warning: {page}: the page's source URL was left out: it must be an absolute http:// or https:// URL, "
        "got 'javascript:alert(1)'"], 0)


def test_workers_extract_a_bounded_number_of_tasks_ahead_of_the_writer(monkeypatch):
    """Extractions must not pile up in the writer's process while it writes (memory that grew with
    the archive, and collections that scanned it)."""
    from concurrent.futures import ProcessPoolExecutor

    from briefgraph import ingest_command

    monkeypatch.setattr(ingest_command, "FILES_PER_TASK", 1)
    monkeypatch.setattr(ingest_command, "TASKS_AHEAD", 3)
    submitted = []
    real_submit = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda self, fn, *args: submitted.append(args) or real_submit(self, fn, *args))
    files = collect([str(SAMPLES)])[:8]
    results = ingest_command._extractions(files, 2, ingest_command.WorkerState({}, "", "off"))
    first = next(results)
    assert len(submitted) == 4                 # three ahead, then one more for the one taken
    rest = list(results)
    assert [e.briefing.path for e in [first, *rest]] == [str(f) for f in files]      # every file, in order
    assert len(submitted) == 8


def archive_with_special_files(tmp_path: Path) -> Path:
    """A folder with a good briefing, a link to it, and what a folder must not make the command read."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SAMPLES / "01-zapad-2021-review.md", folder / "good.md")
    (folder / "inside.md").symlink_to("good.md")             # a link within the folder: read
    (folder / "passwd.txt").symlink_to("/etc/passwd")         # out of the folder: refused
    (folder / "dangling.md").symlink_to("missing.md")
    os.mkfifo(folder / "pipe.md")
    with socket.socket(socket.AF_UNIX) as sock:               # the socket file outlives the socket
        sock.bind(str(folder / "sock.md"))
    (folder / "notes.jpg").symlink_to("/etc/passwd")          # not a briefing by its name: ignored
    return folder


def test_a_folder_refuses_links_out_of_it_and_names_its_special_files(tmp_path):
    folder = archive_with_special_files(tmp_path)
    only = "only regular files are read"
    assert scan([str(folder)]) == [
        Refused(str(folder / "dangling.md"), "is a symbolic link to a file that does not exist"),
        folder / "good.md",
        folder / "inside.md",
        Refused(str(folder / "passwd.txt"),
                f"is a symbolic link to /etc/passwd, outside the folder {folder}; links out of a folder are not followed"),
        Refused(str(folder / "pipe.md"), f"is not a regular file but a named pipe (FIFO); {only}"),
        Refused(str(folder / "sock.md"), f"is not a regular file but a socket; {only}"),
    ]


def test_the_command_never_blocks_on_or_reads_without_bound_an_input_that_is_no_regular_file(tmp_path):
    """A FIFO named on the command line waited for ever, /dev/zero was read until memory ran out,
    a link out of a folder was followed, and special files in a folder were skipped unreported."""
    folder = archive_with_special_files(tmp_path)
    fifo = tmp_path / "named.md"
    os.mkfifo(fifo)
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "briefgraph.cli", "ingest", "--dry-run", "--jobs", "2",
                             str(fifo), "/dev/zero", str(folder)],
                            env=env, capture_output=True, text=True, timeout=120)
    only = "only regular files are read"
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "ingest: 0 ingested, 2 extracted, 6 failed",
        f"  failed: {fifo}: is not a regular file but a named pipe (FIFO); {only}",
        f"  failed: /dev/zero: is not a regular file but a character device; {only}",
        f"  failed: {folder / 'dangling.md'}: is a symbolic link to a file that does not exist",
        f"  failed: {folder / 'passwd.txt'}: is a symbolic link to /etc/passwd, outside the folder {folder}; "
        "links out of a folder are not followed",
        f"  failed: {folder / 'pipe.md'}: is not a regular file but a named pipe (FIFO); {only}",
        f"  failed: {folder / 'sock.md'}: is not a regular file but a socket; {only}",
    ]

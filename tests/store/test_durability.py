"""Idempotent, deterministic and crash-safe ingest, through the real command in real processes."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLES

pytestmark = pytest.mark.slow
FILES = [str(p) for p in sorted(SAMPLES.iterdir()) if p.name != "README.md"][:8]


def env_for(data: Path) -> dict:
    return {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_BASE_URL": "http://briefgraph.test",
            "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}


def cli(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgraph.cli", *args], env=env_for(data),
                          capture_output=True, text=True, check=check, timeout=300)


def server_pid(data: Path) -> int | None:
    settings = data / "graph" / "graph.db.settings"
    if not settings.exists():
        return None
    pidfile = json.loads(settings.read_text())["pidfile"]
    try:
        return int(Path(pidfile).read_text().strip())
    except (OSError, ValueError):
        return None


def stop_server(data: Path) -> None:
    pid = server_pid(data)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        time.sleep(0.2)


def snapshot(data: Path) -> tuple[str, str]:
    stats = cli(data, "stats", "--format", "json").stdout
    export = data / "export.nq"
    cli(data, "export", "--format", "nq", "-o", str(export))
    # sorted: the comparison is of the quads, whatever order the store streams them in
    return stats, "".join(sorted(export.read_text(encoding="utf-8").splitlines(keepends=True)))


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("clean")
    result = cli(data, "ingest", *FILES)
    assert result.stdout.strip() == f"ingest: {len(FILES)} ingested, 0 failed"
    yield snapshot(data)
    stop_server(data)


def test_ingesting_twice_changes_nothing(tmp_path, clean_run):
    data = tmp_path / "twice"
    cli(data, "ingest", *FILES)
    second = cli(data, "ingest", *FILES)
    assert second.stdout.strip() == f"ingest: 0 ingested, {len(FILES)} unchanged, 0 failed"
    try:
        assert snapshot(data) == clean_run
    finally:
        stop_server(data)


def test_a_killed_ingest_rerun_equals_a_clean_run(tmp_path, clean_run):
    rng = random.Random(20261125)
    for attempt in range(4):
        data = tmp_path / f"crash{attempt}"
        process = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "ingest", *FILES], env=env_for(data),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 4.0))
        process.kill()
        process.wait()
        if attempt % 2:
            stop_server(data)          # the embedded database's server dies too
        result = cli(data, "ingest", *FILES)
        assert "0 failed" in result.stdout
        try:
            assert snapshot(data) == clean_run, f"attempt {attempt}"
        finally:
            stop_server(data)


def test_an_acknowledged_briefing_survives_a_kill_of_the_database_server(tmp_path):
    data = tmp_path / "survive"
    cli(data, "ingest", *FILES[:3])
    stop_server(data)                  # SIGKILL: no shutdown, no snapshot
    stats = json.loads(cli(data, "stats", "--format", "json").stdout)
    try:
        assert stats["briefings"] == 3
    finally:
        stop_server(data)


def test_bad_files_are_reported_and_the_good_ones_stored_as_if_alone(tmp_path):
    good, mixed = tmp_path / "good", tmp_path / "mixed"
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    (bad_dir / "empty.md").write_bytes(b"")
    (bad_dir / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    cli(good, "ingest", *FILES[:3])
    result = cli(mixed, "ingest", *FILES[:3], str(bad_dir), check=False)
    try:
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            "ingest: 3 ingested, 2 failed",
            f"  failed: {bad_dir / 'binary.txt'}: looks like a binary file (NUL bytes at offset 0)",
            f"  failed: {bad_dir / 'empty.md'}: the file is empty",
        ]
        assert snapshot(mixed) == snapshot(good)
    finally:
        stop_server(good)
        stop_server(mixed)

"""`briefgraph ingest` in one process: what it reports, and two runs against two stores."""
from briefgraph.ingest_command import collect, ingest

from .conftest import SAMPLES


def test_folders_skip_their_readme(tmp_path):
    files = collect([str(SAMPLES)])
    assert len(files) == 14 and all(f.name != "README.md" for f in files)


def test_two_runs_in_one_process_each_see_their_own_store(tmp_path, monkeypatch):
    files = [str(p) for p in collect([str(SAMPLES)])[:2]]
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "a"))
    first, status = ingest(files, jobs=1)
    assert (first.render(), status) == ("ingest: 2 ingested, 0 failed", 0)
    again, _ = ingest(files, jobs=1)
    assert again.render() == "ingest: 0 ingested, 2 unchanged, 0 failed"
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "b"))
    other, _ = ingest(files, jobs=1)            # a fresh store: nothing there is unchanged
    assert other.render() == "ingest: 2 ingested, 0 failed"


def test_dry_run_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "dry"))
    report, status = ingest([str(SAMPLES)], dry_run=True, jobs=1)
    assert (report.render(), status) == ("ingest: 0 ingested, 14 extracted, 0 failed", 0)
    assert not (tmp_path / "dry").exists()


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
    results = ingest_command._extractions(files, jobs=2, stored={}, base_url=None)
    first = next(results)
    assert len(submitted) == 4                 # three ahead, then one more for the one taken
    rest = list(results)
    assert [e.briefing.path for e in [first, *rest]] == [str(f) for f in files]      # every file, in order
    assert len(submitted) == 8

"""Fixtures shared by the test packages: the rules-only pipeline, briefings written in a test, the
JVM engines; and the mark on every process a run starts."""
import os
import uuid

import pytest

from briefgraph.ingest.pipeline import build_pipeline, default_config
from briefgraph.ingest.readers import read_bytes
from briefgraph.settings import Settings


SESSION_MARK = "BRIEFGRAPH_TEST_SESSION"


def pytest_configure(config):
    """Mark the processes this run starts (children inherit the environment, daemons too), so that
    `make test` can check, once pytest has exited, that none is left running (tools/leftovers.py)."""
    os.environ.setdefault(SESSION_MARK, uuid.uuid4().hex)


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


def engine_unavailable(reason: str):
    """A test that needs an engine that could not be fetched: skipped here, failed under CI (a green
    CI run proves that both engines ran)."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"under CI every engine must run: {reason}", pytrace=False)
    pytest.skip(reason)


class Engines:
    """JVM engines started on first use, one per (kind, purpose), all stopped at the session's end.
    Neo4j Community serves one database, so tests that wipe it and tests that read a loaded corpus
    each get their own server."""

    def __init__(self, folder):
        self.folder = folder
        self.running: dict[tuple[str, str], object] = {}
        self.failed: dict[str, str] = {}

    def get(self, kind: str, purpose: str = "default"):
        from briefgraph.engines import ENGINES, EngineError, EngineUnavailable

        if kind in self.failed:
            engine_unavailable(self.failed[kind])
        key = (kind, purpose)
        if key not in self.running:
            try:
                engines_dir = Settings.from_env().engines_dir
                self.running[key] = ENGINES[kind](self.folder / f"{kind}-{purpose}", engines_dir=engines_dir).start()
            except EngineUnavailable as exc:
                self.failed[kind] = str(exc)
                engine_unavailable(str(exc))
            except EngineError as exc:
                pytest.fail(f"{kind} did not start: {exc}", pytrace=False)
        return self.running[key]

    def stop(self) -> None:
        """Stop every engine at once (each takes seconds to flush and close)."""
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=max(1, len(self.running))) as stopping:
            list(stopping.map(lambda engine: engine.stop(), self.running.values()))
        self.running.clear()


@pytest.fixture(scope="session")
def engines(tmp_path_factory):
    """The session's Neo4j and Fuseki servers (see Engines), started once each."""
    started = Engines(tmp_path_factory.mktemp("engines"))
    yield started
    started.stop()

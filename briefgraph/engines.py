"""The JVM engines the project runs itself: Neo4j Community 5 (graph) and Apache Jena Fuseki
(SPARQL 1.1 server), from the jars that `make engines` resolves from Maven Central into
.cache/engines/, each started as a child process on a free loopback port and stopped cleanly.

Both die with the process that started them (the kernel's parent-death signal), so a test run
or an app killed without ceremony leaves no server behind."""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import BriefgraphError
from .settings import ENGINES_DIR

NEO4J_MAIN = "org.neo4j.server.CommunityEntryPoint"
NEO4J_ADMIN_MAIN = "org.neo4j.cli.AdminTool"
FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
PR_SET_PDEATHSIG = 1


class EngineUnavailable(BriefgraphError, RuntimeError):
    """The engine's jars are not here (never resolved, or Maven Central could not be reached)."""


class EngineError(BriefgraphError, RuntimeError):
    """The engine did not start, or stopped answering."""


def classpath(engine: str, engines_dir: Path) -> str:
    """The engine's class path, or EngineUnavailable saying how to fetch it."""
    lib = engines_dir / engine / "lib"
    if not lib.is_dir() or not any(lib.glob("*.jar")):
        raise EngineUnavailable(f"{engine} is not installed in {lib}: run `make engines` (Maven resolves it "
                                f"from Maven Central through tools/engines/{engine}/pom.xml)")
    return str(lib / "*")


def java() -> str:
    """The Java to run the engines with (JAVA_HOME's, else the one on PATH)."""
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not found or not Path(found).exists():
        raise EngineUnavailable("no Java found: the engines need Java 17 or newer (set JAVA_HOME)")
    return found


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies; a process group of its own so a
    terminal's Ctrl-C reaches the parent, which stops the engine in order."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    os.setpgrp()


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class JavaEngine:
    """A JVM server as a child process: started, waited for, stopped (SIGTERM, then SIGKILL)."""

    name = "engine"
    start_timeout = 120.0

    def __init__(self, folder: Path, port: int | None = None, heap: str = "512m", engines_dir: Path = ENGINES_DIR):
        self.engines_dir = engines_dir
        self.folder = Path(folder).resolve()
        self.port = port or free_port()
        self.heap = heap
        self.process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.folder / f"{self.name}.out"

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether the server answers its protocol."""
        raise NotImplementedError

    def start(self) -> "JavaEngine":
        """Start the server and wait until it answers; EngineError with its log's tail if it does not."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if _port_open(self.port):
            raise EngineError(f"{self.name}: port {self.port} is already taken on 127.0.0.1")
        command = self.command()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            cwd=self.folder, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EngineError(f"{self.name} exited with status {self.process.returncode} while starting; "
                                  f"its log ({self.log_path}) ends:\n{self.logs()}")
            if _port_open(self.port) and self.ready():
                return self
            time.sleep(0.25)
        self.stop()
        raise EngineError(f"{self.name} did not answer within {self.start_timeout:g} s; its log ends:\n{self.logs()}")

    def logs(self) -> str:
        return _tail(self.log_path)

    def stop(self, timeout: float = 60.0) -> None:
        """Ask the server to stop (SIGTERM: it flushes and closes its stores), kill it if it hangs."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

    def __enter__(self) -> "JavaEngine":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


NEO4J_CONF = """\
# Written by briefgraph/engines.py: a Neo4j for this machine only, on loopback, without auth.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{port}
server.bolt.advertised_address=127.0.0.1:{port}
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=false
server.directories.data={folder}/data
server.directories.logs={folder}/logs
server.directories.run={folder}/run
server.directories.import={folder}/import
server.directories.plugins={folder}/plugins
server.memory.pagecache.size={pagecache}
# What one transaction, and all of them together, may hold: a runaway query fails with an
# out-of-memory error of its own instead of taking the heap.
db.memory.transaction.max={transaction_max}
dbms.memory.transaction.total.max={transactions_max}
# LOAD CSV is a read clause: with file URLs off, a read-only query cannot read the server's files.
dbms.security.allow_csv_import_from_file_urls=false
dbms.usage_report.enabled=false
db.logs.query.enabled=OFF
"""


class Neo4jServer(JavaEngine):
    """Neo4j Community 5 with Bolt on a loopback port and its files in `folder`."""

    name = "neo4j"

    def __init__(self, folder: Path, port: int | None = None, heap: str = "768m", pagecache: str = "128m",
                 engines_dir: Path = ENGINES_DIR):
        super().__init__(folder, port, heap, engines_dir)
        self.pagecache = pagecache

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def conf_dir(self) -> Path:
        return self.folder / "conf"

    def write_conf(self) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "neo4j.conf").write_text(NEO4J_CONF.format(
            port=self.port, folder=self.folder, pagecache=self.pagecache,
            transaction_max="256m", transactions_max="512m"))

    def command(self) -> list[str]:
        self.write_conf()
        return [java(), f"-Xmx{self.heap}", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", "-cp", classpath("neo4j", self.engines_dir),
                NEO4J_MAIN, f"--home-dir={self.folder}", f"--config-dir={self.conf_dir}"]

    def ready(self) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        try:
            with GraphDatabase.driver(self.url, auth=("neo4j", "")) as driver:
                driver.execute_query("RETURN 1", database_="neo4j")
            return True
        except (ServiceUnavailable, Neo4jError, OSError):
            return False

    def logs(self) -> str:
        return _tail(self.folder / "logs" / "neo4j.log") + "\n" + _tail(self.log_path)

    def admin(self, *args: str, timeout: float = 600.0) -> subprocess.CompletedProcess:
        """Run `neo4j-admin ARGS` on this server's folder (the server must be stopped for imports)."""
        self.write_conf()
        env = dict(os.environ, NEO4J_HOME=str(self.folder), NEO4J_CONF=str(self.conf_dir))
        return subprocess.run([java(), f"-Xmx{self.heap}", "-cp", classpath("neo4j", self.engines_dir), NEO4J_ADMIN_MAIN, *args],
                              cwd=self.folder, env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)


class FusekiServer(JavaEngine):
    """Apache Jena Fuseki serving one dataset (query and update) on TDB2 in `folder`/tdb2, on a
    loopback port. The default graph is the union of the named graphs, as Briefgraph's own store
    serves it, every query is stopped at the server's time limit, and SERVICE is off."""

    name = "fuseki"
    dataset = "ds"

    def __init__(self, folder: Path, port: int | None = None, heap: str = "1g", query_timeout_ms: int = 10_000,
                 engines_dir: Path = ENGINES_DIR):
        super().__init__(folder, port, heap, engines_dir)
        self.query_timeout_ms = query_timeout_ms

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.dataset}"

    def command(self) -> list[str]:
        (self.folder / "tdb2").mkdir(parents=True, exist_ok=True)
        return [java(), f"-Xmx{self.heap}", "-Dfile.encoding=UTF-8", "-cp", classpath("fuseki", self.engines_dir), FUSEKI_MAIN,
                "--localhost", f"--port={self.port}", "--update",
                "--set", "tdb2:unionDefaultGraph=true", "--set", f"arq:queryTimeout={self.query_timeout_ms}",
                # a public endpoint passes researchers' queries on: none may make the server call out
                "--set", "arq:httpServiceAllowed=false",
                "--tdb2", f"--loc={self.folder / 'tdb2'}", f"/{self.dataset}"]

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False


ENGINES = {"neo4j": Neo4jServer, "fuseki": FusekiServer}

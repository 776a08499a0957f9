"""The neo4j-csv export loaded by the real `neo4j-admin database import full`, as its IMPORT.txt
says, into a Neo4j that has never run: the same counts as the store it came from, and after the
statements IMPORT.txt gives, the same graph, property for property (the Cypher script exported
from it again is the same bytes)."""
import io
import shlex
import zipfile

from briefgraph.exports.cypher_script import script_statements
from briefgraph.store.graph.neo4j_store import Neo4jGraph
from tests.conftest import engine_unavailable
from tests.exports.test_dumps import COUNTS, graph_dump


def import_instructions(text: str) -> tuple[list[str], list[str]]:
    """IMPORT.txt's neo4j-admin arguments (after `neo4j-admin`) and the statements it gives."""
    lines = text.splitlines()
    command = next(line for line in lines if line.startswith("neo4j-admin "))
    return shlex.split(command)[1:], [line.removesuffix(";") for line in lines if line.endswith(";")]


def test_neo4j_admin_imports_the_csv_export(loaded_stores, tmp_path):
    from briefgraph.engines import EngineUnavailable, Neo4jServer

    source = loaded_stores("falkordb")[0]             # the same bytes from Neo4j (test_dumps.py)
    archive = zipfile.ZipFile(io.BytesIO(graph_dump("neo4j-csv", source)))
    args, statements = import_instructions(archive.read("IMPORT.txt").decode())
    assert args[:4] == ["database", "import", "full", "neo4j"] and len(statements) == 4
    server = Neo4jServer(tmp_path / "neo4j")            # never started: neo4j-admin imports offline
    archive.extractall(server.folder)                   # the command names the files relative to it
    try:
        imported = server.admin(*args)
    except EngineUnavailable as exc:
        engine_unavailable(str(exc))
    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr[-2000:]
    assert "IMPORT DONE" in imported.stdout
    server.start()
    try:
        graph = Neo4jGraph(server.url, "neo4j", "")
        try:
            for query in COUNTS:
                assert graph.read(query).rows == source.read(query).rows, query
            script = graph_dump("cypher", source)
            for statement, schema in script_statements(script.decode()):
                if schema:
                    graph.write([(statement, {})])
            assert graph_dump("cypher", graph) != script            # the empty lists are missing...
            for statement in statements:
                graph.write([(statement, {})])
            assert graph_dump("cypher", graph) == script            # ...until IMPORT.txt's statements
            assert graph_dump("neo4j-csv", graph) == graph_dump("neo4j-csv", source)
            graph.write([("CALL db.awaitIndexes(120)", {})])   # indexes made over data fill in the background
            assert graph.search("Lukashenka").rows[0][0] == "person/alexander-lukashenko"
        finally:
            graph.close()
    finally:
        server.stop()

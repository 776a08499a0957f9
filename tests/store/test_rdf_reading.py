"""A whole-store read of the embedded RDF store through read-only handles: graph by graph, a fresh
handle every few graphs (so that a dump's memory does not grow with the store), and still one
consistent state when an ingest writes meanwhile."""
import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from briefgraph.store.rdf import oxigraph_store as rdf_oxigraph
from briefgraph.store.rdf.open_store import OxigraphStore

EX = "https://example.org/"


def quads_of(n_graphs: int, start: int = 0) -> list[Quad]:
    out = [Quad(NamedNode(f"{EX}s"), NamedNode(f"{EX}p"), Literal("in the default graph"), DefaultGraph())]
    for g in range(start, start + n_graphs):
        graph = NamedNode(f"{EX}graph/{g}")
        out += [Quad(NamedNode(f"{EX}s{g}"), NamedNode(f"{EX}p{i}"), Literal(f"value {g}.{i}"), graph) for i in range(3)]
    return out


def lines(quads) -> list[str]:
    return sorted(f"{q} ." for q in quads)


def test_a_read_only_store_reads_every_quad_through_fresh_handles(tmp_path, monkeypatch):
    writer = OxigraphStore(tmp_path / "rdf")
    writer.store.extend(quads_of(7))
    writer.close()
    opened = []
    real = rdf_oxigraph.Store.read_only
    monkeypatch.setattr(rdf_oxigraph, "GRAPHS_PER_HANDLE", 2)
    monkeypatch.setattr(rdf_oxigraph.Store, "read_only", lambda path: opened.append(path) or real(path))
    reader = OxigraphStore(tmp_path / "rdf", read_only=True)
    assert lines(reader.quads()) == lines(quads_of(7))
    assert len(opened) == 1 + 3          # its own handle, then one for graphs 3-4, 5-6 and 7


@pytest.mark.parametrize("read_before", [0, 4], ids=["after-the-handle-opened", "during-the-read"])
def test_a_store_written_meanwhile_is_read_as_the_handle_saw_it_when_it_opened(tmp_path, monkeypatch, read_before):
    """An ingest writes after the handle opened (the web app keeps one open) or in the middle of the
    read: the dump is still one state, the handle's own."""
    monkeypatch.setattr(rdf_oxigraph, "GRAPHS_PER_HANDLE", 1)
    writer = OxigraphStore(tmp_path / "rdf")
    writer.store.extend(quads_of(4))
    writer.store.flush()
    reader = OxigraphStore(tmp_path / "rdf", read_only=True)
    read = reader.quads()
    got = [next(read) for _ in range(read_before)]           # 4: the default graph's quad and the first graph's
    writer.store.remove_graph(NamedNode(f"{EX}graph/3"))     # an ingest replaces one graph, adds another
    writer.store.extend(quads_of(1, start=9))
    writer.store.flush()
    got += list(read)
    assert lines(got) == lines(quads_of(4))
    writer.close()


def test_a_writer_reads_its_own_state_at_once(tmp_path):
    writer = OxigraphStore(tmp_path / "rdf")
    writer.store.extend(quads_of(3))
    assert lines(writer.quads()) == lines(quads_of(3))

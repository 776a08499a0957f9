"""The CSV files of `neo4j-admin database import full`, in a zip with the command that loads them:
one node file per root label and one relationship file per group of types, with the typed
headers that tool reads (`:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, `name:int`,
`name:string[]`...). Streams: a page of the graph at a time, straight into the zip."""
from __future__ import annotations

import csv
import functools
import tempfile
import zipfile
from typing import Any, BinaryIO

from briefgraph.ontology.model import load_model
from briefgraph.store.graph.base import GraphStore

from .graph_pages import ROOTS, node_pages, relationships_of

ARRAY_DELIMITER = "|"
# Every property the writer sets (store/graph/cypher.py), with the type neo4j-admin is to read it as;
# a test checks that a stored graph has no property outside these.
NODE_PROPERTIES: dict[str, list[tuple[str, str]]] = {
    "Briefing": [("title", "string"), ("layout", "string"), ("section", "string"), ("trend", "string"),
                 ("publisher", "string"), ("author", "string"), ("source_url", "string"), ("published", "string"),
                 ("period_start", "string"), ("period_end", "string"), ("content_hash", "string"),
                 ("file_sha256", "string"), ("extractor", "string"), ("curation", "string"), ("body", "string"), ("paragraphs", "string[]"),
                 ("day", "int"), ("n_entities", "int"), ("n_events", "int"), ("rel_predicates", "string[]"),
                 ("rel_subjects", "string[]"), ("rel_objects", "string[]"), ("rel_sentences", "int[]"),
                 ("rel_starts", "int[]"), ("rel_ends", "int[]"), ("rel_evidence", "string[]"),
                 ("rel_modalities", "string[]"), ("change", "int"), ("recorded", "string"), ("version", "int"), ("reported", "int")],
    "Entity": [("label", "string"), ("kind", "string"), ("class", "string"), ("aliases", "string[]"),
               ("names", "string"), ("wikidata", "string"), ("known", "boolean"), ("n_briefings", "int"),
               ("n_events", "int"), ("lat", "double"), ("lon", "double"), ("precision", "string")],
    "Event": [("type", "string"), ("modality", "string"), ("date", "string"), ("date_text", "string"),
              ("date_start", "string"), ("date_end", "string"), ("day", "int"), ("sig", "string"), ("place", "string"),
              ("lat", "double"), ("lon", "double"), ("precision", "string")],
}
RELATIONSHIP_PROPERTIES: dict[str, list[tuple[str, str]]] = {
    "mentions": [("count", "int"), ("texts", "string[]"), ("spans", "string[]"), ("sentences", "int[]"),
                 ("extractors", "string[]")],
    "reports": [("modality", "string"), ("sentence", "int"), ("start", "int"), ("end", "int"), ("evidence", "string"),
                ("trigger", "string"), ("extractor", "string"), ("q_values", "float[]"), ("q_units", "string[]"),
                ("q_texts", "string[]"), ("q_bounds", "string[]")],
    "roles": [("briefing", "string"), ("reported", "int"), ("change", "int")],
    "relations": [("briefing", "string"), ("reported", "int"), ("change", "int"), ("sentence", "int"), ("start", "int"),
                  ("end", "int"), ("evidence", "string"), ("extractor", "string"), ("modality", "string")],
}


# neo4j-admin reads an empty field as no property, quoted or not, when the column holds a list: an
# empty list, which the writer stores for a report without quantities or an entity without aliases,
# arrives as no property at all. Every list property the writer sets is always set, so a missing one
# was empty; except that the texts, units and bounds of quantities run parallel to their values,
# and one quantity without a bound is a list of one empty string, an empty field too.
LIST_RELATIONSHIP_TYPES = {"mentions": "MENTIONED_IN", "reports": "REPORTED_IN"}
PARALLEL_TO = {"q_units": "q_values", "q_texts": "q_values", "q_bounds": "q_values"}


def after_import() -> list[str]:
    """The statements that give back, after the import, the empty lists the CSV files cannot hold."""
    def restore(var: str, props: list[tuple[str, str]]) -> tuple[str, str]:
        lists = [name for name, kind in props if kind.endswith("[]")]
        values = [f"{var}.{name} = coalesce({var}.{name}, "
                  + (f"[x IN coalesce({var}.{PARALLEL_TO[name]}, []) | ''])" if name in PARALLEL_TO else "[])")
                  for name in lists]
        return " OR ".join(f"{var}.{name} IS NULL" for name in lists), ", ".join(values)

    out = []
    for root, props in NODE_PROPERTIES.items():
        if any(kind.endswith("[]") for _, kind in props):
            missing, values = restore("n", props)
            out.append(f"MATCH (n:{root}) WHERE {missing} SET {values}")
    for group, rel_type in LIST_RELATIONSHIP_TYPES.items():
        missing, values = restore("r", RELATIONSHIP_PROPERTIES[group])
        out.append(f"MATCH ()-[r:{rel_type}]->() WHERE {missing} SET {values}")
    return out


@functools.lru_cache(maxsize=None)
def relationship_group(rel_type: str) -> str:
    """Which relationship file a type goes to."""
    if rel_type == "MENTIONED_IN":
        return "mentions"
    if rel_type == "REPORTED_IN":
        return "reports"
    return "relations" if rel_type in {p.relationship_type for p in load_model().relations} else "roles"


def _cell(value: Any, kind: str) -> str | None:
    """A property as a CSV field: None (written as an empty field, unquoted: no property), or text
    (quoted: an empty string stays an empty string)."""
    if value is None:
        return None
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "¦") for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member dated 1980-01-01 (the format's earliest date) rather than now, so that the same
    graph gives the same bytes, and the same SHA-256 in the downloads, whenever it is exported."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _CsvFile:
    """A CSV file written row by row to a temporary file on disk (a zip takes one open member at
    a time, and the relationship files fill in together)."""

    def __init__(self, name: str, header: list[str]):
        self.name = name
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        # Every field quoted but a missing value's: neo4j-admin reads an unquoted empty field as
        # no property and a quoted one as an empty string (a briefing without a file hash has "").
        self.writer = csv.writer(self.file, lineterminator="\n", quoting=csv.QUOTE_NOTNULL)
        self.writer.writerow(header)

    def add_to(self, archive: zipfile.ZipFile) -> None:
        self.file.seek(0)
        with archive.open(_member(self.name), "w", force_zip64=True) as member:
            while chunk := self.file.read(1 << 20):
                member.write(chunk.encode("utf-8"))
        self.file.close()


def _command(files: list[str]) -> str:
    nodes = " ".join(f"--nodes={f}" for f in files if f.startswith("nodes-"))
    rels = " ".join(f"--relationships={f}" for f in files if f.startswith("relationships-"))
    return (f"neo4j-admin database import full neo4j {nodes} {rels} --array-delimiter='{ARRAY_DELIMITER}' "
            "--multiline-fields=true --overwrite-destination")


def write_neo4j_csv(graph: GraphStore, output: BinaryIO) -> None:
    """The zip: nodes-*.csv, relationships-*.csv and IMPORT.txt with the command."""
    files: list[_CsvFile] = []
    for root in ROOTS:
        props = NODE_PROPERTIES[root]
        nodes = _CsvFile(f"nodes-{root.lower()}.csv", ["id:ID", ":LABEL"] + [f"{p}:{k}" for p, k in props])
        for page in node_pages(graph, root):
            for node in page:
                nodes.writer.writerow([node.id, ARRAY_DELIMITER.join((root, *node.labels))]
                                      + [_cell(node.props.get(p), k) for p, k in props])
        files.append(nodes)
    groups = {group: _CsvFile(f"relationships-{group}.csv",
                              [":START_ID", ":END_ID", ":TYPE"] + [f"{p}:{k}" for p, k in props])
              for group, props in RELATIONSHIP_PROPERTIES.items()}
    for root in ROOTS:
        for page in node_pages(graph, root):
            for rel in relationships_of(graph, page):
                group = relationship_group(rel.type)
                groups[group].writer.writerow([rel.source, rel.target, rel.type]
                                              + [_cell(rel.props.get(p), k) for p, k in RELATIONSHIP_PROPERTIES[group]])
    files += groups.values()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            file.add_to(archive)
        archive.writestr(_member("IMPORT.txt"), "Load these files into an empty Neo4j 5 database (stopped) with:\n\n"
                         + _command([f.name for f in files]) + "\n\nThen start it, create the constraints and the "
                         "full-text index of briefgraph.cypher's Schema section, and give back the empty lists that CSV "
                         "files cannot hold (neo4j-admin reads an empty list as no property) with cypher-shell:\n\n"
                         + "".join(f"{statement};\n" for statement in after_import()))

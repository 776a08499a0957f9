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

from .graph_pages import ROOTS, node_pages, relationships_of

ARRAY_DELIMITER = "|"
# Every property the writer sets (store/cypher.py), with the type neo4j-admin is to read it as;
# a test checks that a stored graph has no property outside these.
NODE_PROPERTIES: dict[str, list[tuple[str, str]]] = {
    "Briefing": [("title", "string"), ("layout", "string"), ("section", "string"), ("trend", "string"),
                 ("publisher", "string"), ("author", "string"), ("source_url", "string"), ("published", "string"),
                 ("period_start", "string"), ("period_end", "string"), ("content_hash", "string"),
                 ("file_sha256", "string"), ("extractor", "string"), ("body", "string"), ("paragraphs", "string[]")],
    "Entity": [("label", "string"), ("kind", "string"), ("class", "string"), ("aliases", "string[]"),
               ("names", "string"), ("wikidata", "string"), ("known", "boolean")],
    "Event": [("type", "string"), ("modality", "string"), ("date", "string"), ("date_text", "string"),
              ("date_start", "string"), ("date_end", "string")],
}
RELATIONSHIP_PROPERTIES: dict[str, list[tuple[str, str]]] = {
    "mentions": [("count", "int"), ("texts", "string[]"), ("spans", "string[]"), ("sentences", "int[]"),
                 ("extractors", "string[]")],
    "reports": [("modality", "string"), ("sentence", "int"), ("start", "int"), ("end", "int"), ("evidence", "string"),
                ("trigger", "string"), ("extractor", "string"), ("q_values", "float[]"), ("q_units", "string[]"),
                ("q_texts", "string[]"), ("q_bounds", "string[]")],
    "roles": [("briefing", "string")],
    "relations": [("briefing", "string"), ("sentence", "int"), ("start", "int"), ("end", "int"),
                  ("evidence", "string"), ("extractor", "string")],
}


@functools.lru_cache(maxsize=None)
def relationship_group(rel_type: str) -> str:
    """Which relationship file a type goes to."""
    if rel_type == "MENTIONED_IN":
        return "mentions"
    if rel_type == "REPORTED_IN":
        return "reports"
    return "relations" if rel_type in {p.relationship_type for p in load_model().relations} else "roles"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "¦") for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


class _CsvFile:
    """A CSV file written row by row to a temporary file on disk (a zip takes one open member at
    a time, and the relationship files fill in together)."""

    def __init__(self, name: str, header: list[str]):
        self.name = name
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(header)

    def add_to(self, archive: zipfile.ZipFile) -> None:
        self.file.seek(0)
        with archive.open(self.name, "w", force_zip64=True) as member:
            while chunk := self.file.read(1 << 20):
                member.write(chunk.encode("utf-8"))
        self.file.close()


def _command(files: list[str]) -> str:
    nodes = " ".join(f"--nodes={f}" for f in files if f.startswith("nodes-"))
    rels = " ".join(f"--relationships={f}" for f in files if f.startswith("relationships-"))
    return (f"neo4j-admin database import full neo4j {nodes} {rels} --array-delimiter='{ARRAY_DELIMITER}' "
            "--multiline-fields=true --overwrite-destination")


def write_neo4j_csv(graph, output: BinaryIO) -> None:
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
        archive.writestr("IMPORT.txt", "Load these files into an empty Neo4j 5 database (stopped) with:\n\n"
                         + _command([f.name for f in files]) + "\n\nThen create the constraints and the full-text "
                         "index of briefgraph.cypher's Schema section.\n")

"""The full dumps partners download: every format of the registry, regenerated when the data
change (a new generation of the store), each with its size and SHA-256, and a VoID and DCAT
description of the dataset. A set is written in a folder of its own and the manifest that names
it is replaced last, so a reader sees the old set or the new one, never half of one."""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TypedDict, cast

from briefgraph.formats import formats
from briefgraph.ontology.model import ONTOLOGY_IRI
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.rdf.base import RdfStore

from . import export
from .deltas import diff_sorted, sort_lines
from .raw import write_raw_nquads

LICENSE = "https://creativecommons.org/licenses/by/4.0/"

MANIFEST = "manifest.json"


class Dump(TypedDict):
    """One file of the downloads, as the manifest lists it."""

    format: str
    name: str
    media_type: str
    size: int
    sha256: str


# Beside the curated dumps (the reviewers' decisions applied, and listed in their own named graph):
# the extraction before any decision, for a partner who wants to judge it alone.
RAW = Dump(format="nquads-raw", name="briefgraph-raw.nq", media_type="application/n-quads", size=0, sha256="")
RAW_DESCRIPTION = ("The raw extraction, before the reviewers' decisions (the other dumps hold the curated statements "
                   "and the decisions' own named graph)")


class Delta(TypedDict):
    """What changed between two consecutive sets, as two N-Quads files (exports/deltas.py)."""

    source: str                 # the earlier set's folder
    target: str                 # the later set's
    created: str
    removed: Dump
    added: Dump
    lines: dict[str, int]       # how many lines each holds


class Manifest(TypedDict, total=False):
    """The current set of downloads: the store generation it was made from, its folder, when,
    the counts of the dataset (briefings, entities, events, sources, triples), the files, and the
    deltas from each earlier set to the next, oldest first."""

    generation: str | None
    dir: str
    created: str
    counts: dict[str, int]
    files: list[Dump]
    deltas: list[Delta]


DELTAS = "deltas"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of the current downloads, or None if there are none yet."""
    try:
        # Written by regenerate() alone, next to the files it lists.
        return cast(Manifest, json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def void_description(base_url: str, manifest: Manifest) -> str:
    """VoID and DCAT in Turtle: the dataset, its counts, licence, vocabulary, endpoint and dumps."""
    counts = manifest["counts"]
    me = f"<{base_url}/downloads#dataset>"
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .", "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix spdx: <http://spdx.org/rdf/terms#> .", "@prefix foaf: <http://xmlns.com/foaf/0.1/> .", "",
        f"{me} a void:Dataset, dcat:Dataset ;",
        '  dct:title "Briefgraph"@en ;',
        '  dct:description "A knowledge graph of analytical briefings on security and politics in Belarus, '
        'Russia and Ukraine: actors, agreements, units, events, with the briefing and offsets of every fact."@en ;',
        f"  dct:license <{LICENSE}> ;",
        f'  dct:modified "{manifest["created"]}"^^xsd:dateTime ;',
        f"  void:vocabulary <{ONTOLOGY_IRI}#> ;",
        f"  void:sparqlEndpoint <{base_url}/sparql> ;",
        f"  foaf:homepage <{base_url}/> ;",
        f"  void:uriSpace \"{base_url}/id/\" ;",
        f"  void:triples {counts['triples']} ;",
        f"  void:entities {counts['entities'] + counts['events'] + counts['briefings']} ;",
        f"  void:classPartition [ void:class <{ONTOLOGY_IRI}#Entity> ; void:entities {counts['entities']} ] ,",
        f"    [ void:class <{ONTOLOGY_IRI}#Event> ; void:entities {counts['events']} ] ,",
        f"    [ void:class <{ONTOLOGY_IRI}#Briefing> ; void:entities {counts['briefings']} ] ;",
    ]
    deltas = manifest.get("deltas", [])
    dumps = [f"<{base_url}/downloads/{d['name']}>" for d in manifest["files"]]
    lines.append("  void:dataDump " + ", ".join(dumps) + " ;")
    distributions: list[tuple[str, str, Dump, str | None]] = [
        (f"<{base_url}/downloads#{d['format']}>", f"{base_url}/downloads/{d['name']}", d,
         RAW_DESCRIPTION if d["format"] == RAW["format"] else None)
        for d in manifest["files"]]
    for delta in deltas:
        for side, dump in (("removed", delta["removed"]), ("added", delta["added"])):
            what = (f"The N-Quads lines {side} from the full N-Quads dump of set {delta['source']} to that of set "
                    f"{delta['target']} ({delta['lines'][side]} lines)")
            distributions.append((f"<{base_url}/downloads#{dump['name']}>",
                                  f"{base_url}/downloads/{DELTAS}/{dump['name']}", dump, what))
    lines.append("  dcat:distribution " + ", ".join(d[0] for d in distributions) + " .")
    for node, url, d, described in distributions:
        lines += ["", f"{node} a dcat:Distribution ;", f"  dcat:downloadURL <{url}> ;",
                  *([f'  dct:description "{described}"@en ;'] if described else []),
                  f'  dcat:mediaType "{d["media_type"]}" ;',
                  f"  dcat:byteSize {d['size']} ;",
                  f"  spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; "
                  f'spdx:checksumValue "{d["sha256"]}" ] .']
    return "\n".join(lines) + "\n"


def regenerate(folder: Path, *, graph: GraphStore | None, rdf: RdfStore | None, base_url: str, generation: str | None,
               counts: dict[str, int]) -> Manifest | None:
    """Write every dump for this generation unless another process is at it (then None)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        current = read_manifest(folder)
        if current and current.get("generation") == generation:
            return current
        work = folder / f".work-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        files: list[Dump] = []
        for fmt in formats("graph", "dataset", "property-graph"):
            path = work / fmt.file_name
            with path.open("wb") as out:
                export(fmt, out, graph=graph, rdf=rdf, base_url=base_url)
            files.append(Dump(format=fmt.name, name=fmt.file_name, media_type=fmt.media_type, size=path.stat().st_size,
                              sha256=_sha256(path)))
        if graph is not None and rdf is not None:
            path = work / RAW["name"]
            with path.open("wb") as out:
                write_raw_nquads(graph, rdf, base_url, out)
            files.append(Dump(format=RAW["format"], name=RAW["name"], media_type=RAW["media_type"],
                              size=path.stat().st_size, sha256=_sha256(path)))
        tag = (generation or "initial")[:16]
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        deltas = list(current.get("deltas", [])) if current else []
        if current and current["dir"] != tag:
            delta = _delta(folder, current["dir"], work, tag, created)
            if delta is not None:
                deltas.append(delta)
        manifest = Manifest(generation=generation, dir=tag, created=created, counts=counts, files=files, deltas=deltas)
        (work / "void.ttl").write_text(void_description(base_url, manifest), encoding="utf-8")
        shutil.rmtree(folder / tag, ignore_errors=True)
        os.replace(work, folder / tag)
        tmp = folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(tmp, folder / MANIFEST)
        for old in folder.iterdir():        # earlier sets: a download still reading one keeps its open file
            if old.is_dir() and old.name not in (tag, DELTAS):
                shutil.rmtree(old, ignore_errors=True)
        return manifest


def _delta(folder: Path, source: str, work: Path, target: str, created: str) -> Delta | None:
    """The delta from the earlier set's full N-Quads dump to the new one's (None without one)."""
    nquads = next(f for f in formats("dataset") if f.name == "nquads").file_name
    before, after = folder / source / nquads, work / nquads
    if not before.exists():
        return None
    scratch = work / ".sort"
    sort_lines(before, scratch / "before.nq", scratch)
    sort_lines(after, scratch / "after.nq", scratch)
    out = folder / DELTAS
    out.mkdir(exist_ok=True)
    removed, added = out / f"{source}-{target}.removed.nq", out / f"{source}-{target}.added.nq"
    gone, came = diff_sorted(scratch / "before.nq", scratch / "after.nq", removed, added)
    shutil.rmtree(scratch, ignore_errors=True)

    def dump(path: Path) -> Dump:
        return Dump(format="nquads", name=path.name, media_type="application/n-quads", size=path.stat().st_size,
                    sha256=_sha256(path))
    return Delta(source=source, target=target, created=created, removed=dump(removed), added=dump(added),
                 lines={"removed": gone, "added": came})

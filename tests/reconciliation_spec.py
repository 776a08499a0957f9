"""The W3C Reconciliation API 0.2's JSON Schemas as a test oracle, read where the shared specs are
(`../shared/specs/reconciliation-0.2/` beside the repository, or BRIEFGRAPH_SPECS): never copied
into the project. The schemas' `$ref`s to each other (by their published `$id`, and Swagger 2.0's
for `authentication`) are resolved from that folder, not from the network."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ROOT = Path(__file__).resolve().parents[1]
# the published $ids some schemas give, and the file each is
PUBLISHED = "https://reconciliation-api.github.io/specs/0.2/schemas/"


def specs_dir() -> Path | None:
    """The folder of the specification's schemas and examples, if this machine has it."""
    for candidate in (os.environ.get("BRIEFGRAPH_SPECS"), ROOT.parent / "shared" / "specs", Path("/work/shared/specs")):
        if candidate and (Path(candidate) / "reconciliation-0.2" / "schemas").is_dir():
            return Path(candidate) / "reconciliation-0.2"
    return None


def require_specs() -> Path:
    """The specification's folder, or the test is skipped (failed under CI, where it must be there)."""
    found = specs_dir()
    if found is None:
        message = "the Reconciliation API 0.2 schemas are not here: set BRIEFGRAPH_SPECS to ../shared/specs"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@cache
def _registry(folder: Path) -> Registry:
    resources = []
    for path in sorted((folder / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        uris = {PUBLISHED + path.name, path.name}
        if "$id" in schema:
            uris.add(schema["$id"].rstrip("#"))
        resources += [(uri, resource) for uri in uris]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft7Validator:
    """A draft-7 validator of one of the schemas ('manifest', 'reconciliation-result-batch', ...)."""
    folder = require_specs()
    schema = json.loads((folder / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=_registry(folder))


def errors(name: str, document: object) -> list[str]:
    """What is wrong with a document by a schema: nothing for a valid one."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]

"""Imports point down: every runtime module imports only from its own layer or
from the layers below it, and no two packages import each other, directly or round a longer loop.
The check reads each module's AST, so imports inside functions (which hide a dependency until the
function runs) count as much as those at the top. Tests, tools/ and bench/ are not checked: they may
import anything."""
from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The layers, lowest first. A unit is a package or a module; a module belongs to the longest unit
# that names it or its package. A unit may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # Shared base: the package itself, settings, the base exception, the registry of output formats
    # (the store's query workers serialise in those formats, the exports and the pages too).
    ("briefgraph", "briefgraph.settings", "briefgraph.errors", "briefgraph.formats"),
    # The ontology: the schema as data, and the model, names and gazetteer derived from it.
    ("briefgraph.ontology",),
    # Reading briefings and extracting their facts: knows the ontology, nothing of any store.
    ("briefgraph.ingest",),
    # The stores: turns an extraction into rows and quads (store/graph/rows.py, store/writer.py import
    # ingest's Extraction and BriefingError), and reads them back through the view.
    ("briefgraph.store",),
    # Dumps of the archive in every format, read from the stores.
    ("briefgraph.exports",),
    # The web app: pages, twins, consoles over the view and the exports.
    ("briefgraph.webapp",),
    # The command line, which builds the settings and the stores and drives everything below, and
    # the JVM engines that `briefgraph engine` starts.
    ("briefgraph.cli", "briefgraph.ingest_command", "briefgraph.engines"),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
TOP_PACKAGE = "briefgraph"                  # a unit of its own module only (its __init__)


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it stands."""

    module: str                             # the importing module
    line: int
    target: str                             # the module imported (or the package, for a name in it)
    inner: bool                             # inside a function: runs when it is called

    def __str__(self) -> str:
        where = "inside a function" if self.inner else "at the top"
        return f"{self.module}:{self.line} imports {self.target} ({where})"


def runtime_modules() -> dict[str, Path]:
    """Every module of the installed package, by dotted name, from pyproject.toml's package-dir."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules = {}
    for package, folder in config["tool"]["setuptools"]["package-dir"].items():
        for path in sorted((ROOT / folder).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            modules[name] = path
    return modules


def unit_of(module: str) -> str | None:
    """The unit a module belongs to (None when no layer names it)."""
    if module == TOP_PACKAGE:
        return TOP_PACKAGE
    found = [u for u in RANK if u != TOP_PACKAGE and (module == u or module.startswith(u + "."))]
    return max(found, key=len, default=None)


def imports_of(module: str, source: str, is_package: bool, known: set[str]) -> list[Import]:
    """The project modules that a module's source imports, wherever the import stands."""
    tree = ast.parse(source)
    inner = {node for scope in ast.walk(tree) if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef))
             for node in ast.walk(scope) if isinstance(node, (ast.Import, ast.ImportFrom))}
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            # `from package import name`: the submodule when there is one, else the package.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found += [Import(module, node.lineno, t, node in inner)
                  for t in dict.fromkeys(targets) if t == TOP_PACKAGE or t.startswith(TOP_PACKAGE + ".")]
    return sorted(found, key=lambda i: (i.line, i.target))


def package_loops(imports: list[Import]) -> list[list[str]]:
    """The loops in the graph of units (each loop once, as the units round it)."""
    edges: dict[str, set[str]] = {}
    for imp in imports:
        source, target = unit_of(imp.module), unit_of(imp.target)
        if source and target and source != target:
            edges.setdefault(source, set()).add(target)
    loops, seen = [], set()

    def walk(unit: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(unit, ())):
            if nxt in path:
                loop = path[path.index(nxt):]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    loops.append(loop + [nxt])
            else:
                walk(nxt, path + [nxt])
    for start in sorted(edges):
        walk(start, [start])
    return loops


def problems(sources: dict[str, tuple[str, bool]], known: set[str]) -> list[str]:
    """Every upward import, every module no layer names and every package loop, each in words
    that name the modules and lines involved ({module: (source, is_package)})."""
    imports = [imp for module, (source, is_package) in sorted(sources.items())
               for imp in imports_of(module, source, is_package, known)]
    out = [f"{module} belongs to no layer: add it to LAYERS in tests/test_layers.py"
           for module in sorted(sources) if unit_of(module) is None]
    for imp in imports:
        source, target = unit_of(imp.module), unit_of(imp.target)
        if source and target and RANK[target] > RANK[source]:
            out.append(f"upward import: {imp} ({target} is above {source})")
    for loop in package_loops(imports):
        pairs = list(zip(loop, loop[1:]))
        evidence = [str(imp) for a, b in pairs for imp in imports
                    if unit_of(imp.module) == a and unit_of(imp.target) == b]
        out.append("package loop " + " -> ".join(loop) + ":\n    " + "\n    ".join(evidence))
    return out


def test_runtime_imports_point_down_and_packages_do_not_loop():
    modules = runtime_modules()
    sources = {name: (path.read_text(encoding="utf-8"), path.stem == "__init__")
               for name, path in modules.items()}
    found = problems(sources, set(modules))
    assert not found, "imports that break the layers:\n" + "\n".join(found)


def test_every_unit_in_the_layers_exists():
    modules = set(runtime_modules())
    missing = [u for u in RANK if u not in modules and not any(m.startswith(u + ".") for m in modules)]
    assert missing == []


# The check's own tests, on made-up modules: it must see what it is there to see.

def fake(modules: dict[str, str]) -> list[str]:
    known = set(runtime_modules()) | set(modules)
    return problems({name: (text, False) for name, text in modules.items()}, known)


def test_the_check_sees_an_upward_import_inside_a_function():
    text = '"""A store module."""\n\ndef page():\n    from ..webapp import twins\n    return twins\n'
    assert fake({"briefgraph.store.fake": text}) == [
        "upward import: briefgraph.store.fake:4 imports briefgraph.webapp.twins (inside a function) "
        "(briefgraph.webapp is above briefgraph.store)"]


def test_the_check_sees_the_loop_between_store_and_exports_that_there_was():
    store = "def serialised():\n    from briefgraph.exports.sparql_results import render\n"
    found = fake({"briefgraph.store.rdf.sparql": store,
                  "briefgraph.exports.sparql_results": "from briefgraph.store.rdf.sparql import SparqlResult\n"})
    assert found == [
        "upward import: briefgraph.store.rdf.sparql:2 imports briefgraph.exports.sparql_results (inside a function) "
        "(briefgraph.exports is above briefgraph.store)",
        "package loop briefgraph.exports -> briefgraph.store -> briefgraph.exports:\n"
        "    briefgraph.exports.sparql_results:1 imports briefgraph.store.rdf.sparql (at the top)\n"
        "    briefgraph.store.rdf.sparql:2 imports briefgraph.exports.sparql_results (inside a function)"]


def test_the_check_sees_a_loop_within_one_layer():
    found = fake({"briefgraph.cli": "import briefgraph.ingest_command\n",
                  "briefgraph.ingest_command": "from briefgraph import cli\n"})
    assert found == ["package loop briefgraph.cli -> briefgraph.ingest_command -> briefgraph.cli:\n"
                     "    briefgraph.cli:1 imports briefgraph.ingest_command (at the top)\n"
                     "    briefgraph.ingest_command:1 imports briefgraph.cli (at the top)"]


def test_the_check_allows_downward_and_sideways_imports():
    assert fake({"briefgraph.webapp.fake": "from briefgraph.store.view import View\nfrom . import twins\n",
                 "briefgraph.fake_base": "import os\n"}) == [
        "briefgraph.fake_base belongs to no layer: add it to LAYERS in tests/test_layers.py"]

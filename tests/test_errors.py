"""One error model: every exception class the project defines is a BriefgraphError, so that a caller
can catch them all and the web app can answer each with the status it names."""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path

from briefgraph.errors import BriefgraphError

ROOT = Path(__file__).resolve().parent.parent


def runtime_modules() -> list[str]:
    """Every module of the installed package, by dotted name, from pyproject.toml's packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = []
    for package in config["tool"]["setuptools"]["packages"]:
        names += [package, *(m.name for m in pkgutil.iter_modules(importlib.import_module(package).__path__,
                                                                   package + "."))]
    return sorted(set(names))


def exception_classes() -> dict[str, type[BaseException]]:
    """The public exception classes defined in the runtime modules, by qualified name. A private
    one (`_Refused`, `_OverMemory`) is a signal caught in the module that raises it."""
    found = {}
    for name in runtime_modules():
        for attr, value in vars(importlib.import_module(name)).items():
            if (inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == name
                    and not attr.startswith("_")):
                found[f"{name}.{attr}"] = value
    return found


def test_every_project_exception_is_a_briefgraph_error():
    classes = exception_classes()
    assert "briefgraph.store.graph.base.GraphError" in classes and "briefgraph.ingest.errors.BriefingError" in classes
    assert [name for name, cls in classes.items() if not issubclass(cls, BriefgraphError)] == []


def test_each_error_names_the_status_the_web_app_answers():
    statuses = {name: cls.http_status for name, cls in exception_classes().items() if cls.http_status != 500}
    assert statuses == {
        "briefgraph.store.graph.base.GraphError": 503, "briefgraph.store.graph.base.QueryRefused": 503,
        "briefgraph.store.graph.base.QueryTimeout": 503, "briefgraph.store.rdf.base.RdfError": 503,
        "briefgraph.store.rdf.sparql.StoreUnavailable": 503, "briefgraph.webapp.query_guard.Refused": 400,
        "briefgraph.exports.writers.NothingToDescribe": 404,
        "briefgraph.store.curation.decisions.CurationError": 400, "briefgraph.store.curation.users.UserError": 400,
        "briefgraph.store.reconciliation.ReconcileError": 400,
        "briefgraph.store.curation.users.UserExists": 409, "briefgraph.store.curation.users.UnknownUser": 404,
    }


def test_the_old_bases_still_catch_them():
    """Callers that catch ValueError or RuntimeError go on catching what they caught."""
    from briefgraph.formats import UnknownFormat
    from briefgraph.settings import SettingsError
    from briefgraph.store.graph.base import QueryTimeout
    from briefgraph.store.rdf.base import RdfError
    from briefgraph.webapp.query_guard import Refused
    assert all(issubclass(cls, ValueError) for cls in (UnknownFormat, SettingsError, Refused))
    assert all(issubclass(cls, RuntimeError) for cls in (QueryTimeout, RdfError))


def test_the_base_imports_nothing_but_the_future():
    """The bottom layer: any module may import it without pulling in another."""
    tree = ast.parse((ROOT / "briefgraph" / "errors.py").read_text(encoding="utf-8"))
    imported = [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert imported == ["from __future__ import annotations"]

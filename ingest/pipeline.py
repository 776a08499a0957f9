"""The extraction pipeline: small registered components run in order over a Doc, configured by data."""
from __future__ import annotations

import inspect

import pkgutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module, resources
from typing import Any, Protocol, TypeVar, cast

from briefgraph.errors import BriefgraphError

from .draft import Doc


class Component(Protocol):
    """A pipeline step: reads what it `requires` from the Doc and adds what it `provides`."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Doc) -> Doc: ...


@dataclass(frozen=True)
class Registration:
    """How to build a component, and its declared inputs and outputs."""

    factory: Callable[..., Component | None]
    requires: tuple[str, ...]
    provides: tuple[str, ...]


REGISTRY: dict[str, Registration] = {}


# A factory: a component class, or a function that builds one (or None when it is unavailable).
F = TypeVar("F", bound=Callable[..., object])


def component(name: str, requires: tuple[str, ...] = (), provides: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a component factory under `name` (a factory may return None: an optional
    component that is not available here, such as statistical NER without its model)."""
    def register(factory: F) -> F:
        REGISTRY[name] = Registration(cast(Callable[..., Component | None], factory), requires, provides)
        return factory
    return register


class PipelineError(BriefgraphError, ValueError):
    """The pipeline's configuration is wrong: an unknown component or an unmet requirement."""


class Pipeline:
    """Components in order; calling it on a briefing returns the finished Doc."""

    def __init__(self, steps: list[tuple[str, Component]]):
        self.steps = steps

    @property
    def names(self) -> list[str]:
        """The component names, in order."""
        return [name for name, _ in self.steps]

    def __call__(self, briefing: Any) -> Doc:
        doc = Doc(briefing=briefing, text=briefing.body)
        for _, step in self.steps:
            doc = step(doc)
        return doc


def default_config() -> dict[str, Any]:
    """The pipeline configuration shipped with the package (ingest/pipeline.toml)."""
    with resources.files("briefgraph.ingest").joinpath("pipeline.toml").open("rb") as fh:
        return tomllib.load(fh)


def discover() -> None:
    """Import every module of ingest/components/: each registers the components it defines, so a
    new component is its file plus its name in pipeline.toml."""
    from . import components

    for module in pkgutil.iter_modules(components.__path__):
        import_module(f"{components.__name__}.{module.name}")


def build_pipeline(config: dict[str, Any] | None = None, lexicon: Any = None) -> Pipeline:
    """Build the pipeline a configuration describes, checking each component's requirements; the
    components that look names up are given `lexicon` when there is one (else the bundled one)."""
    discover()
    config = config or default_config()
    settings = config.get("components", {})
    available: set[str] = {"briefing"}
    steps = []
    for name in config["pipeline"]["components"]:
        if name not in REGISTRY:
            raise PipelineError(f"unknown component {name!r}; known: {', '.join(sorted(REGISTRY))}")
        reg = REGISTRY[name]
        missing = [r for r in reg.requires if r not in available]
        if missing:
            raise PipelineError(f"component {name!r} needs {', '.join(missing)}, which no earlier component provides")
        options = {k: v for k, v in settings.get(name, {}).items()}
        if lexicon is not None and "lexicon" in inspect.signature(reg.factory).parameters:
            options["lexicon"] = lexicon
        instance = reg.factory(**options)
        if instance is None:        # an optional component that is not available here
            continue
        steps.append((name, instance))
        available.update(reg.provides)
    return Pipeline(steps)

"""Settings, read once from BRIEFGRAPH_* environment variables, each with a working default."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import BriefgraphError

# Where `make engines` puts the JVM engines' jars: .cache/engines in the project's folder.
ENGINES_DIR = Path(__file__).resolve().parents[1] / ".cache" / "engines"


@dataclass(frozen=True)
class Settings:
    """Every setting of Briefgraph; the field metadata documents its variable."""

    data_dir: Path = field(default=Path("data"), metadata={
        "env": "BRIEFGRAPH_DATA_DIR",
        "doc": "Folder of the embedded stores (FalkorDB under graph/, Oxigraph under rdf/).",
    })
    graph_url: str = field(default="", metadata={
        "env": "BRIEFGRAPH_GRAPH_URL",
        "doc": "Graph store: empty for the embedded FalkorDB, bolt:// or neo4j:// for Neo4j 5, "
               "redis://, falkor:// or unix:// (a socket) for a FalkorDB server.",
    })
    neo4j_user: str = field(default="neo4j", metadata={
        "env": "BRIEFGRAPH_NEO4J_USER", "doc": "Neo4j user name.",
    })
    neo4j_password: str = field(default="", repr=False, metadata={
        "env": "BRIEFGRAPH_NEO4J_PASSWORD", "doc": "Neo4j password.",
    })
    neo4j_database: str = field(default="neo4j", metadata={
        "env": "BRIEFGRAPH_NEO4J_DATABASE", "doc": "Neo4j database name.",
    })
    rdf_url: str = field(default="", metadata={
        "env": "BRIEFGRAPH_RDF_URL",
        "doc": "RDF store: empty for the embedded Oxigraph, or the http(s):// URL of a SPARQL 1.1 "
               "Query and Update server.",
    })
    ner_model: str = field(default="off", metadata={
        "env": "BRIEFGRAPH_NER_MODEL",
        "doc": "Statistical NER in the extraction: off, auto (the first installed model), or a spaCy "
               "model's package name. Off by default: on the development set it adds no entity the "
               "gazetteer and the patterns miss, only false ones (see README, Extraction).",
    })
    base_url: str = field(default="http://127.0.0.1:5000", metadata={
        "env": "BRIEFGRAPH_BASE_URL",
        "doc": "Base of instance IRIs, {base}/id/{kind}/{slug}; the address the web app is served at.",
    })

    vendor_dir: str = field(default="", metadata={
        "env": "BRIEFGRAPH_VENDOR_DIR",
        "doc": "Folder of the npm packages the pages load (Cytoscape.js): empty for node_modules/ of the "
               "project, where `npm ci` (run by make) puts them.",
    })

    engines_dir: Path = field(default=ENGINES_DIR, metadata={
        "env": "BRIEFGRAPH_ENGINES_DIR",
        "doc": "Folder of the JVM engines' jars (Neo4j, Fuseki) that `make engines` resolves from Maven Central; "
               "`briefgraph engine` and the tests start them from there.",
    })

    page_cache: int = field(default=2048, metadata={
        "env": "BRIEFGRAPH_PAGE_CACHE",
        "doc": "Rendered pages each web process keeps until the data change (every write starts a new "
               "generation of the store); 0 turns the cache off.",
    })

    page_cache_mb: int = field(default=64, metadata={
        "env": "BRIEFGRAPH_PAGE_CACHE_MB",
        "doc": "Megabytes of rendered pages each web process keeps at most (a page over an eighth of it is "
               "never kept).",
    })

    query_timeout: int = field(default=10, metadata={
        "env": "BRIEFGRAPH_QUERY_TIMEOUT",
        "doc": "Seconds a SPARQL or Cypher query of the consoles may run before it is stopped.",
    })
    row_cap: int = field(default=10000, metadata={
        "env": "BRIEFGRAPH_ROW_CAP",
        "doc": "Rows (or triples) a console query returns at most; a cut result says it was truncated.",
    })

    secret_key: str = field(default="", repr=False, metadata={
        "env": "BRIEFGRAPH_SECRET_KEY",
        "doc": "Key that signs the reviewers' session cookies: empty for a random key kept in the file secret_key "
               "of the data folder (made on first start, mode 0600), so that sessions survive a restart.",
    })
    ratelimit_storage: str = field(default="memory://", metadata={
        "env": "BRIEFGRAPH_RATELIMIT_STORAGE",
        "doc": "Where the sign-in attempts are counted (a Flask-Limiter storage URI): memory:// counts in each "
               "process; with several workers, redis://host:6379 counts for all of them.",
    })

    @property
    def graph_dir(self) -> Path:
        """Where the embedded FalkorDB keeps its files."""
        return self.data_dir / "graph"

    @property
    def rdf_dir(self) -> Path:
        """Where the embedded Oxigraph keeps its files."""
        return self.data_dir / "rdf"

    @property
    def graph_backend(self) -> str:
        """'falkordb-embedded', 'neo4j' or 'falkordb-server', from the graph URL's scheme."""
        scheme = self.graph_url.split("://", 1)[0].lower() if self.graph_url else ""
        if not scheme:
            return "falkordb-embedded"
        if scheme in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
            return "neo4j"
        if scheme in {"redis", "rediss", "falkor", "falkors", "unix"}:
            return "falkordb-server"
        raise SettingsError(f"BRIEFGRAPH_GRAPH_URL: unknown scheme {scheme!r} in {self.graph_url!r}; "
                            "use bolt://, neo4j://, redis:// or falkor://, or leave it empty")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read the settings from `environ` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            if f.type in (int, "int"):
                try:
                    number = int(raw)
                except ValueError:
                    raise SettingsError(f"{f.metadata['env']} must be a whole number, got {raw!r}") from None
                if number < 0:
                    raise SettingsError(f"{f.metadata['env']} must not be negative, got {raw!r}")
                values[f.name] = number
            else:
                values[f.name] = Path(raw) if f.type in (Path, "Path") else raw.strip()
        settings = cls(**values)  # type: ignore[arg-type]
        if not settings.base_url.startswith(("http://", "https://")):
            raise SettingsError(f"BRIEFGRAPH_BASE_URL must start with http:// or https://, got {settings.base_url!r}")
        object.__setattr__(settings, "base_url", settings.base_url.rstrip("/"))
        settings.graph_backend  # validates the scheme
        return settings


class SettingsError(BriefgraphError, ValueError):
    """A setting has a value Briefgraph cannot use."""


def documented() -> list[tuple[str, str, str]]:
    """(variable, default, description) for every setting, for the README and `briefgraph settings`."""
    out = []
    for f in fields(Settings):
        out.append((f.metadata["env"], str(f.default), f.metadata["doc"]))
    return out

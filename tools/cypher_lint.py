"""Lint Cypher statements by Neo4j 5's rules, offline, with Neo4j's own Cypher language support.

No Neo4j server can run where Briefgraph is developed and tested, so the statements the Neo4j
backend sends are checked with the npm package `@neo4j-cypher/language-support` (pinned in
package.json, installed by `npm ci` in the repository root) through `cypher-lint.mjs`, beside this
file. Test tooling, not part of the package.

`schema` declares what the database would have, and so what gets checked (see the script):
``{"labels": [...], "relationshipTypes": [...], "propertyKeys": [...], "procedures": [...],
"functions": [...] | "builtin", "parameters": [...]}``. Procedures and functions are names from
the library's catalogue of a Neo4j server (e.g. ``"db.index.fulltext.queryNodes"``) or full
procedure/function objects. Each diagnostic is a dict with ``message``, ``line`` and ``column``
(1-based, as in Neo4j's messages), ``endLine``, ``endColumn``, ``offset`` and ``endOffset``
(0-based), and ``deprecated`` on deprecation warnings.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).resolve().with_name("cypher-lint.mjs")
REPO_ROOT = SCRIPT.parent.parent
PACKAGE_DIR = REPO_ROOT / "node_modules" / "@neo4j-cypher" / "language-support"


class CypherLintError(RuntimeError):
    """The lint script could not run, or rejected its input."""


@dataclass(frozen=True)
class LintResult:
    statement: str
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors


def available() -> bool:
    """Whether linting can run here: `node` on PATH, the script and the npm package installed."""
    return (shutil.which("node") is not None and SCRIPT.is_file()
            and (PACKAGE_DIR / "package.json").is_file())


def unavailable_reason() -> str:
    """Why `available()` is false (empty when it is true), for skip messages."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not SCRIPT.is_file():
        return f"{SCRIPT} is missing"
    if not (PACKAGE_DIR / "package.json").is_file():
        return (f"@neo4j-cypher/language-support is not installed under {REPO_ROOT / 'node_modules'}"
                f" (run `npm ci` in {REPO_ROOT})")
    return ""


def lint(statements: list[str], schema: dict | None = None, *, timeout: float = 300) -> list[LintResult]:
    """Lint each statement as Neo4j 5 Cypher; one result per statement, in order.

    All statements go to one run of node (it takes a few seconds to load the library), so
    lint many statements in one call rather than one call each.
    """
    if isinstance(statements, str):
        raise TypeError("statements must be a list of strings, not one string")
    statements = list(statements)
    if not statements:
        return []
    node = shutil.which("node")
    if node is None or not available():
        raise CypherLintError(f"Cypher linting is unavailable: {unavailable_reason()}")
    payload = {"statements": statements}
    if schema is not None:
        payload["schema"] = schema
    try:
        proc = subprocess.run(
            [node, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True,
            encoding="utf-8", cwd=REPO_ROOT, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CypherLintError(f"{SCRIPT.name} took more than {timeout} s") from exc
    if proc.returncode != 0:
        kind = {2: "rejected its input", 3: "could not load the library"}.get(
            proc.returncode, f"failed (exit status {proc.returncode})")
        raise CypherLintError(f"{SCRIPT.name} {kind}: {proc.stderr.strip()}")
    try:
        raw = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise CypherLintError(f"{SCRIPT.name} printed no JSON: {proc.stdout[:500]!r}") from exc
    if not isinstance(raw, list) or len(raw) != len(statements):
        raise CypherLintError(f"{SCRIPT.name} returned {len(raw) if isinstance(raw, list) else raw!r}"
                              f" results for {len(statements)} statements")
    return [LintResult(r["statement"], r["errors"], r["warnings"]) for r in raw]

"""docker-compose.yml and the Dockerfile are coherent (no container engine runs here to try them)."""
import re
import shlex
from pathlib import Path

import pytest
import yaml

from briefgraph.settings import documented

ROOT = Path(__file__).resolve().parents[1]
VAR = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")
HAS_DEFAULT = re.compile(r"\$\{([A-Z0-9_]+):?-[^}]*\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_of(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def test_services(compose):
    assert set(compose["services"]) == {"neo4j", "app", "oxigraph"}
    assert compose["services"]["oxigraph"]["profiles"] == ["oxigraph"]
    # the default graph is the union of the named graphs, as the embedded store serves it
    assert "--union-default-graph" in compose["services"]["oxigraph"]["command"]


def test_neo4j_is_the_line_the_tests_run_with_auth_volume_and_healthcheck(compose):
    neo = compose["services"]["neo4j"]
    tested = re.search(r"<neo4j.version>(\d+\.\d+)\.\d+</neo4j.version>",
                       (ROOT / "tools/engines/neo4j/pom.xml").read_text()).group(1)
    assert tested == "5.26"
    assert neo["image"] == f"neo4j:{tested}-community"
    assert env_of(neo)["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert any(v.startswith("neo4j-data:/data") for v in neo["volumes"])
    assert neo["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
    assert "7687:7687" in neo["ports"]


def test_app_is_wired_to_neo4j_and_waits_for_it(compose):
    app = compose["services"]["app"]
    env = env_of(app)
    assert env["BRIEFGRAPH_GRAPH_URL"] == "bolt://neo4j:7687"
    assert app["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert app["build"] == "."
    assert any(v.endswith(":/briefings:ro") for v in app["volumes"])


def test_app_environment_matches_the_settings_module(compose):
    known = {env for env, _, _ in documented()}
    env = env_of(compose["services"]["app"])
    unknown = {k for k in env if k.startswith("BRIEFGRAPH_")} - known
    assert unknown == set()
    assert {"BRIEFGRAPH_GRAPH_URL", "BRIEFGRAPH_NEO4J_USER", "BRIEFGRAPH_NEO4J_PASSWORD",
            "BRIEFGRAPH_DATA_DIR", "BRIEFGRAPH_RDF_URL", "BRIEFGRAPH_BASE_URL"} <= set(env)


def test_every_named_volume_is_declared_and_used(compose):
    declared = set(compose["volumes"])
    used = set()
    for service in compose["services"].values():
        for v in service.get("volumes", []):
            source = v.split(":", 1)[0]
            if not source.startswith((".", "/", "$")):
                used.add(source)
    assert used == declared


def test_every_dependency_is_a_service(compose):
    for name, service in compose["services"].items():
        for dep in service.get("depends_on", {}):
            assert dep in compose["services"], f"{name} depends on unknown {dep}"


def test_ports_are_host_container_pairs(compose):
    for service in compose["services"].values():
        for p in service.get("ports", []):
            assert re.fullmatch(r"\d+:\d+", p), p


def test_variables_without_default_are_in_env_example(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    required = set(VAR.findall(text)) - set(HAS_DEFAULT.findall(text))
    assert required == {"NEO4J_PASSWORD"}
    for var in required:
        assert re.search(rf"^{var}=", example, re.M), var


def test_dockerfile_serves_the_app_with_gunicorn_on_the_mapped_port(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1)
    argv = yaml.safe_load(cmd)
    assert argv[0] == "gunicorn"
    bind = argv[argv.index("--bind") + 1]
    port = bind.rsplit(":", 1)[1]
    assert f"EXPOSE {port}" in dockerfile
    assert f"8000:{port}" in compose["services"]["app"]["ports"]
    assert argv[-1] == "briefgraph.webapp:create_app()"


def test_dockerfile_copies_every_package_folder():
    dockerfile = (ROOT / "Dockerfile").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    folders = set(re.findall(r'^"briefgraph(?:\.\w+)?" = "(\w+)"', pyproject, re.M))
    assert folders == {"briefgraph", "ontology", "ingest", "store", "exports", "webapp"}
    for folder in folders:
        assert f"COPY {folder} {folder}" in dockerfile


def test_documented_ingest_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert "docker compose run --rm app briefgraph ingest /briefings" in readme
    assert shlex.split("docker compose run --rm app briefgraph ingest /briefings")[4] == "app"

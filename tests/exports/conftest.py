"""Stores holding the sample briefings, for the export tests: the web app tests' session stores."""
from tests.webapp.conftest import stores  # noqa: F401 - a fixture, used by name

"""Stores holding the sample briefings, for the export tests: the web app tests' session stores,
over each graph backend."""
from tests.webapp.conftest import loaded_stores, stores  # noqa: F401 - fixtures, used by name

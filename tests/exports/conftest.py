"""Stores holding the sample briefings, for the export tests."""
import pytest

from tests.webapp.conftest import stores  # noqa: F401 - the same session stores as the web app tests

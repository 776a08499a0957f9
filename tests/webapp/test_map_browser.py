"""The map in a real browser (Debian's Chromium through Playwright) over the samples: the outlines
and the markers drawn, a filter changes their number, a click on a marker opens the event's card
with its evidence, and no console error."""
import pytest

from tests.webapp.test_browser import browser, page, server, shot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _drawn(page):
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'", timeout=30000)
    return int(page.get_attribute("#map", "data-markers"))


def test_the_map_draws_filters_and_opens_a_card(server, page):
    page.goto(server + "/map")
    assert _drawn(page) == 94
    # the outlines (a country's and the regions' paths) and the clusters of markers are on the map
    assert page.locator(".leaflet-overlay-pane path").count() > 50
    assert page.locator(".marker-cluster").count() + page.locator("path.event-marker").count() > 0
    assert page.inner_text("#map-status") == "94 events on the map."
    shot(page, "map-01-all")
    page.select_option("#map-filters select[name=type]", "Exercise")
    page.click("#map-filters button")
    page.wait_for_url("**/map?type=Exercise**")
    assert _drawn(page) == 12
    assert page.inner_text("#map-status") == "12 events on the map."
    # one election: a single marker, not clustered
    page.goto(server + "/map?type=Election")
    assert _drawn(page) == 1
    marker = page.locator("path.event-marker")
    assert marker.count() == 1
    marker.click()
    page.wait_for_selector("#map-card blockquote")
    card = page.inner_text("#map-card")
    assert card.startswith("election\n")
    assert page.get_attribute("#map-card h3 a", "href").startswith("/id/event/")
    assert page.locator("#map-card blockquote").count() >= 1
    shot(page, "map-02-card")
    assert page.errors == []

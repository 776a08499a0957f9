"""A real browser (Debian's Chromium driven by Playwright, never a downloaded one) against the app
served on 127.0.0.1 over the sample corpus: home, search, the person's page, the graph view with
a node expanded; no console error anywhere; screenshots kept as test artifacts."""
import os
import shutil
from pathlib import Path

import pytest

from tests.webapp.server import serving

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("BRIEFGRAPH_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(app):
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_search_reach_the_person_and_expand_the_graph(server, page):
    page.goto(server + "/")
    assert page.title() == "Briefgraph"
    shot(page, "01-home")
    page.fill("form.search.big input[name=q]", "Lukashenka")
    page.click("form.search.big button")
    page.wait_for_url("**/search?q=Lukashenka")
    shot(page, "02-search")
    page.click("text=Alexander Lukashenko")
    page.wait_for_url("**/id/person/alexander-lukashenko")
    assert page.inner_text("h1") == "Alexander Lukashenko"
    page.wait_for_function("() => window.briefgraphGraph && window.briefgraphGraph.cy.nodes().length > 1")
    shot(page, "03-person")
    page.click("text=Explore in the graph view")
    page.wait_for_url("**/graph?id=person/alexander-lukashenko")
    page.wait_for_function("() => window.briefgraphGraph && window.briefgraphGraph.cy.nodes().length > 1")
    before = page.evaluate("window.briefgraphGraph.cy.nodes().length")
    # click on Belarus, a neighbour with neighbours of its own, where the graph draws it
    page.wait_for_function("() => window.briefgraphGraph.cy.getElementById('state/belarus').length === 1")
    x, y = page.evaluate("""() => { const cy = window.briefgraphGraph.cy; const n = cy.getElementById('state/belarus');
        cy.center(n); const p = n.renderedPosition(); const box = cy.container().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }""")
    page.mouse.click(x, y)
    page.wait_for_function(f"() => window.briefgraphGraph.cy.nodes().length > {before}")
    assert "nodes," in page.inner_text("#graph-status")
    shot(page, "04-graph-expanded")
    # hiding a class hides its nodes
    page.uncheck("#class-filter input[value=Person]")
    hidden = page.evaluate("window.briefgraphGraph.cy.nodes('.filtered').length")
    assert hidden >= 1
    assert page.errors == []


def test_pages_render_on_a_phone_without_console_errors(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path, name in [("/briefings/13-zapad-2025", "05-briefing-phone"), ("/events", "06-events-phone"),
                       ("/ontology", "07-ontology-phone"), ("/id/person/nobody", "08-not-found-phone")]:
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{path} scrolls sideways on a phone ({width}px)"
        shot(page, name)
    context.close()
    assert errors == ["Failed to load resource: the server responded with a status of 404 (NOT FOUND)"]


def test_hostile_briefing_runs_no_script_in_the_browser(server, page):
    page.goto(server + "/briefings/zz-hostile-plain")
    assert page.evaluate("document.querySelectorAll('main script, main img, main b').length") == 0
    assert "alert('body')" in page.inner_text("main")
    assert page.errors == []

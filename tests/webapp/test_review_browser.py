"""The review workflow in a real browser (Debian's Chromium through Playwright): a reviewer signs
in, rejects a relation with the keyboard, corrects a quantity, undoes the correction and merges
two entities; the pages show each step; no console error."""
import pytest

from tests.webapp.server import serving
from tests.webapp.test_browser import browser, page, shot  # noqa: F401 - the browser's fixtures
from tests.webapp.test_review import LEADS, PASSWORD, ZAPAD, app, archive  # noqa: F401 - the stores' fixtures

pytestmark = pytest.mark.slow


@pytest.fixture
def server(app):  # noqa: F811
    with serving(app) as url:
        yield url


def test_a_reviewer_rejects_corrects_and_undoes(server, page):  # noqa: F811
    page.goto(server + "/review")
    assert "Only a signed-in reviewer may do this" in page.content()
    assert page.errors == ["Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"]
    page.errors.clear()
    page.goto(server + "/sign-in?next=/review%3Fkind%3Drelation")
    page.fill("input[name=name]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/sign-in'] button[type=submit]")
    page.wait_for_url("**/review?kind=relation")
    keys = page.eval_on_selector_all("li.review-item input[name=fact]", "boxes => boxes.map(b => b.value.split('\\t')[1])")
    at = keys.index(LEADS)
    # the keyboard: j down to the relation, r rejects it
    for _ in range(at + 1):
        page.keyboard.press("j")
    assert page.eval_on_selector("li.review-item.focused input[name=fact]", "b => b.value.split('\\t')[1]") == LEADS
    with page.expect_navigation():
        page.keyboard.press("r")
    page.wait_for_url("**/review?kind=relation")
    shot(page, "10-review-after-reject")
    assert LEADS not in page.eval_on_selector_all("li.review-item input[name=fact]",
                                                  "boxes => boxes.map(b => b.value.split('\\t')[1])")
    relations = page.request.get(server + "/id/person/viktor-gulevich.json").json()["relations"]
    assert [(r["predicate"], r["other"]) for r in relations] == []
    # a quantity: its page, the correction form
    page.goto(server + "/review?kind=quantity")
    page.click(f"li.review-item:has(mark:text-is('about 12,800 troops')) >> text=decide")
    page.fill("input[name=value]", "13000")
    page.click("button[value=correct]")
    page.wait_for_selector("p.decision")
    assert page.inner_text("p.decision").startswith('correct {"value": 13000} by ann')
    shot(page, "11-quantity-corrected")
    event_id = page.eval_on_selector("input[name=key]", "i => i.value")
    page.goto(f"{server}/id/{event_id}")
    assert "13,000 troops (corrected; the briefing says \u201cabout 12,800 troops\u201d)" in page.inner_text("main")
    page.go_back()
    page.click("ol.audit button:text('Undo')")
    page.wait_for_selector("p.empty:text('No decision yet.')")
    page.goto(f"{server}/id/{event_id}")
    assert "corrected" not in page.inner_text("main") and "about 12,800 troops" in page.inner_text("main")
    # two entities merged from the entity's review page
    page.goto(server + "/review/fact?kind=entity&key=person/viktor-gulevich")
    page.fill("input[name=into]", "person/alexander-lukashenko")
    page.click("button[value=merge]")
    page.wait_for_selector("p.decision")
    assert page.inner_text("p.decision").startswith("merge ")
    assert page.request.get(server + "/id/person/viktor-gulevich.json").status == 404
    page.goto(server + "/id/person/alexander-lukashenko")
    assert "Viktor Gulevich" in page.inner_text("main")
    shot(page, "12-merged")
    assert page.errors == []

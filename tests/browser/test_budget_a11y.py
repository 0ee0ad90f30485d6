"""WCAG 2.1 AA of the participatory budget's public pages (issue 8): the project list, a project, the
ballot (district step, the ballot, the ballot with errors) and the results with the bar chart — axe-core
in headless Chromium at desktop width and at 320 px, and reflow at 320 px without JavaScript."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}


@pytest.fixture(scope="module")
def budget_paths(demo_site, django_db_blocker):
    from eservices.budget.models import Edition, Proposal

    with django_db_blocker.unblock():
        current, past = Edition.objects.order_by("-year")[:2]
        proposal = Proposal.objects.filter(edition=current, status="accepted").order_by("number").first()
        district = current.pools.filter(kind="district", proposals__status="accepted").first()
    return {
        "list": "/budzet-obywatelski/",
        "detail": f"/budzet-obywatelski/projekty/{proposal.pk}/",
        "district": "/budzet-obywatelski/glosowanie/",
        "ballot": f"/budzet-obywatelski/glosowanie/?obszar={district.slug}",
        "results": f"/budzet-obywatelski/wyniki/?edycja={past.slug}",
    }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["list", "detail", "district", "ballot", "results"])
def test_budget_pages_have_no_axe_violations(browser, demo_site, budget_paths, name, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="pl-PL")
    try:
        tab = context.new_page()
        response = tab.goto(demo_site.url + budget_paths[name])
        assert response.status == 200
        assert tab.locator("h1").count() == 1
        violations = run_axe(tab)
        assert not violations, f"axe: {len(violations)} violation(s) on {name} at {width}:\n{describe(violations)}"
    finally:
        context.close()


def test_ballot_with_errors_has_no_axe_violations(browser, demo_site, budget_paths):
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="pl-PL")
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + budget_paths["ballot"])
        tab.locator("form[data-budget-ballot] button[type=submit]").click()
        tab.wait_for_load_state()
        assert tab.locator(".error-summary").count() == 1
        assert "Wybierz co najmniej jeden projekt" in tab.content() or "Wpisz imię" in tab.content()
        violations = run_axe(tab)
        assert not violations, f"axe on the ballot with errors:\n{describe(violations)}"
    finally:
        context.close()


@pytest.mark.parametrize("name", ["list", "ballot", "results"])
def test_budget_pages_fit_320px_without_javascript(browser, demo_site, budget_paths, name):
    context = browser.new_context(java_script_enabled=False, viewport=WIDTHS["320px"])
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + budget_paths[name])
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{budget_paths[name]} is {width}px wide at 320px"
    finally:
        context.close()

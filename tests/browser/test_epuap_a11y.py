"""WCAG 2.1 AA of the login.gov.pl pages (issue 10): the button on the sign-in page, the page that
hands over to login.gov.pl, the error page; 320 px and without JavaScript."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser


def _assert_accessible(tab, label):
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


def test_logingov_pages_have_no_axe_violations(tab, demo_site):
    tab.goto(demo_site.url + "/konto/logowanie/")
    tab.get_by_role("link", name="Zaloguj przez login.gov.pl").click()
    tab.wait_for_load_state()
    assert "/konto/login-gov-pl/" in tab.url
    _assert_accessible(tab, "/konto/login-gov-pl/")
    response = tab.goto(demo_site.url + "/konto/login-gov-pl/acs/?SAMLart=x")
    assert response.status == 400
    _assert_accessible(tab, "/konto/login-gov-pl/acs/ (error)")


def test_handover_page_fits_320px_without_javascript(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False, locale="pl-PL")
    tab = context.new_page()
    try:
        tab.goto(demo_site.url + "/konto/login-gov-pl/")
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"scrolls sideways at 320 px by {overflow}px"
        assert tab.locator("main form button[type=submit]").count() == 1
    finally:
        context.close()

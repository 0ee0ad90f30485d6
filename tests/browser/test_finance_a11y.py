"""WCAG 2.1 AA of the resident's office (issue 6): balances, the year filter, the payment confirmation and
the sandbox gateway's page — axe-core in headless Chromium; the balances fit 320 px without JavaScript."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

VERIFIED_RESIDENT = ("zweryfikowany@ratusz.local", "ratusz-demo-mieszkaniec")


def _assert_accessible(tab, label):
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


def _sign_in(tab, url):
    tab.goto(url + "/konto/logowanie/")
    tab.fill("#id_username", VERIFIED_RESIDENT[0])
    tab.fill("#id_password", VERIFIED_RESIDENT[1])
    tab.locator("main button[type=submit]").click()
    tab.wait_for_url("**/konto/")


def test_balances_and_payment_pages_have_no_axe_violations(tab, demo_site):
    _sign_in(tab, demo_site.url)
    tab.goto(demo_site.url + "/konto/naleznosci/")
    _assert_accessible(tab, "/konto/naleznosci/")
    tab.goto(demo_site.url + "/konto/naleznosci/?rok=2025")
    _assert_accessible(tab, "/konto/naleznosci/?rok=2025")
    tab.goto(demo_site.url + "/konto/naleznosci/?rok=abc")
    _assert_accessible(tab, "/konto/naleznosci/ with a bad year")
    pay = tab.locator("main a[href*='/zaplac/?raty=']").first
    assert pay.count() == 1, "the demo resident has something to pay"
    pay.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the payment confirmation")
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_load_state()
    assert "/platnosci/sandbox/" in tab.url
    _assert_accessible(tab, "the sandbox gateway's page")


def test_balances_fit_320px_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        _sign_in(tab, demo_site.url)
        tab.goto(demo_site.url + "/konto/naleznosci/")
        assert tab.locator("h1").count() == 1
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"/konto/naleznosci/ is {width}px wide at 320px"
    finally:
        context.close()

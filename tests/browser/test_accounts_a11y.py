"""WCAG 2.1 AA of the resident account pages (issue 4), checked by axe-core in headless Chromium:
the clean forms, the same forms showing errors, 320 px reflow, and the forms working without JS."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

DEMO_RESIDENT = ("mieszkaniec@ratusz.local", "ratusz-mieszkaniec-demo")


def _assert_accessible(tab, label):
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


@pytest.mark.parametrize("path", ["/konto/logowanie/", "/konto/rejestracja/", "/konto/haslo/reset/"])
def test_account_form_has_no_axe_violations_clean_and_with_errors(tab, demo_site, path):
    response = tab.goto(demo_site.url + path)
    assert response.status == 200
    _assert_accessible(tab, path)
    tab.locator("main button[type=submit]").click()  # empty form: every required field fails
    tab.wait_for_load_state()
    assert tab.locator(".error-summary").count() == 1, path
    _assert_accessible(tab, f"{path} with errors")


def test_signed_in_pages_have_no_axe_violations(tab, demo_site):
    tab.goto(demo_site.url + "/konto/logowanie/")
    tab.fill("#id_username", DEMO_RESIDENT[0])
    tab.fill("#id_password", DEMO_RESIDENT[1])
    tab.locator("main button[type=submit]").click()
    tab.wait_for_url("**/konto/")
    _assert_accessible(tab, "/konto/")
    tab.goto(demo_site.url + "/konto/profil/")
    _assert_accessible(tab, "/konto/profil/")
    tab.fill("#id_pesel", "44051401358")
    tab.fill("#id_postal_code", "36060")
    tab.locator("main button[type=submit]").click()
    tab.wait_for_load_state()
    assert "nie zgadza się cyfra kontrolna" in tab.locator("#id_pesel_error").inner_text()
    _assert_accessible(tab, "/konto/profil/ with errors")
    tab.goto(demo_site.url + "/konto/wyloguj/")
    _assert_accessible(tab, "/konto/wyloguj/")


def test_account_forms_fit_320px_and_work_without_javascript(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False, locale="pl-PL")
    tab = context.new_page()
    try:
        for path in ("/konto/logowanie/", "/konto/rejestracja/"):
            tab.goto(demo_site.url + path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways at 320 px by {overflow}px"
        tab.goto(demo_site.url + "/konto/logowanie/")
        tab.fill("#id_username", DEMO_RESIDENT[0])
        tab.fill("#id_password", DEMO_RESIDENT[1])
        tab.locator("main button[type=submit]").click()
        tab.wait_for_url("**/konto/")
        assert "Moje konto" in tab.locator("h1").inner_text()
    finally:
        context.close()

"""WCAG 2.1 AA of the online application form (issue 4): a step, the same step with errors, and the
page a resident without a verified identity is sent to — axe-core in headless Chromium."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

VERIFIED_RESIDENT = ("zweryfikowany@ratusz.local", "ratusz-demo-mieszkaniec")


def _assert_accessible(tab, label):
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


def test_application_form_step_has_no_axe_violations(tab, demo_site):
    tab.goto(demo_site.url + "/konto/logowanie/")
    tab.fill("#id_username", VERIFIED_RESIDENT[0])
    tab.fill("#id_password", VERIFIED_RESIDENT[1])
    tab.locator("main button[type=submit]").click()
    tab.wait_for_url("**/konto/")
    response = tab.goto(demo_site.url + "/uslugi/dostep-do-informacji-publicznej/wniosek/")
    assert response.status == 200
    _assert_accessible(tab, "a form step")
    for field in tab.locator("main form input[type=text], main form textarea").all():
        field.fill("")
    tab.locator("main form button[type=submit]:not([name=later])").click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "a form step after submitting it empty")

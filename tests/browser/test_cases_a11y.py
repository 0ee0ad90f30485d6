"""WCAG 2.1 AA of the resident's cases (issue 5) and of the later steps of an application form (issue 4):
the case list and pages, the reply to a supplement request with its errors, the receipt check, the
address step with the street register, and the whole pages at 320 px without JavaScript."""

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


def _cases():
    from eservices.cases.models import Case

    mine = Case.objects.filter(applicant__email=VERIFIED_RESIDENT[0])
    return mine.order_by("pk").first(), mine.filter(status="awaiting_supplement").first()


def test_case_list_and_pages_have_no_axe_violations(tab, demo_site):
    any_case, awaiting = _cases()
    assert any_case is not None and awaiting is not None, "the demo has cases of the verified resident"
    _sign_in(tab, demo_site.url)
    _assert_accessible(tab, "/konto/ with the cases panel")
    tab.goto(demo_site.url + "/konto/sprawy/")
    _assert_accessible(tab, "/konto/sprawy/")
    tab.goto(demo_site.url + f"/konto/sprawy/{any_case.pk}/")
    _assert_accessible(tab, "a case page")
    tab.goto(demo_site.url + f"/konto/sprawy/{awaiting.pk}/")
    _assert_accessible(tab, "a case awaiting a supplement (reply form)")
    reply = tab.locator("form[action$='/uzupelnienie/']")
    reply.locator("button[type=submit]").click()  # empty reply: an error next to the field
    tab.wait_for_load_state()
    _assert_accessible(tab, "the supplement reply with an error")


def test_receipt_check_has_no_axe_violations(tab, demo_site):
    any_case, _awaiting = _cases()
    tab.goto(demo_site.url + "/weryfikacja/")
    _assert_accessible(tab, "/weryfikacja/")
    tab.goto(demo_site.url + f"/weryfikacja/{any_case.verification_code}/")
    _assert_accessible(tab, "a verified receipt")
    tab.goto(demo_site.url + "/weryfikacja/ZZZZ-ZZZZ-ZZZZ/")
    _assert_accessible(tab, "an unknown receipt code")


def test_address_step_with_the_street_register_has_no_axe_violations(tab, demo_site):
    _sign_in(tab, demo_site.url)
    tab.goto(demo_site.url + "/uslugi/zameldowanie/wniosek/?krok=1")
    tab.locator("main form button[type=submit]:not([name=later])").click()  # step 1 is prefilled from the profile
    tab.wait_for_load_state()
    if "krok=2" not in tab.url:  # the profile lacks something: fill the required fields of step 1
        for field in tab.locator("main form input[required]").all():
            if not field.input_value():
                field.fill("Jan")
        tab.locator("main form button[type=submit]:not([name=later])").click()
        tab.wait_for_load_state()
    assert tab.locator("select").count() >= 2, "locality and street are chosen from the register"
    _assert_accessible(tab, "the address step")
    tab.locator("main form button[type=submit]:not([name=later])").click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the address step with errors")


def test_case_pages_fit_320px_without_javascript(browser, demo_site):
    any_case, _awaiting = _cases()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        _sign_in(tab, demo_site.url)
        for path in ("/konto/sprawy/", f"/konto/sprawy/{any_case.pk}/", f"/weryfikacja/{any_case.verification_code}/"):
            tab.goto(demo_site.url + path)
            assert tab.locator("h1").count() == 1
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width}px wide at 320px"
    finally:
        context.close()

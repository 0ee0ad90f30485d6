"""WCAG 2.1 AA of the crisis admin (issue 7) in a real browser: the alert list, composing from a template
with the live SMS counter and the server-rendered preview with its errors, and the approver's page of
the demo alert that waits for approval. axe checks the page's own content (``main``): the Wagtail
admin's frame around it is Wagtail's."""

import pytest

from tests.browser.conftest import admin_sign_in, settle
from tests.browser.test_accessibility import AXE_OPTIONS, AXE_SOURCE, describe

pytestmark = pytest.mark.browser

OPERATOR = ("kryzys@ratusz.local", "ratusz-kryzys-demo")
APPROVER = ("wojt@ratusz.local", "ratusz-zatwierdza-demo")
LIST = "/admin/kryzys/ostrzezenia/"


def _assert_accessible(tab, label):
    headings = tab.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{label}: a page has exactly one h1, not {headings}"
    settle(tab)
    tab.evaluate(AXE_SOURCE)
    results = tab.evaluate("options => axe.run(document.querySelector('main'), options)", AXE_OPTIONS)
    violations = results["violations"]
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


def _sign_in(tab, url, who):
    admin_sign_in(tab, url, *who, check=_assert_accessible)


def test_alert_list_and_compose_with_live_sms_counter(tab, demo_site):
    _sign_in(tab, demo_site.url, OPERATOR)
    tab.goto(demo_site.url + LIST)
    _assert_accessible(tab, "the alert list")
    tab.goto(demo_site.url + LIST + "nowe/")
    tab.get_by_role("link", name="Burza", exact=True).click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "composing from a template")

    sms = tab.locator("#id_sms_text")
    sms.fill("Zażółć gęślą jaźń")
    assert tab.locator("[data-sms-encoding]").inner_text() == "GSM-7"
    assert tab.locator("[data-sms-chars]").inner_text() == "17"
    tab.locator("#id_sms_transliterate").uncheck()
    assert tab.locator("[data-sms-encoding]").inner_text() == "UCS-2"
    sms.fill("a" * 400)
    tab.locator("#id_sms_transliterate").check()
    assert tab.locator("[data-sms-parts]").inner_text() == "3"
    assert tab.locator("[data-sms-over]").is_visible()

    tab.get_by_role("button", name="Zapisz szkic").click()  # no area chosen, SMS too long: errors
    tab.wait_for_load_state()
    assert tab.locator("#error-summary").is_visible()
    assert "co najmniej jeden obszar" in tab.locator("#error-summary").inner_text()
    _assert_accessible(tab, "the compose form with errors and the SMS preview")


def test_approver_page_of_the_waiting_alert(tab, demo_site):
    from crisis.models import Alert

    waiting = Alert.objects.filter(state=Alert.State.SUBMITTED).first()
    assert waiting is not None, "the demo has an alert waiting for approval"
    _sign_in(tab, demo_site.url, APPROVER)
    tab.goto(demo_site.url + f"{LIST}{waiting.pk}/")
    assert tab.get_by_role("button", name="Zatwierdź i wyślij").is_visible()
    _assert_accessible(tab, "the alert waiting for approval")
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.reload()
    _assert_accessible(tab, "the alert page at 320 px")

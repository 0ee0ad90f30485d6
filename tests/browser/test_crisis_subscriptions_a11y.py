"""WCAG 2.1 AA of the alert subscriptions (issue 7), checked by axe-core in headless Chromium at 320 px
and at a desktop width: the public form (clean, with errors, sent), the SMS code page, the unsubscribe
page of an e-mail link, the SMS stop pages and the resident's ``/konto/powiadomienia/``. The forms are
also submitted with JavaScript switched off: every step must work with plain HTML."""

from urllib.parse import urlsplit

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

DEMO_RESIDENT = ("mieszkaniec@ratusz.local", "ratusz-mieszkaniec-demo")
WIDTHS = [320, 1280]


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized_tab(request, browser):
    """A fresh tab (own cookies) at 320 px or at a desktop width, JavaScript on."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="pl-PL")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.width = width
    try:
        yield tab
    finally:
        context.close()


def _assert_accessible(tab, label):
    """One h1, no axe violation, and at 320 px nothing scrolls sideways (WCAG 1.4.10)."""
    label = f"{label} at {tab.width}px"
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"
    if tab.width <= 320:
        width = tab.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 320, f"{label} is {width}px wide: it scrolls sideways"


def _assert_error_summary(tab, label, expected):
    """The summary is shown, focused when the page loads, and each of its links moves focus to the field
    it names (GOV.UK pattern); ``expected`` are texts the summary must contain."""
    summary = tab.locator(".error-summary")
    assert summary.count() == 1, f"{label}: one error summary"
    assert summary.get_attribute("role") == "alert", label
    assert tab.evaluate("document.activeElement.classList.contains('error-summary')"), (
        f"{label}: the error summary has the focus after the page loads"
    )
    text = summary.inner_text()
    for message in expected:
        assert message in text, f"{label}: {message!r} not in the summary {text!r}"
    links = summary.locator("a[href^='#']")
    assert links.count() >= 1, f"{label}: the errors link to their fields"
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        link.click()
        focused = tab.evaluate("document.activeElement && document.activeElement.id")
        assert focused == target, f"{label}: the link {link.inner_text()!r} should focus #{target}, focused {focused!r}"
        field = tab.locator(f"#{target}")
        assert field.evaluate("el => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)"), (
            f"{label}: #{target} is a form control"
        )


def _sign_in(tab, url):
    tab.goto(url + "/konto/logowanie/")
    tab.fill("#id_username", DEMO_RESIDENT[0])
    tab.fill("#id_password", DEMO_RESIDENT[1])
    tab.locator("main button[type=submit]").click()
    tab.wait_for_url("**/konto/")


def _submit(tab, form="main form[action$='/ostrzezenia/subskrypcja/']"):
    tab.locator(form).locator("button[type=submit]").last.click()
    tab.wait_for_load_state()


def _fill_subscription(tab, *, email="", phone=""):
    """Contacts, the whole gmina, the default categories (all ticked) and the consent."""
    if email:
        tab.fill("#id_email", email)
    if phone:
        tab.fill("#id_phone", phone)
    tab.check("#id_all_areas")
    tab.check("#id_consent")


def _phone(width, n):
    """A valid Polish mobile number, different for each test and width."""
    return f"600 12{n} {width % 1000:03d}"


def _confirmed_subscription(*, channel, address, user=None):
    """An active subscription to the whole gmina and every category, as after a confirmation."""
    from django.utils import timezone

    from crisis.models import Category, Subscription

    return Subscription.objects.create(
        channel=channel,
        address=address,
        user=user,
        all_areas=True,
        categories_mask=Category.mask(Category.values),
        state=Subscription.State.CONFIRMED,
        consent_text="zgoda",
        consent_at=timezone.now(),
        confirmed_at=timezone.now(),
    )


def test_subscribe_form_clean_with_errors_and_sent(sized_tab, demo_site):
    tab = sized_tab
    response = tab.goto(demo_site.url + "/ostrzezenia/subskrypcja/")
    assert response.status == 200
    assert tab.locator("#id_categories input[type=checkbox]:checked").count() >= 1, "all categories ticked"
    _assert_accessible(tab, "the subscription form")

    for box in tab.locator("#id_categories input[type=checkbox]").all():
        box.uncheck()
    _submit(tab)  # nothing filled in, no category, no consent
    _assert_error_summary(
        tab,
        "the empty subscription form",
        ["Podaj adres e-mail lub numer telefonu", "co najmniej jeden obszar", "co najmniej jedną kategorię", "zgodę"],
    )
    assert tab.locator("#id_consent").get_attribute("aria-invalid") == "true"
    assert "id_consent_error" in tab.locator("#id_consent").get_attribute("aria-describedby")
    _assert_accessible(tab, "the subscription form with errors")

    tab.fill("#id_email", "to nie jest adres")
    tab.fill("#id_phone", "17 858 00 00")  # a landline
    _submit(tab)
    assert tab.locator("#id_email_error").count() == 1 and tab.locator("#id_phone_error").count() == 1
    _assert_accessible(tab, "the subscription form with a bad e-mail and a landline")

    tab.fill("#id_phone", "")
    _fill_subscription(tab, email=f"ostrzezenia-{tab.width}@example.com")
    tab.locator("#id_categories input[type=checkbox]").first.check()
    _submit(tab)
    assert tab.url.endswith("/ostrzezenia/subskrypcja/kod/"), tab.url
    assert "Sprawdź e-mail" in tab.locator("main").inner_text()
    _assert_accessible(tab, "the 'check your e-mail' page")


def test_sms_code_page(sized_tab, demo_site):
    tab = sized_tab
    tab.goto(demo_site.url + "/ostrzezenia/subskrypcja/")
    _fill_subscription(tab, phone=_phone(tab.width, 1))
    _submit(tab)
    assert tab.url.endswith("/ostrzezenia/subskrypcja/kod/"), tab.url
    assert tab.locator("#id_code").count() == 1, "the code form is shown after a phone subscription"
    assert tab.locator("#id_code").get_attribute("autocomplete") == "one-time-code"
    _assert_accessible(tab, "the SMS code page")

    code_form = "main form:has(#id_code)"
    _submit(tab, code_form)  # no code
    _assert_error_summary(tab, "the SMS code page without a code", ["Wpisz kod z SMS-a"])
    _assert_accessible(tab, "the SMS code page with an error")

    tab.fill("#id_code", "12345")
    _submit(tab, code_form)
    assert "sześć cyfr" in tab.locator("#id_code_error").inner_text()
    _assert_accessible(tab, "the SMS code page with a short code")

    tab.locator("main button[name=resend]").click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the SMS code page after 'send again'")


def test_unsubscribe_page_from_a_link(sized_tab, demo_site):
    from crisis.models import Subscription
    from crisis.services.subscriptions import unsubscribe_url

    tab = sized_tab
    address = f"wypisz-{tab.width}@example.com"
    subscription = _confirmed_subscription(channel=Subscription.Channel.EMAIL, address=address)
    path = urlsplit(unsubscribe_url(subscription=subscription)).path
    response = tab.goto(demo_site.url + path)
    assert response.status == 200
    _assert_accessible(tab, "the unsubscribe page")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    assert "Wypisano" in tab.locator("h1").inner_text()
    _assert_accessible(tab, "the unsubscribed page")
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.UNSUBSCRIBED
    tab.goto(demo_site.url + path)
    _assert_accessible(tab, "the unsubscribe page of an unsubscribed address")
    response = tab.goto(demo_site.url + "/ostrzezenia/wypisz/zly-token/")
    assert response.status == 404
    _assert_accessible(tab, "the page of a broken unsubscribe link")


def test_sms_stop_pages(sized_tab, demo_site):
    tab = sized_tab
    tab.goto(demo_site.url + "/ostrzezenia/stop/")
    _assert_accessible(tab, "/ostrzezenia/stop/")
    stop_form = "main form[action$='/ostrzezenia/stop/']"
    _submit(tab, stop_form)
    _assert_error_summary(tab, "/ostrzezenia/stop/ without a number", ["Wpisz numer telefonu"])
    _assert_accessible(tab, "/ostrzezenia/stop/ with an error")
    tab.fill("#id_phone", "123")
    _submit(tab, stop_form)
    assert tab.locator("#id_phone_error").count() == 1
    _assert_accessible(tab, "/ostrzezenia/stop/ with a bad number")
    tab.fill("#id_phone", _phone(tab.width, 2))
    _submit(tab, stop_form)
    assert tab.url.endswith("/ostrzezenia/stop/kod/"), tab.url
    _assert_accessible(tab, "/ostrzezenia/stop/kod/")
    code_form = "main form[action$='/ostrzezenia/stop/kod/']"
    _submit(tab, code_form)
    _assert_error_summary(tab, "/ostrzezenia/stop/kod/ without a code", ["Wpisz kod z SMS-a"])
    _assert_accessible(tab, "/ostrzezenia/stop/kod/ with an error")


def test_account_notifications_page(sized_tab, demo_site):
    from django.contrib.auth import get_user_model

    from crisis.models import Subscription

    tab = sized_tab
    resident = get_user_model().objects.get(email=DEMO_RESIDENT[0])
    _confirmed_subscription(channel=Subscription.Channel.SMS, address=f"+4860013{tab.width % 1000:04d}", user=resident)
    _sign_in(tab, demo_site.url)
    tab.goto(demo_site.url + "/konto/powiadomienia/")
    _assert_accessible(tab, "/konto/powiadomienia/")
    form = "main form[action$='/konto/powiadomienia/']"
    if tab.locator(form).count():
        for box in tab.locator("#id_categories input[type=checkbox]").all():
            box.uncheck()
        _submit(tab, form)
        _assert_error_summary(tab, "/konto/powiadomienia/ with errors", ["co najmniej jeden obszar", "zgodę"])
        _assert_accessible(tab, "/konto/powiadomienia/ with errors")
        tab.check("#id_all_areas")
        tab.locator("#id_categories input[type=checkbox]").first.check()
        tab.check("#id_consent")
        _submit(tab, form)
        assert tab.url.endswith("/konto/powiadomienia/"), tab.url
        assert tab.locator("[role=status]").count() >= 1, "a message confirms the subscription"
        _assert_accessible(tab, "/konto/powiadomienia/ with a subscription")
    change = tab.locator("main a[href*='/konto/powiadomienia/'][href$='/']").filter(has_text="Zmień")
    assert change.count() >= 1, "the resident has a subscription to change"
    change.first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the change of a subscription")
    tab.uncheck("#id_all_areas")
    for box in tab.locator("#id_areas input[type=checkbox]").all():
        box.uncheck()
    _submit(tab, "main form[method=post]:has(#id_categories)")
    _assert_error_summary(tab, "the change of a subscription with errors", ["co najmniej jeden obszar"])
    _assert_accessible(tab, "the change of a subscription with errors")


def test_forms_work_without_javascript_at_320px(browser, demo_site):
    from crisis.models import Subscription

    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640}, locale="pl-PL")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        tab.goto(demo_site.url + "/ostrzezenia/subskrypcja/")
        _submit(tab)
        assert tab.locator(".error-summary").count() == 1, "errors are shown without JavaScript"
        _fill_subscription(tab, email="bez-js@example.com", phone=_phone(320, 3))
        _submit(tab)
        assert tab.url.endswith("/ostrzezenia/subskrypcja/kod/"), tab.url
        assert tab.locator("#id_code").count() == 1
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 320
        assert Subscription.objects.filter(address="bez-js@example.com", state="pending").exists()
        tab.fill("#id_code", "000000")
        _submit(tab, "main form:has(#id_code)")
        assert tab.locator("#id_code_error").count() == 1, "a wrong code is refused without JavaScript"

        tab.goto(demo_site.url + "/ostrzezenia/stop/")
        tab.fill("#id_phone", _phone(320, 4))
        _submit(tab, "main form[action$='/ostrzezenia/stop/']")
        assert tab.url.endswith("/ostrzezenia/stop/kod/"), tab.url
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 320
    finally:
        context.close()

"""WCAG 2.1 AA of the alerts on the website (issue 7): the banner on the home page, /ostrzezenia/ and a
detail page — axe-core in headless Chromium at desktop width and at 320 px, reflow without JavaScript."""

import datetime as dt

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}


@pytest.fixture(scope="module")
def alerts(demo_site, django_db_blocker):
    """The demo's alert in effect (crisis/demo.py) or, if the demo has none, one made here; plus an
    exercise and an alarm, so every banner colour and marker is on the pages checked."""
    from django.utils import timezone

    from crisis import website
    from crisis.models import Alert, AlertArea
    from crisis.models.alerts import Category, Level, Severity
    from crisis.selectors import alerts_in_effect
    from tests.factories import UserFactory

    with django_db_blocker.unblock():
        now = timezone.now()
        area = AlertArea.objects.first() or AlertArea.objects.create(name="Cała gmina", slug="cala-gmina-a11y")
        author = UserFactory()
        common = {
            "sender": "kryzys@glogow-mlp.pl",
            "state": Alert.State.SENT,
            "sent": now,
            "created_by": author,
            "effective": now - dt.timedelta(hours=1),
            "expires": now + dt.timedelta(days=1),
            "description": "Opis zagrożenia do testu dostępności.",
            "instruction": "Zalecenia dla mieszkańców.",
        }
        made = [
            Alert.objects.create(
                identifier="urn:a11y:alarm", category=Category.MET, event="Powódź", level=Level.ALARM,
                severity=Severity.EXTREME, headline="Alarm powodziowy: dolina Mrowli", **common,
            ),
            Alert.objects.create(
                identifier="urn:a11y:exercise", category=Category.SAFETY, event="Ćwiczenia", level=Level.NOTIFICATION,
                severity=Severity.MINOR, status=Alert.Status.EXERCISE, headline="Ćwiczenia ewakuacji szkoły",
                **common,
            ),
        ]  # fmt: skip
        if not alerts_in_effect(banner=True).filter(level=Level.WARNING).exists():
            made.append(
                Alert.objects.create(
                    identifier="urn:a11y:warning", category=Category.HEALTH, event="Skażenie wody",
                    level=Level.WARNING, severity=Severity.SEVERE, headline="Woda niezdatna do picia", **common,
                )
            )  # fmt: skip
        for alert in made:
            alert.areas.add(area)
        website.alerts_changed()
        detail = f"/ostrzezenia/{made[0].pk}/"
    return {"home": "/", "list": "/ostrzezenia/", "detail": detail}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "list", "detail"])
def test_alert_pages_have_no_axe_violations(browser, demo_site, alerts, name, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="pl-PL")
    try:
        tab = context.new_page()
        response = tab.goto(demo_site.url + alerts[name])
        assert response.status == 200
        banner = tab.locator(".crisis-banner[role=region]")
        assert banner.count() == 1, "the banner shows on every page while an alert is in effect"
        assert banner.get_attribute("aria-label") == "Ostrzeżenia"
        assert "Alarm powodziowy" in banner.inner_text()
        assert tab.locator("h1").count() == 1
        violations = run_axe(tab)
        assert not violations, f"axe: {len(violations)} violation(s) on {name} at {width}:\n{describe(violations)}"
    finally:
        context.close()


@pytest.mark.parametrize("name", ["home", "list", "detail"])
def test_alert_pages_fit_320px_without_javascript(browser, demo_site, alerts, name):
    context = browser.new_context(java_script_enabled=False, viewport=WIDTHS["320px"])
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + alerts[name])
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{alerts[name]} is {width}px wide at 320px"
        tab.locator(".crisis-banner a").first.click()
        tab.wait_for_load_state()
        assert "/ostrzezenia/" in tab.url, "the banner's link leads to the alert"
    finally:
        context.close()

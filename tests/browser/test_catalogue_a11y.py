"""WCAG 2.1 AA of the service catalogue: /uslugi/ with filters and a service card, checked by axe-core
in headless Chromium; the filter form works without JavaScript and fits a 320 px screen."""

import pytest

from .test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

PATHS = {
    "catalogue": "/uslugi/",
    "catalogue_filtered": "/uslugi/?kategoria=podatki-i-oplaty&online=on&sortuj=popularnosc",
    "catalogue_bad_filter": "/uslugi/?kategoria=nie-ma-takiej&sortuj=evil",
    "catalogue_empty": "/uslugi/?q=nic+takiego+nie+ma",
    "service_card": "/uslugi/zaswiadczenie-o-niezaleganiu/",
    "service_card_online": "/uslugi/zameldowanie/",
}


@pytest.mark.parametrize("name", PATHS)
def test_catalogue_page_has_no_axe_violations(tab, demo_site, name):
    response = tab.goto(demo_site.url + PATHS[name])
    assert response.status == 200, f"{name}: HTTP {response.status}"
    assert tab.locator("h1").count() == 1
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {name}:\n{describe(violations)}"


def test_filter_form_works_without_javascript_at_320_px(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 800}, java_script_enabled=False, locale="pl-PL")
    tab = context.new_page()
    try:
        tab.goto(demo_site.url + "/uslugi/")
        tab.select_option("#id_zdarzenie", "budowa-domu")
        tab.check("#id_online")
        tab.click(".service-filter button[type=submit]")
        assert "zdarzenie=budowa-domu" in tab.url
        titles = tab.locator(".service-list__title").all_inner_texts()
        assert titles
        assert tab.locator(".service-list__item .badge--online").count() == len(titles), "online-only filter"
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 320, f"the page scrolls horizontally at 320 px ({scroll} px wide)"
    finally:
        context.close()

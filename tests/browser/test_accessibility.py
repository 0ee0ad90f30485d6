"""WCAG 2.1 AA of the public site, checked by axe-core in a real browser (headless Chromium).

Every public page type must have zero axe violations of any impact; the layout must fit a 320 px
screen without horizontal scrolling (WCAG 1.4.10 reflow); the menu and the search must work with
JavaScript switched off.
"""

from pathlib import Path

import axe_playwright_python
import pytest

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"resultTypes": ["violations"]}

PAGES = [
    "home",
    "news_index",
    "news_page",
    "standard_page",
    "block_showcase",
    "unit_index",
    "unit_page",
    "accessibility_statement",
    "search",
    "not_found",
]


def run_axe(tab) -> list[dict]:
    tab.evaluate(AXE_SOURCE)
    results = tab.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def describe(violations: list[dict]) -> str:
    """Violations as a readable list: rule, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}\n      {node.get('html', '')[:200]}\n      {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(tab, demo_site, name):
    response = tab.goto(demo_site.url + demo_site.paths[name])
    expected_status = 404 if name == "not_found" else 200
    assert response.status == expected_status, f"{name}: HTTP {response.status}"
    assert tab.locator("h1").count() == 1, f"{name}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {name} ({tab.url}):\n{describe(violations)}"


def test_every_published_page_has_no_axe_violations(tab, demo_site):
    """Every live page of the demo site, plus a tag listing and a second page of news, in one sweep."""
    from taggit.models import Tag
    from wagtail.models import Page

    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")]
    tag = Tag.objects.filter(home_newspagetag_items__isnull=False).order_by("name").first()
    if tag is not None:
        urls.append(f"/aktualnosci/tag/{tag.slug}/")
    urls += ["/aktualnosci/?page=2", "/szukaj/?q=podatek&page=2", "/szukaj/?q="]
    failures = {}
    for url in urls:
        response = tab.goto(demo_site.url + url)
        if response.status != 200:
            failures[url] = f"HTTP {response.status}"
            continue
        violations = run_axe(tab)
        if violations:
            failures[url] = describe(violations)
    assert not failures, f"{len(failures)} of {len(urls)} pages fail:\n" + "\n\n".join(
        f"{url}:\n{text}" for url, text in failures.items()
    )


@pytest.mark.parametrize("name", ["home", "news_page", "block_showcase", "unit_page", "search"])
def test_no_horizontal_scrolling_at_320px(browser, demo_site, name):
    """WCAG 1.4.10 (reflow): content fits 320 CSS px; wide tables scroll inside their own region."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + demo_site.paths[name])
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{name}: page is {scroll_width}px wide at a 320px viewport"
    finally:
        context.close()


def test_menu_and_search_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + "/")
        menu = tab.get_by_role("navigation", name="Menu główne")
        assert tab.locator("[data-menu-toggle]").is_hidden(), "the JS menu button must stay hidden without JS"
        news_link = menu.get_by_role("link", name="Aktualności")
        assert news_link.is_visible(), "the main menu is visible without JavaScript, even on a phone"
        news_link.click()
        assert tab.url == demo_site.url + "/aktualnosci/"

        search = tab.get_by_role("search", name="Wyszukiwarka serwisu")
        search.get_by_label("Szukaj w serwisie").fill("gmina")
        search.get_by_role("button", name="Szukaj").click()
        assert tab.url.startswith(demo_site.url + "/szukaj/?q=gmina")
        assert tab.get_by_role("heading", level=1).inner_text() == "Wyszukiwarka"
        assert tab.locator(".search-result").count() > 0, "search finds pages for 'gmina'"
    finally:
        context.close()


def test_menu_collapses_behind_button_on_phone_with_javascript(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + "/")
        toggle = tab.get_by_role("button", name="Menu")
        menu_link = tab.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Aktualności")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert menu_link.is_hidden()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert menu_link.is_visible()
    finally:
        context.close()


def test_skip_link_is_first_and_moves_focus_to_main(tab, demo_site):
    tab.goto(demo_site.url + demo_site.paths["news_page"])
    tab.keyboard.press("Tab")
    skip = tab.get_by_role("link", name="Przejdź do treści")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link is visible when focused"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"


def test_server_error_page_has_no_axe_violations(tab):
    """The 500 page is standalone (no request context, no database), so it is checked on its own."""
    from django.test import RequestFactory

    from home.views import server_error

    response = server_error(RequestFactory().get("/"))
    tab.set_content(response.content.decode())
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on the 500 page:\n{describe(violations)}"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1280

"""WCAG 2.1 AA of the e-gradebook (issue 9): /dziennik/ for a parent, a teacher (grade column with
errors, attendance), a form tutor and a head, and a school page with its notices — axe-core in
headless Chromium; the parent's grade page fits 320 px without JavaScript."""

import pytest

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

PARENT = ("rodzic@ratusz.local", "ratusz-demo-rodzic")
TEACHER = ("nauczyciel@ratusz.local", "ratusz-demo-nauczyciel")
TUTOR = ("wychowawca@ratusz.local", "ratusz-demo-wychowawca")
HEAD = ("dyrektor.sp1@ratusz.local", "ratusz-demo-dyrektor")


def _assert_accessible(tab, label):
    assert tab.locator("h1").count() == 1, f"{label}: a page has exactly one h1"
    violations = run_axe(tab)
    assert not violations, f"axe found {len(violations)} violation(s) on {label} ({tab.url}):\n{describe(violations)}"


def _sign_in(tab, url, account):
    tab.context.clear_cookies()
    tab.goto(url + "/konto/logowanie/")
    tab.fill("#id_username", account[0])
    tab.fill("#id_password", account[1])
    tab.locator("main button[type=submit]").click()
    tab.wait_for_load_state()


def _visit(tab, url, label):
    tab.goto(url)
    _assert_accessible(tab, label)


def test_school_page_and_notice(tab, demo_site):
    _visit(tab, demo_site.url + "/szkoly/", "/szkoly/")
    _visit(tab, demo_site.url + "/szkoly/sp1/", "a school page")
    tab.locator("main a[href*='ogloszenie-1']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "a public notice")


def test_parent_pages(tab, demo_site):
    _sign_in(tab, demo_site.url, PARENT)
    _visit(tab, demo_site.url + "/dziennik/", "/dziennik/ of a parent")
    tab.locator("main a[href*='/dziennik/uczen/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the child's grades")
    student_url = tab.url.split("?")[0]
    _visit(tab, student_url + "frekwencja/", "the child's attendance")
    _visit(tab, student_url + "plan/", "the child's timetable")
    _visit(tab, demo_site.url + "/dziennik/kalendarz/", "the iCal page")


def test_teacher_pages_with_errors(tab, demo_site):
    _sign_in(tab, demo_site.url, TEACHER)
    _visit(tab, demo_site.url + "/dziennik/", "/dziennik/ of a teacher")
    _visit(tab, demo_site.url + "/dziennik/nauczyciel/plan/", "the teacher's timetable")
    tab.goto(demo_site.url + "/dziennik/")
    tab.locator("main a[href*='/przedmiot/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the grade grid")
    tab.locator("main a[href*='/kolumna/nowa/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "a new grade column")
    tab.fill("#id_weight", "0")
    tab.locator("main input[id^='id_mark_']").first.fill("7")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    assert tab.locator(".error-summary").count() == 1
    _assert_accessible(tab, "a grade column with errors")
    tab.goto(demo_site.url + "/dziennik/nauczyciel/plan/")
    link = tab.locator("main a[href*='/obecnosc/']").first
    if link.count():
        link.click()
        tab.wait_for_load_state()
        _assert_accessible(tab, "a lesson's attendance")


def test_tutor_and_head_pages(tab, demo_site):
    _sign_in(tab, demo_site.url, TUTOR)
    tab.goto(demo_site.url + "/dziennik/")
    tab.locator("main a[href*='/dziennik/oddzial/']").last.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the class overview")
    tab.locator("main a[href*='/zachowanie/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "behaviour grades")
    _sign_in(tab, demo_site.url, HEAD)
    tab.goto(demo_site.url + "/dziennik/")
    tab.locator("main a[href*='/historia/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the change history")
    tab.goto(demo_site.url + "/dziennik/")
    tab.locator("main a[href*='/plan/import/']").first.click()
    tab.wait_for_load_state()
    _assert_accessible(tab, "the timetable import")


def test_grades_fit_320px_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        _sign_in(tab, demo_site.url, PARENT)
        tab.goto(demo_site.url + "/dziennik/")
        tab.locator("main a[href*='/dziennik/uczen/']").first.click()
        tab.wait_for_load_state()
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the grade page is {width}px wide at 320px"
    finally:
        context.close()

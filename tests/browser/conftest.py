"""Fixtures for tests that drive Debian's headless Chromium through Playwright.

Playwright's sync API runs an asyncio loop in the main thread; Django then refuses ORM calls from that
thread unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. It is safe here: the ORM is still used
synchronously, by one thread at a time (the test, then the live server's thread).

``live_server`` gives ``transactional_db`` semantics: the database is flushed after every test, which
also removes what Wagtail's migrations created (root page, default site, locale, root collection).
``demo_site`` therefore recreates those before building the site.

Under pytest-xdist the browser tests run together on one worker (the ``browser`` group, see
tests/conftest.py), usually as its first tests; ``demo_site`` puts the database back as it found it,
so the database tests that worker runs afterwards see what the migrations created and nothing more.
"""

import contextlib
import io
import os
import shutil
from types import SimpleNamespace

import pytest

from tests.conftest import ensure_wagtail_base_data as _ensure_wagtail_base_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; skips when Debian's chromium is not installed."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run browser tests, but {CHROMIUM} is missing", pytrace=False)
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh browser tab (own cookies and cache) at a desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        context.close()


def _png_bytes(width=1200, height=675) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 79, 138)).save(buffer, "PNG")
    return buffer.getvalue()


def _add_block_showcase(home, news_page):
    """A standard page using every body block; a lead image on the news item if it has none."""
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from home.models import StandardPage

    image = get_image_model()(title="Rynek w Głogowie Małopolskim")
    image.file = ImageFile(io.BytesIO(_png_bytes()), name="rynek.png")
    image.save()
    document = get_document_model()(title="Wniosek o wydanie zaświadczenia")
    content = b"%PDF-1.4\n% test\n" + b"0" * 120_000
    document.file = ContentFile(content, name="wniosek.pdf")
    document.file_size = len(content)
    document.save()

    if not news_page.image_id:
        news_page.image = image
        news_page.image_alt = "Płyta rynku z ratuszem w słoneczny dzień"
        news_page.save_revision().publish()

    table = {
        "data": [
            ["Podatek", "Stawka 2026", "Termin płatności"],
            ["od nieruchomości (grunty)", "1,38 zł/m²", "15 marca, 15 maja, 15 września, 15 listopada"],
            ["od środków transportowych", "wg uchwały", "15 lutego i 15 września"],
        ],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Stawki i terminy podatków lokalnych",
    }
    page = StandardPage(
        title="Podatki i opłaty lokalne",
        slug="podatki-i-oplaty",
        intro="Stawki, terminy i formularze podatków lokalnych w gminie.",
        show_in_menus=True,
        body=[
            ("heading", {"text": "Stawki podatków", "level": "h2"}),
            ("paragraph", '<p>Rada Miejska ustala stawki co roku. <a href="/aktualnosci/">Zobacz komunikaty</a>.</p>'),
            ("table", table),
            ("heading", {"text": "Formularze", "level": "h3"}),
            ("documents", {"title": "Formularze do pobrania", "documents": [document]}),
            (
                "image",
                {
                    "image": image,
                    "alt_text": "Budynek urzędu od strony rynku",
                    "decorative": False,
                    "caption": "Urząd Miejski",
                },
            ),
            ("image", {"image": image, "alt_text": "", "decorative": True, "caption": ""}),
            (
                "accordion",
                {
                    "title": "Najczęstsze pytania",
                    "items": [
                        {"question": "Gdzie zapłacę podatek?", "answer": "<p>W kasie urzędu lub przelewem.</p>"},
                        {"question": "Czy mogę rozłożyć podatek na raty?", "answer": "<p>Tak, na wniosek.</p>"},
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Załatw sprawę online",
                    "text": "Złóż wniosek bez wychodzenia z domu.",
                    "button_text": "Przejdź do usług",
                    "page": None,
                    "external_url": "/uslugi/",
                },
            ),
            (
                "contact",
                {
                    "name": "Referat Podatków i Opłat",
                    "role": "Wymiar podatków",
                    "address": "ul. Rynek 1",
                    "room": "12",
                    "phone": "17 789 78 10",
                    "email": "podatki@glogow-mlp.pl",
                    "hours": "poniedziałek–piątek 7:30–15:30",
                },
            ),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _build_with_seed_demo():
    from django.core.management import call_command

    from home.models import HomePage, NewsPage, StandardPage, UnitPage

    call_command("seed_demo")
    home = HomePage.objects.live().first()
    news = NewsPage.objects.live().order_by("-date").first()
    standard = (
        StandardPage.objects.live().child_of(home).filter(slug="o-gminie").first()
        or StandardPage.objects.live().child_of(home).order_by("path").first()
    )
    unit = UnitPage.objects.live().order_by("path").first()
    return home, news, standard, unit


@contextlib.contextmanager
def _test_database(request):
    """pytest-django creates the test database only when a collected test has a ``django_db`` mark; when
    only browser tests run (``pytest tests/browser``), create it here for the session."""
    if any(item.get_closest_marker("django_db") for item in request.session.items):
        yield
        return
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


def _restore_database(contents: str) -> None:
    """Empty the database and load back ``contents`` (``serialize_db_to_string()``), as Django's
    ``serialized_rollback`` does, then move the id sequences past the loaded rows."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(contents)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(scope="package")
def demo_site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site (``manage.py seed_demo``) plus a page using every body block, served by a live
    server of its own; returns the paths the tests visit.

    Seeding the whole demo (pages, forms, cases, finance, crisis) takes 20–40 s, so it is done once for
    the browser tests (package scope: they run one after another, see tests/conftest.py), not once per
    module or test: the browser tests share the site (they read it, sign in and post forms that leave
    the pages other tests visit as they were — a test that needs a particular state creates it itself).
    They therefore do not use pytest-django's ``live_server``/``transactional_db`` (which flush the
    database after every test); the database stays unblocked while they run. Afterwards the database is
    put back as it was before the seed (serialized first, like Django's ``serialized_rollback``), so
    database tests run after the browser tests — under pytest-xdist, on the same worker — see no demo
    data and still have what the migrations created.
    """
    from django.db import connection
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), _test_database(request):
        before = connection.creation.serialize_db_to_string()
        _ensure_wagtail_base_data()
        home, news, standard, unit = _build_with_seed_demo()
        showcase = _add_block_showcase(home, news)
        paths = {
            "home": "/",
            "news_index": "/aktualnosci/",
            "news_page": news.url,
            "standard_page": standard.url,
            "block_showcase": showcase.url,
            "unit_index": unit.get_parent().url,
            "unit_page": unit.url,
            "accessibility_statement": "/deklaracja-dostepnosci/",
            "search": "/szukaj/?q=gmina",
            "not_found": "/nie-ma-takiej-strony/",
        }
        server = LiveServer("localhost")
        try:
            yield SimpleNamespace(url=server.url, paths=paths)
        finally:
            server.stop()
            _restore_database(before)


def admin_sign_in(tab, url: str, email: str, password: str, *, check=None) -> None:
    """Sign in to the admin as a person would: password, then the second factor — set up on the first
    sign-in (the code computed from the new device's secret, as an authenticator app would) or a code
    at later ones. ``check(tab, label)``, if given, runs on each second-factor page (accessibility)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code(device, drift=0):
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"

    tab.goto(url + "/admin/login/")
    tab.fill("#id_username", email)
    tab.fill("#id_password", password)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url("**/admin/2fa/**")
    if "/konfiguracja/" in tab.url:
        if check:
            check(tab, "setting up the second factor")
        device = TOTPDevice.objects.get(user__email=email, confirmed=False)
        tab.fill("#id_token", code(device))
        tab.locator("main form button[type=submit]").click()
        tab.wait_for_load_state()
        if check:
            check(tab, "the recovery codes")
        tab.locator("main a.button").click()
    else:
        if check:
            check(tab, "the second-factor code")
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        for drift in (0, 1):  # a code is accepted once: a second sign-in in the same 30 s takes the next one
            tab.fill("#id_token", code(device, drift))
            tab.locator("main form button[type=submit]").click()
            tab.wait_for_load_state()
            if "/admin/2fa/" not in tab.url:
                break
    tab.wait_for_url("**/admin/")


# Wagtail fades its messages and error counters in: axe measuring contrast mid-transition blends the
# colours and reports a contrast the finished page does not have (seen in CI: #d15656 for #ca3b3b).
SETTLE_ANIMATIONS = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 3000)),
])"""


def settle(tab) -> None:
    """Wait until the page's finite CSS animations and transitions have finished (at most 3 s)."""
    tab.evaluate(SETTLE_ANIMATIONS)

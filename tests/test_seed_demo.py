"""``manage.py seed_demo``: a complete, accessible demo site that a second run leaves untouched.

Seeding the whole demo takes 20–40 s, so the demo is seeded once for this module (the ``demo``
fixture) and every test reads it or runs ``seed_demo`` again on top of it — a re-run is the case these
tests care about anyway. The tests of other modules' parts of the demo (the catalogue, the forms, the
editorial staff, the case clerk) live here for the same reason.
"""

import contextlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site, WorkflowState
from wagtail.search.models import IndexEntry

from cms.units.demo import OFFICE_NIP, OFFICE_NRB, OFFICE_REGON, seed_units
from cms.units.models import OrgUnit
from eservices.catalogue.models import ServiceIndexPage, ServicePage
from eservices.forms.fields import definition_of, steps_of
from eservices.forms.models import ApplicationForm
from home.demo import media
from home.demo.forms_data import FORMS, seed_application_forms
from home.editorial.services import CENTRAL_GROUP
from home.models import (
    AccessibilityStatementPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    OfficeSettings,
    StandardPage,
    UnitPage,
)
from home.selectors import search_pages

BODY_BLOCK_TYPES = {"heading", "paragraph", "image", "documents", "table", "accordion", "call_to_action", "contact"}
REQUIRED_SERVICES = [
    "zameldowanie", "zameldowanie-na-pobyt-czasowy", "wymeldowanie", "dowod-osobisty", "zgloszenie-utraty-dowodu",
    "podatek-od-nieruchomosci", "deklaracja-dn-1", "zaswiadczenie-o-niezaleganiu", "ulga-umorzenie-raty",
    "oplata-za-odpady", "zajecie-pasa-drogowego", "wycinka-drzew", "wypis-i-wyrys-z-planu", "warunki-zabudowy",
    "nadanie-numeru-porzadkowego", "dostep-do-informacji-publicznej", "karta-duzej-rodziny", "dodatek-mieszkaniowy",
    "stypendium-szkolne", "zapis-do-przedszkola", "zezwolenie-na-sprzedaz-alkoholu", "skarga-lub-wniosek",
]  # fmt: skip
REQUIRED_FORMS = {
    "zameldowanie",
    "zgloszenie-utraty-dowodu",
    "dostep-do-informacji-publicznej",
    "oplata-za-odpady",
    "podatek-od-nieruchomosci",
    "zaswiadczenie-o-niezaleganiu",
    "zajecie-pasa-drogowego",
}


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@contextlib.contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module; returns what the first ``seed_demo`` printed.

    It is seeded inside a transaction that is rolled back after the module's last test. Each test runs
    in a savepoint within it (pytest-django's ``django_db``), so what a test changes — a re-run, a
    changed password — is undone before the next test. Its media stay in a directory of the module's.
    """
    stack = contextlib.ExitStack()
    stack.enter_context(override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media"))))
    try:
        with django_db_blocker.unblock():
            stack.enter_context(_rolled_back())
            output = seed()
        yield output
    finally:
        with django_db_blocker.unblock():
            stack.close()


def snapshot() -> dict:
    """Everything a re-run could duplicate or touch."""
    return {
        "pages": list(Page.objects.order_by("path").values_list("pk", "path", "title", "live", "last_published_at")),
        "units": list(OrgUnit.objects.order_by("code").values()),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": list(get_user_model().objects.order_by("email").values_list("email", "password", "is_staff")),
        "sites": list(Site.objects.values()),
        "settings": list(OfficeSettings.objects.values()),
        "tags": Tag.objects.count(),
        "index": IndexEntry.objects.count(),
    }


def body_blocks():
    for model in (StandardPage, NewsPage, UnitPage):
        for page in model.objects.all():
            yield from ((page, block) for block in page.body)


@pytest.mark.django_db
def test_second_run_changes_nothing_and_builds_the_whole_site(demo):
    output = demo
    first = snapshot()
    seed()
    assert snapshot() == first

    assert OrgUnit.objects.count() == 20
    assert NewsPage.objects.live().count() == 18
    assert StandardPage.objects.filter(depth=3, show_in_menus=True).count() >= 8
    # 15 (+ 5 editorial, 1 verified, 3 case, 1 finance, 2 crisis staff) + the data protection officer
    # + 2 budget staff + the e-gradebook's 323 (5 demo accounts, 16 teachers, 2 heads, 300 guardians)
    assert get_user_model().objects.count() == 15 + 1 + 2 + 323
    assert "admin@ratusz.local / ratusz-admin-demo" in output
    assert "http://127.0.0.1:8000/admin/" in output

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Gmina Głogów Małopolski")
    assert home.title == "Gmina Głogów Małopolski"
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists(), "Wagtail's welcome page is gone"

    assert NewsIndexPage.objects.get().url_path == "/home/aktualnosci/"
    assert ServiceIndexPage.objects.child_of(home).live().get().slug == "uslugi"
    for slug in ("ostrzezenia", "budzet-obywatelski", "dziennik", "kontakt", "o-gminie",
                 "ochrona-danych-osobowych", "solectwa", "urzad", "turystyka", "dla-mieszkancow"):  # fmt: skip
        assert StandardPage.objects.child_of(home).live().filter(slug=slug).exists(), slug
    assert not StandardPage.objects.filter(slug="konto").exists(), "/konto/ is the resident's office, not a page"
    assert not StandardPage.objects.get(slug="dziennik").show_in_menus


@pytest.mark.django_db
def test_home_page_links_to_service_cards_and_upcoming_modules(demo):
    home = HomePage.objects.get()
    cards = [block.value for block in home.featured_services]
    assert len(cards) == 6
    assert all(card.url().startswith("/uslugi/") and card.url() != "/uslugi/" for card in cards)
    assert [link.value.url() for link in home.quick_links] == [
        "/konto/",
        "/ostrzezenia/",
        "/budzet-obywatelski/",
        "/dziennik/",
    ]


@pytest.mark.django_db
def test_statement_units_and_settings_are_complete(demo):
    statement = AccessibilityStatementPage.objects.get(slug="deklaracja-dostepnosci")
    assert statement.live
    assert statement.compliance == AccessibilityStatementPage.Compliance.PARTIAL
    assert "7 dni" in statement.complaints_procedure and "2 miesiące" in statement.complaints_procedure
    assert "Rzecznika Praw Obywatelskich" in statement.complaints_procedure

    for unit in OrgUnit.objects.all():
        unit.full_clean()
        assert UnitPage.objects.live().filter(unit=unit).exists(), unit.code
        assert unit.page.url_path.startswith("/home/urzad/jednostki/")

    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    assert (office.nip, office.regon, office.bank_account) == (OFFICE_NIP, OFFICE_REGON, OFFICE_NRB)
    assert office.accessibility_page_id == statement.pk


@pytest.mark.django_db
def test_every_image_has_alt_text_and_every_block_type_is_used(demo):
    news_with_image = NewsPage.objects.filter(image__isnull=False)
    assert news_with_image.count() >= NewsPage.objects.count() // 2
    assert all(page.image_alt.strip() for page in news_with_image)

    used = set()
    for page, block in body_blocks():
        used.add(block.block_type)
        if block.block_type == "image":
            assert block.value["alt_text"].strip() or block.value["decorative"], page.title
    assert used == BODY_BLOCK_TYPES


@pytest.mark.django_db
def test_news_option_adds_filler_up_to_the_total(demo):
    seed("--news", "50")
    assert NewsPage.objects.live().count() == 50
    seed("--news", "50")
    assert NewsPage.objects.count() == 51  # + the library's news awaiting moderation
    newest = NewsPage.objects.order_by("-date").first()
    assert not newest.title.startswith("Komunikat nr"), "curated news stay on top"


@pytest.mark.django_db
def test_demo_content_is_searchable_including_tags(demo):
    assert "Dożynki gminne w Rudnej Małej" in [entry.title for entry in search_pages(query="dożynki").results]
    tagged_only = NewsPage.objects.get(slug="boisko-wysoka-glogowska")  # "sport" is only in its tags
    assert tagged_only.pk in [entry.page_id for entry in search_pages(query="sport").results]


@pytest.mark.django_db
def test_rerun_keeps_a_changed_password(demo):
    editor = get_user_model().objects.get(email="redaktor@ratusz.local")
    assert editor.is_staff and not editor.is_superuser
    assert editor.groups.filter(name="Redakcja centralna").exists()
    assert not editor.groups.filter(name="Editors").exists()
    editor.set_password("zmienione-haslo-redaktora")
    editor.save()
    seed()
    editor.refresh_from_db()
    assert editor.check_password("zmienione-haslo-redaktora")
    resident = get_user_model().objects.get(email="mieszkaniec@ratusz.local")
    assert not resident.is_staff and resident.check_password("ratusz-mieszkaniec-demo")


@pytest.mark.django_db
def test_home_page_renders_with_the_gmina_name(client, demo):
    """Needs the theme's templates (theme/templates/home/*.html)."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Gmina Głogów Małopolski" in response.content.decode()
    for url in ("/aktualnosci/", "/kontakt/", "/urzad/jednostki/", "/deklaracja-dostepnosci/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_seed_gives_42_complete_live_services(client, demo):
    services = ServicePage.objects.live()
    assert services.count() == 42
    slugs = set(services.values_list("slug", flat=True))
    assert set(REQUIRED_SERVICES) <= slugs
    for service in services.prefetch_related("categories"):
        assert service.intro and service.who_may_apply and service.required_documents, service.slug
        assert service.legal_basis and service.appeal_procedure and service.unit_id, service.slug
        assert service.categories.all(), service.slug
        assert all("isap.sejm.gov.pl" in block.value["url"] for block in service.legal_basis)
    assert client.get("/uslugi/").status_code == 200
    assert client.get("/uslugi/?zdarzenie=budowa-domu&online=on").status_code == 200
    assert client.get("/uslugi/zameldowanie/").status_code == 200
    home = HomePage.objects.get()
    assert [block.value["page"].specific_class for block in home.featured_services] == [ServicePage] * 6


@pytest.mark.django_db
def test_seeded_demo_has_at_least_twelve_live_forms_that_editors_can_save(demo):
    live = ApplicationForm.objects.filter(live=True, service__live=True).select_related("service")
    slugs = {form.service.slug for form in live}
    assert len(slugs) >= 12
    assert slugs >= REQUIRED_FORMS
    assert slugs == set(FORMS), "every demo form found its service card"
    for form in live:
        assert form.service.online_form_available, form.service.slug
        form.full_clean()
        form.fields.stream_block.clean(form.fields)  # what the admin checks when an editor saves the form
    steps = {form.service.slug: len(steps_of(definition_of(form))) for form in live}
    assert steps["podatek-od-nieruchomosci"] == 5, "the benchmark walks this five-step form"

    pages = {form.service.slug: form.service for form in live}
    assert seed_application_forms(pages) == [], "a second run adds nothing"
    assert ApplicationForm.objects.count() == len(FORMS)


@pytest.mark.django_db
def test_seed_editorial_creates_demo_staff_once(demo):
    groups, states = Group.objects.count(), WorkflowState.objects.count()
    seed()

    assert (Group.objects.count(), WorkflowState.objects.count()) == (groups, states)
    for email in ("redaktor.biblioteka@ratusz.local", "moderator.sp1@ratusz.local", "redakcja@ratusz.local"):
        assert email in demo
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Akceptacja — Biblioteka Publiczna (MGBP)"
    assert Group.objects.filter(name=CENTRAL_GROUP, user__email="redaktor@ratusz.local").exists()
    assert not Group.objects.filter(name="Editors", user__email="redaktor@ratusz.local").exists()


@pytest.mark.django_db
@pytest.mark.two_factor
def test_demo_clerk_can_sign_in_to_the_back_office(client, demo, settings):
    """With the password, then the second factor from ``two_factor_code`` (the README's way in)."""
    import io

    from django.core.management import call_command

    assert client.login(username="urzednik@ratusz.local", password="ratusz-urzednik-demo")
    assert client.get("/admin/sprawy/")["Location"].startswith("/admin/2fa/konfiguracja/")
    client.get("/admin/2fa/konfiguracja/")
    settings.DEBUG, out = True, io.StringIO()
    call_command("two_factor_code", "urzednik@ratusz.local", stdout=out)
    settings.DEBUG = False
    client.post("/admin/2fa/konfiguracja/", {"token": out.getvalue().strip()})
    response = client.get("/admin/sprawy/")
    assert response.status_code == 200
    assert "UM." in response.content.decode()  # the demo cases of the office are listed


@pytest.mark.django_db
def test_units_alone_are_idempotent_and_valid():
    units = seed_units()
    assert len(units) == 20 and units["UM"].parent is None
    assert all(unit.parent_id == units["UM"].pk for code, unit in units.items() if code != "UM")
    seed_units()
    assert OrgUnit.objects.count() == 20


def test_identifiers_have_valid_check_digits():
    nip_weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    assert sum(int(d) * w for d, w in zip(OFFICE_NIP, nip_weights, strict=False)) % 11 == int(OFFICE_NIP[-1])
    regon_weights = (8, 9, 2, 3, 4, 5, 6, 7)
    assert sum(int(d) * w for d, w in zip(OFFICE_REGON, regon_weights, strict=False)) % 11 % 10 == int(OFFICE_REGON[-1])
    assert len(OFFICE_NRB) == 26
    assert int(OFFICE_NRB[2:] + "2521" + OFFICE_NRB[:2]) % 97 == 1  # ISO 13616 IBAN check


def test_pdf_without_dejavu_falls_back_to_ascii(monkeypatch, tmp_path):
    """A fresh machine may lack DejaVu: the PDF must still be made, with ASCII text, not fail."""
    monkeypatch.setattr(media, "FONT_REGULAR", tmp_path / "missing.ttf")
    media._pdf_font.cache_clear()
    try:
        pdf = media._render_pdf("Wniosek o wydanie zaświadczenia", ["Opłata skarbowa: 17 zł"])
    finally:
        media._pdf_font.cache_clear()
    assert pdf.startswith(b"%PDF")
    assert media._ascii("Głogów Małopolski – źdźbło") == "Glogow Malopolski - zdzblo"

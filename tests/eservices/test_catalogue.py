"""The service catalogue: /uslugi/ filters, sorting, bad input, query counts, the service card, the demo."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eservices.catalogue.models import ServicePage
from home.models import HomePage

from .conftest import service_create

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="service-list__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_listing_shows_every_service_with_the_count(client, catalogue):
    response = client.get("/uslugi/")
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert "Znaleziono 5 usług" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kategoria=podatki-i-oplaty", {"Zaświadczenie o niezaleganiu w podatkach", "Deklaracja o opłacie za odpady"}),
        ("zdarzenie=budowa-domu", {"Deklaracja o opłacie za odpady", "Decyzja o warunkach zabudowy"}),
        ("jednostka=MGBP", {"Karta czytelnika biblioteki"}),
        ("online=on", {"Zameldowanie na pobyt stały", "Deklaracja o opłacie za odpady"}),
        ("q=zaswiadczenie", {"Zaświadczenie o niezaleganiu w podatkach"}),
        ("q=podatku", {"Zaświadczenie o niezaleganiu w podatkach"}),
        ("q=meldunek", {"Zameldowanie na pobyt stały"}),  # a keyword only
        ("q=ODPADÓW", {"Deklaracja o opłacie za odpady"}),
        ("kategoria=podatki-i-oplaty&zdarzenie=przeprowadzka", {"Deklaracja o opłacie za odpady"}),
    ],
)
def test_filters_return_the_right_services(client, catalogue, query, expected):
    response = client.get(f"/uslugi/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert "Wyczyść filtry" in response.content.decode()


def test_no_match_shows_an_empty_state(client, catalogue):
    response = client.get("/uslugi/?q=koncesja+na+ropę")
    assert titles(response) == []
    assert "Nie znaleźliśmy usługi" in response.content.decode()


def test_sort_by_name_and_by_popularity(client, catalogue):
    by_name = titles(client.get("/uslugi/?sortuj=nazwa"))
    assert by_name == sorted(by_name)
    assert titles(client.get("/uslugi/?sortuj=popularnosc")) == [
        "Zameldowanie na pobyt stały",
        "Deklaracja o opłacie za odpady",
        "Zaświadczenie o niezaleganiu w podatkach",
        "Decyzja o warunkach zabudowy",
        "Karta czytelnika biblioteki",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kategoria=nie-ma-takiej", "ten filtr pominięto"),
        ("zdarzenie=%3Cscript%3E", "ten filtr pominięto"),
        ("jednostka=XYZ", "ten filtr pominięto"),
        ("sortuj=evil", "sortujemy według nazwy"),
        ("page=x", None),
        ("page=999", None),
        ("online=maybe", None),
        ("q=" + "a" * 500, None),
        ("q=%25%27%3B--", None),
    ],
)
def test_bad_filter_values_give_a_page_not_an_error(client, catalogue, query, message):
    response = client.get(f"/uslugi/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html
        assert 'role="alert"' in html
    if query.startswith(("kategoria", "zdarzenie", "jednostka", "sortuj", "page")):
        assert len(titles(response)) == 5, "a bad filter is dropped, the others still apply"


def test_bad_filter_keeps_the_other_filters(client, catalogue):
    response = client.get("/uslugi/?kategoria=nie-ma-takiej&zdarzenie=budowa-domu")
    assert set(titles(response)) == {"Deklaracja o opłacie za odpady", "Decyzja o warunkach zabudowy"}


def test_pagination_at_twenty(client, catalogue):
    office = catalogue.site.units[0]
    for i in range(20):
        service_create(catalogue.index, f"Usługa testowa {i:02d}", unit=office)
    first, second = client.get("/uslugi/"), client.get("/uslugi/?page=2")
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))


def _listing_queries(client, query="") -> int:
    client.get(f"/uslugi/?{query}")  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/uslugi/?{query}").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "kategoria=podatki-i-oplaty&online=on&sortuj=popularnosc", "q=usluga"])
def test_query_count_does_not_grow_with_the_number_of_services(client, catalogue, query):
    office = catalogue.site.units[0]
    category = catalogue.services["niezaleganie"].categories.first()
    few = _listing_queries(client, query)
    for i in range(55):  # 60 services in all
        service_create(catalogue.index, f"Usługa numer {i}", unit=office, categories=[category],
                       online_form_available=True, intro="Opis usługi")  # fmt: skip
    assert ServicePage.objects.count() == 60
    assert _listing_queries(client, query) == few


def test_service_card_shows_fee_account_deadline_law_and_unit(client, catalogue):
    response = client.get("/uslugi/zaswiadczenie-o-niezaleganiu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "17,00 zł" in html and "opłata skarbowa" in html
    assert "83 9162 0003 0000 0000 0000 0001" in html  # the office's account from OfficeSettings
    assert "najpóźniej w ciągu 7 dni" in html
    assert 'href="https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20230002383"' in html
    assert "Ordynacja podatkowa" in html
    assert "ul. Rynek 1" in html and "36-060 Głogów Małopolski" in html
    assert "3130" in html
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings.index("Opłaty") < headings.index("Termin załatwienia") < headings.index("Jak załatwić")


def test_free_service_says_so_and_has_no_account(client, catalogue):
    html = client.get("/uslugi/zameldowanie/").content.decode()
    assert "bezpłatnie" in html
    assert "Numer rachunku" not in html  # the footer still shows the office account
    assert "niezwłocznie" in html
    assert "/wniosek/" not in html, "no application link until the forms module provides a form"
    assert "Formularz wniosku online przygotowujemy" in html


def test_text_filter_folds_diacritics_after_an_edit(catalogue):
    page = catalogue.services["warunki"]
    page.keywords = "wuzetka"
    page.save(update_fields=["keywords"])
    page.refresh_from_db()
    assert " wuzetka " in page.search_tokens


def test_seed_replaces_the_old_placeholder_and_a_rerun_creates_nothing(settings, tmp_path, monkeypatch):
    """An old demo database has a StandardPage at /uslugi/ with six StandardPage cards (and no cases yet)."""
    from home.demo import seed as seed_module
    from home.models import StandardPage

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(seed_module, "seed_cases", lambda: [])  # the old database predates cases
    call_command("seed_demo", stdout=StringIO())
    monkeypatch.undo()

    home = HomePage.objects.get()
    index = home.get_children().get(slug="uslugi")
    index.delete()
    old = StandardPage(title="Załatw sprawę", slug="uslugi")
    home.add_child(instance=old)
    for slug in ("zameldowanie", "dowod-osobisty"):
        old.add_child(instance=StandardPage(title=slug, slug=slug))
    call_command("seed_demo", stdout=StringIO())
    assert not StandardPage.objects.filter(slug="uslugi").exists()
    assert ServicePage.objects.live().count() == 42
    assert home.get_children().first().slug == "uslugi"
    home.refresh_from_db()
    assert all(block.value["page"].specific_class is ServicePage for block in home.featured_services)
    pages = ServicePage.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ServicePage.objects.count() == pages


def test_editors_get_the_card_form_and_the_snippets_in_the_admin(client, catalogue):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = catalogue.index
    assert client.get(f"/admin/pages/add/catalogue/servicepage/{index.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{catalogue.services['niezaleganie'].pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/catalogue/servicecategory/").status_code == 200
    assert client.get("/admin/snippets/catalogue/lifeevent/").status_code == 200


def test_site_search_lists_service_cards_as_services(client, catalogue):
    """Service cards show up in /szukaj/ under their own type, "Usługi"."""
    from eservices.catalogue.models import ServicePage

    card = ServicePage.objects.get(slug="zameldowanie")
    card.save_revision().publish()  # publishing indexes the page
    html = client.get("/szukaj/", {"q": "zameldowanie", "typ": "uslugi"}).content.decode()
    assert "Zameldowanie na pobyt stały" in html
    assert "Usługi" in html
    other = client.get("/szukaj/", {"q": "zameldowanie", "typ": "strony"}).content.decode()
    assert "Zameldowanie na pobyt stały" not in other

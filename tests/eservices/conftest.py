"""Builders of a small service catalogue on top of the ``site_tree`` fixture."""

from decimal import Decimal

import pytest

from eservices.catalogue.models import LifeEvent, ServiceCategory, ServiceIndexPage, ServicePage

ORDYNACJA = "Ustawa z dnia 29 sierpnia 1997 r. — Ordynacja podatkowa (Dz.U. 2023 poz. 2383)"
ORDYNACJA_URL = "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20230002383"


def catalogue_create(home) -> ServiceIndexPage:
    index = ServiceIndexPage(title="Załatw sprawę", slug="uslugi", intro="Katalog usług.")
    home.add_child(instance=index)
    return index


def service_create(index, title: str, *, slug: str | None = None, unit=None, categories=(), events=(), **fields):
    """A live service card, created without revisions (fast: tests make up to 60 of them)."""
    from django.utils.text import slugify

    page = ServicePage(title=title, slug=slug or slugify(title), unit=unit, **fields)
    index.add_child(instance=page)
    if categories or events:
        page.categories = list(categories)
        page.life_events = list(events)
        page.save()
    return page


@pytest.fixture
def catalogue(site_tree):
    """/uslugi/ with five services in three categories, two life events and two units."""
    office, library = site_tree.units
    taxes = ServiceCategory.objects.create(name="Podatki i opłaty", slug="podatki-i-oplaty", sort_order=1)
    civil = ServiceCategory.objects.create(name="Sprawy obywatelskie", slug="sprawy-obywatelskie", sort_order=2)
    culture = ServiceCategory.objects.create(name="Kultura", slug="kultura", sort_order=3)
    moving = LifeEvent.objects.create(name="Przeprowadzka", slug="przeprowadzka")
    building = LifeEvent.objects.create(name="Budowa domu", slug="budowa-domu")
    index = catalogue_create(site_tree.home)
    services = {
        "zameldowanie": service_create(
            index, "Zameldowanie na pobyt stały", slug="zameldowanie", unit=office, categories=[civil], events=[moving],
            intro="Zgłoszenie pobytu stałego.", keywords="meldunek", online_form_available=True, popularity=900,
            deadline=ServicePage.Deadline.IMMEDIATE,
        ),
        "niezaleganie": service_create(
            index, "Zaświadczenie o niezaleganiu w podatkach", slug="zaswiadczenie-o-niezaleganiu", unit=office,
            categories=[taxes], intro="Zaświadczenie do przetargu.", fee_amount=Decimal("17"),
            fee_description="opłata skarbowa", popularity=500, jrwa_symbol="3130",
            deadline=ServicePage.Deadline.CUSTOM, deadline_details="najpóźniej w ciągu 7 dni",
            legal_basis=[("act", {"title": ORDYNACJA, "url": ORDYNACJA_URL, "provisions": "art. 306a"})],
        ),
        "odpady": service_create(
            index, "Deklaracja o opłacie za odpady", slug="oplata-za-odpady", unit=office, categories=[taxes],
            events=[moving, building], epuap_available=True, popularity=800,
        ),
        "warunki": service_create(
            index, "Decyzja o warunkach zabudowy", unit=office, events=[building], popularity=100,
            deadline=ServicePage.Deadline.TWO_MONTHS,
        ),
        "czytelnik": service_create(
            index, "Karta czytelnika biblioteki", unit=library, categories=[culture], popularity=50,
        ),
    }  # fmt: skip
    return type("Catalogue", (), {"index": index, "services": services, "site": site_tree})

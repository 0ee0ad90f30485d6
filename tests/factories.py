"""factory_boy factories and one-call builders of realistic objects."""

import datetime as dt
from types import SimpleNamespace

import factory
from django.utils.text import slugify
from wagtail.models import Page, Site

from cms.accounts.models import User
from cms.units.models import OrgUnit
from home.models import (
    AccessibilityStatementPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    OfficeSettings,
    StandardPage,
    UnitIndexPage,
    UnitPage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.pl")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska{n}")
    password = factory.PostGenerationMethodCall("set_password", "haslo-testowe-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"J{n}")
    name = factory.Sequence(lambda n: f"Szkoła Podstawowa nr {n} w Głogowie Małopolskim")
    unit_type = OrgUnit.UnitType.SCHOOL
    street = "ul. Szkolna 1"
    postal_code = "36-060"
    city = "Głogów Małopolski"
    phone = "17 789 70 00"
    email = factory.Sequence(lambda n: f"sp{n}@glogow-mlp.pl")
    epuap_address = "/spglogow/SkrytkaESP"
    head_name = "Jan Nowak"
    head_title = "Dyrektor"
    opening_hours = "poniedziałek–piątek 7:30–15:30"


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def news_create(index: NewsIndexPage, *, count: int, start: int = 0, tags=("komunikaty",)) -> list[NewsPage]:
    """Publish ``count`` news items under ``index`` (dated one day apart, newest last)."""
    items = []
    for i in range(start, start + count):
        page = NewsPage(
            title=f"Komunikat nr {i + 1}/2026",
            slug=f"komunikat-{i + 1}-2026",
            intro=f"Treść komunikatu numer {i + 1} dla mieszkańców gminy.",
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )
        index.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        items.append(page)
    return items


def build_site(*, news: int = 3) -> SimpleNamespace:
    """Replace Wagtail's welcome page with a small Ratusz site and return its pages."""
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    home = HomePage(title="Gmina Głogów Małopolski", slug="gmina", intro="Oficjalny serwis gminy.")
    root.add_child(instance=home)
    home.save_revision().publish()
    old_root = site.root_page
    site.root_page = home
    site.site_name = "Gmina Głogów Małopolski"
    site.save()
    if old_root.pk != home.pk and not isinstance(old_root.specific, HomePage):
        old_root.delete()

    news_index = _add(home, NewsIndexPage(title="Aktualności", slug="aktualnosci", show_in_menus=True))
    about = _add(
        home,
        StandardPage(
            title="O gminie",
            slug="o-gminie",
            show_in_menus=True,
            intro="Gmina Głogów Małopolski leży w powiecie rzeszowskim.",
            body=[("paragraph", "<p>Gmina liczy ponad 20 tysięcy mieszkańców i 18 sołectw.</p>")],
        ),
    )
    office = _add(home, StandardPage(title="Urząd", slug="urzad", show_in_menus=True))
    units_index = _add(office, UnitIndexPage(title="Jednostki organizacyjne", slug="jednostki"))
    office_unit = OrgUnitFactory(
        code="UM",
        name="Urząd Miejski w Głogowie Małopolskim",
        unit_type=OrgUnit.UnitType.OFFICE,
        street="ul. Rynek 1",
        epuap_address="/glogowmlp/SkrytkaESP",
        head_name="Paweł Baj",
        head_title="Burmistrz",
    )
    library = OrgUnitFactory(
        code="MGBP",
        name="Miejsko-Gminna Biblioteka Publiczna",
        unit_type=OrgUnit.UnitType.LIBRARY,
        parent=office_unit,
    )
    unit_pages = [
        _add(units_index, UnitPage(title=u.name, slug=slugify(u.name)[:50], unit=u)) for u in (office_unit, library)
    ]
    statement = _add(
        home,
        AccessibilityStatementPage(
            title="Deklaracja dostępności",
            slug="deklaracja-dostepnosci",
            entity_name="Urząd Miejski w Głogowie Małopolskim",
            site_url="https://www.glogow-mlp.pl",
            published_on=dt.date(2020, 9, 1),
            updated_on=dt.date(2026, 3, 1),
            compliance=AccessibilityStatementPage.Compliance.PARTIAL,
            prepared_on=dt.date(2026, 3, 1),
            reviewed_on=dt.date(2026, 11, 1),
            contact_person="Maria Wiśniewska",
            contact_email="dostepnosc@glogow-mlp.pl",
            contact_phone="17 789 78 10",
            complaints_procedure="<p>Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności.</p>",
            architectural="<p>Do budynku prowadzi podjazd dla wózków.</p>",
            communication="<p>Tłumacz PJM po wcześniejszym zgłoszeniu.</p>",
        ),
    )
    settings = OfficeSettings.for_site(site)
    settings.name = "Urząd Miejski w Głogowie Małopolskim"
    settings.street = "ul. Rynek 1"
    settings.postal_code = "36-060"
    settings.city = "Głogów Małopolski"
    settings.phone = "17 789 78 10"
    settings.email = "sekretariat@glogow-mlp.pl"
    settings.nip = "5170000000"
    settings.regon = "690581799"
    settings.bank_account = "83 9162 0003 0000 0000 0000 0001"
    settings.epuap_address = "/glogowmlp/SkrytkaESP"
    settings.opening_hours = "poniedziałek 8:00–16:00\nwtorek–piątek 7:30–15:30"
    settings.accessibility_page = statement
    settings.save()

    items = news_create(news_index, count=news)
    return SimpleNamespace(
        site=site,
        home=home,
        news_index=news_index,
        news=items,
        about=about,
        office=office,
        units_index=units_index,
        unit_pages=unit_pages,
        units=[office_unit, library],
        statement=statement,
        settings=settings,
    )

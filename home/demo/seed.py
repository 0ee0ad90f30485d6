"""Build the whole demo site in one transaction: units, media, pages, settings, accounts.

Everything is looked up before it is created (pages by slug under their parent, units by code,
images and documents by title, users by e-mail), so a second run creates and changes nothing.
Pages are created live with publication dates set, in the order they appear in the main menu.
"""

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signals
from wagtail.models import Page, Site
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends

from cms.units.demo import seed_units
from cms.units.demo_places import seed_places
from crisis.demo import seed_crisis
from education.demo import seed_education
from eservices.budget.demo import seed_budget
from eservices.cases.demo import seed_cases
from eservices.epuap.demo import seed_epuap
from eservices.finance.demo import seed_finance
from home.models import HomePage, NewsPage, StandardPage
from home.sitesearch.services import search_index_rebuild

from . import pages, residents, services
from .accounts import seed_accounts
from .bip import seed_bip
from .content import PageSeeder, link
from .editorial import seed_editorial
from .forms_data import seed_application_forms
from .intranet import seed_intranet
from .media import ensure_documents, ensure_images
from .news import DEFAULT_NEWS_COUNT, seed_news
from .office import seed_accessibility_statement, seed_office_settings
from .units import seed_unit_pages

SITE_NAME = "Gmina Głogów Małopolski"
HOME_SLUG = "home"
PUBLISH_DATE = dt.date(2026, 1, 2)

QUICK_LINKS = [
    ("Konto mieszkańca", "Sprawy, należności i powiadomienia", "/konto/"),
    ("Ostrzeżenia", "Komunikaty o zagrożeniach i powiadomienia SMS", "/ostrzezenia/"),
    ("Budżet obywatelski", "Zgłoś projekt i zagłosuj", "/budzet-obywatelski/"),
    ("E-dziennik", "Oceny, frekwencja i plan lekcji", "/dziennik/"),
]


@dataclass
class SeedResult:
    created_pages: int = 0
    units: int = 0
    news: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _ensure_home(seeder: PageSeeder) -> HomePage:
    """The HomePage as the root's child, replacing Wagtail's empty "Welcome" page.

    The default Site points at the welcome page and is deleted with it (``on_delete=CASCADE``), so
    the Site is moved to the tree root first and back to the new home page afterwards.
    """
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            site.root_page = root
            site.save()
        plain_page = ContentType.objects.get_for_model(Page)
        for welcome in root.get_children().filter(content_type=plain_page, slug=HOME_SLUG, numchild=0):
            welcome.delete()
        home = seeder.ensure(
            root,
            HomePage,
            HOME_SLUG,
            lambda: {
                "title": SITE_NAME,
                "seo_title": "Gmina Głogów Małopolski — oficjalny portal",
                "intro": "Załatw sprawę w urzędzie, sprawdź aktualności i ostrzeżenia, znajdź szkołę, "
                "przedszkole i jednostki gminy.",
                "news_count": 4,
                "quick_links": [link(title, text, url=url) for title, text, url in QUICK_LINKS],
            },
        )
    _point_default_site(home)
    return home


def _point_default_site(home: HomePage) -> Site:
    values = {"hostname": "localhost", "port": 80, "site_name": SITE_NAME, "root_page_id": home.pk}
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.pk is None or any(getattr(site, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(site, name, value)
        site.save()
    return site


def _fill_featured_services(home: HomePage, service_pages: dict) -> None:
    home.featured_services = [
        link(title, description, page=service_pages[slug]) for slug, title, description in services.home_cards()
    ]
    home.save(update_fields=["featured_services"])


@contextmanager
def _search_index_deferred(seeder: PageSeeder):
    """Index the pages created inside the block in one bulk write per page type at its end.

    Indexing on every save costs a dozen queries per page (a third of the time for 200 news) and
    indexes a news item before its tags are written; one ``add_bulk`` at the end does neither.
    """
    models = [m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
    by_model = defaultdict(list)
    for page in seeder.created:
        by_model[type(page)].append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in by_model.items():
            backend.add_bulk(model, objects)


@transaction.atomic
def seed_demo(*, news: int = DEFAULT_NEWS_COUNT) -> SeedResult:
    """Create whatever part of the demo site is missing; see the module docstring."""
    seeder = PageSeeder(publish_date=PUBLISH_DATE)
    units = seed_units()
    seed_places()
    images = ensure_images()
    docs = ensure_documents()

    with _search_index_deferred(seeder):
        statement = _seed_pages(seeder, units, images, docs, news=news)
    seed_office_settings(Site.objects.get(is_default_site=True), statement)
    result = SeedResult(
        created_pages=len(seeder.created),
        units=len(units),
        news=NewsPage.objects.count(),
        accounts=seed_accounts() + seed_editorial() + seed_cases() + seed_finance() + seed_crisis() + seed_budget()
        + seed_education()
        + seed_epuap(),
    )
    seed_intranet()  # after the accounts: staff entries link to the demo staff accounts
    seed_bip()  # after the accounts: BIP pages are published by the demo admin and editor
    search_index_rebuild()  # last: the site search indexes every page and document created above
    return result


def _seed_pages(seeder: PageSeeder, units: dict, images: dict, docs: dict, *, news: int):
    """The page tree, in main-menu order; returns the accessibility statement for the settings."""
    home = _ensure_home(seeder)
    home_is_new = home in seeder.created

    service_pages = services.seed_catalogue(seeder, home, units, docs)
    seed_application_forms(service_pages)
    seed_news(seeder, home, images, docs, total=news)

    top = pages.page_builders(images)
    for_residents = residents.page_builders(images, docs)
    modules = services.module_builders(docs)
    ordered = [
        ("o-gminie", top),
        ("urzad", top),
        ("dla-mieszkancow", for_residents),
        ("inwestycje", for_residents),
        ("ogloszenia", for_residents),
        ("turystyka", top),
        ("solectwa", top),
        ("kontakt", top),
        ("ostrzezenia", modules),
        ("budzet-obywatelski", modules),
        ("dziennik", modules),
        ("ochrona-danych-osobowych", top),
    ]
    created_top = {slug: seeder.ensure(home, StandardPage, slug, builders[slug]) for slug, builders in ordered}
    # /konto/ is the resident accounts app (cms.accounts.urls); an old placeholder page would only shadow it.
    for placeholder in StandardPage.objects.child_of(home).filter(slug="konto"):
        placeholder.delete()
    seed_unit_pages(seeder, created_top["urzad"], units)
    statement = seed_accessibility_statement(seeder, home)

    if home_is_new or services.featured_services_stale(home):
        _fill_featured_services(home, service_pages)
    return statement

"""The service catalogue of the demo site (``/uslugi/``, 42 service cards) and placeholder pages of
upcoming modules.

The cards' data lives in ``services_data*.py``. Older demo databases have a placeholder StandardPage
at ``/uslugi/`` with six StandardPage cards: ``seed_catalogue`` replaces it by the ServiceIndexPage
(the six slugs are kept, so the addresses the old cards had still work) and the home page's
featured services are pointed at the new cards. ``/konto/``, ``/dziennik/``, ``/ostrzezenia/`` and
``/budzet-obywatelski/`` say what is coming until their apps exist.
"""

from wagtail.models import Page

from eservices.catalogue.models import LifeEvent, ServiceCategory, ServiceIndexPage, ServicePage

from .content import PageSeeder, call_to_action, documents, heading, paragraph, table
from .services_data import CATEGORIES, LIFE_EVENTS
from .services_data1 import SERVICES_1
from .services_data2 import SERVICES_2
from .services_data3 import SERVICES_3

SERVICES = SERVICES_1 + SERVICES_2 + SERVICES_3
INDEX_SLUG = "uslugi"

# The home page's "most used services" cards: slug, card title, card description.
HOME_CARDS = [
    ("zameldowanie", "Zameldowanie", "Pobyt stały lub czasowy"),
    ("dowod-osobisty", "Dowód osobisty", "Wniosek, odbiór, utrata"),
    ("podatek-od-nieruchomosci", "Podatek od nieruchomości", "Informacja IN-1, raty, ulgi"),
    ("oplata-za-odpady", "Opłata za odpady", "Deklaracja i terminy"),
    ("rejestracja-dzialalnosci", "Rejestracja działalności", "Wpis do CEIDG"),
    ("zgloszenie-awarii", "Zgłoszenie awarii", "Woda, drogi, oświetlenie"),
]


def _index_page() -> dict:
    return {
        "title": "Załatw sprawę",
        "show_in_menus": True,
        "intro": "Katalog usług urzędu i jednostek gminy: co przygotować, ile to kosztuje, ile trwa, "
        "gdzie i jak złożyć wniosek — także online.",
    }


def _service_fields(data: dict, units: dict, docs: dict) -> dict:
    return {
        "title": data["title"],
        "intro": data["intro"],
        "keywords": data["keywords"],
        "who_may_apply": data["who"],
        "required_documents": data["docs"],
        "fee_amount": data["fee"],
        "fee_description": data["fee_text"],
        "payment_method": data["payment"],
        "deadline": data["deadline"],
        "deadline_details": data["deadline_text"],
        "legal_basis": [("act", {"title": t, "url": u, "provisions": p}) for t, u, p in data["acts"]],
        "how_to_apply": data["how"],
        "online_form_available": data["online"],
        "epuap_available": data["epuap"],
        "epuap_url": data["epuap_url"],
        "room": data["room"],
        "requires_verified_identity": data["verified"],
        "appeal_procedure": data["appeal"],
        "forms": [("form", {"document": docs[key], "note": ""}) for key in data["forms"] if key in docs],
        "unit": units[data["unit"]],
        "jrwa_symbol": data["jrwa"],
        "popularity": data["popularity"],
    }


def _ensure_snippets(model, rows) -> dict:
    existing = {obj.slug: obj for obj in model.objects.all()}
    for order, (slug, name, *description) in enumerate(rows, start=1):
        if slug not in existing:
            existing[slug] = model.objects.create(
                slug=slug, name=name, description=description[0] if description else "", sort_order=order * 10
            )
    return existing


def _replace_placeholder(home: Page) -> bool:
    """Delete the old placeholder ``/uslugi/`` (a StandardPage with six StandardPage cards)."""
    old = home.get_children().filter(slug=INDEX_SLUG).exclude(content_type__model="serviceindexpage").first()
    if old is None:
        return False
    old.delete()
    return True


def seed_catalogue(seeder: PageSeeder, home: Page, units: dict, docs: dict) -> dict[str, ServicePage]:
    """``/uslugi/`` with its 42 service cards; returns the cards by slug. Idempotent."""
    replaced = _replace_placeholder(home)
    index = seeder.ensure(home, ServiceIndexPage, INDEX_SLUG, _index_page)
    if replaced:
        first = home.get_first_child()
        if first.pk != index.pk:
            index.move(first, pos="left")  # back to its place at the head of the main menu
            index.refresh_from_db()
    categories = _ensure_snippets(ServiceCategory, CATEGORIES)
    events = _ensure_snippets(LifeEvent, LIFE_EVENTS)

    pages, new = {}, []
    for data in SERVICES:
        page = seeder.ensure(index, ServicePage, data["slug"], lambda data=data: _service_fields(data, units, docs))
        pages[data["slug"]] = page
        if page in seeder.created:
            new.append((page, data))
    for page, data in new:
        page.categories = [categories[slug] for slug in data["cats"]]
        page.life_events = [events[slug] for slug in data["events"]]
        page.related_services = [pages[slug] for slug in data["related"]]
        page.save()
    return pages


def home_cards() -> list[tuple[str, str, str]]:
    """(slug, title, description) of the home page's featured-service cards, in display order."""
    return HOME_CARDS


def featured_services_stale(home) -> bool:
    """True when a featured-service card points nowhere or not at a service card (an old demo database)."""
    pages = [block.value.get("page") for block in home.featured_services]
    return len(pages) != len(HOME_CARDS) or not all(
        page is not None and page.specific_class is ServicePage for page in pages
    )


def _module_page(title: str, intro: str, offers: list[str], *, in_menu: bool, extra: list | None = None) -> dict:
    items = "".join(f"<li>{offer}</li>" for offer in offers)
    return {
        "title": title,
        "show_in_menus": in_menu,
        "intro": intro,
        "body": [
            heading("Co będzie można zrobić"),
            paragraph(f"<ul>{items}</ul>"),
            paragraph(
                "<p><b>Usługę właśnie uruchamiamy.</b> O jej starcie poinformujemy w aktualnościach. "
                "Pytania prosimy kierować do Biura Obsługi Interesanta: tel. 17 789 78 11, "
                "boi@glogow-mlp.pl.</p>"
            ),
            *(extra or []),
        ],
    }


def module_builders(documents_by_name) -> dict:
    """Builders of the placeholder pages of modules still being built, keyed by slug."""
    return {
        "ostrzezenia": lambda: _module_page(
            "Ostrzeżenia",
            "Komunikaty o zagrożeniach: burze, upały, powodzie, przerwy w dostawie wody.",
            [
                "bieżące ostrzeżenia meteorologiczne i hydrologiczne dla gminy",
                "powiadomienia SMS i e-mail dla wybranego sołectwa lub osiedla",
                "archiwum ostrzeżeń oraz kanały CAP i RSS dla mediów i służb",
            ],
            in_menu=False,
        ),
        "budzet-obywatelski": lambda: _module_page(
            "Budżet obywatelski",
            "Mieszkańcy decydują, na co gmina wyda 600 tys. zł. Zgłoś projekt i zagłosuj.",
            [
                "zgłaszanie projektów ogólnogminnych i lokalnych",
                "zbieranie poparcia mieszkańców online",
                "głosowanie przez internet i wyniki na bieżąco",
            ],
            in_menu=False,
            extra=[
                table(
                    [
                        ["Etap", "Termin"],
                        ["Zgłaszanie projektów", "1–31 marca 2026"],
                        ["Weryfikacja", "do 31 maja 2026"],
                        ["Głosowanie", "1–21 czerwca 2026"],
                        ["Ogłoszenie wyników", "do 30 czerwca 2026"],
                    ],
                    "Harmonogram budżetu obywatelskiego 2027",
                ),
                documents("Regulamin", [documents_by_name["regulamin-bo"]]),
            ],
        ),
        "konto": lambda: _module_page(
            "Konto mieszkańca",
            "Elektroniczne Biuro Obsługi Mieszkańca: Twoje sprawy, podatki i powiadomienia w jednym miejscu.",
            [
                "składanie wniosków online i śledzenie stanu spraw",
                "podgląd należności (podatki, opłata za odpady) i płatność online",
                "zamawianie powiadomień o ostrzeżeniach dla Twojej miejscowości",
                "logowanie profilem zaufanym (login.gov.pl)",
            ],
            in_menu=False,
            extra=[
                call_to_action(
                    "Załatw sprawę już dziś",
                    "Sprawdź, jakie dokumenty przygotować do najczęstszych spraw.",
                    "Zobacz usługi",
                    url="/uslugi/",
                )
            ],
        ),
        "dziennik": lambda: _module_page(
            "Dziennik elektroniczny",
            "E-dziennik szkół gminnych dla rodziców, uczniów i nauczycieli.",
            [
                "oceny, frekwencja i uwagi ucznia",
                "plan lekcji i zastępstwa",
                "ogłoszenia szkoły i wiadomości od wychowawcy",
            ],
            in_menu=False,
        ),
    }

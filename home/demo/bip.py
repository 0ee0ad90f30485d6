"""Demo Biuletyn Informacji Publicznej: the /bip/ section with pages published in several versions.

Every page is published 2–3 times through Wagtail's revisions (``save_revision(...).publish(...)``)
by the demo administrator and editor, each time with a change note, so its metryczka and change
register have real entries. Idempotent: a page that exists is left alone (and never republished,
which would add entries to its register).
"""

import datetime as dt

from django.contrib.auth import get_user_model

from home.models import BipIndexPage, HomePage, StandardPage

from .content import PageSeeder, heading, paragraph, published_at, table

ADMIN = "admin@ratusz.local"
EDITOR = "redaktor@ratusz.local"

# slug, title, intro, author, produced on, versions: (who, change note, body)
PAGES = [
    (
        "statut-gminy",
        "Statut Gminy Głogów Małopolski",
        "Tekst jednolity statutu gminy przyjęty uchwałą Rady Miejskiej.",
        "Grażyna Łącka, Sekretarz Gminy",
        dt.date(2025, 11, 27),
        [
            (ADMIN, "Udostępnienie statutu.", [
                paragraph("<p>Statut Gminy Głogów Małopolski przyjęty uchwałą nr XXI/180/2025 z 27 listopada "
                          "2025 r. (Dz. Urz. Woj. Podkarpackiego z 2025 r.).</p>"),
            ]),
            (EDITOR, "Dodano odnośnik do tekstu jednolitego i wykaz sołectw.", [
                paragraph("<p>Statut Gminy Głogów Małopolski przyjęty uchwałą nr XXI/180/2025 z 27 listopada "
                          "2025 r. (Dz. Urz. Woj. Podkarpackiego z 2025 r.).</p>"),
                heading("Jednostki pomocnicze"),
                paragraph("<p>W gminie działa 18 sołectw i 2 osiedla.</p>"),
            ]),
        ],
    ),
    (
        "budzet-gminy-2026",
        "Budżet Gminy Głogów Małopolski na 2026 rok",
        "Uchwała budżetowa, wieloletnia prognoza finansowa i sprawozdania z wykonania budżetu.",
        "Dorota Ślusarczyk, Skarbnik Gminy",
        dt.date(2025, 12, 18),
        [
            (ADMIN, "Udostępnienie uchwały budżetowej.", [
                table([["Pozycja", "Kwota (zł)"], ["Dochody", "182 450 000"], ["Wydatki", "191 870 000"],
                       ["Deficyt", "9 420 000"]], "Budżet gminy na 2026 rok"),
            ]),
            (EDITOR, "Dodano wieloletnią prognozę finansową.", [
                table([["Pozycja", "Kwota (zł)"], ["Dochody", "182 450 000"], ["Wydatki", "191 870 000"],
                       ["Deficyt", "9 420 000"]], "Budżet gminy na 2026 rok"),
                paragraph("<p>Wieloletnia prognoza finansowa na lata 2026–2035 przyjęta wraz z budżetem.</p>"),
            ]),
            (EDITOR, "Zmiana budżetu uchwałą nr XXIV/201/2026 (zwiększenie wydatków na drogi gminne).", [
                table([["Pozycja", "Kwota (zł)"], ["Dochody", "183 100 000"], ["Wydatki", "192 950 000"],
                       ["Deficyt", "9 850 000"]], "Budżet gminy na 2026 rok po zmianach"),
                paragraph("<p>Wieloletnia prognoza finansowa na lata 2026–2035 przyjęta wraz z budżetem.</p>"),
            ]),
        ],
    ),
    (
        "rada-miejska",
        "Rada Miejska w Głogowie Małopolskim",
        "Skład Rady, komisje, terminy sesji i dyżury radnych.",
        "Biuro Rady Miejskiej",
        dt.date(2026, 1, 8),
        [
            (EDITOR, "Udostępnienie składu Rady kadencji 2024–2029.", [
                paragraph("<p>Rada liczy 21 radnych. Przewodniczący Rady: Józef Kwaśny.</p>"),
            ]),
            (EDITOR, "Dodano harmonogram sesji na I półrocze 2026 r.", [
                paragraph("<p>Rada liczy 21 radnych. Przewodniczący Rady: Józef Kwaśny.</p>"),
                heading("Sesje w I półroczu 2026 r."),
                paragraph("<p>29 stycznia, 26 lutego, 26 marca, 30 kwietnia, 28 maja, 25 czerwca.</p>"),
            ]),
        ],
    ),
    (
        "oswiadczenia-majatkowe",
        "Oświadczenia majątkowe",
        "Oświadczenia majątkowe radnych, Burmistrza i kierowników jednostek za 2025 rok.",
        "Grażyna Łącka, Sekretarz Gminy",
        dt.date(2026, 4, 30),
        [
            (ADMIN, "Udostępnienie oświadczeń Burmistrza, Zastępcy i Sekretarza.", [
                paragraph("<p>Oświadczenia składane do 30 kwietnia (art. 24h ustawy o samorządzie gminnym).</p>"),
            ]),
            (EDITOR, "Dodano oświadczenia radnych.", [
                paragraph("<p>Oświadczenia składane do 30 kwietnia (art. 24h ustawy o samorządzie gminnym).</p>"),
                paragraph("<p>Oświadczenia radnych udostępnia Przewodniczący Rady po analizie.</p>"),
            ]),
            (ADMIN, "Korekta: usunięto dane adresowe zgodnie z art. 24i ustawy.", [
                paragraph("<p>Oświadczenia składane do 30 kwietnia (art. 24h ustawy o samorządzie gminnym).</p>"),
                paragraph("<p>Oświadczenia radnych udostępnia Przewodniczący Rady po analizie; adresy "
                          "zamieszkania i położenie nieruchomości nie są jawne.</p>"),
            ]),
        ],
    ),
    (
        "zamowienia-publiczne",
        "Zamówienia publiczne",
        "Plan postępowań o udzielenie zamówień na 2026 rok i ogłoszenia o zamówieniach.",
        "Katarzyna Bielec, Referat Inwestycji i Zamówień Publicznych",
        dt.date(2026, 1, 20),
        [
            (ADMIN, "Udostępnienie planu postępowań na 2026 rok.", [
                paragraph("<p>Plan postępowań o udzielenie zamówień publicznych na 2026 rok (art. 23 Pzp).</p>"),
            ]),
            (EDITOR, "Aktualizacja planu: przebudowa drogi w Rudnej Małej.", [
                paragraph("<p>Plan postępowań o udzielenie zamówień publicznych na 2026 rok (art. 23 Pzp).</p>"),
                paragraph("<p>Dodano: przebudowa drogi gminnej nr 108 920R w Rudnej Małej, tryb podstawowy, "
                          "II kwartał.</p>"),
            ]),
        ],
    ),
]  # fmt: skip


def _publish_versions(parent: BipIndexPage, slug: str, title: str, intro: str, author: str, produced_on, versions):
    users = {u.email: u for u in get_user_model().objects.filter(email__in=(ADMIN, EDITOR))}
    first_user = users.get(versions[0][0])
    page = StandardPage(
        title=title,
        slug=slug,
        intro=intro,
        live=False,
        owner=first_user,
        bip_author=author,
        bip_produced_on=produced_on,
    )
    parent.add_child(instance=page)
    for who, note, body in versions:
        user = users.get(who)
        page.body = body
        page.bip_change_note = note
        page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
        page.refresh_from_db()
    return page


def seed_bip() -> list:
    """Create the BIP section and its pages if missing; returns the pages created."""
    home = HomePage.objects.first()
    if home is None:
        return []
    seeder = PageSeeder(publish_date=dt.date(2026, 1, 2))
    index = seeder.ensure(
        home,
        BipIndexPage,
        "bip",
        lambda: {
            "title": "Biuletyn Informacji Publicznej",
            "intro": "Informacja publiczna Gminy Głogów Małopolski: ustrój, budżet, organy, oświadczenia "
            "majątkowe i zamówienia publiczne. Każda strona ma metryczkę i rejestr zmian.",
            "published": published_at(dt.date(2026, 1, 2)),
        },
    )
    created = list(seeder.created)
    existing = set(index.get_children().values_list("slug", flat=True))
    for slug, title, intro, author, produced_on, versions in PAGES:
        if slug not in existing:
            created.append(_publish_versions(index, slug, title, intro, author, produced_on, versions))
    return created

"""Demo intranet: the private /intranet/ tree, the staff directory and documents for staff.

Idempotent like the rest of ``seed_demo``: pages are found by slug, staff members by e-mail, documents
by title, the "Intranet" collection by name; the locks (page and collection privacy) are added only
when missing. Names, rooms and phone numbers are made up.
"""

import datetime as dt

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.units.models import OrgUnit
from home.intranet.models import IntranetAnnouncementPage, IntranetDocumentsPage, IntranetPage, StaffDirectoryPage
from home.intranet.services import intranet_collection_ensure, intranet_restrict
from home.models import HomePage

from .content import PageSeeder, heading, paragraph, published_at
from .media import _render_pdf

PUBLISH_DATE = dt.date(2026, 1, 2)
MAIL = "glogow-mlp.pl"

ANNOUNCEMENTS = [
    (
        "szkolenie-rodo-2026",
        "Szkolenie z ochrony danych osobowych — 12 marca",
        dt.date(2026, 2, 20),
        "Obowiązkowe szkolenie dla pracowników, którzy przetwarzają dane mieszkańców.",
        [
            paragraph("<p>Szkolenie poprowadzi Inspektor Ochrony Danych, w sali narad (pok. 21) o 9:00 i 12:00.</p>"),
            paragraph("<p>Zapisy u kierowników referatów do 6 marca. Listę obecności podpisujemy na miejscu.</p>"),
        ],
    ),
    (
        "przeglad-gasnic-i-cwiczenia-ewakuacyjne",
        "Przegląd gaśnic i ćwiczenia ewakuacyjne",
        dt.date(2026, 2, 10),
        "W czwartek 19 lutego o 10:30 ćwiczenia ewakuacyjne w budynku przy Rynku 1.",
        [
            paragraph(
                "<p>Po sygnale alarmu opuszczamy budynek najbliższą drogą ewakuacyjną i zbieramy się na "
                "parkingu za urzędem. Kierownicy sprawdzają obecność swoich pracowników.</p>"
            )
        ],
    ),
    (
        "nowy-system-ezd",
        "Wdrożenie elektronicznego zarządzania dokumentacją (EZD)",
        dt.date(2026, 1, 26),
        "Od 1 kwietnia korespondencję rejestrujemy w systemie EZD RP. Harmonogram szkoleń w środku.",
        [
            heading("Harmonogram"),
            paragraph(
                "<ul><li>Sekretariat i Biuro Obsługi Interesanta: 2–3 marca</li>"
                "<li>Referaty merytoryczne: 9–13 marca</li><li>Jednostki organizacyjne: 16–20 marca</li></ul>"
            ),
        ],
    ),
    (
        "godziny-pracy-wielki-piatek",
        "Godziny pracy urzędu w Wielki Piątek",
        dt.date(2026, 1, 12),
        "3 kwietnia urząd będzie czynny do 13:00; Biuro Obsługi Interesanta dyżuruje do 15:30.",
        [paragraph("<p>Zarządzenie Burmistrza w tej sprawie znajduje się w dziale dokumentów.</p>")],
    ),
]

# first name, last name, position, department, unit code, room, phone, e-mail local part (None: none)
STAFF = [
    ("Paweł", "Baj", "Burmistrz", "Kierownictwo", "UM", "12", "17 789 78 10", "burmistrz"),
    ("Grażyna", "Łącka", "Sekretarz Gminy", "Kierownictwo", "UM", "14", "17 789 78 12", "sekretarz"),
    ("Dorota", "Ślusarczyk", "Skarbnik Gminy", "Kierownictwo", "UM", "15", "17 789 78 13", "skarbnik"),
    ("Agnieszka", "Wójcik", "Podinspektor", "Biuro Obsługi Interesanta", "UM", "1", "17 789 78 20", "boi"),
    ("Krzysztof", "Zięba", "Inspektor", "Biuro Obsługi Interesanta", "UM", "1", "17 789 78 21", "k.zieba"),
    ("Ewa", "Redaktorska", "Informatyk, redaktor serwisu", "Referat Organizacyjny", "UM", "22", "17 789 78 25",
     "e.redaktorska"),
    ("Marek", "Pelc", "Informatyk", "Referat Organizacyjny", "UM", "22", "17 789 78 26", "informatyk"),
    ("Beata", "Kołodziej", "Kierownik referatu", "Referat Podatków i Opłat Lokalnych", "UM", "31", "17 789 78 30",
     "podatki"),
    ("Łucja", "Dziedzic", "Inspektor ds. wymiaru podatku od nieruchomości", "Referat Podatków i Opłat Lokalnych",
     "UM", "32", "17 789 78 31", "l.dziedzic"),
    ("Tomasz", "Wrona", "Inspektor ds. opłaty za odpady", "Referat Podatków i Opłat Lokalnych", "UM", "32",
     "17 789 78 32", "odpady"),
    ("Anna", "Kut", "Księgowa", "Referat Finansowo-Budżetowy", "UM", "33", "17 789 78 34", "a.kut"),
    ("Joanna", "Sowa", "Główna księgowa budżetu", "Referat Finansowo-Budżetowy", "UM", "34", "17 789 78 35",
     "j.sowa"),
    ("Stanisław", "Rząsa", "Kierownik referatu", "Referat Inwestycji i Zamówień Publicznych", "UM", "41",
     "17 789 78 40", "inwestycje"),
    ("Katarzyna", "Bielec", "Inspektor ds. zamówień publicznych", "Referat Inwestycji i Zamówień Publicznych", "UM",
     "42", "17 789 78 41", "przetargi"),
    ("Michał", "Stopa", "Inspektor ds. gospodarki przestrzennej", "Referat Gospodarki Przestrzennej", "UM", "43",
     "17 789 78 44", "planowanie"),
    ("Renata", "Żurawska", "Kierownik USC", "Urząd Stanu Cywilnego", "UM", "5", "17 789 78 50", "usc"),
    ("Halina", "Mazur", "Inspektor ds. ewidencji ludności", "Urząd Stanu Cywilnego", "UM", "6", "17 789 78 51",
     "ewidencja"),
    ("Piotr", "Książkowski", "Bibliotekarz", "", "MGBP", "2", "17 789 73 10", "p.ksiazkowski"),
    ("Anna", "Szpunar", "Dyrektor", "", "MGBP", "3", "17 789 73 11", "a.szpunar"),
    ("Małgorzata", "Wrona", "Dyrektor", "Sekretariat", "SP1", "10", "17 789 71 20", "m.wrona"),
    ("Tomasz", "Szkolny", "Nauczyciel informatyki", "", "SP1", "28", "17 789 71 22", "t.szkolny"),
    ("Elżbieta", "Pięta", "Kierownik ośrodka", "", "MGOPS", "4", "17 789 74 00", "e.pieta"),
    ("Jarosław", "Gąsior", "Pracownik socjalny", "Dział Pomocy Środowiskowej", "MGOPS", "7", "17 789 74 05",
     "j.gasior"),
    ("Wojciech", "Frączek", "Kierownik zakładu", "", "ZGK", "1", "17 789 75 00", "w.fraczek"),
    ("Sylwia", "Chmiel", "Specjalista ds. rozliczeń wody", "Dział Wodociągów", "ZGK", "3", "17 789 75 04",
     "s.chmiel"),
    ("Adam", "Cyran", "Instruktor teatralny", "", "CK", "11", "17 789 76 12", "a.cyran"),
]  # fmt: skip

DOCUMENTS = [
    ("Regulamin pracy Urzędu Miejskiego w Głogowie Małopolskim", "regulamin-pracy.pdf", [
        "§ 1. Regulamin ustala organizację i porządek w procesie pracy.",
        "§ 2. Czas pracy: poniedziałek 8:00–16:00, wtorek–piątek 7:30–15:30.",
        "§ 3. Pracownik potwierdza obecność w systemie rejestracji czasu pracy.",
        "§ 4. Wyjście w godzinach pracy wymaga zgody bezpośredniego przełożonego.",
    ]),
    ("Regulamin organizacyjny Urzędu Miejskiego", "regulamin-organizacyjny.pdf", [
        "## Rozdział 1. Postanowienia ogólne",
        "Urząd jest jednostką budżetową, przy pomocy której Burmistrz wykonuje zadania.",
        "## Rozdział 2. Struktura organizacyjna",
        "Referat Organizacyjny, Referat Podatków i Opłat Lokalnych, Referat Finansowo-Budżetowy,",
        "Referat Inwestycji i Zamówień Publicznych, Referat Gospodarki Przestrzennej, Urząd Stanu Cywilnego.",
    ]),
    ("Wniosek o udzielenie urlopu wypoczynkowego", "wniosek-urlopowy.pdf", [
        "Imię i nazwisko: ...................................  Komórka: ...........................",
        "Proszę o udzielenie urlopu wypoczynkowego w dniach od ............ do ............",
        "Zastępstwo pełni: ...................................",
        "Podpis pracownika: ................   Akceptacja przełożonego: ................",
    ]),
    ("Polecenie wyjazdu służbowego (delegacja)", "polecenie-wyjazdu-sluzbowego.pdf", [
        "Polecam Panu/Pani ...................................  wyjazd służbowy",
        "do ...................................  w dniach ............  w celu ...................",
        "Środek lokomocji: ...................................",
        "## Rozliczenie kosztów podróży",
        "Dieta: 45,00 zł za dobę podróży krajowej.",
    ]),
]  # fmt: skip


def _ensure_documents(collection) -> int:
    document_model = get_document_model()
    existing = set(document_model.objects.filter(collection=collection).values_list("title", flat=True))
    created = 0
    for title, filename, lines in DOCUMENTS:
        if title in existing:
            continue
        document = document_model(title=title, collection=collection)
        document.file = ContentFile(_render_pdf(title, lines), name=f"intranet-{filename}")
        document._set_document_file_metadata()
        document.save()
        created += 1
    return created


def _ensure_staff() -> int:
    from django.contrib.auth import get_user_model

    from home.intranet.models import StaffMember

    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    emails = set(StaffMember.objects.values_list("email", flat=True))
    users = {user.get_full_name(): user for user in get_user_model().objects.filter(is_staff=True)}
    linked = set(StaffMember.objects.exclude(user=None).values_list("user_id", flat=True))
    created = 0
    for first, last, position, department, code, room, phone, local in STAFF:
        email = f"{local}@{MAIL}"
        if email in emails:
            continue
        user = users.get(f"{first} {last}")
        StaffMember.objects.create(
            first_name=first,
            last_name=last,
            position=position,
            department=department,
            unit=units.get(code),
            room=room,
            phone=phone,
            email=email,
            user=user if user is not None and user.pk not in linked else None,
        )
        created += 1
    return created


def seed_intranet() -> list:
    """Create whatever part of the demo intranet is missing; returns the pages created."""
    home = HomePage.objects.first()
    if home is None:
        return []
    seeder = PageSeeder(publish_date=PUBLISH_DATE)
    intranet = seeder.ensure(
        home,
        IntranetPage,
        "intranet",
        lambda: {
            "title": "Intranet",
            "intro": "Komunikaty, spis pracowników i dokumenty dla pracowników urzędu i jednostek gminy.",
            "show_in_menus": False,
        },
    )
    intranet_restrict(page=intranet)
    collection = intranet_collection_ensure()
    for slug, title, day, intro, body in ANNOUNCEMENTS:
        seeder.ensure(
            intranet,
            IntranetAnnouncementPage,
            slug,
            lambda title=title, day=day, intro=intro, body=body: {
                "title": title,
                "date": day,
                "intro": intro,
                "body": body,
                "published": published_at(day, hour=9),
            },
        )
    seeder.ensure(
        intranet,
        StaffDirectoryPage,
        "pracownicy",
        lambda: {"title": "Spis pracowników", "intro": "Telefony, pokoje i adresy e-mail pracowników gminy."},
    )
    seeder.ensure(
        intranet,
        IntranetDocumentsPage,
        "dokumenty",
        lambda: {
            "title": "Dokumenty dla pracowników",
            "intro": "Regulaminy, zarządzenia wewnętrzne i druki do pobrania.",
            "collection": collection,
        },
    )
    _ensure_documents(collection)
    _ensure_staff()
    return seeder.created

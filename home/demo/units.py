"""Unit pages: ``/urzad/jednostki/`` and one page per unit of the register.

A unit's address, phone and head come from ``OrgUnit`` and are rendered by the page template; the
page body holds only what the register has no field for.
"""

from django.utils.text import slugify

from cms.units.models import OrgUnit
from home.models import UnitIndexPage, UnitPage

from .content import PageSeeder, heading, paragraph

UNIT_INDEX_SLUG = "jednostki"

_TYPE_TEXT = {
    OrgUnit.UnitType.OFFICE: (
        "Urząd obsługuje mieszkańców i przedsiębiorców w sprawach meldunkowych, podatkowych, stanu cywilnego, "
        "gospodarki odpadami, planowania przestrzennego i inwestycji gminnych.",
        "<p>Sprawy można załatwić osobiście w Biurze Obsługi Interesanta, przez ePUAP albo w Elektronicznym "
        "Biurze Obsługi Mieszkańca. Kasa urzędu przyjmuje wpłaty gotówką i kartą.</p>",
    ),
    OrgUnit.UnitType.SCHOOL: (
        "Szkoła prowadzona przez Gminę Głogów Małopolski.",
        "<p>Szkoła zapewnia opiekę świetlicową od 6:30 do 16:30, stołówkę i dowóz uczniów z terenu obwodu. "
        "Prowadzi zajęcia rozwijające, koła zainteresowań i zajęcia sportowe. Rekrutacja do klas "
        "pierwszych trwa od 1 do 20 marca.</p>",
    ),
    OrgUnit.UnitType.KINDERGARTEN: (
        "Publiczne przedszkole dla dzieci w wieku 3–6 lat.",
        "<p>Przedszkole jest czynne przez cały rok, z przerwą wakacyjną w sierpniu. Pięć godzin dziennie "
        "opieki jest bezpłatne; za każdą kolejną godzinę opłata wynosi 1,30 zł. Wyżywienie: 12 zł dziennie.</p>",
    ),
    OrgUnit.UnitType.LIBRARY: (
        "Biblioteka z czytelnią, kącikiem dla dzieci i czterema filiami w sołectwach.",
        "<p>Wypożyczamy książki, audiobooki i gry planszowe, prowadzimy Dyskusyjny Klub Książki, lekcje "
        "biblioteczne i warsztaty. Karta biblioteczna jest bezpłatna; katalog jest dostępny online.</p>",
    ),
    OrgUnit.UnitType.CULTURE: (
        "Centrum Kultury prowadzi zajęcia artystyczne i organizuje Dni Głogowa oraz dożynki gminne.",
        "<p>Zapraszamy na zajęcia taneczne, plastyczne, wokalne i teatralne dla dzieci i dorosłych, do "
        "orkiestry dętej i zespołu Pieśni i Tańca „Głogowianie”. Sala widowiskowa mieści 320 osób.</p>",
    ),
    OrgUnit.UnitType.SOCIAL: (
        "Ośrodek udziela pomocy społecznej i wypłaca świadczenia rodzinne.",
        "<p>Pracownicy socjalni przyjmują wnioski o zasiłki, pomoc w formie usług opiekuńczych i posiłków, "
        "a także o dodatek mieszkaniowy, energetyczny i Kartę Dużej Rodziny. W sprawach przemocy "
        "w rodzinie działa zespół interdyscyplinarny.</p>",
    ),
    OrgUnit.UnitType.UTILITY: (
        "Zakład dostarcza wodę, odbiera ścieki i utrzymuje zieleń oraz drogi gminne.",
        "<p>Pogotowie wodociągowe działa całą dobę. Zakład prowadzi też Punkt Selektywnej Zbiórki Odpadów "
        "Komunalnych i zarządza cmentarzem komunalnym.</p>",
    ),
    OrgUnit.UnitType.SPORT: (
        "Ośrodek prowadzi pływalnię, stadion miejski, korty tenisowe i lodowisko.",
        "<p>Pływalnia jest czynna codziennie od 6:00 do 22:00. Mieszkańcy z Głogowską Kartą Mieszkańca "
        "płacą za bilety 30% mniej. Organizujemy zajęcia nauki pływania i ligi amatorskie.</p>",
    ),
}
_OTHER_TEXT = (
    "Jednostka organizacyjna Gminy Głogów Małopolski.",
    "<p>Szczegółowy zakres działania jednostki określa jej statut, opublikowany w Biuletynie Informacji "
    "Publicznej.</p>",
)


def unit_slug(unit: OrgUnit) -> str:
    """A readable slug from the unit's name, e.g. ``szkola-podstawowa-w-zabajce``."""
    return slugify(unit.name.replace("ł", "l").replace("Ł", "L"))[:80].rstrip("-")


def _unit_page(unit: OrgUnit) -> dict:
    intro, text = _TYPE_TEXT.get(unit.unit_type, _OTHER_TEXT)
    return {
        "title": unit.name,
        "unit": unit,
        "intro": intro,
        "body": [
            heading("O jednostce"),
            paragraph(text),
            heading("Dyrekcja", "h3") if unit.parent_id else heading("Kierownictwo", "h3"),
            paragraph(f"<p>{unit.head_title}: {unit.head_name}.</p>"),
        ],
    }


def seed_unit_pages(seeder: PageSeeder, urzad_page, units: dict[str, OrgUnit]) -> UnitIndexPage:
    """``/urzad/jednostki/`` and a page per unit; a unit that already has a page keeps it."""
    index = seeder.ensure(
        urzad_page,
        UnitIndexPage,
        UNIT_INDEX_SLUG,
        lambda: {
            "title": "Jednostki organizacyjne",
            "show_in_menus": True,
            "intro": "Urząd Miejski i gminne jednostki organizacyjne: szkoły, przedszkola, kultura, pomoc "
            "społeczna, gospodarka komunalna i sport.",
        },
    )
    with_pages = set(UnitPage.objects.filter(unit__in=units.values()).values_list("unit_id", flat=True))
    for unit in sorted(units.values(), key=lambda u: (u.parent_id is not None, u.name)):
        if unit.pk not in with_pages:
            seeder.ensure(index, UnitPage, unit_slug(unit), lambda unit=unit: _unit_page(unit))
    return index

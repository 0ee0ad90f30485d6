"""Demo register of units: the town office of Gmina Głogów Małopolski and its 19 subordinate units.

The data is plausible but made up (names of heads, phone extensions, e-mail boxes, ePUAP mailboxes):
it exists so that a fresh installation shows a realistic site. ``seed_units`` is idempotent, keyed on
``code``, so running the demo seeder twice leaves one row per unit.

The identifier helpers (NIP, REGON, NRB) compute real check digits: forms, payment slips and
validators elsewhere reject numbers whose checksum is wrong, so demo data must pass them.
"""

from django.db import transaction

from .models import OrgUnit

CITY = "Głogów Małopolski"
POSTAL_CODE = "36-060"
OFFICE_CODE = "UM"

OFFICE_HOURS = "\n".join(
    [
        "poniedziałek 8:00–16:00",
        "wtorek 7:30–15:30",
        "środa 7:30–15:30",
        "czwartek 7:30–15:30",
        "piątek 7:30–14:30",
    ]
)
SCHOOL_HOURS = "poniedziałek–piątek 7:30–15:30 (sekretariat)"
KINDERGARTEN_HOURS = "poniedziałek–piątek 6:30–16:30"
OFFICE_LIKE_HOURS = "poniedziałek–piątek 7:30–15:30"

T = OrgUnit.UnitType

# code, name, short name, type, street, postal code, city, phone, e-mail local part, head, head title, hours
_UNITS: list[tuple] = [
    ("SP1", "Szkoła Podstawowa nr 1 im. Tadeusza Kościuszki w Głogowie Małopolskim", "SP nr 1 Głogów Małopolski",
     T.SCHOOL, "ul. Kościuszki 24", POSTAL_CODE, CITY, "17 789 71 20",
     "sp1", "Małgorzata Wrona", "Dyrektor", SCHOOL_HOURS),
    ("SP-POGW", "Szkoła Podstawowa w Pogwizdowie Nowym", "SP Pogwizdów Nowy",
     T.SCHOOL, "Pogwizdów Nowy 148", POSTAL_CODE, "Pogwizdów Nowy", "17 789 72 31",
     "sp.pogwizdow", "Krzysztof Bielec", "Dyrektor", SCHOOL_HOURS),
    ("SP-RUDNA", "Szkoła Podstawowa w Rudnej Małej", "SP Rudna Mała",
     T.SCHOOL, "Rudna Mała 57", POSTAL_CODE, "Rudna Mała", "17 789 72 45",
     "sp.rudnamala", "Joanna Pelc", "Dyrektor", SCHOOL_HOURS),
    ("SP-WYSOKA", "Szkoła Podstawowa w Wysokiej Głogowskiej", "SP Wysoka Głogowska",
     T.SCHOOL, "Wysoka Głogowska 402", POSTAL_CODE, "Wysoka Głogowska", "17 789 72 58",
     "sp.wysoka", "Tomasz Rząsa", "Dyrektor", SCHOOL_HOURS),
    ("SP-ZAB", "Szkoła Podstawowa w Zabajce", "SP Zabajka",
     T.SCHOOL, "Zabajka 88", POSTAL_CODE, "Zabajka", "17 789 72 66",
     "sp.zabajka", "Ewa Kut", "Dyrektor", SCHOOL_HOURS),
    ("SP-BUDY", "Szkoła Podstawowa w Budach Głogowskich", "SP Budy Głogowskie",
     T.SCHOOL, "Budy Głogowskie 120", POSTAL_CODE, "Budy Głogowskie", "17 789 72 74",
     "sp.budy", "Piotr Dziedzic", "Dyrektor", SCHOOL_HOURS),
    ("SP-PRZEW", "Szkoła Podstawowa w Przewrotnem", "SP Przewrotne",
     T.SCHOOL, "Przewrotne 301", POSTAL_CODE, "Przewrotne", "17 789 72 82",
     "sp.przewrotne", "Renata Stopa", "Dyrektor", SCHOOL_HOURS),
    ("SP-HUC", "Szkoła Podstawowa w Hucisku", "SP Hucisko",
     T.SCHOOL, "Hucisko 64", POSTAL_CODE, "Hucisko", "17 789 72 90",
     "sp.hucisko", "Marek Sowa", "Dyrektor", SCHOOL_HOURS),
    ("ZS", "Zespół Szkół im. Ks. Stanisława Konarskiego w Głogowie Małopolskim", "Zespół Szkół",
     T.SCHOOL, "ul. Armii Krajowej 7", POSTAL_CODE, CITY, "17 789 73 05",
     "zs", "Grzegorz Pasierb", "Dyrektor", SCHOOL_HOURS),
    ("PP1", "Publiczne Przedszkole nr 1 w Głogowie Małopolskim", "Przedszkole nr 1",
     T.KINDERGARTEN, "ul. Słoneczna 3", POSTAL_CODE, CITY, "17 789 73 40",
     "pp1", "Beata Ryba", "Dyrektor", KINDERGARTEN_HOURS),
    ("PP2", "Publiczne Przedszkole nr 2 w Głogowie Małopolskim", "Przedszkole nr 2",
     T.KINDERGARTEN, "ul. Piłsudskiego 18", POSTAL_CODE, CITY, "17 789 73 52",
     "pp2", "Agnieszka Świder", "Dyrektor", KINDERGARTEN_HOURS),
    ("PP-STYK", "Publiczne Przedszkole w Stykowie", "Przedszkole Styków",
     T.KINDERGARTEN, "Styków 210", POSTAL_CODE, "Styków", "17 789 73 67",
     "pp.stykow", "Katarzyna Lis", "Dyrektor", KINDERGARTEN_HOURS),
    ("ZLOBEK", "Żłobek Miejski „Bajkowy Zakątek” w Głogowie Małopolskim", "Żłobek Miejski",
     T.OTHER, "ul. Słoneczna 5", POSTAL_CODE, CITY, "17 789 73 78",
     "zlobek", "Monika Kozak", "Dyrektor", KINDERGARTEN_HOURS),
    ("MGBP", "Miejsko-Gminna Biblioteka Publiczna w Głogowie Małopolskim", "Biblioteka Publiczna",
     T.LIBRARY, "Rynek 20", POSTAL_CODE, CITY, "17 789 74 10",
     "biblioteka", "Anna Szpunar", "Dyrektor", "poniedziałek–piątek 9:00–18:00\nsobota 9:00–13:00"),
    ("CK", "Centrum Kultury w Głogowie Małopolskim", "Centrum Kultury",
     T.CULTURE, "ul. Rzeszowska 12", POSTAL_CODE, CITY, "17 789 74 25",
     "ck", "Rafał Mazur", "Dyrektor", "poniedziałek–piątek 8:00–20:00"),
    ("MGOPS", "Miejsko-Gminny Ośrodek Pomocy Społecznej w Głogowie Małopolskim", "MGOPS",
     T.SOCIAL, "ul. Fabryczna 4", POSTAL_CODE, CITY, "17 789 74 40",
     "mgops", "Elżbieta Duda", "Kierownik", OFFICE_LIKE_HOURS),
    ("ZGK", "Zakład Gospodarki Komunalnej w Głogowie Małopolskim", "ZGK",
     T.UTILITY, "ul. Przemysłowa 9", POSTAL_CODE, CITY, "17 789 74 60",
     "zgk", "Stanisław Kmiecik", "Dyrektor", "poniedziałek–piątek 7:00–15:00"),
    ("OSIR", "Ośrodek Sportu i Rekreacji w Głogowie Małopolskim", "OSiR",
     T.SPORT, "ul. Sportowa 2", POSTAL_CODE, CITY, "17 789 74 80",
     "osir", "Wojciech Pająk", "Dyrektor", "poniedziałek–niedziela 6:00–22:00 (pływalnia)"),
    ("CUW", "Centrum Usług Wspólnych w Głogowie Małopolskim", "CUW",
     T.OTHER, "Rynek 1", POSTAL_CODE, CITY, "17 789 78 60",
     "cuw", "Dorota Żak", "Dyrektor", OFFICE_LIKE_HOURS),
]  # fmt: skip

EMAIL_DOMAIN = "glogow-mlp.pl"


def nip_with_check_digit(first9: str) -> str:
    """A NIP (10 digits): weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the check digit; 10 is never valid."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 11
    if check == 10:
        raise ValueError(f"{first9}: no valid NIP with this prefix")
    return f"{first9}{check}"


def regon_with_check_digit(first8: str) -> str:
    """A 9-digit REGON: weights 8,9,2,3,4,5,6,7, sum mod 11, where 10 becomes 0."""
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    return f"{first8}{sum(int(d) * w for d, w in zip(first8, weights, strict=True)) % 11 % 10}"


def sort_code_with_check_digit(first7: str) -> str:
    """A bank sort code (numer rozliczeniowy, 8 digits): weights 3,9,7,1,3,9,7, mod 10 complement."""
    weights = (3, 9, 7, 1, 3, 9, 7)
    total = sum(int(d) * w for d, w in zip(first7, weights, strict=True))
    return f"{first7}{(10 - total % 10) % 10}"


def nrb(sort_code: str, account: str) -> str:
    """A 26-digit NRB: IBAN check digits (ISO 13616, mod 97 with ``PL`` = 2521) + sort code + account."""
    bban = sort_code + account
    check = 98 - int(f"{bban}252100") % 97
    return f"{check:02d}{bban}"


OFFICE_NIP = nip_with_check_digit("517001425")
OFFICE_REGON = regon_with_check_digit("69058123")
OFFICE_BANK_NAME = "Bank Spółdzielczy w Głogowie Małopolskim (dane demonstracyjne)"
OFFICE_NRB = nrb(sort_code_with_check_digit("9176107"), "2001000012340000")


def _office_defaults() -> dict:
    return {
        "name": "Urząd Miejski w Głogowie Małopolskim",
        "short_name": "Urząd Miejski",
        "unit_type": T.OFFICE,
        "parent": None,
        "street": "ul. Rynek 1",
        "postal_code": POSTAL_CODE,
        "city": CITY,
        "phone": "17 789 78 10",
        "email": f"um@{EMAIL_DOMAIN}",
        "website": "https://glogow-mlp.pl",
        "epuap_address": "/glogowmlp/SkrytkaESP",
        "head_name": "Adam Nowakowski",
        "head_title": "Burmistrz Głogowa Małopolskiego",
        "opening_hours": OFFICE_HOURS,
        "nip": OFFICE_NIP,
        "regon": OFFICE_REGON,
    }


def _upsert(code: str, values: dict) -> OrgUnit:
    """``update_or_create`` that writes only when a value differs, so a re-run touches no row
    (each save of a unit invalidates the public page cache)."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        unit = OrgUnit(code=code, **values)
        unit.full_clean()
        unit.save()
        return unit
    changed = [field for field, value in values.items() if getattr(unit, field) != value]
    if changed:
        for field in changed:
            setattr(unit, field, values[field])
        unit.full_clean()
        unit.save(update_fields=changed)
    return unit


@transaction.atomic
def seed_units() -> dict[str, OrgUnit]:
    """Create or update the 20 demo units; returns them keyed by ``code``, the office under ``UM``."""
    office = _upsert(OFFICE_CODE, _office_defaults())
    units = {OFFICE_CODE: office}
    for code, name, short, unit_type, street, postal, city, phone, mailbox, head, head_title, hours in _UNITS:
        units[code] = _upsert(
            code,
            {
                "name": name,
                "short_name": short,
                "unit_type": unit_type,
                "parent": office,
                "street": street,
                "postal_code": postal,
                "city": city,
                "phone": phone,
                "email": f"{mailbox}@{EMAIL_DOMAIN}",
                "epuap_address": f"/glogowmlp-{code.lower()}/SkrytkaESP",
                "head_name": head,
                "head_title": head_title,
                "opening_hours": hours,
            },
        )
    return units

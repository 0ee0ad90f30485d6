"""Demo territorial register of Gmina Głogów Małopolski: the town, its villages and their streets.

The names follow the gmina's sołectwa; the TERYT codes (SIMC, ULIC) are plausible but made up, so a
real installation imports the register from GUS (TERYT SIMC and ULIC files) instead. A ULIC symbol is
per street *name*, hence one symbol per name below, shared by every locality that has the name.
``seed_places`` is idempotent: keyed on SIMC and on ``(locality, ULIC)``, it writes only what differs.
"""

from django.db import transaction

from .places import Locality, Street

POSTAL_CODE = "36-060"
TOWN = "Głogów Małopolski"
K = Locality.Kind

# name, SIMC, kind, sołectwo / osiedle, parent name, postal code
_LOCALITIES: list[tuple] = [
    (TOWN, "0662041", K.TOWN, "", "", POSTAL_CODE),
    ("Budy Głogowskie", "0662058", K.VILLAGE, "Budy Głogowskie", "", POSTAL_CODE),
    ("Stara Wieś", "0662064", K.PART, "Budy Głogowskie", "Budy Głogowskie", POSTAL_CODE),
    ("Bukowiec", "0662070", K.VILLAGE, "Bukowiec", "", POSTAL_CODE),
    ("Hucisko", "0662087", K.VILLAGE, "Hucisko", "", POSTAL_CODE),
    ("Lipie", "0662093", K.VILLAGE, "Lipie", "", POSTAL_CODE),
    ("Pogwizdów Nowy", "0662101", K.VILLAGE, "Pogwizdów Nowy", "", POSTAL_CODE),
    ("Przewrotne", "0662118", K.VILLAGE, "Przewrotne", "", POSTAL_CODE),
    ("Rogoźnica", "0662124", K.VILLAGE, "Rogoźnica", "", POSTAL_CODE),
    ("Rudna Mała", "0662130", K.VILLAGE, "Rudna Mała", "", POSTAL_CODE),
    ("Rudna Wielka", "0662147", K.VILLAGE, "Rudna Wielka", "", POSTAL_CODE),
    ("Styków", "0662153", K.VILLAGE, "Styków", "", POSTAL_CODE),
    ("Wola Cicha", "0662160", K.VILLAGE, "Wola Cicha", "", POSTAL_CODE),
    ("Wysoka Głogowska", "0662176", K.VILLAGE, "Wysoka Głogowska", "", POSTAL_CODE),
    ("Zabajka", "0662182", K.VILLAGE, "Zabajka", "", POSTAL_CODE),
]  # fmt: skip

F = Street.Feature

# street name (without the feature) -> (ULIC symbol, feature)
_NAMES: dict[str, tuple[str, str]] = {
    "Rynek": ("18880", F.OTHER),
    "Fryderyka Chopina": ("02980", F.STREET),
    "Tadeusza Kościuszki": ("09184", F.STREET),
    "Rzeszowska": ("19345", F.STREET),
    "Józefa Piłsudskiego": ("16511", F.STREET),
    "Długa": ("03914", F.STREET),
    "Mariana Sucharskiego": ("20838", F.STREET),
    "Juliusza Słowackiego": ("20461", F.STREET),
    "Adama Mickiewicza": ("12962", F.STREET),
    "Armii Krajowej": ("00432", F.STREET),
    "św. Maksymiliana Kolbego": ("08961", F.STREET),
    "Zielona": ("25601", F.STREET),
    "Kolejowa": ("08879", F.STREET),
    "Słoneczna": ("20641", F.STREET),
    "Fabryczna": ("05185", F.STREET),
    "Przemysłowa": ("17720", F.STREET),
    "Sportowa": ("21015", F.STREET),
    "Szkolna": ("21585", F.STREET),
    "Kościelna": ("09137", F.STREET),
    "Ogrodowa": ("14754", F.STREET),
    "Polna": ("16835", F.STREET),
    "Leśna": ("11528", F.STREET),
    "Łąkowa": ("12035", F.STREET),
    "Krótka": ("10257", F.STREET),
    "Kwiatowa": ("10794", F.STREET),
    "Spółdzielcza": ("20985", F.STREET),
    "Wolności": ("24524", F.STREET),
    "3 Maja": ("00089", F.STREET),
    "Grunwaldzka": ("06436", F.STREET),
    "Jana Pawła II": ("07490", F.STREET),
    "Stefana Wyszyńskiego": ("25005", F.STREET),
    "Generała Władysława Andersa": ("00313", F.STREET),
    "Tysiąclecia": ("23087", F.STREET),
    "Bohaterów Westerplatte": ("01813", F.STREET),
    "Lipowa": ("11674", F.STREET),
    "Klonowa": ("08489", F.STREET),
    "Brzozowa": ("02316", F.STREET),
    "Młyńska": ("13265", F.STREET),
    "Dworcowa": ("04365", F.STREET),
    "Strażacka": ("21270", F.STREET),
    "Tadeusza Rejtana": ("18653", F.STREET),
    "Wojska Polskiego": ("24790", F.STREET),
    "Niepodległości": ("13995", F.SQUARE),
    "Jedności": ("07551", F.AVENUE),
}

_STREETS: dict[str, list[str]] = {
    TOWN: [
        "Rynek", "Fryderyka Chopina", "Tadeusza Kościuszki", "Rzeszowska", "Józefa Piłsudskiego", "Długa",
        "Mariana Sucharskiego", "Juliusza Słowackiego", "Adama Mickiewicza", "Armii Krajowej",
        "św. Maksymiliana Kolbego", "Zielona", "Kolejowa", "Słoneczna", "Fabryczna", "Przemysłowa", "Sportowa",
        "Szkolna", "Kościelna", "Ogrodowa", "Polna", "Leśna", "Łąkowa", "Krótka", "Kwiatowa", "Spółdzielcza",
        "Wolności", "3 Maja", "Grunwaldzka", "Jana Pawła II", "Stefana Wyszyńskiego",
        "Generała Władysława Andersa", "Tysiąclecia", "Bohaterów Westerplatte", "Lipowa", "Klonowa", "Brzozowa",
        "Młyńska", "Dworcowa", "Tadeusza Rejtana", "Wojska Polskiego", "Niepodległości", "Jedności",
    ],
    "Rogoźnica": ["Szkolna", "Kościelna", "Leśna", "Polna", "Strażacka"],
    "Pogwizdów Nowy": ["Szkolna", "Rzeszowska", "Ogrodowa", "Łąkowa"],
    "Wola Cicha": ["Leśna", "Polna", "Kwiatowa"],
    "Rudna Wielka": ["Szkolna", "Młyńska", "Lipowa", "Strażacka"],
    "Przewrotne": ["Kościelna", "Szkolna", "Zielona"],
    "Wysoka Głogowska": ["Szkolna", "Długa", "Brzozowa"],
    # Other villages have no streets: addresses there are the village name and a house number.
}  # fmt: skip


def _sync(obj, values: dict) -> bool:
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.full_clean()
        obj.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def seed_places() -> dict[str, Locality]:
    """Create or update the demo localities and streets; returns the localities keyed by name."""
    existing = {locality.simc: locality for locality in Locality.objects.all()}
    localities: dict[str, Locality] = {}
    for name, simc, kind, solectwo, parent_name, postal in _LOCALITIES:
        values = {"name": name, "kind": kind, "solectwo": solectwo, "postal_code": postal,
                  "parent": localities[parent_name] if parent_name else None}  # fmt: skip
        locality = existing.get(simc)
        if locality is None:
            locality = Locality(simc=simc, **values)
            locality.full_clean()
            locality.save()
        else:
            _sync(locality, values)
        localities[name] = locality

    known = {(street.locality_id, street.ulic): street for street in Street.objects.all()}
    missing = []
    for locality_name, names in _STREETS.items():
        locality = localities[locality_name]
        for street_name in names:
            ulic, feature = _NAMES[street_name]
            street = known.get((locality.pk, ulic))
            if street is None:
                missing.append(Street(locality=locality, ulic=ulic, name=street_name, feature=feature))
            else:
                _sync(street, {"name": street_name, "feature": feature})
    Street.objects.bulk_create(missing)
    return localities

# ruff: noqa: E501 -- data tables: one service per call, long Polish strings kept whole
"""Demo service catalogue: categories, life events, legal acts and the ``svc`` helper of the cards.

One call of ``svc`` per service; what repeats (appeal procedures, payment instructions, rooms of the
office's departments) comes from the tables here. Positions of consolidated texts (teksty jednolite)
are the ones in force when the demo was written: the office's editors keep them current.
"""

CATEGORIES = [  # slug, name, description
    ("sprawy-obywatelskie", "Sprawy obywatelskie", "Meldunki, dowody osobiste, stan cywilny, wybory."),
    ("podatki-i-oplaty", "Podatki i opłaty", "Podatki lokalne, ulgi, zaświadczenia podatkowe."),
    ("gospodarka-odpadami", "Gospodarka odpadami", "Deklaracje i opłata za odpady, odbiór odpadów."),
    ("budownictwo-i-nieruchomosci", "Budownictwo i nieruchomości", "Plany miejscowe, warunki zabudowy, numeracja."),
    ("drogi-i-transport", "Drogi i transport", "Drogi gminne: pas drogowy, zjazdy, awarie."),
    ("ochrona-srodowiska", "Ochrona środowiska", "Drzewa, decyzje środowiskowe, azbest."),
    ("dzialalnosc-gospodarcza", "Działalność gospodarcza", "CEIDG, zezwolenia alkoholowe."),
    ("oswiata", "Oświata", "Przedszkola, stypendia, dowóz uczniów."),
    ("pomoc-spoleczna", "Pomoc społeczna", "Dodatki, Karta Dużej Rodziny, pomoc MGOPS."),
    ("informacja-publiczna", "Informacja publiczna", "Dostęp do informacji, skargi, wnioski, zgromadzenia."),
]

LIFE_EVENTS = [  # slug, name
    ("urodzenie-dziecka", "Urodzenie dziecka"),
    ("przeprowadzka", "Przeprowadzka"),
    ("budowa-domu", "Budowa domu"),
    ("zakup-nieruchomosci", "Zakup nieruchomości"),
    ("prowadzenie-firmy", "Prowadzenie firmy"),
    ("slub", "Ślub"),
    ("utrata-dokumentow", "Utrata dokumentów"),
    ("dziecko-w-szkole", "Dziecko w przedszkolu i szkole"),
    ("trudna-sytuacja", "Trudna sytuacja finansowa"),
]

ISAP = "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU{year}{position:07d}"

ACTS = {  # key: (title, year, position in Dziennik Ustaw)
    "kpa": ("Ustawa z dnia 14 czerwca 1960 r. — Kodeks postępowania administracyjnego", 2024, 572),
    "skarbowa": ("Ustawa z dnia 16 listopada 2006 r. o opłacie skarbowej", 2023, 2111),
    "ewidencja": ("Ustawa z dnia 24 września 2010 r. o ewidencji ludności", 2024, 736),
    "dowody": ("Ustawa z dnia 6 sierpnia 2010 r. o dowodach osobistych", 2022, 671),
    "asc": ("Ustawa z dnia 28 listopada 2014 r. — Prawo o aktach stanu cywilnego", 2023, 1378),
    "wyborczy": ("Ustawa z dnia 5 stycznia 2011 r. — Kodeks wyborczy", 2023, 2408),
    "upol": ("Ustawa z dnia 12 stycznia 1991 r. o podatkach i opłatach lokalnych", 2023, 70),
    "ordynacja": ("Ustawa z dnia 29 sierpnia 1997 r. — Ordynacja podatkowa", 2023, 2383),
    "rolny": ("Ustawa z dnia 15 listopada 1984 r. o podatku rolnym", 2024, 1176),
    "akcyza": ("Ustawa z dnia 10 marca 2006 r. o zwrocie podatku akcyzowego zawartego w cenie oleju "
               "napędowego wykorzystywanego do produkcji rolnej", 2023, 1250),
    "czystosc": ("Ustawa z dnia 13 września 1996 r. o utrzymaniu czystości i porządku w gminach", 2024, 399),
    "planowanie": ("Ustawa z dnia 27 marca 2003 r. o planowaniu i zagospodarowaniu przestrzennym", 2024, 1130),
    "geodezja": ("Ustawa z dnia 17 maja 1989 r. — Prawo geodezyjne i kartograficzne", 2024, 1151),
    "nieruchomosci": ("Ustawa z dnia 21 sierpnia 1997 r. o gospodarce nieruchomościami", 2024, 1145),
    "wlasnosc_lokali": ("Ustawa z dnia 24 czerwca 1994 r. o własności lokali", 2021, 1048),
    "drogi": ("Ustawa z dnia 21 marca 1985 r. o drogach publicznych", 2024, 320),
    "przyroda": ("Ustawa z dnia 16 kwietnia 2004 r. o ochronie przyrody", 2024, 1478),
    "oos": ("Ustawa z dnia 3 października 2008 r. o udostępnianiu informacji o środowisku i jego ochronie, "
            "udziale społeczeństwa w ochronie środowiska oraz o ocenach oddziaływania na środowisko", 2024, 1112),
    "ceidg": ("Ustawa z dnia 6 marca 2018 r. o Centralnej Ewidencji i Informacji o Działalności Gospodarczej "
              "i Punkcie Informacji dla Przedsiębiorcy", 2022, 541),
    "trzezwosc": ("Ustawa z dnia 26 października 1982 r. o wychowaniu w trzeźwości i przeciwdziałaniu "
                  "alkoholizmowi", 2023, 2151),
    "prawo_oswiatowe": ("Ustawa z dnia 14 grudnia 2016 r. — Prawo oświatowe", 2024, 737),
    "system_oswiaty": ("Ustawa z dnia 7 września 1991 r. o systemie oświaty", 2024, 750),
    "kdr": ("Ustawa z dnia 5 grudnia 2014 r. o Karcie Dużej Rodziny", 2023, 2123),
    "dodatki": ("Ustawa z dnia 21 czerwca 2001 r. o dodatkach mieszkaniowych", 2019, 2133),
    "pomoc_spoleczna": ("Ustawa z dnia 12 marca 2004 r. o pomocy społecznej", 2024, 1283),
    "energetyka": ("Ustawa z dnia 10 kwietnia 1997 r. — Prawo energetyczne", 2024, 266),
    "dip": ("Ustawa z dnia 6 września 2001 r. o dostępie do informacji publicznej", 2022, 902),
    "samorzad": ("Ustawa z dnia 8 marca 1990 r. o samorządzie gminnym", 2024, 1465),
    "zgromadzenia": ("Ustawa z dnia 24 lipca 2015 r. — Prawo o zgromadzeniach", 2022, 1389),
}  # fmt: skip

# Rooms of the office's departments (Urząd Miejski, Rynek 1).
ROOMS = {
    "boi": "parter, pok. 1 (Biuro Obsługi Interesanta)",
    "ewidencja": "parter, pok. 4 (Referat Spraw Obywatelskich)",
    "usc": "parter, pok. 5 (Urząd Stanu Cywilnego)",
    "podatki": "I piętro, pok. 12 (Referat Podatków i Opłat)",
    "odpady": "I piętro, pok. 14 (Referat Gospodarki Odpadami)",
    "planowanie": "II piętro, pok. 21 (Referat Planowania Przestrzennego)",
    "drogi": "II piętro, pok. 23 (Referat Inwestycji i Dróg)",
    "srodowisko": "II piętro, pok. 25 (Referat Ochrony Środowiska)",
    "gospodarka": "parter, pok. 2 (Stanowisko ds. działalności gospodarczej)",
    "sekretariat": "I piętro, pok. 10 (Sekretariat Burmistrza)",
}

SKO = "Samorządowego Kolegium Odwoławczego w Rzeszowie za pośrednictwem Burmistrza Głogowa Małopolskiego"
APPEALS = {
    "sko": f"<p>Od decyzji przysługuje odwołanie do {SKO} w terminie 14 dni od dnia jej doręczenia.</p>",
    "wojewoda": "<p>Od decyzji przysługuje odwołanie do Wojewody Podkarpackiego za pośrednictwem Burmistrza "
                "Głogowa Małopolskiego w terminie 14 dni od dnia jej doręczenia.</p>",
    "zaswiadczenie": f"<p>Odmowa wydania zaświadczenia następuje w drodze postanowienia, na które służy zażalenie "
                     f"do {SKO} w terminie 7 dni od dnia jego doręczenia (art. 219 KPA).</p>",
    "czynnosc": "<p>Sprawa jest załatwiana czynnością materialno-techniczną — odwołanie nie przysługuje. "
                "Jeżeli nie zgadzasz się z jej wynikiem, możesz złożyć skargę do Burmistrza.</p>",
    "mops": "<p>Od decyzji przysługuje odwołanie do Samorządowego Kolegium Odwoławczego w Rzeszowie za "
            "pośrednictwem Dyrektora MGOPS w terminie 14 dni od dnia jej doręczenia.</p>",
    "szkola": "<p>W ciągu 7 dni od podania do publicznej wiadomości listy przyjętych rodzic może wystąpić do "
              "komisji rekrutacyjnej o uzasadnienie, a od rozstrzygnięcia komisji — do dyrektora w ciągu 7 dni; "
              "na rozstrzygnięcie dyrektora przysługuje skarga do sądu administracyjnego.</p>",
    "rada": "<p>Jeżeli uważasz, że skarga nie została należycie rozpatrzona, możesz ponowić ją do organu "
            "wyższego stopnia; ponowna skarga bez nowych okoliczności może zostać pozostawiona bez odpowiedzi "
            "(art. 239 KPA).</p>",
}  # fmt: skip

PAYMENT_OFFICE = (
    "Przelewem na rachunek Urzędu Miejskiego (w tytule: nazwa sprawy i imię i nazwisko) "
    "albo kartą w kasie urzędu (parter, pok. 3). Dowód zapłaty dołącz do wniosku."
)
PAYMENT_TAX = "Przelewem na rachunek urzędu lub na indywidualny rachunek podatnika z decyzji; w kasie urzędu."
EPUAP = "https://www.gov.pl/web/gov/"


def svc(
    slug,
    title,
    intro,
    *,
    unit="UM",
    room="boi",
    jrwa="",
    cats=(),
    events=(),
    keywords="",
    who="",
    docs=(),
    fee=None,
    fee_text="",
    payment="",
    deadline="1m",
    deadline_text="",
    acts=(),
    appeal="sko",
    online=False,
    epuap="",
    verified=False,
    popularity=0,
    related=(),
    forms=(),
    how="",
) -> dict:
    """One service card as a dict of ServicePage fields plus the keys the seeder resolves
    (``cats``, ``events``, ``unit``, ``related``, ``forms``)."""
    return {
        "slug": slug, "title": title, "intro": intro, "keywords": keywords, "unit": unit,
        "room": ROOMS.get(room, room), "jrwa": jrwa, "cats": cats, "events": events,
        "who": f"<p>{who}</p>" if who else "",
        "docs": "<ul>" + "".join(f"<li>{doc}</li>" for doc in docs) + "</ul>" if docs else "",
        "fee": fee, "fee_text": fee_text, "payment": payment or (PAYMENT_OFFICE if fee or fee_text else ""),
        "deadline": deadline, "deadline_text": deadline_text,
        "acts": [(f"{ACTS[key][0]} (Dz.U. {ACTS[key][1]} poz. {ACTS[key][2]})",
                  ISAP.format(year=ACTS[key][1], position=ACTS[key][2]), provisions) for key, provisions in acts],
        "appeal": APPEALS[appeal], "online": online, "epuap": bool(epuap),
        "epuap_url": EPUAP + epuap if epuap else "", "verified": verified, "popularity": popularity,
        "related": related, "forms": forms, "how": f"<p>{how}</p>" if how else "",
    }  # fmt: skip


ID_DOC = "dowód osobisty lub paszport do wglądu"
CERT_FEE = {
    "fee": "17",
    "fee_text": "opłata skarbowa za wydanie zaświadczenia",
    "deadline": "custom",
    "deadline_text": "bez zbędnej zwłoki, najpóźniej w ciągu 7 dni (art. 217 KPA)",
    "appeal": "zaswiadczenie",
}

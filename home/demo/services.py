"""The "Załatw sprawę" page with six service cards, and placeholder pages of upcoming modules.

The service cards are StandardPages for now: the service catalogue (eservices.catalogue) will
replace them with ServicePages at the same ``/uslugi/<slug>/`` addresses. ``/konto/``, ``/dziennik/``,
``/ostrzezenia/`` and ``/budzet-obywatelski/`` likewise say what is coming until their apps exist.
"""

from .content import call_to_action, contact, documents, heading, paragraph, table

# slug, title, home-page card description, intro, who/what (HTML), documents (HTML), fee, deadline,
# contact (name, room, phone, e-mail local part), demo PDFs
SERVICES = [
    (
        "zameldowanie", "Zameldowanie", "Pobyt stały lub czasowy",
        "Zameldowanie na pobyt stały lub czasowy w lokalu na terenie gminy.",
        "<p>Osoba, która zamieszkuje w lokalu na terenie gminy, ma obowiązek zameldować się najpóźniej "
        "w 30. dniu od przybycia. Można to zrobić w urzędzie albo online z profilem zaufanym.</p>",
        "<ul><li>dowód osobisty lub paszport,</li><li>dokument potwierdzający tytuł prawny do lokalu "
        "(np. umowa najmu, akt notarialny) — do wglądu,</li><li>formularz zgłoszenia pobytu.</li></ul>",
        "bez opłat", "niezwłocznie, w dniu zgłoszenia",
        ("Referat Spraw Obywatelskich", "parter, pok. 4", "17 789 78 21", "ewidencja"), [],
    ),
    (
        "dowod-osobisty", "Dowód osobisty", "Wniosek, odbiór, utrata",
        "Wydanie dowodu osobistego osobie pełnoletniej lub dziecku.",
        "<p>Wniosek składa się osobiście w dowolnym urzędzie gminy albo online przez gov.pl (bez dziecka "
        "do 12. roku życia). Od 12. roku życia przy składaniu wniosku pobiera się odciski palców.</p>",
        "<ul><li>jedno aktualne, kolorowe zdjęcie 35×45 mm,</li><li>dotychczasowy dowód osobisty,</li>"
        "<li>w przypadku dziecka — obecność rodzica lub opiekuna prawnego.</li></ul>",
        "bez opłat", "do 30 dni od złożenia wniosku",
        ("Referat Spraw Obywatelskich", "parter, pok. 4", "17 789 78 21", "ewidencja"), [],
    ),
    (
        "podatek-od-nieruchomosci", "Podatek od nieruchomości", "Informacja, raty, ulgi",
        "Złożenie informacji o nieruchomościach (IN-1) i zapłata podatku od nieruchomości.",
        "<p>Właściciel gruntu, domu lub lokalu składa informację IN-1 w ciągu 14 dni od nabycia "
        "nieruchomości. Decyzję wymiarową doręczamy do końca lutego; podatek płaci się w ratach.</p>",
        "<ul><li>informacja o nieruchomościach i obiektach budowlanych (IN-1) z załącznikami,</li>"
        "<li>kopia aktu notarialnego lub postanowienia o nabyciu spadku.</li></ul>",
        "bez opłat (zaświadczenie o niezaleganiu: 21 zł)", "raty do 15 marca, 15 maja, 15 września i 15 listopada",
        ("Referat Podatków i Opłat", "I piętro, pok. 12", "17 789 78 30", "podatki"), ["zaswiadczenie"],
    ),
    (
        "oplata-za-odpady", "Opłata za odpady", "Deklaracja i terminy",
        "Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi.",
        "<p>Właściciel nieruchomości składa deklarację w ciągu 14 dni od zamieszkania pierwszego "
        "mieszkańca, a zmianę (np. liczby osób) — do 10. dnia miesiąca następującego po zmianie.</p>",
        "<ul><li>deklaracja o wysokości opłaty (formularz poniżej),</li><li>oświadczenie o kompostowaniu "
        "bioodpadów — jeżeli korzystasz ze zwolnienia.</li></ul>",
        "32 zł miesięcznie od osoby (30 zł przy kompostowniku)", "opłata do 15. dnia każdego miesiąca",
        ("Referat Gospodarki Odpadami", "I piętro, pok. 14", "17 789 78 35", "odpady"),
        ["deklaracja-odpady", "harmonogram"],
    ),
    (
        "rejestracja-dzialalnosci", "Rejestracja działalności", "Wpis do CEIDG",
        "Wpis do Centralnej Ewidencji i Informacji o Działalności Gospodarczej (CEIDG).",
        "<p>Jednoosobową działalność gospodarczą rejestruje się wnioskiem CEIDG-1: online na biznes.gov.pl "
        "albo w urzędzie, który przekazuje wniosek do CEIDG najpóźniej następnego dnia roboczego.</p>",
        "<ul><li>wniosek CEIDG-1,</li><li>dowód osobisty,</li><li>numer PKD planowanej działalności.</li></ul>",
        "bez opłat", "wpis najpóźniej następnego dnia roboczego",
        ("Biuro Obsługi Interesanta", "parter, pok. 1", "17 789 78 11", "boi"), [],
    ),
    (
        "zgloszenie-awarii", "Zgłoszenie awarii", "Woda, drogi, oświetlenie",
        "Zgłoszenie awarii wodociągu, kanalizacji, oświetlenia ulicznego lub uszkodzenia drogi gminnej.",
        "<p>Awarie sieci wodociągowej i kanalizacyjnej przyjmuje całodobowo pogotowie Zakładu Gospodarki "
        "Komunalnej. Uszkodzenia dróg gminnych i niedziałające latarnie zgłaszaj do Referatu Inwestycji "
        "— podaj miejsce (najlepiej numer słupa) i opis usterki.</p>",
        "<ul><li>dokładne miejsce awarii,</li><li>opis i — jeśli możesz — zdjęcie,</li>"
        "<li>numer telefonu do kontaktu.</li></ul>",
        "bez opłat", "usuwanie awarii wodociągu: do 24 godzin",
        ("Zakład Gospodarki Komunalnej — pogotowie", "ul. Przemysłowa 9", "17 789 74 60", "zgk"), [],
    ),
]  # fmt: skip

EMAIL_DOMAIN = "glogow-mlp.pl"


def _service_card(service, documents_by_name) -> dict:
    slug, title, _card, intro, what, required, fee, deadline, office, pdfs = service
    name, room, phone, mailbox = office
    body = [
        paragraph(what),
        heading("Wymagane dokumenty"),
        paragraph(required),
        heading("Opłaty i termin"),
        table(
            [["Pozycja", "Informacja"], ["Opłata", fee], ["Termin załatwienia", deadline]],
            f"{title}: opłaty i termin",
            first_col_is_header=True,
        ),
    ]
    if pdfs:
        body.append(documents("Formularze do pobrania", [documents_by_name[key] for key in pdfs]))
    body += [
        heading("Gdzie załatwić"),
        contact(name, role="Urząd Miejski w Głogowie Małopolskim", room=room, phone=phone,
                email=f"{mailbox}@{EMAIL_DOMAIN}", hours="pon. 8:00–16:00, wt.–czw. 7:30–15:30, pt. 7:30–14:30"),
    ]  # fmt: skip
    return {"title": title, "intro": intro, "show_in_menus": True, "body": body}


def uslugi_page() -> dict:
    items = "".join(f'<li><a href="/uslugi/{s[0]}/">{s[1]}</a> — {s[3]}</li>' for s in SERVICES)
    return {
        "title": "Załatw sprawę",
        "show_in_menus": True,
        "intro": "Najczęściej załatwiane sprawy: co przygotować, ile to kosztuje, ile trwa i gdzie pójść.",
        "body": [
            paragraph(f"<ul>{items}</ul>"),
            paragraph(
                "<p>Katalog wszystkich 42 usług urzędu z formularzami online jest w przygotowaniu. Do tego czasu "
                "wnioski można składać przez ePUAP na adres <b>/glogowmlp/SkrytkaESP</b>.</p>"
            ),
        ],
    }


def service_builders(documents_by_name) -> dict:
    """Builders of the service-card pages under ``/uslugi/``, keyed by slug."""
    return {s[0]: (lambda s=s: _service_card(s, documents_by_name)) for s in SERVICES}


def home_cards() -> list[tuple[str, str, str]]:
    """(slug, title, description) of the home page's featured-service cards, in display order."""
    return [(s[0], s[1], s[2]) for s in SERVICES]


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

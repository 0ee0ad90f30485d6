"""Demo pages for residents: dla mieszkańców (FAQ), inwestycje, ogłoszenia."""

from .content import accordion, call_to_action, documents, heading, image, paragraph, table
from .media import image_alt

FAQ = [
    (
        "Jak się zameldować?",
        "<p>Zameldowania na pobyt stały lub czasowy dokonuje się w Referacie Spraw Obywatelskich (parter, "
        "pok. 4) albo przez internet na gov.pl z profilem zaufanym. Potrzebny jest dowód osobisty "
        "i dokument potwierdzający tytuł prawny do lokalu.</p>",
    ),
    (
        "Do kiedy trzeba zapłacić podatek od nieruchomości?",
        "<p>Osoby fizyczne płacą w czterech ratach: do <b>15 marca, 15 maja, 15 września i 15 listopada</b>. "
        "Jeżeli kwota podatku nie przekracza 100 zł, płaci się ją jednorazowo do 15 marca.</p>",
    ),
    (
        "Ile wynosi opłata za odpady?",
        "<p>Od 1 stycznia 2026 r. stawka wynosi 32 zł miesięcznie od osoby. Właściciele domów "
        "jednorodzinnych kompostujący bioodpady mają zwolnienie w wysokości 2 zł od osoby.</p>",
    ),
    (
        "Gdzie zgłosić awarię oświetlenia ulicznego lub wodociągu?",
        "<p>Awarie wodociągu i kanalizacji zgłaszaj całodobowo do Zakładu Gospodarki Komunalnej: "
        "tel. 17 789 74 60. Niedziałającą latarnię — w Referacie Inwestycji (tel. 17 789 78 40) "
        "lub przez formularz „Zgłoszenie awarii”.</p>",
    ),
    (
        "Jak uzyskać Kartę Dużej Rodziny?",
        "<p>Wniosek składa się w Miejsko-Gminnym Ośrodku Pomocy Społecznej przy ul. Fabrycznej 4 albo "
        "elektronicznie przez portal Emp@tia. Karta jest bezpłatna.</p>",
    ),
    (
        "Czy mogę załatwić sprawę bez wizyty w urzędzie?",
        "<p>Tak. Większość wniosków można złożyć przez ePUAP lub w Elektronicznym Biurze Obsługi "
        "Mieszkańca na tej stronie. Urzędowe poświadczenie odbioru (UPO) przychodzi na Twoją skrzynkę.</p>",
    ),
]

INVESTMENTS = [
    ["Zadanie", "Wartość", "Termin", "Stan"],
    ["Przebudowa drogi gminnej Styków–Hucisko (2,4 km)", "3,8 mln zł", "X 2026", "w realizacji"],
    ["Termomodernizacja SP w Rudnej Małej", "2,1 mln zł", "VIII 2026", "zakończona"],
    ["Budowa kanalizacji w Zabajce, etap II", "5,6 mln zł", "VI 2027", "w realizacji"],
    ["Oświetlenie LED ulic w Głogowie Małopolskim", "1,2 mln zł", "XII 2026", "w realizacji"],
    ["Rozbudowa Publicznego Przedszkola nr 2", "4,3 mln zł", "IX 2027", "przetarg"],
    ["Ścieżka rowerowa Głogów Małopolski–Rogoźnica", "2,7 mln zł", "2027", "projekt"],
]


def _dla_mieszkancow(documents_by_name) -> dict:
    return {
        "title": "Dla mieszkańców",
        "show_in_menus": True,
        "intro": "Najczęstsze pytania mieszkańców, druki do pobrania i najważniejsze terminy.",
        "body": [
            call_to_action(
                "Załatw sprawę online",
                "Złóż wniosek, sprawdź stan sprawy i zapłać podatek bez wychodzenia z domu.",
                "Przejdź do usług",
                url="/uslugi/",
            ),
            accordion("Najczęściej zadawane pytania", FAQ),
            heading("Druki do pobrania"),
            documents(
                "Formularze",
                [documents_by_name["zaswiadczenie"], documents_by_name["deklaracja-odpady"]],
            ),
            heading("Ważne terminy 2026"),
            table(
                [
                    ["Termin", "Co"],
                    ["15 marca", "I rata podatku od nieruchomości, rolnego i leśnego"],
                    ["15 maja", "II rata podatków lokalnych"],
                    ["15 września", "III rata podatków lokalnych"],
                    ["15 listopada", "IV rata podatków lokalnych"],
                    ["do 15. dnia miesiąca", "opłata za gospodarowanie odpadami"],
                ],
                "Terminy płatności podatków i opłat lokalnych w 2026 roku",
            ),
        ],
    }


def _inwestycje(images) -> dict:
    return {
        "title": "Inwestycje",
        "show_in_menus": True,
        "intro": "Drogi, kanalizacja, szkoły i oświetlenie: co gmina buduje w latach 2026–2027.",
        "body": [
            image(images["drogi"], image_alt("drogi"), "Przebudowa drogi gminnej Styków–Hucisko"),
            paragraph(
                "<p>W budżecie na 2026 rok na inwestycje przeznaczono 31,5 mln zł, z czego ponad połowa "
                "pochodzi z Rządowego Funduszu Polski Ład, Funduszy Europejskich dla Podkarpacia "
                "i Rządowego Funduszu Rozwoju Dróg.</p>"
            ),
            heading("Najważniejsze zadania"),
            table(INVESTMENTS, "Zadania inwestycyjne gminy w latach 2026–2027"),
            heading("Utrudnienia w ruchu", "h3"),
            paragraph(
                '<p>O zamknięciach dróg i objazdach informujemy w <a href="/aktualnosci/">aktualnościach</a> '
                "oraz w systemie ostrzeżeń SMS, który można włączyć w ustawieniach konta mieszkańca.</p>"
            ),
        ],
    }


def _ogloszenia(documents_by_name) -> dict:
    return {
        "title": "Ogłoszenia",
        "show_in_menus": True,
        "intro": "Obwieszczenia Burmistrza, ogłoszenia o przetargach na nieruchomości i konkursach ofert.",
        "body": [
            heading("Obwieszczenia"),
            paragraph(
                "<p><b>Obwieszczenie Burmistrza Głogowa Małopolskiego z dnia 3 listopada 2026 r.</b> "
                "o przystąpieniu do sporządzenia miejscowego planu zagospodarowania przestrzennego "
                "„Rogoźnica — Północ”. Wnioski do planu można składać do 8 grudnia 2026 r.</p>"
            ),
            heading("Przetargi na nieruchomości"),
            paragraph(
                "<p>Burmistrz ogłasza I przetarg ustny nieograniczony na sprzedaż działki nr 1842/5 "
                "o pow. 0,1120 ha w Stykowie, przeznaczonej pod zabudowę jednorodzinną. Cena wywoławcza: "
                "118 000 zł brutto. Przetarg odbędzie się 14 grudnia 2026 r. o godz. 10:00 w sali narad "
                "urzędu (pok. 25).</p>"
            ),
            heading("Konkursy ofert"),
            paragraph(
                "<p>Otwarty konkurs ofert na realizację zadań publicznych w zakresie upowszechniania "
                "kultury fizycznej w 2027 roku. Oferty w generatorze Witkac.pl do 15 grudnia 2026 r.</p>"
            ),
            documents(
                "Do pobrania",
                [documents_by_name["harmonogram"], documents_by_name["regulamin-bo"]],
            ),
        ],
    }


def page_builders(images, documents_by_name) -> dict:
    """Builders of the residents' pages under the home page, keyed by slug."""
    return {
        "dla-mieszkancow": lambda: _dla_mieszkancow(documents_by_name),
        "inwestycje": lambda: _inwestycje(images),
        "ogloszenia": lambda: _ogloszenia(documents_by_name),
    }

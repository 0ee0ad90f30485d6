"""Top-level content pages of the demo site: o gminie, kontakt, RODO, sołectwa, urząd, turystyka.

The text is written to read like a real municipal site; personal names, phone extensions and
e-mail boxes are invented.
"""

from .content import call_to_action, contact, heading, image, paragraph, table
from .media import image_alt

OFFICE_ADDRESS = "ul. Rynek 1\n36-060 Głogów Małopolski"
OFFICE_HOURS_TEXT = "pon. 8:00–16:00, wt.–czw. 7:30–15:30, pt. 7:30–14:30"

# komórka, pokój, telefon, e-mail (local part), zakres spraw
DEPARTMENTS = [
    ("Biuro Obsługi Interesanta", "parter, pok. 1", "17 789 78 11", "boi", "przyjmowanie pism, informacja"),
    ("Sekretariat Burmistrza", "I piętro, pok. 10", "17 789 78 10", "um", "sprawy Burmistrza, skargi"),
    ("Biuro Rady Miejskiej", "I piętro, pok. 11", "17 789 78 15", "rada", "sesje, interpelacje radnych"),
    ("Urząd Stanu Cywilnego", "parter, pok. 5", "17 789 78 20", "usc", "akty stanu cywilnego, śluby"),
    ("Referat Spraw Obywatelskich", "parter, pok. 4", "17 789 78 21", "ewidencja", "meldunki, dowody osobiste"),
    ("Referat Podatków i Opłat", "I piętro, pok. 12", "17 789 78 30", "podatki", "podatki lokalne, ulgi"),
    ("Referat Gospodarki Odpadami", "I piętro, pok. 14", "17 789 78 35", "odpady", "deklaracje, harmonogramy"),
    ("Referat Inwestycji i Zamówień Publicznych", "II piętro, pok. 20", "17 789 78 40", "inwestycje",
     "drogi, przetargi, awarie"),
    ("Referat Gospodarki Przestrzennej", "II piętro, pok. 22", "17 789 78 45", "planowanie",
     "plany miejscowe, warunki zabudowy"),
    ("Referat Promocji, Kultury i Sportu", "II piętro, pok. 24", "17 789 78 50", "promocja",
     "wydarzenia, dotacje dla organizacji"),
    ("Inspektor Ochrony Danych", "I piętro, pok. 9", "17 789 78 19", "iod", "ochrona danych osobowych"),
]  # fmt: skip

# sołectwo, sołtys (imię i nazwisko, dane demonstracyjne), liczba mieszkańców (w przybliżeniu)
SOLECTWA = [
    ("Budy Głogowskie", "Józef Marut", "1 900"),
    ("Hucisko", "Teresa Fila", "950"),
    ("Lipie", "Andrzej Bator", "620"),
    ("Megiera", "Halina Kusz", "480"),
    ("Pogwizdów Nowy", "Zbigniew Kotula", "1 700"),
    ("Przewrotne", "Bogusław Wilk", "1 600"),
    ("Rogoźnica", "Jadwiga Sitek", "1 100"),
    ("Rudna Mała", "Marian Lew", "1 500"),
    ("Styków", "Grażyna Rybka", "1 450"),
    ("Wola Cicha", "Stanisław Noga", "260"),
    ("Wysoka Głogowska", "Kazimierz Ziaja", "1 800"),
    ("Zabajka", "Barbara Czach", "520"),
]

EMAIL_DOMAIN = "glogow-mlp.pl"


def _o_gminie(images) -> dict:
    return {
        "title": "O gminie",
        "show_in_menus": True,
        "intro": "Gmina Głogów Małopolski leży w powiecie rzeszowskim, na północ od Rzeszowa. "
        "To ponad 20 tysięcy mieszkańców, miasto z zabytkowym rynkiem i dwanaście sołectw.",
        "body": [
            heading("Położenie i historia"),
            paragraph(
                "<p>Głogów Małopolski otrzymał prawa miejskie w 1570 roku z rąk Krzysztofa Głowy. Układ "
                "urbanistyczny z jednym z największych rynków w Polsce przetrwał do dziś. Gmina zajmuje "
                "około 143 km² na skraju Puszczy Sandomierskiej, przy drodze krajowej nr 9.</p>"
            ),
            image(images["rynek"], image_alt("rynek"), "Rynek w Głogowie Małopolskim"),
            heading("Gmina w liczbach"),
            table(
                [
                    ["Wskaźnik", "Wartość"],
                    ["Powierzchnia", "143 km²"],
                    ["Liczba mieszkańców", "ok. 20 400"],
                    ["Liczba sołectw", "12"],
                    ["Szkoły podstawowe", "8"],
                    ["Przedszkola publiczne", "3"],
                ],
                "Podstawowe dane o gminie (stan na 1 stycznia 2026 r.)",
                first_col_is_header=True,
            ),
            heading("Władze gminy"),
            paragraph(
                "<p>Organem wykonawczym jest <b>Burmistrz Głogowa Małopolskiego</b>, organem stanowiącym "
                "i kontrolnym — <b>Rada Miejska</b> licząca 21 radnych. Sesje rady są transmitowane "
                "w internecie, a nagrania publikujemy w Biuletynie Informacji Publicznej.</p>"
            ),
        ],
    }


def _kontakt() -> dict:
    rows = [["Komórka", "Pokój", "Telefon", "E-mail", "Sprawy"]]
    rows += [[name, room, phone, f"{box}@{EMAIL_DOMAIN}", scope] for name, room, phone, box, scope in DEPARTMENTS]
    return {
        "title": "Kontakt",
        "show_in_menus": True,
        "intro": "Dane kontaktowe Urzędu Miejskiego w Głogowie Małopolskim, godziny pracy i telefony do referatów.",
        "body": [
            heading("Urząd Miejski w Głogowie Małopolskim"),
            contact(
                "Urząd Miejski w Głogowie Małopolskim",
                role="Biuro Obsługi Interesanta",
                address=OFFICE_ADDRESS,
                room="parter, pok. 1",
                phone="17 789 78 10",
                email=f"um@{EMAIL_DOMAIN}",
                hours=OFFICE_HOURS_TEXT,
            ),
            paragraph(
                "<p>Pisma można złożyć osobiście w Biurze Obsługi Interesanta, wysłać pocztą albo przez "
                "platformę ePUAP na adres skrytki <b>/glogowmlp/SkrytkaESP</b>. Kasa urzędu jest czynna "
                "w godzinach pracy urzędu, z przerwą 12:00–12:30.</p>"
            ),
            heading("Referaty i stanowiska"),
            table(rows, "Komórki organizacyjne urzędu: pokoje, telefony i adresy e-mail"),
            heading("Burmistrz przyjmuje"),
            contact(
                "Adam Nowakowski",
                role="Burmistrz Głogowa Małopolskiego",
                room="I piętro, pok. 10",
                phone="17 789 78 10",
                email=f"um@{EMAIL_DOMAIN}",
                hours="w sprawach skarg i wniosków: poniedziałek 13:00–16:00",
            ),
        ],
    }


def _rodo() -> dict:
    return {
        "title": "Ochrona danych osobowych (RODO)",
        "show_in_menus": False,  # linked from the footer
        "intro": "Klauzula informacyjna o przetwarzaniu danych osobowych w Urzędzie Miejskim w Głogowie "
        "Małopolskim (art. 13 RODO).",
        "body": [
            paragraph(
                "<p>Zgodnie z art. 13 ust. 1 i 2 rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679 "
                "z dnia 27 kwietnia 2016 r. w sprawie ochrony osób fizycznych w związku z przetwarzaniem "
                "danych osobowych i w sprawie swobodnego przepływu takich danych oraz uchylenia dyrektywy "
                "95/46/WE (ogólne rozporządzenie o ochronie danych, dalej „RODO”) informujemy, że:</p>"
            ),
            heading("Administrator danych"),
            paragraph(
                "<p>Administratorem Pani/Pana danych osobowych jest Burmistrz Głogowa Małopolskiego "
                "z siedzibą w Urzędzie Miejskim, ul. Rynek 1, 36-060 Głogów Małopolski, "
                "tel. 17 789 78 10, e-mail: um@glogow-mlp.pl.</p>"
            ),
            heading("Inspektor ochrony danych"),
            contact(
                "Inspektor Ochrony Danych",
                role="Urząd Miejski w Głogowie Małopolskim",
                address=OFFICE_ADDRESS,
                room="I piętro, pok. 9",
                phone="17 789 78 19",
                email=f"iod@{EMAIL_DOMAIN}",
            ),
            heading("Cele i podstawy przetwarzania"),
            paragraph(
                "<ol><li>wypełnienie obowiązku prawnego ciążącego na administratorze (art. 6 ust. 1 lit. c "
                "RODO), w szczególności w sprawach załatwianych na podstawie Kodeksu postępowania "
                "administracyjnego i Ordynacji podatkowej;</li><li>wykonanie zadania realizowanego w interesie "
                "publicznym lub w ramach sprawowania władzy publicznej (art. 6 ust. 1 lit. e RODO);</li>"
                "<li>zawarcie i wykonanie umowy (art. 6 ust. 1 lit. b RODO);</li><li>w pozostałych "
                "przypadkach — na podstawie zgody (art. 6 ust. 1 lit. a RODO), którą można w każdej chwili "
                "wycofać bez wpływu na zgodność z prawem przetwarzania sprzed jej wycofania.</li></ol>"
            ),
            heading("Odbiorcy i okres przechowywania"),
            paragraph(
                "<p>Dane mogą być udostępnione wyłącznie podmiotom uprawnionym na podstawie przepisów prawa "
                "oraz podmiotom przetwarzającym je na zlecenie administratora (np. dostawcom systemów "
                "informatycznych, operatorom pocztowym). Dane przechowujemy przez okres wynikający "
                "z jednolitego rzeczowego wykazu akt, zgodnie z ustawą z dnia 14 lipca 1983 r. "
                "o narodowym zasobie archiwalnym i archiwach.</p>"
            ),
            heading("Pani/Pana prawa"),
            paragraph(
                "<p>Przysługuje Pani/Panu prawo dostępu do danych, ich sprostowania, ograniczenia "
                "przetwarzania, a w przypadkach przewidzianych prawem — usunięcia danych i wniesienia "
                "sprzeciwu. Ma Pani/Pan prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych "
                "(ul. Stawki 2, 00-193 Warszawa). Podanie danych jest obowiązkiem ustawowym albo warunkiem "
                "załatwienia sprawy; dane nie są wykorzystywane do zautomatyzowanego podejmowania decyzji, "
                "w tym profilowania, ani przekazywane do państw trzecich.</p>"
            ),
        ],
    }


def _solectwa() -> dict:
    rows = [["Sołectwo", "Sołtys", "Liczba mieszkańców"]]
    rows += [list(row) for row in SOLECTWA]
    return {
        "title": "Sołectwa",
        "show_in_menus": True,
        "intro": "Dwanaście sołectw gminy, ich sołtysi i liczba mieszkańców.",
        "body": [
            paragraph(
                "<p>Sołectwo jest jednostką pomocniczą gminy. Sołtys i rada sołecka reprezentują mieszkańców "
                "wsi, a zebranie wiejskie decyduje o przeznaczeniu funduszu sołeckiego. Miasto Głogów "
                "Małopolski dzieli się na cztery osiedla.</p>"
            ),
            table(rows, "Sołectwa Gminy Głogów Małopolski i ich sołtysi (liczba mieszkańców w przybliżeniu)"),
            heading("Fundusz sołecki 2026", "h2"),
            paragraph(
                "<p>Na rok 2026 na fundusz sołecki przeznaczono łącznie 612 tys. zł. Wnioski sołectw "
                "o przeznaczenie środków przyjmujemy do 30 września roku poprzedzającego.</p>"
            ),
        ],
    }


def _urzad() -> dict:
    return {
        "title": "Urząd",
        "show_in_menus": True,
        "intro": "Urząd Miejski w Głogowie Małopolskim i gminne jednostki organizacyjne.",
        "body": [
            paragraph(
                "<p>Urząd Miejski jest aparatem pomocniczym Burmistrza. Obok urzędu zadania gminy wykonuje "
                "dziewiętnaście jednostek organizacyjnych: szkoły, przedszkola, żłobek, biblioteka, centrum "
                "kultury, ośrodek pomocy społecznej, zakład gospodarki komunalnej i ośrodek sportu.</p>"
            ),
            call_to_action(
                "Jednostki organizacyjne",
                "Adresy, telefony, godziny otwarcia i dyrektorzy wszystkich jednostek.",
                "Zobacz listę jednostek",
                url="/urzad/jednostki/",
            ),
            paragraph(
                "<p>Regulamin organizacyjny, oświadczenia majątkowe i rejestr umów publikujemy w <a "
                'href="https://bip.glogow-mlp.pl">Biuletynie Informacji Publicznej</a>.</p>'
            ),
        ],
    }


def _turystyka(images) -> dict:
    return {
        "title": "Turystyka",
        "show_in_menus": True,
        "intro": "Zabytki, szlaki rowerowe i miejsca wypoczynku w Gminie Głogów Małopolski.",
        "body": [
            image(images["turystyka"], image_alt("turystyka"), "Szlaki i zabytki gminy"),
            heading("Zabytki"),
            paragraph(
                "<ul><li>Rynek z układem urbanistycznym z XVI wieku,</li><li>kościół farny pw. Wniebowzięcia "
                "NMP,</li><li>kaplica na Zabajce,</li><li>drewniany kościół w Przewrotnem.</li></ul>"
            ),
            heading("Szlaki rowerowe"),
            paragraph(
                "<p>Przez gminę przebiega 38 km oznakowanych tras rowerowych, w tym fragment szlaku do "
                "Rzeszowa wzdłuż doliny Mrowli. Mapę tras można odebrać bezpłatnie w Centrum Kultury.</p>"
            ),
            heading("Wypoczynek"),
            paragraph(
                "<p>Latem zapraszamy nad zalew w Głogowie Małopolskim i na kąpielisko Ośrodka Sportu "
                "i Rekreacji. Zimą czynne jest lodowisko przy ul. Sportowej.</p>"
            ),
        ],
    }


def page_builders(images) -> dict:
    """Builders of the information pages under the home page, keyed by slug."""
    return {
        "o-gminie": lambda: _o_gminie(images),
        "urzad": _urzad,
        "solectwa": _solectwa,
        "turystyka": lambda: _turystyka(images),
        "kontakt": _kontakt,
        "ochrona-danych-osobowych": _rodo,
    }

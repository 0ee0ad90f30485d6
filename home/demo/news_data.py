"""Eighteen curated news items of the demo site, with fixed 2026 dates so the content is stable.

Images and documents in bodies are named by their demo key (``"harmonogram"``, ``"dni"``); the
news seeder swaps the names for the library objects.
"""

import datetime as dt

from .content import accordion, call_to_action, contact, documents, heading, paragraph, table

D = dt.date


def body_image(name: str, caption: str = "") -> tuple:
    return ("image", {"image": name, "alt_text": "", "decorative": False, "caption": caption})


# slug, title, date, tags, lead image (or None), intro, body
CURATED_NEWS: list[tuple] = [
    ("sesja-budzetowa-rady-miejskiej", "Sesja budżetowa Rady Miejskiej 17 grudnia", D(2026, 11, 24),
     ["komunikaty"], "sesja",
     "Przewodniczący Rady Miejskiej zwołuje sesję, na której radni uchwalą budżet gminy na 2027 rok.",
     [paragraph("<p>Sesja rozpocznie się <b>17 grudnia 2026 r. o godz. 10:00</b> w sali widowiskowej Centrum "
                "Kultury przy ul. Rzeszowskiej 12. Obrady będą transmitowane na żywo.</p>"),
      heading("Porządek obrad"),
      paragraph("<ol><li>Otwarcie sesji i stwierdzenie quorum.</li><li>Uchwała budżetowa na rok 2027.</li>"
                "<li>Wieloletnia prognoza finansowa na lata 2027–2035.</li><li>Uchwała w sprawie stawek "
                "podatku od nieruchomości.</li><li>Interpelacje i zapytania radnych.</li></ol>"),
      contact("Biuro Rady Miejskiej", room="I piętro, pok. 11", phone="17 789 78 15",
              email="rada@glogow-mlp.pl")]),
    ("harmonogram-odbioru-odpadow-2026", "Harmonogram odbioru odpadów na 2026 rok", D(2026, 1, 8), ["odpady"],
     "odpady", "Publikujemy harmonogram odbioru odpadów zmieszanych, segregowanych i bioodpadów na 2026 rok.",
     [paragraph("<p>Odpady odbiera firma wyłoniona w przetargu. Pojemniki i worki należy wystawić przed "
                "posesję do godziny 6:00 w dniu odbioru. Papierowe harmonogramy doręczą sołtysi.</p>"),
      documents("Harmonogram do pobrania", ["harmonogram"]),
      heading("Punkt Selektywnej Zbiórki Odpadów", "h3"),
      paragraph("<p>PSZOK przy ul. Przemysłowej 9 przyjmuje odpady od mieszkańców bezpłatnie we wtorki "
                "i czwartki 10:00–18:00 oraz w soboty 8:00–14:00.</p>")]),
    ("remont-drogi-stykow-hucisko", "Remont drogi gminnej Styków–Hucisko: utrudnienia w ruchu",
     D(2026, 10, 27), ["inwestycje", "komunikaty"], "drogi",
     "Od 3 listopada na odcinku drogi gminnej Styków–Hucisko ruch odbywa się wahadłowo.",
     [paragraph("<p>Wykonawca przebudowuje 2,4 km drogi: poszerza jezdnię do 5,5 m, buduje chodnik "
                "i kanał deszczowy. Zadanie dofinansowano z Rządowego Funduszu Rozwoju Dróg.</p>"),
      table([["Etap", "Odcinek", "Termin"], ["I", "Styków, od drogi krajowej do szkoły", "3–21 listopada"],
             ["II", "Styków–granica sołectwa", "24 listopada – 12 grudnia"],
             ["III", "Hucisko, do kościoła", "wiosna 2027"]], "Etapy robót i terminy utrudnień"),
      paragraph("<p>Przepraszamy za utrudnienia. Autobusy komunikacji gminnej kursują bez zmian.</p>")]),
    ("wyniki-budzetu-obywatelskiego-2027", "Wyniki głosowania w budżecie obywatelskim 2027", D(2026, 6, 30),
     ["komunikaty", "inwestycje"], "budzet",
     "W głosowaniu wzięło udział 3 412 mieszkańców. Do realizacji w 2027 roku wybrano siedem projektów.",
     [table([["Projekt", "Koszt", "Głosy"], ["Plac zabaw przy SP w Zabajce", "120 000 zł", "611"],
             ["Siłownia plenerowa nad zalewem", "95 000 zł", "548"],
             ["Doposażenie OSP Rogoźnica", "80 000 zł", "502"],
             ["Oświetlenie boiska w Stykowie", "110 000 zł", "433"]], "Projekty wybrane do realizacji"),
      paragraph("<p>Dziękujemy wszystkim, którzy zgłosili projekty i oddali głos. Pełne wyniki z podziałem "
                "na sołectwa opublikowaliśmy w BIP.</p>"),
      call_to_action("Budżet obywatelski", "Zobacz harmonogram kolejnej edycji.", "Przejdź do strony",
                     url="/budzet-obywatelski/")]),
    ("nabor-projektow-budzet-obywatelski", "Ruszył nabór projektów do budżetu obywatelskiego", D(2026, 3, 2),
     ["komunikaty"], "budzet", "Do 31 marca każdy mieszkaniec może zgłosić projekt. Pula wynosi 600 tys. zł.",
     [paragraph("<p>Projekt ogólnogminny może kosztować do 150 tys. zł, lokalny — do 50 tys. zł. Do "
                "zgłoszenia potrzeba podpisów 15 mieszkańców popierających pomysł.</p>"),
      documents("Regulamin", ["regulamin-bo"]),
      call_to_action("Zgłoś projekt", "Formularz zgłoszeniowy i regulamin.", "Zgłoś projekt",
                     url="/budzet-obywatelski/")]),
    ("dozynki-gminne-rudna-mala", "Dożynki gminne w Rudnej Małej", D(2026, 8, 31), ["kultura"], "dozynki",
     "Wieńce, korowód i koncert: tak mieszkańcy dziękowali za tegoroczne plony.",
     [paragraph("<p>W niedzielę 30 sierpnia na stadionie w Rudnej Małej odbyły się dożynki gminne. Mszę "
                "świętą odprawiono przy ołtarzu polowym, a potem barwny korowód przeszedł ulicami wsi.</p>"),
      heading("Konkurs wieńców"),
      paragraph("<p>Pierwsze miejsce zdobył wieniec z Przewrotnego, drugie — z Budy Głogowskich, trzecie — "
                "z Wysokiej Głogowskiej. Zwycięski wieniec będzie reprezentował gminę na dożynkach "
                "powiatowych.</p>"),
      body_image("dozynki", "Dożynki gminne 2026")]),
    ("stypendia-burmistrza", "Stypendia Burmistrza dla uzdolnionych uczniów", D(2026, 9, 15), ["oświata"],
     "oswiata", "Do 15 października przyjmujemy wnioski o stypendia za wyniki w nauce i osiągnięcia sportowe.",
     [paragraph("<p>Stypendium mogą otrzymać uczniowie szkół prowadzonych przez gminę, którzy uzyskali "
                "średnią co najmniej 5,3 albo byli laureatami konkursów przedmiotowych lub zawodów "
                "sportowych co najmniej szczebla wojewódzkiego.</p>"),
      accordion("Pytania o stypendia", [
          ("Kto składa wniosek?", "<p>Dyrektor szkoły, rodzic lub pełnoletni uczeń.</p>"),
          ("Ile wynosi stypendium?", "<p>Od 800 do 1 500 zł jednorazowo, zależnie od osiągnięć.</p>"),
          ("Kiedy wypłata?", "<p>Do 30 listopada, przelewem na rachunek wskazany we wniosku.</p>")])]),
    ("nabor-do-przedszkoli-2026", "Nabór do przedszkoli na rok szkolny 2026/2027", D(2026, 2, 16), ["oświata"],
     "oswiata", "Rekrutacja do trzech publicznych przedszkoli i oddziałów przedszkolnych rusza 2 marca.",
     [table([["Etap", "Termin"], ["Deklaracje kontynuacji", "16–27 lutego"],
             ["Składanie wniosków", "2–20 marca"], ["Lista zakwalifikowanych", "3 kwietnia"],
             ["Potwierdzenie woli", "do 14 kwietnia"], ["Lista przyjętych", "17 kwietnia"]],
            "Harmonogram rekrutacji do przedszkoli"),
      paragraph("<p>Pierwszeństwo mają dzieci z rodzin wielodzietnych i dzieci niepełnosprawne. "
                "Kryteria gminne: oboje rodzice pracują, rodzeństwo w tym samym przedszkolu.</p>"),
      contact("Publiczne Przedszkole nr 1", address="ul. Słoneczna 3\n36-060 Głogów Małopolski",
              phone="17 789 73 40", email="pp1@glogow-mlp.pl")]),
    ("ostrzezenie-przed-upalem", "Ostrzeżenie przed upałem: jak sobie radzić", D(2026, 7, 22), ["komunikaty"],
     "upal", "IMGW wydał ostrzeżenie 2. stopnia przed upałem. Temperatura do 34°C do niedzieli.",
     [paragraph("<p>Prosimy szczególnie o pamięć o osobach starszych i samotnych oraz o zwierzętach. "
                "Pływalnia OSiR i czytelnia biblioteki są otwarte dłużej, do godz. 21:00.</p>"),
      accordion("Jak chronić się przed upałem", [
          ("Pij wodę", "<p>Co najmniej 2 litry dziennie, nie czekaj na pragnienie.</p>"),
          ("Unikaj słońca", "<p>Między 11:00 a 16:00 zostań w cieniu lub w chłodnym pomieszczeniu.</p>"),
          ("Nie zostawiaj nikogo w aucie",
           "<p>W zamkniętym samochodzie temperatura w kilkanaście minut przekracza 50°C.</p>")])]),
    ("szczepienia-przeciw-grypie-seniorzy", "Bezpłatne szczepienia przeciw grypie dla seniorów",
     D(2026, 10, 5), ["komunikaty"], "zdrowie",
     "Mieszkańcy po 60. roku życia mogą zaszczepić się bezpłatnie w gminnych przychodniach.",
     [paragraph("<p>Szczepionkę finansuje gmina w ramach programu polityki zdrowotnej. Zapisy "
                "telefoniczne w przychodniach w Głogowie Małopolskim, Stykowie i Wysokiej Głogowskiej.</p>"),
      table([["Przychodnia", "Telefon"], ["Głogów Małopolski, ul. Piłsudskiego 30", "17 789 76 00"],
             ["Styków 150", "17 789 76 20"], ["Wysoka Głogowska 300", "17 789 76 40"]],
            "Przychodnie, w których można się zaszczepić")]),
    ("konsultacje-strategii-rozwoju", "Konsultacje społeczne projektu Strategii Rozwoju Gminy",
     D(2026, 4, 14), ["komunikaty"], "konsultacje",
     "Do 15 maja zbieramy uwagi do projektu Strategii Rozwoju Gminy Głogów Małopolski na lata 2026–2035.",
     [paragraph("<p>Uwagi można zgłaszać przez formularz elektroniczny, pocztą lub osobiście w Biurze "
                "Obsługi Interesanta. Spotkania konsultacyjne odbędą się w każdym sołectwie.</p>"),
      heading("Spotkania", "h2"),
      paragraph("<ul><li>22 kwietnia, 18:00 — Centrum Kultury, Głogów Małopolski</li><li>24 kwietnia, "
                "18:00 — świetlica w Stykowie</li><li>28 kwietnia, 18:00 — remiza OSP w Rogoźnicy</li></ul>"),
      call_to_action("Zgłoś uwagi", "Formularz konsultacji jest dostępny do 15 maja.", "Przejdź do formularza",
                     url="/konto/")]),
    ("godziny-pracy-urzedu-swieta", "Zmiana godzin pracy urzędu w okresie świątecznym", D(2026, 11, 9),
     ["komunikaty"], "urzad", "24 grudnia urząd będzie nieczynny, a 31 grudnia pracujemy do 12:00.",
     [table([["Dzień", "Godziny pracy"], ["24 grudnia (czwartek)", "nieczynny (dzień wolny za 26 grudnia)"],
             ["31 grudnia (czwartek)", "7:30–12:00"], ["2 stycznia (sobota)", "nieczynny"]],
            "Godziny pracy Urzędu Miejskiego w okresie świąteczno-noworocznym"),
      paragraph("<p>Urząd Stanu Cywilnego 24 grudnia pełni dyżur w sprawach rejestracji zgonów w godz. "
                "9:00–11:00.</p>")]),
    ("dni-glogowa-2026", "Dni Głogowa 2026: program", D(2026, 6, 10), ["kultura", "sport"], "dni",
     "Trzy dni koncertów, zawodów sportowych i atrakcji dla dzieci na rynku i stadionie miejskim.",
     [table([["Dzień", "Wydarzenie"], ["piątek 19 czerwca", "Bieg uliczny, koncert szkół muzycznych"],
             ["sobota 20 czerwca", "Turniej piłki nożnej, koncert gwiazdy wieczoru"],
             ["niedziela 21 czerwca", "Jarmark rękodzieła, pokaz sztucznych ogni"]], "Program Dni Głogowa"),
      body_image("dni", "Rynek w czasie Dni Głogowa"),
      paragraph("<p>Organizatorzy: Centrum Kultury i Ośrodek Sportu i Rekreacji. Wstęp wolny.</p>")]),
    ("ferie-w-bibliotece", "Ferie zimowe w bibliotece", D(2026, 1, 20), ["kultura", "oświata"], "biblioteka",
     "Warsztaty komiksu, gry planszowe i kino dla dzieci w bibliotece i jej filiach.",
     [paragraph("<p>Przez dwa tygodnie ferii biblioteka zaprasza dzieci w wieku 6–12 lat na zajęcia od "
                "poniedziałku do piątku w godz. 10:00–13:00. Udział jest bezpłatny, obowiązują zapisy.</p>"),
      contact("Miejsko-Gminna Biblioteka Publiczna", address="Rynek 20\n36-060 Głogów Małopolski",
              phone="17 789 74 10", email="biblioteka@glogow-mlp.pl", hours="pon.–pt. 9:00–18:00")]),
    ("termin-platnosci-podatku-15-marca", "Przypominamy: 15 marca mija termin płatności I raty podatku",
     D(2026, 3, 9), ["podatki"], "podatki",
     "Termin zapłaty I raty podatku od nieruchomości, rolnego i leśnego upływa 15 marca.",
     [paragraph("<p>Numer indywidualnego rachunku do wpłaty znajduje się w decyzji podatkowej. Podatek "
                "można zapłacić przelewem, w kasie urzędu lub online po zalogowaniu do konta mieszkańca.</p>"),
      paragraph("<p>Po terminie naliczamy odsetki za zwłokę, a po wysłaniu upomnienia — także koszty "
                "upomnienia.</p>"),
      contact("Referat Podatków i Opłat", room="I piętro, pok. 12", phone="17 789 78 30",
              email="podatki@glogow-mlp.pl"),
      documents("Zaświadczenia", ["zaswiadczenie"])]),
    ("boisko-wysoka-glogowska", "Nowe boisko wielofunkcyjne w Wysokiej Głogowskiej", D(2026, 5, 18),
     ["sport", "inwestycje"], "sport",
     "Przy szkole podstawowej otwarto boisko do piłki ręcznej, koszykówki i siatkówki z oświetleniem.",
     [paragraph("<p>Boisko o nawierzchni poliuretanowej jest dostępne dla mieszkańców po lekcjach, "
                "w dni powszednie do 21:00 i w weekendy 9:00–21:00. Koszt budowy: 780 tys. zł.</p>")]),
    ("termomodernizacja-sp-rudna-mala", "Termomodernizacja szkoły w Rudnej Małej zakończona", D(2026, 9, 1),
     ["inwestycje", "oświata"], None,
     "Uczniowie rozpoczęli rok szkolny w ocieplonym budynku z pompami ciepła i fotowoltaiką.",
     [paragraph("<p>Docieplono ściany i stropodach, wymieniono okna i oświetlenie na LED, zamontowano pompy "
                "ciepła i instalację fotowoltaiczną o mocy 50 kWp. Zużycie energii spadnie o około 60%.</p>"),
      heading("Finansowanie", "h2"),
      paragraph("<p>Wartość zadania: 2,1 mln zł, w tym 1,6 mln zł z Funduszy Europejskich dla "
                "Podkarpacia.</p>")]),
    ("zbiorka-odpadow-wielkogabarytowych", "Wiosenna zbiórka odpadów wielkogabarytowych", D(2026, 4, 1),
     ["odpady"], None, "Meble, dywany i zużyty sprzęt elektroniczny odbierzemy sprzed posesji w kwietniu.",
     [table([["Termin", "Miejscowości"], ["13 kwietnia", "Głogów Małopolski"],
             ["14 kwietnia", "Budy Głogowskie, Hucisko, Lipie, Pogwizdów Nowy"],
             ["15 kwietnia", "Przewrotne, Styków, Wola Cicha"],
             ["16 kwietnia", "Megiera, Rogoźnica, Rudna Mała, Wysoka Głogowska, Zabajka"]],
            "Terminy zbiórki odpadów wielkogabarytowych"),
      paragraph("<p>Odpady wystaw do godz. 6:00. Zbiórka nie obejmuje odpadów budowlanych, opon z "
                "samochodów ciężarowych ani części samochodowych.</p>")]),
]  # fmt: skip

# Templates of generic news (``--news N`` beyond the curated ones): title, intro, paragraph, tags
GENERIC_TOPICS: list[tuple[str, str, str, list[str]]] = [
    ("przerwa w dostawie wody — {place}", "Planowana przerwa w dostawie wody w miejscowości {place}.",
     "<p>Zakład Gospodarki Komunalnej informuje o przerwie w dostawie wody w związku z pracami "
     "konserwacyjnymi sieci w miejscowości {place}. Beczkowóz będzie dostępny przy świetlicy.</p>",
     ["komunikaty"]),
    ("zebranie wiejskie — {place}", "Sołtys zaprasza mieszkańców sołectwa {place} na zebranie wiejskie.",
     "<p>Zebranie odbędzie się w świetlicy wiejskiej o godz. 18:00. W porządku obrad: podział funduszu "
     "sołeckiego i sprawy bieżące sołectwa {place}.</p>", ["komunikaty"]),
    ("zamknięcie drogi — {place}", "Czasowe zamknięcie drogi gminnej w miejscowości {place}.",
     "<p>W związku z pracami drogowymi droga gminna w miejscowości {place} będzie zamknięta dla ruchu. "
     "Objazd jest oznakowany.</p>", ["inwestycje"]),
    ("odbiór bioodpadów — {place}", "Dodatkowy odbiór bioodpadów w miejscowości {place}.",
     "<p>W sezonie jesiennym bioodpady z miejscowości {place} odbierzemy dodatkowo w najbliższy "
     "czwartek. Worki należy wystawić do godz. 6:00.</p>", ["odpady"]),
    ("zajęcia sportowe — {place}", "Bezpłatne zajęcia sportowe dla dzieci w miejscowości {place}.",
     "<p>Ośrodek Sportu i Rekreacji zaprasza dzieci i młodzież na bezpłatne zajęcia ogólnorozwojowe "
     "w szkole w miejscowości {place}.</p>", ["sport"]),
]  # fmt: skip

PLACES = [
    "Budy Głogowskie", "Hucisko", "Lipie", "Megiera", "Pogwizdów Nowy", "Przewrotne", "Rogoźnica",
    "Rudna Mała", "Styków", "Wola Cicha", "Wysoka Głogowska", "Zabajka", "Głogów Małopolski",
]  # fmt: skip

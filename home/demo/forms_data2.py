# ruff: noqa: E501 -- data tables: one form per entry, long Polish labels kept whole
"""Demo application forms, part 2: eleven more service cards (taxes, waste, roads, trees, family, school).

Merged into ``forms_data.FORMS`` and seeded by ``forms_data.seed_application_forms``; every key is the
slug of a demo ``ServicePage`` (``services_data*.py``). ``name`` of every field is stable: submissions
and tests refer to it. The IN-1 information (``podatek-od-nieruchomosci``) has five steps, the longest
walk of the demo forms (the benchmark uses it).
"""


def _f(kind, label, name, *, required=True, help_text="", show_if=("", ""), **extra):
    """One input block as ``(type, value)``, the shape ``ApplicationForm.fields`` accepts."""
    return (kind, {"label": label, "name": name, "required": required, "help_text": help_text,
                   "show_if_field": show_if[0], "show_if_value": show_if[1], **extra})  # fmt: skip


def _step(title):
    return ("step_break", {"title": title})


def _heading(heading, text=""):
    return ("heading", {"heading": heading, "text": text})


def _contact(*, pesel=True, phone_required=False):
    """Name from the profile, PESEL, e-mail and phone: the usual first step of a resident's application."""
    fields = [
        _f("text", "Imię", "imie", prefill="first_name"),
        _f("text", "Nazwisko", "nazwisko", prefill="last_name"),
    ]
    if pesel:
        fields.append(_f("pesel", "PESEL", "pesel"))
    return [
        *fields,
        _f("email", "Adres e-mail", "email", help_text="Na ten adres wyślemy informację o sprawie."),
        _f("phone", "Telefon", "telefon", required=phone_required),
    ]


PDF_ONLY = {"allowed_types": ["pdf"], "max_size_mb": 10}
PDF_OR_IMAGE = {"allowed_types": ["pdf", "jpg", "jpeg", "png"], "max_size_mb": 10}
FIRM = "firma lub instytucja"
PERSON = "osoba fizyczna"

# fmt: off
FORMS = {
    "oplata-za-odpady": {
        "title": "Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi",
        "intro": "Deklarację składa właściciel nieruchomości w ciągu 14 dni od zamieszkania na niej pierwszego mieszkańca "
                 "albo do 10. dnia miesiąca po zmianie liczby mieszkańców. Opłatę naliczamy od liczby osób faktycznie "
                 "zamieszkujących nieruchomość, także niezameldowanych.",
        "first_step_title": "Składający deklarację",
        "live": True,
        "fields": [
            _f("choice", "Rodzaj deklaracji", "rodzaj-deklaracji",
               choices=["pierwsza deklaracja", "nowa deklaracja (zmiana danych)", "korekta deklaracji"]),
            _f("date", "Data powstania obowiązku opłaty lub zaistnienia zmiany", "data-zmiany", allow_future=False),
            _f("long_text", "Przyczyna korekty", "przyczyna-korekty", show_if=("rodzaj-deklaracji", "korekta deklaracji")),
            _f("choice", "Tytuł prawny do nieruchomości", "tytul-prawny",
               choices=["właściciel", "współwłaściciel", "najemca lub dzierżawca", "zarządca lub użytkownik wieczysty"]),
            *_contact(),
            _step("Nieruchomość"),
            _f("address", "Adres nieruchomości, na której powstają odpady", "adres-nieruchomosci"),
            _f("text", "Numer działki ewidencyjnej", "numer-dzialki", required=False, max_length=30,
               help_text="Wypełnij, jeśli nieruchomość nie ma jeszcze numeru porządkowego, np. 1234/5."),
            _f("choice", "Rodzaj zabudowy", "rodzaj-zabudowy",
               choices=["dom jednorodzinny", "lokal w budynku wielolokalowym", "nieruchomość rekreacyjna"]),
            _step("Mieszkańcy i opłata"),
            _f("number", "Liczba osób zamieszkujących nieruchomość", "liczba-mieszkancow", min_value=1, max_value=30,
               help_text="Licz wszystkie osoby, które faktycznie tu mieszkają, także dzieci i osoby niezameldowane."),
            _f("yes_no", "Czy kompostujesz bioodpady w kompostowniku przydomowym?", "kompostownik",
               help_text="Jeśli tak, przysługuje Ci zwolnienie z części opłaty (kwota z uchwały Rady Miejskiej) "
                         "i nie oddajesz bioodpadów w brązowym worku."),
            _f("number", "Pojemność kompostownika (m³)", "pojemnosc-kompostownika", min_value="0.1", max_value=20,
               show_if=("kompostownik", "tak")),
            _f("consent", "Oświadczam, że kompostuję wszystkie bioodpady w kompostowniku przydomowym, i przyjmuję do "
               "wiadomości, że gmina może to sprawdzić w oględzinach.", "oswiadczenie-kompostowanie",
               show_if=("kompostownik", "tak")),
            _f("yes_no", "Czy członkowie rodziny mają Kartę Dużej Rodziny?", "karta-duzej-rodziny", required=False),
            _step("Pouczenie"),
            _heading("Skutki niewniesienia opłaty", "Deklaracja stanowi podstawę do wystawienia tytułu wykonawczego (art. 3a ustawy o "
                     "postępowaniu egzekucyjnym w administracji). Opłatę wnosisz bez wezwania, na indywidualny rachunek "
                     "podany w zawiadomieniu."),
            _f("consent", "Przyjmuję do wiadomości pouczenie o skutkach niewniesienia opłaty.", "pouczenie"),
        ],
    },
    "podatek-od-nieruchomosci": {
        "title": "Informacja o nieruchomościach i obiektach budowlanych (IN-1)",
        "intro": "Złóż informację w ciągu 14 dni od nabycia, zabudowania lub zmiany sposobu użytkowania nieruchomości. "
                 "Formularz ma pięć kroków; przygotuj akt notarialny i dane z ewidencji gruntów. Powierzchnie podawaj "
                 "w metrach kwadratowych, użytki rolne w hektarach.",
        "first_step_title": "Podatnik",
        "live": True,
        "fields": [
            _f("choice", "Okoliczności złożenia informacji", "okolicznosci",
               choices=["informacja składana po raz pierwszy", "korekta uprzednio złożonej informacji"]),
            _f("date", "Data nabycia lub zmiany", "data-nabycia", allow_future=False,
               help_text="Dzień podpisania aktu notarialnego, uprawomocnienia postanowienia albo zakończenia budowy."),
            *_contact(),
            _f("choice", "Forma władania", "forma-wladania",
               choices=["własność", "współwłasność", "użytkowanie wieczyste", "posiadanie samoistne"]),
            _f("long_text", "Współwłaściciele (imiona, nazwiska, udziały)", "wspolwlasciciele",
               show_if=("forma-wladania", "współwłasność")),
            _step("Nieruchomość"),
            _f("address", "Adres położenia nieruchomości", "adres-nieruchomosci"),
            _f("text", "Obręb ewidencyjny", "obreb", required=False, max_length=60),
            _f("text", "Numer działki lub działek", "numery-dzialek", max_length=120, help_text="Np. 1234/5, 1234/6."),
            _f("text", "Numer księgi wieczystej", "ksiega-wieczysta", required=False, max_length=15,
               help_text="Np. RZ1Z/00012345/6."),
            _step("Grunty"),
            _heading("Powierzchnia gruntów", "Dane z wypisu z rejestru gruntów. Wpisz 0, jeśli dana pozycja Cię nie dotyczy."),
            _f("number", "Grunty związane z prowadzeniem działalności gospodarczej (m²)", "grunty-dzialalnosc",
               min_value=0, max_value=10000000),
            _f("number", "Pozostałe grunty (m²)", "grunty-pozostale", min_value=0, max_value=10000000),
            _f("yes_no", "Czy w skład nieruchomości wchodzą użytki rolne lub las?", "uzytki-rolne"),
            _f("number", "Powierzchnia użytków rolnych (ha)", "uzytki-rolne-ha", min_value="0.0001", max_value=10000,
               show_if=("uzytki-rolne", "tak"), help_text="Podlegają podatkowi rolnemu, wykaż je w załączniku ZIN-2."),
            _f("number", "Powierzchnia lasów (ha)", "lasy-ha", required=False, min_value=0, max_value=10000,
               show_if=("uzytki-rolne", "tak")),
            _step("Budynki i budowle"),
            _heading("Powierzchnia użytkowa budynków",
                     "Mierzona po wewnętrznej długości ścian; kondygnacje o wysokości 1,40–2,20 m liczymy w 50%, "
                     "niższych niż 1,40 m nie liczymy."),
            _f("number", "Budynki mieszkalne (m²)", "budynki-mieszkalne", min_value=0, max_value=100000),
            _f("number", "w tym kondygnacje o wysokości 1,40–2,20 m (m²)", "budynki-mieszkalne-niskie",
               required=False, min_value=0, max_value=100000),
            _f("number", "Budynki związane z działalnością gospodarczą (m²)", "budynki-dzialalnosc",
               required=False, min_value=0, max_value=100000),
            _f("number", "Pozostałe budynki, np. garaże wolnostojące, budynki gospodarcze (m²)", "budynki-pozostale",
               required=False, min_value=0, max_value=100000),
            _f("number", "Wartość budowli związanych z działalnością gospodarczą (zł)", "wartosc-budowli",
               required=False, min_value=0),
            _step("Załączniki i oświadczenie"),
            _f("file", "Dokument nabycia: akt notarialny, postanowienie o nabyciu spadku lub umowa", "dokument-nabycia",
               help_text="Plik PDF do 10 MB.", **PDF_ONLY),
            _f("file", "Zawiadomienie o zakończeniu budowy lub pozwolenie na użytkowanie", "pozwolenie-na-uzytkowanie",
               required=False, help_text="Dołącz, jeśli zgłaszasz nowy budynek.", **PDF_ONLY),
            _f("consent", "Przyjmuję do wiadomości, że za podanie nieprawdy lub zatajenie prawdy grozi odpowiedzialność "
               "przewidziana w Kodeksie karnym skarbowym.", "pouczenie-kks"),
        ],
    },
    "zaswiadczenie-o-niezaleganiu": {
        "title": "Wniosek o wydanie zaświadczenia o niezaleganiu w podatkach",
        "intro": "Zaświadczenie wydajemy najpóźniej w ciągu 7 dni. Opłata skarbowa wynosi 17 zł — dołącz dowód zapłaty.",
        "first_step_title": "Podatnik",
        "live": True,
        "fields": [
            _f("choice", "Kto jest podatnikiem?", "rodzaj-podatnika", choices=[PERSON, FIRM]),
            _f("text", "Imię i nazwisko", "imie-nazwisko", prefill="full_name", show_if=("rodzaj-podatnika", PERSON)),
            _f("pesel", "PESEL podatnika", "pesel", show_if=("rodzaj-podatnika", PERSON)),
            _f("text", "Pełna nazwa firmy lub instytucji", "nazwa-firmy", show_if=("rodzaj-podatnika", FIRM)),
            _f("nip", "NIP", "nip", show_if=("rodzaj-podatnika", FIRM)),
            _f("regon", "REGON", "regon", required=False, show_if=("rodzaj-podatnika", FIRM)),
            _f("email", "Adres e-mail", "email"),
            _f("phone", "Telefon", "telefon", required=False),
            _step("Zaświadczenie"),
            _f("choice", "W jakim celu potrzebujesz zaświadczenia?", "cel",
               choices=["przetarg lub zamówienie publiczne", "kredyt lub leasing", "dotacja lub dofinansowanie",
                        "zakup nieruchomości", "inny cel"]),
            _f("text", "Jaki to cel?", "cel-inny", max_length=200, show_if=("cel", "inny cel")),
            _f("multiple_choice", "Jakich należności ma dotyczyć zaświadczenie?", "naleznosci",
               choices=["podatek od nieruchomości", "podatek rolny", "podatek leśny",
                        "podatek od środków transportowych", "opłata za gospodarowanie odpadami komunalnymi"]),
            _f("number", "Liczba egzemplarzy", "liczba-egzemplarzy", min_value=1, max_value=5),
            _f("choice", "Jak chcesz odebrać zaświadczenie?", "odbior",
               choices=["w urzędzie", "pocztą", "na skrzynkę ePUAP"]),
            _f("address", "Adres do doręczenia", "adres-doreczenia", show_if=("odbior", "pocztą")),
            _step("Opłata i pełnomocnictwo"),
            _f("file", "Dowód zapłaty opłaty skarbowej (17 zł)", "dowod-oplaty",
               help_text="Potwierdzenie przelewu na rachunek urzędu, plik PDF.", **PDF_ONLY),
            _f("yes_no", "Czy składasz wniosek jako pełnomocnik?", "pelnomocnik"),
            _f("file", "Pełnomocnictwo z dowodem zapłaty 17 zł opłaty skarbowej", "pelnomocnictwo",
               show_if=("pelnomocnik", "tak"), **PDF_ONLY),
        ],
    },
    "zajecie-pasa-drogowego": {
        "title": "Wniosek o zezwolenie na zajęcie pasa drogowego drogi gminnej",
        "intro": "Złóż wniosek co najmniej 30 dni przed planowanym zajęciem. Przygotuj plan sytuacyjny z zaznaczoną "
                 "powierzchnią zajęcia, a przy robotach na jezdni — zatwierdzony projekt organizacji ruchu.",
        "first_step_title": "Wnioskodawca",
        "live": True,
        "fields": [
            _f("choice", "Wnioskodawca", "rodzaj-wnioskodawcy", choices=[PERSON, FIRM]),
            _f("text", "Imię i nazwisko", "imie-nazwisko", prefill="full_name"),
            _f("text", "Nazwa firmy", "nazwa-firmy", show_if=("rodzaj-wnioskodawcy", FIRM)),
            _f("nip", "NIP", "nip", show_if=("rodzaj-wnioskodawcy", FIRM)),
            _f("regon", "REGON", "regon", required=False, show_if=("rodzaj-wnioskodawcy", FIRM)),
            _f("address", "Adres do korespondencji", "adres"),
            _f("email", "Adres e-mail", "email"),
            _f("phone", "Telefon", "telefon", help_text="Zadzwonimy, jeśli trzeba uzgodnić szczegóły na miejscu."),
            _step("Miejsce i cel zajęcia"),
            _f("text", "Ulica lub numer drogi gminnej", "droga", max_length=120, help_text="Np. ul. Kościuszki albo droga nr 108512R."),
            _f("text", "Miejscowość i odcinek", "odcinek", max_length=200, help_text="Np. Rudna Mała, przed posesją nr 12."),
            _f("choice", "Cel zajęcia pasa drogowego", "cel-zajecia",
               choices=["prowadzenie robót w pasie drogowym", "umieszczenie urządzenia infrastruktury",
                        "umieszczenie obiektu budowlanego lub reklamy", "inny cel (kontener, rusztowanie, ogródek)"]),
            _f("text", "Rodzaj urządzenia", "rodzaj-urzadzenia", max_length=200,
               show_if=("cel-zajecia", "umieszczenie urządzenia infrastruktury"),
               help_text="Np. przyłącze wodociągowe, kabel energetyczny."),
            _f("long_text", "Rodzaj i zakres robót lub opis zajęcia", "opis"),
            _step("Termin i powierzchnia"),
            _f("date", "Zajęcie od", "data-od", allow_past=False),
            _f("date", "Zajęcie do", "data-do", allow_past=False),
            _f("multiple_choice", "Zajmowane elementy pasa drogowego", "elementy-pasa",
               choices=["jezdnia", "chodnik", "pobocze", "zieleniec", "zatoka lub parking"]),
            _f("number", "Powierzchnia zajęcia (m²)", "powierzchnia", min_value="0.1", max_value=10000,
               help_text="Łącznie ze składowaniem materiałów i zapleczem robót."),
            _f("yes_no", "Czy zajęcie wymaga zmiany organizacji ruchu?", "zmiana-organizacji-ruchu"),
            _step("Załączniki"),
            _f("file", "Plan sytuacyjny z zaznaczoną powierzchnią zajęcia", "plan-sytuacyjny",
               help_text="Mapa lub szkic w skali 1:500 albo 1:1000: PDF, JPG lub PNG do 10 MB.", **PDF_OR_IMAGE),
            _f("file", "Zatwierdzony projekt organizacji ruchu", "projekt-organizacji-ruchu",
               show_if=("zmiana-organizacji-ruchu", "tak"), **PDF_ONLY),
            _f("file", "Harmonogram robót", "harmonogram", required=False, **PDF_ONLY),
            _f("text", "Osoba odpowiedzialna za roboty (imię, nazwisko, telefon)", "kierownik-robot", max_length=200),
            _f("consent", "Przyjmuję do wiadomości, że opłatę za zajęcie pasa drogowego określi decyzja według stawek "
               "z uchwały Rady Miejskiej.", "pouczenie-oplata",
               help_text="Zajęcie bez zezwolenia albo dłuższe lub większe niż w zezwoleniu grozi karą pieniężną "
                         "(art. 40 ust. 12 ustawy o drogach publicznych)."),
        ],
    },
    "wymeldowanie": {
        "title": "Zgłoszenie wymeldowania z miejsca pobytu stałego lub czasowego",
        "intro": "Wymeldujesz się, jeśli opuściłeś miejsce pobytu. Jeśli meldujesz się w nowym miejscu w gminie, "
                 "nie musisz się osobno wymeldowywać.",
        "live": True,
        "fields": [
            *_contact(),
            _step("Wymeldowanie"),
            _f("choice", "Z jakiego pobytu się wymeldowujesz?", "rodzaj-pobytu", choices=["pobyt stały", "pobyt czasowy"]),
            _f("address", "Adres, z którego się wymeldowujesz", "adres-wymeldowania"),
            _f("date", "Data opuszczenia lokalu", "data-opuszczenia", allow_future=False),
            _f("yes_no", "Czy znasz już nowy adres zamieszkania?", "nowy-adres-znany"),
            _f("address", "Nowy adres zamieszkania", "nowy-adres", show_if=("nowy-adres-znany", "tak")),
            _f("consent", "Oświadczam, że opuściłem(-am) ten lokal i w nim nie mieszkam.", "oswiadczenie-opuszczenie"),
        ],
    },
    "wycinka-drzew": {
        "title": "Wniosek o zezwolenie na usunięcie drzew lub krzewów",
        "intro": "Zezwolenie jest potrzebne, gdy obwód pnia na wysokości 130 cm przekracza próg z ustawy o ochronie "
                 "przyrody, a drzewo rośnie na nieruchomości firmy lub usuwasz je w związku z działalnością gospodarczą.",
        "live": True,
        "fields": [
            *_contact(),
            _step("Nieruchomość"),
            _f("address", "Adres nieruchomości", "adres-nieruchomosci"),
            _f("text", "Numer działki i obręb", "numer-dzialki", max_length=120, help_text="Np. 1234/5, obręb Rudna Mała."),
            _f("choice", "Tytuł prawny do nieruchomości", "tytul-prawny",
               choices=["właściciel", "współwłaściciel", "użytkownik wieczysty", "posiadacz (najemca, zarządca)"]),
            _f("file", "Zgoda właściciela nieruchomości", "zgoda-wlasciciela",
               show_if=("tytul-prawny", "posiadacz (najemca, zarządca)"), **PDF_ONLY),
            _f("yes_no", "Czy usunięcie wiąże się z prowadzeniem działalności gospodarczej?", "dzialalnosc"),
            _step("Drzewa i krzewy"),
            _f("text", "Gatunek drzewa lub krzewu", "gatunek", max_length=120, help_text="Np. topola kanadyjska."),
            _f("number", "Liczba drzew", "liczba-drzew", min_value=1, max_value=500),
            _f("number", "Obwód pnia na wysokości 130 cm (cm)", "obwod-pnia", min_value=1, max_value=2000,
               help_text="Przy kilku drzewach podaj największy obwód; pozostałe opisz w uzasadnieniu."),
            _f("number", "Powierzchnia krzewów (m²)", "powierzchnia-krzewow", required=False, min_value=0, max_value=100000),
            _f("choice", "Przyczyna usunięcia", "przyczyna",
               choices=["drzewo zagraża bezpieczeństwu ludzi lub mienia", "drzewo jest chore lub obumarłe",
                        "budowa lub inwestycja", "inna przyczyna"]),
            _f("long_text", "Uzasadnienie", "uzasadnienie"),
            _f("date", "Planowany termin usunięcia", "termin-usuniecia", allow_past=False),
            _step("Rysunek i nasadzenia"),
            _f("file", "Rysunek lub mapka z lokalizacją drzew", "rysunek",
               help_text="Zaznacz drzewa na tle granic działki i budynków: PDF albo zdjęcia (JPG, PNG), najwyżej 3 pliki.",
               max_files=3, **PDF_OR_IMAGE),
            _f("yes_no", "Czy planujesz nasadzenia zastępcze?", "nasadzenia"),
            _f("long_text", "Projekt nasadzeń: gatunki, liczba, miejsce", "projekt-nasadzen", show_if=("nasadzenia", "tak")),
        ],
    },
    "karta-duzej-rodziny": {
        "title": "Wniosek o przyznanie Karty Dużej Rodziny",
        "intro": "Kartę dostaje każdy członek rodziny z co najmniej trojgiem dzieci, niezależnie od dochodu. Wniosek "
                 "rozpatruje Miejsko-Gminny Ośrodek Pomocy Społecznej.",
        "first_step_title": "Rodzic",
        "live": True,
        "fields": [
            *_contact(phone_required=True),
            _f("choice", "Jaką kartę wydać?", "rodzaj-karty",
               choices=["tradycyjna (plastikowa)", "elektroniczna (w aplikacji mObywatel)", "obie"]),
            _step("Dzieci"),
            _f("number", "Liczba dzieci w rodzinie", "liczba-dzieci", min_value=3, max_value=20,
               help_text="Dzieci do 18 lat, uczące się do 25 lat i dzieci z orzeczeniem o niepełnosprawności."),
            _heading("Troje dzieci", "Podaj dane trojga dzieci; kolejne dzieci wpisz w polu niżej."),
            _f("text", "Imię i nazwisko pierwszego dziecka", "dziecko-1", max_length=120),
            _f("pesel", "PESEL pierwszego dziecka", "dziecko-1-pesel", help_text="PESEL dziecka, nie Twój."),
            _f("text", "Imię i nazwisko drugiego dziecka", "dziecko-2", max_length=120),
            _f("pesel", "PESEL drugiego dziecka", "dziecko-2-pesel"),
            _f("text", "Imię i nazwisko trzeciego dziecka", "dziecko-3", max_length=120),
            _f("pesel", "PESEL trzeciego dziecka", "dziecko-3-pesel"),
            _f("long_text", "Pozostałe dzieci (imię, nazwisko, PESEL)", "pozostale-dzieci", required=False),
            _f("yes_no", "Czy któreś z dzieci ma ukończone 18 lat i uczy się?", "dziecko-uczace-sie"),
            _f("file", "Zaświadczenie ze szkoły lub uczelni", "zaswiadczenie-o-nauce",
               show_if=("dziecko-uczace-sie", "tak"), **PDF_ONLY),
            _step("Małżonek i oświadczenie"),
            _f("yes_no", "Czy karta ma objąć także Twojego małżonka?", "malzonek"),
            _f("text", "Imię i nazwisko małżonka", "malzonek-imie-nazwisko", max_length=120, show_if=("malzonek", "tak")),
            _f("pesel", "PESEL małżonka", "malzonek-pesel", show_if=("malzonek", "tak")),
            _f("consent", "Jestem świadomy(-a) odpowiedzialności karnej za złożenie fałszywego oświadczenia.",
               "oswiadczenie-kdr"),
        ],
    },
    "zapis-do-przedszkola": {
        "title": "Wniosek o przyjęcie dziecka do przedszkola",
        "intro": "Możesz wskazać do trzech przedszkoli w kolejności preferencji. O przyjęciu decyduje komisja "
                 "rekrutacyjna według kryteriów z Prawa oświatowego i uchwały Rady Miejskiej.",
        "first_step_title": "Dziecko",
        "live": True,
        "fields": [
            _f("text", "Imię dziecka", "dziecko-imie", max_length=60),
            _f("text", "Nazwisko dziecka", "dziecko-nazwisko", max_length=60),
            _f("pesel", "PESEL dziecka", "dziecko-pesel", help_text="PESEL dziecka, nie Twój."),
            _f("date", "Data urodzenia dziecka", "dziecko-data-urodzenia", allow_future=False),
            _f("address", "Adres zamieszkania dziecka", "adres-dziecka"),
            _step("Rodzice"),
            _f("text", "Imię i nazwisko matki lub opiekunki prawnej", "matka", required=False, max_length=120),
            _f("text", "Imię i nazwisko ojca lub opiekuna prawnego", "ojciec", required=False, max_length=120),
            _f("email", "Adres e-mail do kontaktu", "email"),
            _f("phone", "Telefon do kontaktu", "telefon"),
            _step("Przedszkola"),
            _f("choice", "Przedszkole pierwszego wyboru", "przedszkole-1",
               choices=["Publiczne Przedszkole nr 1 w Głogowie Małopolskim",
                        "Publiczne Przedszkole nr 2 w Głogowie Małopolskim", "Publiczne Przedszkole w Stykowie"]),
            _f("choice", "Przedszkole drugiego wyboru", "przedszkole-2", required=False,
               choices=["Publiczne Przedszkole nr 1 w Głogowie Małopolskim",
                        "Publiczne Przedszkole nr 2 w Głogowie Małopolskim", "Publiczne Przedszkole w Stykowie"]),
            _f("number", "Planowany pobyt dziecka w przedszkolu (godzin dziennie)", "godziny-pobytu",
               min_value=5, max_value=10, help_text="5 godzin dziennie jest bezpłatne."),
            _f("date", "Od kiedy dziecko ma chodzić do przedszkola?", "od-kiedy", allow_past=False),
            _step("Kryteria i oświadczenia"),
            _f("multiple_choice", "Które kryteria ustawowe spełnia kandydat?", "kryteria", required=False,
               choices=["wielodzietność rodziny kandydata", "niepełnosprawność kandydata",
                        "niepełnosprawność jednego z rodziców", "niepełnosprawność rodzeństwa",
                        "samotne wychowywanie kandydata w rodzinie", "objęcie kandydata pieczą zastępczą"]),
            _f("yes_no", "Czy dziecko ma orzeczenie o potrzebie kształcenia specjalnego?", "orzeczenie"),
            _f("file", "Orzeczenie o potrzebie kształcenia specjalnego", "orzeczenie-plik",
               show_if=("orzeczenie", "tak"), **PDF_ONLY),
            _f("consent", "Jestem świadomy(-a) odpowiedzialności karnej za złożenie fałszywego oświadczenia "
               "o spełnianiu kryteriów.", "oswiadczenie-kryteria"),
        ],
    },
    "zezwolenie-na-sprzedaz-alkoholu": {
        "title": "Wniosek o wydanie zezwolenia na sprzedaż napojów alkoholowych",
        "intro": "Wniosek opiniuje Gminna Komisja Rozwiązywania Problemów Alkoholowych. Na każdy rodzaj napojów "
                 "(A, B, C) wydajemy osobne zezwolenie.",
        "first_step_title": "Przedsiębiorca",
        "live": True,
        "fields": [
            _f("text", "Nazwa przedsiębiorcy (firma)", "nazwa-przedsiebiorcy", max_length=200),
            _f("nip", "NIP", "nip"),
            _f("regon", "REGON", "regon"),
            _f("text", "Numer KRS", "krs", required=False, max_length=10, help_text="Wypełnij, jeśli firma jest w KRS."),
            _f("address", "Adres siedziby", "adres-siedziby"),
            _f("text", "Pełnomocnik (imię, nazwisko)", "pelnomocnik", required=False, max_length=120),
            _f("email", "Adres e-mail", "email"),
            _f("phone", "Telefon", "telefon"),
            _step("Punkt sprzedaży"),
            _f("address", "Adres punktu sprzedaży", "adres-punktu"),
            _f("choice", "Rodzaj punktu", "rodzaj-punktu",
               choices=["sklep", "lokal gastronomiczny", "punkt sezonowy"]),
            _f("choice", "Sprzedaż", "miejsce-spozycia", choices=["w miejscu sprzedaży", "poza miejscem sprzedaży"]),
            _f("multiple_choice", "Rodzaje napojów alkoholowych", "rodzaje-zezwolen",
               choices=["A — do 4,5% alkoholu oraz piwo", "B — powyżej 4,5% do 18% alkoholu (z wyjątkiem piwa)",
                        "C — powyżej 18% alkoholu"]),
            _f("date", "Zezwolenie od dnia", "data-od", allow_past=False),
            _step("Załączniki"),
            _f("file", "Dokument potwierdzający tytuł prawny do lokalu", "tytul-prawny",
               help_text="Np. umowa najmu lub akt własności, plik PDF.", **PDF_ONLY),
            _f("yes_no", "Czy punkt jest w budynku wielolokalowym?", "budynek-wielolokalowy"),
            _f("file", "Zgoda właściciela, użytkownika, zarządcy lub administratora budynku", "zgoda-zarzadcy",
               show_if=("budynek-wielolokalowy", "tak"), **PDF_ONLY),
            _f("file", "Decyzja Państwowego Powiatowego Inspektora Sanitarnego", "decyzja-sanepid", required=False,
               help_text="Wymagana, gdy w punkcie sprzedawana jest żywność.", **PDF_ONLY),
            _f("consent", "Przyjmuję do wiadomości, że opłatę roczną wnosi się w trzech ratach do 31 stycznia, 31 maja "
               "i 30 września, a jej brak powoduje wygaśnięcie zezwolenia.", "pouczenie-oplata"),
        ],
    },
    "skarga-lub-wniosek": {
        "title": "Skarga, wniosek lub petycja do Burmistrza",
        "intro": "Skargę rozpatrujemy w ciągu miesiąca (art. 237 KPA), petycję w ciągu 3 miesięcy.",
        "first_step_title": "Twoje dane",
        "live": True,
        "fields": [
            _f("text", "Imię i nazwisko lub nazwa", "wnoszacy", prefill="full_name", max_length=200),
            _f("email", "Adres e-mail", "email"),
            _f("choice", "Jak chcesz otrzymać odpowiedź?", "odpowiedz", choices=["e-mailem", "pocztą"]),
            _f("address", "Adres do korespondencji", "adres", show_if=("odpowiedz", "pocztą")),
            _step("Treść"),
            _f("choice", "Co składasz?", "rodzaj", choices=["skarga", "wniosek", "petycja"],
               help_text="Skarga dotyczy złej pracy urzędu, wniosek — usprawnień, petycja — sprawy publicznej."),
            _f("text", "Czego lub kogo dotyczy?", "przedmiot", max_length=200),
            _f("long_text", "Treść", "tresc"),
            _f("yes_no", "Czy zgadzasz się na publikację Twojego imienia i nazwiska razem z petycją?",
               "zgoda-na-publikacje", show_if=("rodzaj", "petycja"),
               help_text="Treść petycji publikujemy w BIP (art. 8 ustawy o petycjach)."),
            _f("file", "Załącznik", "zalacznik", required=False,
               allowed_types=["pdf", "docx", "odt"], max_size_mb=10),
        ],
    },
    "zwrot-akcyzy": {
        "title": "Wniosek o zwrot podatku akcyzowego zawartego w cenie oleju napędowego",
        "intro": "Wnioski przyjmujemy od 1 do 28 lutego i od 1 do 31 sierpnia. Zwrot wypłacamy w kwietniu i październiku "
                 "przelewem albo w kasie urzędu.",
        "first_step_title": "Producent rolny",
        "live": True,
        "fields": [
            *_contact(),
            _f("nip", "NIP", "nip", required=False, help_text="Wypełnij, jeśli masz NIP."),
            _f("address", "Adres zamieszkania", "adres"),
            _step("Gospodarstwo i faktury"),
            _f("choice", "Okres składania wniosku", "okres",
               choices=["luty (faktury z sierpnia–stycznia)", "sierpień (faktury z lutego–lipca)"]),
            _f("number", "Powierzchnia użytków rolnych według ewidencji gruntów (ha)", "uzytki-rolne-ha",
               min_value="0.01", max_value=10000),
            _f("number", "Średnia roczna liczba dużych jednostek przeliczeniowych bydła (DJP)", "bydlo-djp",
               required=False, min_value=0, max_value=100000, help_text="Tylko hodowcy bydła, według danych ARiMR."),
            _f("number", "Ilość oleju napędowego na fakturach (litry)", "litry", min_value=1, max_value=1000000),
            _f("file", "Faktury VAT za olej napędowy", "faktury",
               help_text="Skany faktur w jednym pliku PDF albo archiwum ZIP, do 20 MB.",
               allowed_types=["pdf", "zip"], max_size_mb=20),
            _step("Wypłata"),
            _f("choice", "Jak wypłacić zwrot?", "forma-wyplaty", choices=["przelew na rachunek bankowy", "gotówka w kasie urzędu"]),
            _f("nrb", "Numer rachunku bankowego (26 cyfr)", "rachunek", show_if=("forma-wyplaty", "przelew na rachunek bankowy")),
            _f("text", "Właściciel rachunku", "wlasciciel-rachunku", max_length=120,
               show_if=("forma-wyplaty", "przelew na rachunek bankowy")),
            _f("consent", "Oświadczam, że olej napędowy z faktur został wykorzystany do produkcji rolnej w moim "
               "gospodarstwie.", "oswiadczenie-produkcja-rolna"),
        ],
    },
}
# fmt: on

"""The accessibility statement and the office's site settings.

The statement follows the sections required by the act of 4 April 2019 on the digital accessibility
of public bodies' websites and mobile applications (Dz.U. 2019 poz. 848, art. 10) and the minister's
template; the terms in the complaints procedure (7 days, 2 months) come from art. 18–19 of the act.
"""

import datetime as dt

from wagtail.models import Site

from cms.units.demo import OFFICE_BANK_NAME, OFFICE_HOURS, OFFICE_NIP, OFFICE_NRB, OFFICE_REGON
from home.models import AccessibilityStatementPage, OfficeSettings

from .content import PageSeeder, published_at

STATEMENT_SLUG = "deklaracja-dostepnosci"
SITE_URL = "https://glogow-mlp.pl"
BIP_URL = "https://bip.glogow-mlp.pl"

NON_ACCESSIBLE = (
    "<p>Strona internetowa jest częściowo zgodna z ustawą o dostępności cyfrowej z powodu niezgodności "
    "lub wyłączeń wymienionych poniżej:</p>"
    "<ul><li>część dokumentów PDF opublikowanych przed 23 września 2020 r. to skany bez warstwy "
    "tekstowej (wyłączenie: dokumenty opublikowane przed tą datą, art. 3 ust. 2 pkt 3 ustawy);</li>"
    "<li>nagrania sesji Rady Miejskiej z lat 2019–2024 nie mają napisów dla osób niesłyszących;</li>"
    "<li>mapy w serwisie informacji przestrzennej nie mają pełnego opisu tekstowego (wyłączenie: mapy, "
    "art. 3 ust. 2 pkt 4 ustawy) — adresy i obszary podajemy w treści ogłoszeń;</li>"
    "<li>niektóre zdjęcia w archiwalnych aktualnościach nie mają tekstu alternatywnego.</li></ul>"
)
KEYBOARD = (
    "<p>Na stronie można korzystać ze standardowych skrótów klawiaturowych przeglądarki. Pierwszy "
    "klawisz Tab pokazuje odnośnik „Przejdź do treści”, który pomija menu.</p>"
)
COMPLAINTS = (
    "<p>Każdy ma prawo do wystąpienia z żądaniem zapewnienia dostępności cyfrowej strony internetowej "
    "lub jej elementu. Można także zażądać udostępnienia informacji za pomocą alternatywnego sposobu "
    "dostępu, na przykład przez odczytanie niedostępnego cyfrowo dokumentu, opisanie zawartości filmu "
    "bez audiodeskrypcji itp.</p>"
    "<p>Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie strony internetowej lub elementu, "
    "o które chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza potrzebę otrzymania informacji "
    "za pomocą alternatywnego sposobu dostępu, powinna także określić dogodny dla niej sposób.</p>"
    "<p>Podmiot publiczny realizuje żądanie <b>niezwłocznie, nie później niż w ciągu 7 dni</b> od dnia "
    "jego wystąpienia. Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie informuje o tym "
    "wnoszącego żądanie, kiedy realizacja będzie możliwa, przy czym termin ten <b>nie może być dłuższy "
    "niż 2 miesiące</b> od dnia wystąpienia z żądaniem. Jeżeli zapewnienie dostępności cyfrowej nie jest "
    "możliwe, podmiot publiczny może zaproponować alternatywny sposób dostępu do informacji.</p>"
    "<p>W przypadku, gdy podmiot publiczny odmówi realizacji żądania, można złożyć skargę na takie "
    "rozwiązanie. Po wyczerpaniu tej procedury można także złożyć wniosek do "
    "<b>Rzecznika Praw Obywatelskich</b> (www.rpo.gov.pl).</p>"
)
ARCHITECTURAL = (
    "<p><b>Budynek Urzędu Miejskiego, ul. Rynek 1, 36-060 Głogów Małopolski.</b></p>"
    "<ul><li>Do wejścia głównego od strony rynku prowadzi pochylnia dla osób na wózkach; drzwi otwierają "
    "się automatycznie.</li><li>Biuro Obsługi Interesanta i kasa znajdują się na parterze; na wyższe "
    "piętra można wjechać windą, której przyciski są oznaczone alfabetem Braille'a.</li>"
    "<li>Na parterze jest toaleta dostosowana do potrzeb osób z niepełnosprawnościami.</li>"
    "<li>Na parkingu za budynkiem wyznaczono dwa miejsca parkingowe dla osób z niepełnosprawnościami, "
    "najbliżej wejścia.</li><li>Do budynku i wszystkich jego pomieszczeń można wejść z psem asystującym "
    "i psem przewodnikiem.</li><li>Przy wejściu znajduje się tablica tyflograficzna z planem parteru.</li></ul>"
)
COMMUNICATION = (
    "<p>Osoby doświadczające trwale lub okresowo trudności w komunikowaniu się mogą skorzystać "
    "z bezpłatnej pomocy <b>tłumacza polskiego języka migowego (PJM)</b>, systemu językowo-migowego (SJM) "
    "lub sposobu komunikowania się osób głuchoniewidomych (SKOGN). Chęć skorzystania z tłumacza należy "
    "zgłosić co najmniej <b>3 dni robocze</b> przed wizytą, z wyłączeniem sytuacji nagłych.</p>"
    "<p>W Biurze Obsługi Interesanta działa <b>pętla indukcyjna</b>. Z urzędem można skontaktować się "
    "także pisemnie, e-mailem (um@glogow-mlp.pl), przez ePUAP, telefonicznie z pomocą osoby przybranej "
    "oraz wysyłając SMS lub wiadomość przez komunikator na numer 600 100 200 (dane demonstracyjne).</p>"
)


def seed_accessibility_statement(seeder: PageSeeder, home) -> AccessibilityStatementPage:
    return seeder.ensure(
        home,
        AccessibilityStatementPage,
        STATEMENT_SLUG,
        lambda: {
            "title": "Deklaracja dostępności",
            "show_in_menus": False,  # linked from the footer of every page
            "entity_name": "Urząd Miejski w Głogowie Małopolskim",
            "site_url": SITE_URL,
            "published_on": dt.date(2026, 1, 15),
            "updated_on": dt.date(2026, 11, 2),
            "compliance": AccessibilityStatementPage.Compliance.PARTIAL,
            "non_accessible": NON_ACCESSIBLE,
            "prepared_on": dt.date(2026, 1, 15),
            "reviewed_on": dt.date(2026, 11, 2),
            "method": AccessibilityStatementPage.Method.SELF,
            "keyboard_shortcuts": KEYBOARD,
            "contact_person": "Joanna Wielgos, koordynator do spraw dostępności",
            "contact_email": "dostepnosc@glogow-mlp.pl",
            "contact_phone": "17 789 78 12",
            "complaints_procedure": COMPLAINTS,
            "architectural": ARCHITECTURAL,
            "communication": COMMUNICATION,
            "mobile_apps": "<p>Urząd nie udostępnia aplikacji mobilnych.</p>",
            "published": published_at(dt.date(2026, 1, 15)),
        },
    )


def seed_office_settings(site: Site, statement) -> OfficeSettings:
    """Fill the settings; writes only when a value differs, so a re-run changes nothing."""
    values = {
        "name": "Urząd Miejski w Głogowie Małopolskim",
        "street": "ul. Rynek 1",
        "postal_code": "36-060",
        "city": "Głogów Małopolski",
        "phone": "17 789 78 10",
        "fax": "17 789 78 99",
        "email": "um@glogow-mlp.pl",
        "nip": OFFICE_NIP,
        "regon": OFFICE_REGON,
        "bank_name": OFFICE_BANK_NAME,
        "bank_account": OFFICE_NRB,
        "epuap_address": "/glogowmlp/SkrytkaESP",
        "opening_hours": OFFICE_HOURS,
        "bip_url": BIP_URL,
        "accessibility_page_id": statement.pk,
    }
    settings = OfficeSettings.for_site(site)
    changed = [field for field, value in values.items() if getattr(settings, field) != value]
    if changed or settings.pk is None:
        for field in changed:
            setattr(settings, field, values[field])
        settings.save()
    return settings

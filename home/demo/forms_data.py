"""Demo application forms (``eservices.forms``) for three seeded service cards; seeding is idempotent."""

from eservices.forms.models import ApplicationForm

DECLARATION = "Oświadczam, że dane podane we wniosku są zgodne z prawdą."


def _field(label, name, *, required=True, help_text="", show_if=("", ""), **extra):
    return {"label": label, "name": name, "required": required, "help_text": help_text,
            "show_if_field": show_if[0], "show_if_value": show_if[1], **extra}  # fmt: skip


def _person():
    return [
        ("text", _field("Imię", "imie", prefill="first_name")),
        ("text", _field("Nazwisko", "nazwisko", prefill="last_name")),
        ("pesel", _field("PESEL", "pesel")),
        ("email", _field("Adres e-mail", "email", help_text="Na ten adres wyślemy informację o sprawie.")),
        ("phone", _field("Telefon", "telefon", required=False)),
    ]


FORMS = {
    "zameldowanie": {
        "title": "Zgłoszenie zameldowania na pobyt stały",
        "intro": "Wniosek ma trzy kroki. Jeśli nie jesteś właścicielem lokalu, przygotuj zgodę właściciela (PDF).",
        "fields": [
            *_person(),
            ("step_break", {"title": "Adres pobytu"}),
            ("address", _field("Adres nowego miejsca zamieszkania", "adres-pobytu")),
            (
                "date",
                _field("Data zamieszkania pod tym adresem", "data-zamieszkania", allow_past=True, allow_future=False),
            ),
            ("yes_no", _field("Czy jesteś właścicielem lub współwłaścicielem lokalu?", "wlasciciel")),
            (
                "file",
                _field(
                    "Zgoda właściciela lokalu",
                    "zgoda-wlasciciela",
                    show_if=("wlasciciel", "nie"),
                    help_text="Skan lub zdjęcie podpisanej zgody, plik PDF do 5 MB.",
                    allowed_types=["pdf"],
                    max_size_mb=5,
                ),
            ),
            ("step_break", {"title": "Oświadczenia"}),
            ("heading", {"heading": "Poprzednie miejsce pobytu", "text": "Wypełnij, jeśli je pamiętasz."}),
            ("text", _field("Poprzedni adres pobytu stałego", "poprzedni-adres", required=False)),
            (
                "consent",
                _field(
                    "Przyjmuję do wiadomości, że zameldowanie służy wyłącznie celom ewidencyjnym.", "zgoda-ewidencja"
                ),
            ),
        ],
    },  # fmt: skip
    "zgloszenie-utraty-dowodu": {
        "title": "Zgłoszenie utraty lub uszkodzenia dowodu osobistego",
        "intro": "Po zgłoszeniu dowód zostanie unieważniony i nie da się go już użyć.",
        "fields": [
            *_person(),
            ("step_break", {"title": "Utracony dowód"}),
            ("text", _field("Seria i numer dowodu (jeśli znasz)", "numer-dowodu", required=False, max_length=9)),
            ("date", _field("Data utraty", "data-utraty", allow_future=False)),
            ("choice", _field("Co się stało?", "okolicznosci", choices=["utrata", "kradzież", "uszkodzenie"])),
            ("long_text", _field("Opis okoliczności", "opis", required=False)),
        ],
    },  # fmt: skip
    "dostep-do-informacji-publicznej": {
        "title": "Wniosek o udostępnienie informacji publicznej",
        "intro": "Nie musisz podawać, po co Ci ta informacja.",
        "first_step_title": "Wniosek",
        "fields": [
            ("text", _field("Imię i nazwisko lub nazwa", "wnioskodawca", prefill="full_name")),
            ("email", _field("Adres e-mail", "email")),
            ("long_text", _field("Jakiej informacji potrzebujesz?", "zakres")),
            (
                "choice",
                _field("Jak udostępnić informację?", "sposob", choices=["e-mailem", "pocztą", "wgląd w urzędzie"]),
            ),
            ("address", _field("Adres do korespondencji", "adres", show_if=("sposob", "pocztą"), use_register=False)),
        ],
    },  # fmt: skip
}


def seed_application_forms(service_pages: dict) -> list[ApplicationForm]:
    """Attach the demo forms to their cards; a card that already has a form is left alone."""
    created = []
    for slug, data in FORMS.items():
        page = service_pages.get(slug)
        if page is None or ApplicationForm.objects.filter(service=page).exists():
            continue
        created.append(
            ApplicationForm.objects.create(
                service=page,
                title=data["title"],
                intro=data["intro"],
                first_step_title=data.get("first_step_title", "Twoje dane"),
                fields=data["fields"],
                declaration=DECLARATION,
            )
        )
        if not page.online_form_available:
            page.online_form_available = True
            page.save(update_fields=["online_form_available"])
    return created


from .forms_data2 import FORMS as _MORE_FORMS  # noqa: E402 -- more demo forms, kept in their own module

FORMS.update(_MORE_FORMS)

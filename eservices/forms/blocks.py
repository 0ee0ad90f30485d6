"""Field blocks of an application form.

Every input block has a ``label``, a stable ``name`` (the key of the answer, kept when an editor
rewords the label), ``help_text``, ``required`` and an optional condition: the field is shown only
when the field named ``show_if_field`` has the value ``show_if_value``. ``step_break`` starts a new
step of a multi-step form; ``heading`` only structures a step. ``eservices.forms.fields`` turns the
blocks into Django form fields; the blocks' own templates (``eforms/blocks/``) render that same
Django field for the previews in the admin's block chooser (``preview_value``), so an editor sees
what a resident will see.
"""

import json

from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.editorial.uploads import CLAIMED

PREFILL_CHOICES = [
    ("", _("bez podpowiedzi")),
    ("first_name", _("imię z profilu")),
    ("last_name", _("nazwisko z profilu")),
    ("full_name", _("imię i nazwisko z profilu")),
]


class FieldBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("etykieta"), max_length=200)
    name = blocks.CharBlock(
        label=_("nazwa techniczna"),
        max_length=50,
        validators=[validate_slug],
        help_text=_("Stała nazwa odpowiedzi (litery, cyfry, myślniki), np. „data-urodzenia”. Nie zmieniaj jej."),
    )
    help_text = blocks.CharBlock(label=_("podpowiedź"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("obowiązkowe"), required=False, default=True)
    show_if_field = blocks.CharBlock(
        label=_("pokaż tylko, gdy pole (nazwa)"), required=False, max_length=50, validators=[validate_slug]
    )
    show_if_value = blocks.CharBlock(label=_("ma wartość"), required=False, max_length=200)

    def get_context(self, value, parent_context=None):
        """Adds ``form``: the Django form of this one field, built as in an application step."""
        from .fields import preview_form  # fields does not import blocks; this keeps it that way

        context = super().get_context(value, parent_context)
        context["form"] = preview_form(self.name, json.loads(json.dumps(self.get_prep_value(value), default=str)))
        return context

    class Meta:
        icon = "form"
        form_classname = "struct-block eform-field"
        template = "eforms/blocks/field.html"
        preview_template = "eforms/blocks/preview.html"


class TextFieldBlock(FieldBlock):
    prefill = blocks.ChoiceBlock(choices=PREFILL_CHOICES, required=False, label=_("wypełnij z profilu"))
    max_length = blocks.IntegerBlock(label=_("najwięcej znaków"), required=False, min_value=1, max_value=1000)

    class Meta:
        icon = "pilcrow"
        preview_value = {"label": "Imię", "name": "imie", "required": True, "prefill": "first_name"}
        description = _("Krótki tekst w jednej linii.")


class LongTextFieldBlock(FieldBlock):
    class Meta:
        icon = "doc-full"
        preview_value = {
            "label": "Uzasadnienie wniosku",
            "name": "uzasadnienie",
            "required": True,
            "help_text": "Opisz krótko, czego dotyczy wniosek.",
        }
        description = _("Dłuższy tekst, np. uzasadnienie.")


class EmailFieldBlock(FieldBlock):
    class Meta:
        icon = "mail"
        preview_value = {
            "label": "Adres e-mail",
            "name": "email",
            "required": True,
            "help_text": "Na ten adres wyślemy informację o sprawie.",
        }
        description = _("Adres e-mail (wypełniany z profilu).")


class PhoneFieldBlock(FieldBlock):
    class Meta:
        icon = "mobile-alt"
        preview_value = {"label": "Telefon", "name": "telefon", "required": False}
        description = _("Numer telefonu (wypełniany z profilu).")


class NumberFieldBlock(FieldBlock):
    min_value = blocks.DecimalBlock(label=_("najmniej"), required=False)
    max_value = blocks.DecimalBlock(label=_("najwięcej"), required=False)

    class Meta:
        icon = "order"
        preview_value = {
            "label": "Powierzchnia lokalu (m²)",
            "name": "powierzchnia",
            "required": True,
            "min_value": 1,
            "max_value": 1000,
        }
        description = _("Liczba.")


class DateFieldBlock(FieldBlock):
    allow_past = blocks.BooleanBlock(label=_("dozwolone daty przeszłe"), required=False, default=True)
    allow_future = blocks.BooleanBlock(label=_("dozwolone daty przyszłe"), required=False, default=True)

    class Meta:
        icon = "date"
        preview_value = {
            "label": "Data zamieszkania",
            "name": "data-zamieszkania",
            "required": True,
            "allow_past": True,
            "allow_future": False,
        }
        description = _("Data w formacie DD.MM.RRRR.")


class ChoiceFieldBlock(FieldBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("odpowiedzi do wyboru"))

    class Meta:
        icon = "radio-full"
        preview_value = {
            "label": "Co się stało?",
            "name": "okolicznosci",
            "required": True,
            "choices": ["utrata", "kradzież", "uszkodzenie"],
        }
        description = _("Jedna odpowiedź z listy.")


class MultipleChoiceFieldBlock(ChoiceFieldBlock):
    class Meta:
        icon = "tasks"
        preview_value = {
            "label": "Jak chcesz otrzymywać informacje?",
            "name": "kanaly",
            "required": True,
            "choices": ["e-mail", "SMS", "list"],
        }
        description = _("Kilka odpowiedzi z listy.")


class YesNoFieldBlock(FieldBlock):
    class Meta:
        icon = "tick-inverse"
        preview_value = {"label": "Czy jesteś właścicielem lokalu?", "name": "wlasciciel", "required": True}
        description = _("Odpowiedź „tak” albo „nie” (warunek: wartość „tak” lub „nie”).")


class FileFieldBlock(FieldBlock):
    allowed_types = blocks.MultipleChoiceBlock(
        choices=[(key, label) for key, label in CLAIMED.items()], default=["pdf"], label=_("dozwolone rodzaje")
    )
    max_size_mb = blocks.IntegerBlock(label=_("największy rozmiar (MB)"), default=5, min_value=1, max_value=50)
    max_files = blocks.IntegerBlock(
        label=_("najwięcej plików"),
        default=1,
        min_value=1,
        max_value=20,
        help_text=_("Ile plików mieszkaniec może dołączyć w tym polu; rozmiar dotyczy każdego pliku."),
    )

    class Meta:
        icon = "doc-empty"
        preview_value = {
            "label": "Zgoda właściciela lokalu",
            "name": "zgoda",
            "required": True,
            "help_text": "Skan podpisanej zgody, PDF do 5 MB.",
            "allowed_types": ["pdf"],
            "max_size_mb": 5,
            "max_files": 3,
        }
        description = _("Załącznik; rodzaj sprawdzany po zawartości pliku.")


class PeselFieldBlock(FieldBlock):
    class Meta:
        icon = "user"
        preview_value = {"label": "PESEL", "name": "pesel", "required": True}
        description = _("PESEL z sumą kontrolną (wypełniany z profilu).")


class NipFieldBlock(FieldBlock):
    class Meta:
        icon = "user"
        preview_value = {"label": "NIP firmy", "name": "nip", "required": True}
        description = _("NIP z sumą kontrolną.")


class RegonFieldBlock(FieldBlock):
    class Meta:
        icon = "user"
        preview_value = {"label": "REGON", "name": "regon", "required": False}
        description = _("REGON (9 lub 14 cyfr) z sumą kontrolną.")


class NrbFieldBlock(FieldBlock):
    class Meta:
        icon = "placeholder"
        preview_value = {"label": "Numer rachunku do zwrotu", "name": "rachunek", "required": True}
        description = _("Numer rachunku bankowego (26 cyfr, kontrola mod-97).")


class AddressFieldBlock(FieldBlock):
    use_register = blocks.BooleanBlock(
        label=_("miejscowość i ulica z listy gminy"),
        required=False,
        default=True,
        help_text=_("Odznacz dla adresu spoza gminy, np. adresu do korespondencji: wtedy mieszkaniec wpisuje adres."),
    )

    class Meta:
        icon = "site"
        preview_value = {"label": "Adres zamieszkania", "name": "adres", "required": True, "use_register": True}
        description = _(
            "Adres: miejscowość i ulica z rejestru gminy (TERYT), numer domu i lokalu, kod pocztowy "
            "(wypełniany z profilu)."
        )


class ConsentFieldBlock(FieldBlock):
    class Meta:
        icon = "tick"
        preview_value = {
            "label": "Oświadczam, że dane we wniosku są zgodne z prawdą.",
            "name": "oswiadczenie",
            "required": True,
        }
        description = _("Zgoda lub oświadczenie do zaznaczenia; etykieta to jego treść.")


class SectionHeadingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("nagłówek"), max_length=200)
    text = blocks.TextBlock(label=_("wyjaśnienie"), required=False)

    class Meta:
        icon = "title"
        template = "eforms/blocks/heading.html"
        preview_template = "eforms/blocks/preview.html"
        preview_value = {"heading": "Poprzednie miejsce pobytu", "text": "Wypełnij, jeśli je pamiętasz."}
        description = _("Nagłówek części formularza.")


class StepBreakBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("tytuł następnego kroku"), max_length=200)

    class Meta:
        icon = "arrow-right"
        template = "eforms/blocks/step_break.html"
        preview_template = "eforms/blocks/preview.html"
        preview_value = {"title": "Oświadczenia"}
        description = _("Dzieli formularz na kroki; pola poniżej trafiają do kolejnego kroku.")


class ApplicationFieldsBlock(blocks.StreamBlock):
    text = TextFieldBlock(label=_("tekst"))
    long_text = LongTextFieldBlock(label=_("długi tekst"))
    email = EmailFieldBlock(label=_("e-mail"))
    phone = PhoneFieldBlock(label=_("telefon"))
    number = NumberFieldBlock(label=_("liczba"))
    date = DateFieldBlock(label=_("data"))
    choice = ChoiceFieldBlock(label=_("jednokrotny wybór"))
    multiple_choice = MultipleChoiceFieldBlock(label=_("wielokrotny wybór"))
    yes_no = YesNoFieldBlock(label=_("tak/nie"))
    file = FileFieldBlock(label=_("załącznik"))
    pesel = PeselFieldBlock(label=_("PESEL"))
    nip = NipFieldBlock(label=_("NIP"))
    regon = RegonFieldBlock(label=_("REGON"))
    nrb = NrbFieldBlock(label=_("rachunek bankowy (NRB)"))
    address = AddressFieldBlock(label=_("adres"))
    consent = ConsentFieldBlock(label=_("zgoda / oświadczenie"))
    heading = SectionHeadingBlock(label=_("nagłówek sekcji"))
    step_break = StepBreakBlock(label=_("nowy krok"))

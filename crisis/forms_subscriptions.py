"""Forms of the alert subscriptions: the public form, the codes, the account page and the staff import.

The forms only check and normalise input (with the same functions the services use, so the messages
match); the writes are in ``crisis.services.subscriptions``. Areas are checkboxes grouped by kind
(whole gmina, town districts, sołectwa) in fieldsets; see ``area_groups``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.accounts.forms import AccessibleFormMixin
from crisis.models import AlertArea, Category
from crisis.services.subscriptions import normalize_phone

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "maxlength": "7"}


def data_controller() -> str:
    return getattr(settings, "RATUSZ_CRISIS_DATA_CONTROLLER", "") or settings.WAGTAIL_SITE_NAME


def consent_text() -> str:
    """The wording a subscriber agrees to; stored with the subscription (GDPR art. 7 (1))."""
    return str(
        _(
            "Zgadzam się, aby %(controller)s (administrator danych) przetwarzał mój adres e-mail lub numer "
            "telefonu w celu wysyłania mi ostrzeżeń o zagrożeniach dla wybranych obszarów gminy "
            "(art. 6 ust. 1 lit. a RODO). Zgodę mogę wycofać w każdej chwili: linkiem „Wypisz” w każdym "
            "e-mailu, na stronie /ostrzezenia/stop/ albo na swoim koncie; wycofanie nie wpływa na zgodność "
            "z prawem wcześniejszego wysyłania."
        )
        % {"controller": data_controller()}
    )


class AreaChoiceMixin(forms.Form):
    """``all_areas`` + ``areas`` + ``categories``, with the "choose at least one" rules."""

    all_areas = forms.BooleanField(label=_("Cała gmina — wszystkie ostrzeżenia"), required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Obszary"),
        queryset=AlertArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("Rodzaje zagrożeń"),
        choices=Category.choices,
        required=False,
        initial=Category.values,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if not data.get("all_areas") and not data.get("areas"):
            self.add_error("areas", _("Wybierz co najmniej jeden obszar albo całą gminę."))
        if not data.get("categories") and "categories" not in self.errors:
            self.add_error("categories", _("Wybierz co najmniej jedną kategorię zagrożeń."))
        return data

    def area_groups(self) -> list[tuple[str, list]]:
        """``[(legend, [checkbox subwidgets])]`` per area kind, skipping empty kinds."""
        order = [AlertArea.Kind.GMINA, AlertArea.Kind.OSIEDLE, AlertArea.Kind.SOLECTWO]
        legends = {
            AlertArea.Kind.GMINA: _("Cała gmina"),
            AlertArea.Kind.OSIEDLE: _("Osiedla (dzielnice miasta)"),
            AlertArea.Kind.SOLECTWO: _("Sołectwa"),
        }
        groups: dict[str, list] = {kind: [] for kind in order}
        for widget in self["areas"]:
            instance = getattr(widget.data["value"], "instance", None)
            groups[instance.kind if instance is not None else AlertArea.Kind.SOLECTWO].append(widget)
        return [(legends[kind], groups[kind]) for kind in order if groups[kind] or kind == AlertArea.Kind.GMINA]


class SubscribeForm(AccessibleFormMixin, AreaChoiceMixin):
    """The public form. ``website`` is a honeypot: hidden from people, filled by bots."""

    email = forms.EmailField(
        label=_("Adres e-mail"),
        required=False,
        max_length=254,
        help_text=_("Wyślemy na niego link potwierdzający."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Wpisz adres e-mail w formacie nazwa@domena.pl.")},
    )
    phone = forms.CharField(
        label=_("Numer telefonu komórkowego"),
        required=False,
        max_length=30,
        help_text=_("Polski numer komórkowy, np. 600 123 456. Wyślemy na niego SMS z kodem."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("Zgadzam się na przetwarzanie danych w celu wysyłania ostrzeżeń (treść zgody powyżej)."),
        error_messages={"required": _("Zaznacz zgodę — bez niej nie możemy wysyłać ostrzeżeń.")},
    )
    website = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "phone", "all_areas", "areas", "categories", "consent", "website"]

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        return normalize_phone(raw) if raw.strip() else ""

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").lower()

    def clean(self):
        data = super().clean()
        if (
            not data.get("email")
            and not data.get("phone")
            and not self.has_error("email")
            and not self.has_error("phone")
        ):
            raise ValidationError(_("Podaj adres e-mail lub numer telefonu komórkowego (albo oba)."), code="no_contact")
        return data

    @property
    def contact_error(self) -> str:
        """The "give an e-mail or a phone" message, also shown in the contacts fieldset (next to the fields)."""
        for error in self.non_field_errors().as_data():
            if error.code == "no_contact":
                return error.messages[0]
        return ""

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class CodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Kod z SMS-a"),
        max_length=7,
        help_text=_("Sześć cyfr z wiadomości, którą wysłaliśmy na Twój numer."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
        error_messages={"required": _("Wpisz kod z SMS-a.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Kod ma sześć cyfr, np. 123456."))
        return code


class StopForm(AccessibleFormMixin, forms.Form):
    phone = forms.CharField(
        label=_("Numer telefonu komórkowego"),
        max_length=30,
        help_text=_("Numer, na który przychodzą ostrzeżenia, np. 600 123 456."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Wpisz numer telefonu.")},
    )

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])


class ChangeForm(AccessibleFormMixin, AreaChoiceMixin):
    """Areas and categories of one's own subscription (``/konto/powiadomienia/<id>/``)."""


class AccountEmailForm(AccessibleFormMixin, AreaChoiceMixin):
    consent = forms.BooleanField(
        label=_("Zgadzam się na przetwarzanie danych w celu wysyłania ostrzeżeń (treść zgody powyżej)."),
        error_messages={"required": _("Zaznacz zgodę — bez niej nie możemy wysyłać ostrzeżeń.")},
    )


class ImportForm(AreaChoiceMixin):
    """Staff import (admin): the CSV file, areas and categories for all, and where the consents are."""

    file = forms.FileField(
        label=_("Plik CSV z kontaktami"),
        help_text=_("UTF-8, wiersz nagłówka z kolumnami „email” i/lub „telefon”, separator średnik lub przecinek."),
    )
    consent_note = forms.CharField(
        label=_("Skąd pochodzą zgody"),
        max_length=200,
        help_text=_("Np. „Lista od sołtysa Rudnej Wielkiej, zgody pisemne z 12.05.2026, w aktach OR.5522.3.2026”."),
        error_messages={"required": _("Opisz, skąd pochodzą zgody.")},
    )
    field_order = ["file", "all_areas", "areas", "categories", "consent_note"]

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("Plik jest za duży (najwyżej 5 MB)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1250"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("Nie można odczytać pliku: zapisz go jako CSV w kodowaniu UTF-8."))

"""The resident's choice of due-date reminders (``ReminderPreference``): e-mail on/off, SMS on/off
with a Polish mobile number. Read by ``reminders.send_due_reminders``; edited on ``/konto/naleznosci/``.

The number is checked with a plain pattern (``+48`` and nine digits, spaces and dashes allowed,
the ``+48`` may be left out) and stored as ``+48XXXXXXXXX`` — the form ``cms.messaging.services.
queue_sms`` accepts. Numbers that are not mobile are not told apart here (another change brings
``phonenumbers``)."""

from __future__ import annotations

import re

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cms.accounts.forms import AccessibleFormMixin

from .models import ReminderPreference

MOBILE_RE = re.compile(r"^(?:\+?48|0048)?([1-9]\d{8})$")


def normalise_mobile(value: str) -> str | None:
    """``"601 234 567"`` / ``"+48 601-234-567"`` → ``"+48601234567"``; ``None`` when not 9 digits after +48."""
    match = MOBILE_RE.match(re.sub(r"[\s\-()]", "", value or ""))
    return f"+48{match[1]}" if match else None


def preference_for(user) -> ReminderPreference:
    """The user's preference, or the default (e-mail on, SMS off) unsaved."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


class ReminderPreferenceForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["email", "sms", "phone"]
        labels = {
            "email": _("Przypominaj mi e-mailem o zbliżających się terminach płatności"),
            "sms": _("Przypominaj mi SMS-em o zbliżających się terminach płatności"),
            "phone": _("Numer telefonu komórkowego do SMS"),
        }
        help_texts = {"phone": _("Polski numer komórkowy, np. +48 601 234 567. Potrzebny tylko do SMS.")}
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        number = normalise_mobile(value)
        if number is None:
            raise forms.ValidationError(
                _("Podaj polski numer komórkowy: +48 i 9 cyfr, np. +48 601 234 567."), code="invalid_mobile"
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sms") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", forms.ValidationError(_("Aby dostawać SMS-y, podaj numer telefonu."), code="required")
            )
        return cleaned


@transaction.atomic
def preference_save(*, form: ReminderPreferenceForm) -> ReminderPreference:
    """Save a valid ``form`` (bound to ``preference_for(user)``)."""
    return form.save()

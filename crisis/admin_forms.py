"""Forms of the crisis admin: composing an alert, the small decision forms, the lists' filters.

The forms check shapes only (a date, a choice); what the domain forbids (no area, no channel, an
SMS over its parts, expiry before effect, approving one's own alert) is ``crisis.services.alerts``'s
to refuse, and its ``AlertError`` messages are put next to the fields they belong to.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateTimeInput

from .models import Alert, AlertArea, Subscription
from .models.alerts import Level, default_sms_max_parts
from .services.alerts import EDITABLE_FIELDS, AlertError

SEND_NOW, SEND_LATER = "now", "scheduled"
DEFAULT_HOURS = 24  # a new alert is in effect for a day unless the operator says otherwise

#: the compose form in fieldsets: (legend, field names)
FIELDSETS = [
    (_("Treść ostrzeżenia"), ["event", "headline", "description", "instruction", "web"]),
    (
        _("Rodzaj i klasyfikacja (CAP, RSO)"),
        ["status", "scope", "level", "category", "urgency", "severity", "certainty"],
    ),
    (_("Obszar"), ["areas", "polygon"]),
    (_("Czas"), ["effective", "expires", "send_when", "send_at"]),
    (_("Kanały"), ["send_sms", "send_email", "show_banner"]),
    (_("Treść SMS"), ["sms_text", "sms_transliterate", "sms_max_parts"]),
]


class AlertForm(forms.ModelForm):
    """Compose or edit an alert. ``areas`` is not required here so that the service's message about a
    missing area is the one shown, the same as for every other rule."""

    send_when = forms.ChoiceField(
        label=_("Wysyłka"),
        choices=[(SEND_NOW, _("od razu po zatwierdzeniu")), (SEND_LATER, _("o wybranej godzinie"))],
        initial=SEND_NOW,
        widget=forms.RadioSelect,
    )
    web = forms.URLField(label=_("Więcej informacji (adres)"), required=False, assume_scheme="https")

    class Meta:
        model = Alert
        fields = [name for name in EDITABLE_FIELDS if name != "template"] + ["areas"]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "effective": AdminDateTimeInput,
            "expires": AdminDateTimeInput,
            "send_at": AdminDateTimeInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "instruction": forms.Textarea(attrs={"rows": 3}),
            "polygon": forms.Textarea(attrs={"rows": 2}),
            "sms_text": forms.Textarea(attrs={"rows": 4, "data-sms-text": ""}),
            "sms_transliterate": forms.CheckboxInput(attrs={"data-sms-transliterate": ""}),
            "sms_max_parts": forms.NumberInput(attrs={"min": 1, "max": 10, "data-sms-max-parts": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].required = False
        self.fields["areas"].queryset = AlertArea.objects.order_by("sort_order", "name")
        self.fields["areas"].help_text = _("Mieszkańcy zapisani na „całą gminę” dostaną każde ostrzeżenie.")
        self.fields["sms_max_parts"].help_text = _(
            "Jedna wiadomość: 160 znaków bez polskich liter (GSM-7) albo 70 z nimi (UCS-2); dłuższa dzieli się na "
            "części po 153 lub 67 znaków."
        )
        self.fields["sms_text"].widget.attrs["aria-describedby"] = "sms-preview"
        self.fields["sms_text"].help_text = _(
            "Znaczniki {obszar} i {do} zostaną zastąpione nazwami obszarów i końcem obowiązywania przy zapisie."
        )
        if not self.is_bound and not self.instance.pk:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("sms_max_parts", default_sms_max_parts())
            self.initial.setdefault("effective", now)
            self.initial.setdefault("expires", now.replace(minute=0) + dt.timedelta(hours=DEFAULT_HOURS + 1))
        if self.instance.pk and self.instance.send_at:
            self.initial.setdefault("send_when", SEND_LATER)
        if self.instance.msg_type == Alert.MsgType.CANCEL:
            self.fields.pop("status")  # a cancel keeps the status of the alert it cancels

    def clean(self):
        data = super().clean()
        if data.get("send_when") == SEND_LATER:
            if not data.get("send_at"):
                self.add_error("send_at", _("Podaj datę i godzinę wysyłki albo wybierz „od razu po zatwierdzeniu”."))
        else:
            data["send_at"] = None
        return data

    def service_fields(self) -> dict:
        """The cleaned values the services take (``areas`` separately)."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}

    def add_service_errors(self, error: AlertError) -> None:
        for field, message in error.errors.items():
            self.add_error(field if field in self.fields else None, message)

    def fieldsets(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in FIELDSETS]


class ReasonForm(forms.Form):
    """Reject: the reason is required by the service (its message is the one shown)."""

    reason = forms.CharField(label=_("Powód odrzucenia"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Dlaczego odwołujesz ostrzeżenie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Trafi do opisu komunikatu odwołującego."),
    )
    sms_text = forms.CharField(label=_("Treść SMS odwołania"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    """Submit, approve, update: the button is the whole form."""


# --- lists ------------------------------------------------------------------------------------------


class AlertFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("stan"), choices=Alert.State.choices)
    status = django_filters.ChoiceFilter(label=_("status CAP"), choices=Alert.Status.choices)
    level = django_filters.ChoiceFilter(label=_("stopień RSO"), choices=Level.choices)
    msg_type = django_filters.ChoiceFilter(label=_("typ komunikatu"), choices=Alert.MsgType.choices)

    class Meta:
        model = Alert
        fields = ["state", "status", "level", "msg_type"]


class SubscriptionFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("stan"), choices=Subscription.State.choices)
    channel = django_filters.ChoiceFilter(label=_("kanał"), choices=Subscription.Channel.choices)
    source = django_filters.ChoiceFilter(label=_("źródło"), choices=Subscription.Source.choices)

    class Meta:
        model = Subscription
        fields = ["state", "channel", "source"]

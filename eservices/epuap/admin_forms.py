"""Forms of the ePUAP back office: send a case document, open a case from an unassigned document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.units.models import OrgUnit
from eservices.cases.models import CaseDocument

from .models import OutboundDispatch

SENDABLE_KINDS = (CaseDocument.Kind.DECISION, CaseDocument.Kind.REPLY, CaseDocument.Kind.ATTACHMENT)


class SendForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Dokument do wysłania"), queryset=CaseDocument.objects.none())
    recipient = forms.CharField(
        label=_("Adres skrytki odbiorcy"),
        max_length=200,
        help_text=_("W formacie /podmiot/skrytka, np. adres odpowiedzi wnioskodawcy albo skrytka innej instytucji."),
    )
    method = forms.ChoiceField(
        label=_("Sposób"),
        choices=OutboundDispatch.Method.choices,
        initial=OutboundDispatch.Method.SEND,
        help_text=_("Doręczenie za poświadczeniem (UPD) dla decyzji i wezwań — KPA art. 39¹."),
    )
    title = forms.CharField(label=_("Tytuł pisma"), max_length=255)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = case.documents.filter(kind__in=SENDABLE_KINDS).order_by("-created_at")
        self.fields["document"].error_messages["required"] = _("Wybierz dokument sprawy.")
        self.fields["recipient"].error_messages["required"] = _("Podaj adres skrytki odbiorcy.")
        self.fields["title"].error_messages["required"] = _("Podaj tytuł pisma.")


class OpenCaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Jednostka"), queryset=OrgUnit.objects.order_by("name"))
    title = forms.CharField(label=_("Tytuł sprawy"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].error_messages["required"] = _("Wybierz jednostkę.")
        self.fields["title"].error_messages["required"] = _("Podaj tytuł sprawy.")


class DismissForm(forms.Form):
    comment = forms.CharField(label=_("Jak załatwiono dokument"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].error_messages["required"] = _("Podaj, jak załatwiono dokument.")

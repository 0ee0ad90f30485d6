"""Forms of the clerk's back office: the list's filters, one small form per action, the counter form.

The forms only check shapes (a date, a file, a choice within the person's scope); what the domain
forbids (a transition, a missing reason, a decision without a document) is left to ``services``,
whose ``CaseError`` carries the Polish message shown to the clerk.
"""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cms.units.models import OrgUnit
from eservices.catalogue.models import ServicePage
from eservices.forms.validators import validate_pesel

from . import selectors
from .forms import MultipleFileField
from .models import Case, CaseDocument, CaseWorker
from .workflow import Status

# --- the list's filters -----------------------------------------------------------------------------

MINE, UNASSIGNED = "moje", "nieprzydzielone"
OVERDUE, DUE_SOON = "po-terminie", "wkrotce"


def roles_of(user) -> dict[int, str]:
    """``selectors.staff_roles`` kept on the user object: one query per request, not one per check
    (the menu, the view's guard, the filters' units and clerks all ask)."""
    roles = getattr(user, "_cases_staff_roles", None)
    if roles is None:
        roles = selectors.staff_roles(user=user)
        if getattr(user, "is_authenticated", False):
            user._cases_staff_roles = roles
    return roles


def units_in_scope(*, user):
    """Units whose cases the person sees (all for a secretary or a superuser)."""
    roles = roles_of(user)
    if getattr(user, "is_superuser", False) or CaseWorker.Role.SECRETARY in roles.values():
        return OrgUnit.objects.order_by("name")
    return OrgUnit.objects.filter(pk__in=list(roles)).order_by("name")


def _units_for_request(request):
    return units_in_scope(user=request.user) if request is not None else OrgUnit.objects.none()


class CaseFilterSet(WagtailFilterSet):
    """Filters of the "Sprawy" list; the scope itself (``cases_for_staff``) is applied before them."""

    unit = django_filters.ModelChoiceFilter(label=_("jednostka"), queryset=_units_for_request)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    service = django_filters.ModelChoiceFilter(
        label=_("usługa"), queryset=ServicePage.objects.order_by("title").only("id", "title")
    )
    clerk = django_filters.ChoiceFilter(label=_("prowadzący"), method="filter_clerk", choices=())
    deadline = django_filters.ChoiceFilter(
        label=_("termin"),
        method="filter_deadline",
        choices=[(OVERDUE, _("po terminie")), (DUE_SOON, _("termin mija wkrótce"))],
    )
    received_at = django_filters.DateFromToRangeFilter(label=_("wpłynęła"), widget=DateRangePickerWidget)

    class Meta:
        model = Case
        fields = ["unit", "status", "service", "clerk", "deadline", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clerks = [(MINE, _("moje (przydzielone mnie)")), (UNASSIGNED, _("nieprzydzielone"))]
        if self.request is not None:
            units = units_in_scope(user=self.request.user)
            people = (
                get_user_model()
                .objects.filter(case_roles__unit__in=units, is_active=True)
                .distinct()
                .order_by("last_name", "first_name")
                .only("id", "first_name", "last_name", "email")
            )
            clerks += [(str(person.pk), str(person)) for person in people]
        self.filters["clerk"].extra["choices"] = clerks

    def filter_clerk(self, queryset, name, value):
        if value == MINE:
            return queryset.filter(assigned_to=self.request.user)
        if value == UNASSIGNED:
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to_id=int(value))

    def filter_deadline(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(selectors.overdue_q(today=today))
        return queryset.filter(selectors.due_soon_q(today=today))


#: what a case reference (or its beginning) looks like: a unit code with a letter, a dot, digits and dots
REFERENCE_PREFIX = re.compile(r"^(?=[^.]*[A-Za-z])[A-Za-z0-9_-]+\.\d[\d.]*$")


def search_q(query: str) -> Q:
    """Reference, applicant name, e-mail or PESEL (the counter clerk types what is on the paper).

    Input shaped like a reference ("UM.5310.37…", any letter case) is matched as the beginning of
    the reference, which is stored in capitals: ``LIKE 'UM.5310.37%'`` on the reference's
    ``varchar_pattern_ops`` index, not ``ILIKE '%…%'`` over five columns of every case."""
    query = query.strip()
    if REFERENCE_PREFIX.match(query):
        return Q(reference__startswith=query.upper())
    return (
        Q(reference__icontains=query)
        | Q(applicant_name__icontains=query)
        | Q(applicant_email__icontains=query)
        | Q(applicant_pesel=query)
        | Q(title__icontains=query)
    )


# --- actions on a case ------------------------------------------------------------------------------


class ClerkChoiceForm(forms.Form):
    """Register (and assign) or reassign: a clerk of the case's unit."""

    clerk = forms.ModelChoiceField(label=_("Prowadzący"), queryset=None, empty_label=None)
    comment = forms.CharField(label=_("Komentarz (opcjonalnie)"), required=False, max_length=2000)

    def __init__(self, *args, case: Case, user, can_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        people = selectors.clerks_of_unit(unit=case.unit)
        # A clerk who may not assign others may only take the case himself.
        self.fields["clerk"].queryset = people if can_assign else people.filter(pk=user.pk)
        self.fields["clerk"].initial = case.assigned_to_id or user.pk


class CommentForm(forms.Form):
    """Start, resume, refuse, leave unexamined: an optional (or, by the service, required) comment."""

    comment = forms.CharField(
        label=_("Uzasadnienie / komentarz"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


def default_supplement_deadline() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=int(getattr(settings, "RATUSZ_CASES_SUPPLEMENT_DAYS", 7)))


class SupplementRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Czego brakuje"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label=_("Termin uzupełnienia"),
        initial=default_supplement_deadline,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Podaj termin uzupełnienia."), "invalid": _("Podaj datę w formacie RRRR-MM-DD.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notatka wewnętrzna"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Widzą ją tylko pracownicy urzędu; nie jest wysyłana ani pokazywana wnioskodawcy."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Wiadomość do wnioskodawcy"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Załączniki"))


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Plik"), required=False)
    kind = forms.ChoiceField(
        label=_("Rodzaj"),
        choices=[
            (k.value, k.label)
            for k in (CaseDocument.Kind.ATTACHMENT, CaseDocument.Kind.REPLY, CaseDocument.Kind.DECISION)
        ],
    )
    visible_to_applicant = forms.BooleanField(label=_("Widoczny dla wnioskodawcy"), required=False, initial=True)
    comment = forms.CharField(label=_("Opis (opcjonalnie)"), required=False, max_length=500)


def decision_text_for(case: Case) -> str:
    """The service's ``decision_template`` with its placeholders filled (unknown ones left as typed)."""
    template = getattr(case.service, "decision_template", "") or ""
    values = {
        "znak_sprawy": case.reference,
        "wnioskodawca": case.applicant_name,
        "data_wplywu": date_format(timezone.localtime(case.received_at), "j E Y"),
        "usluga": case.title,
    }

    class _Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError):  # a stray brace in the editor's text: leave it to the clerk
        return template


class LetterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Rodzaj pisma"),
        choices=[
            (CaseDocument.Kind.DECISION.value, CaseDocument.Kind.DECISION.label),
            (CaseDocument.Kind.REPLY.value, CaseDocument.Kind.REPLY.label),
        ],
    )
    title = forms.CharField(label=_("Tytuł pisma"), required=False, max_length=200)
    body = forms.CharField(label=_("Treść"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    signer_title = forms.CharField(label=_("Stanowisko podpisującego"), required=False, max_length=200)

    @classmethod
    def prefilled(cls, case: Case) -> LetterForm:
        return cls(initial={"title": _("Decyzja"), "body": decision_text_for(case)})


class DecideForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Decyzja lub odpowiedź w sprawie"),
        queryset=CaseDocument.objects.none(),
        required=False,
        empty_label=_("— wybierz dokument albo dołącz plik poniżej —"),
    )
    upload = forms.FileField(label=_("albo plik decyzji"), required=False)
    comment = forms.CharField(
        label=_("Komentarz (opcjonalnie)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case: Case, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if documents is None:
            documents = case.documents.filter(kind__in=[CaseDocument.Kind.DECISION, CaseDocument.Kind.REPLY])
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = lambda doc: f"{doc.name} ({doc.get_kind_display()})"


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Przekaż do jednostki"), queryset=OrgUnit.objects.order_by("name"))
    comment = forms.CharField(label=_("Komentarz (opcjonalnie)"), required=False, max_length=2000)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.exclude(pk=case.unit_id).order_by("name")


# --- counter (paper) applications -------------------------------------------------------------------


class CounterForm(forms.Form):
    """An application brought to the office on paper, registered by a clerk for the resident."""

    unit = forms.ModelChoiceField(
        label=_("Jednostka"), queryset=OrgUnit.objects.none(), error_messages={"required": _("Wybierz jednostkę.")}
    )
    service = forms.ModelChoiceField(
        label=_("Usługa"),
        queryset=ServicePage.objects.order_by("title"),
        required=False,
        empty_label=_("— inna sprawa (wpisz tytuł) —"),
    )
    title = forms.CharField(
        label=_("Tytuł sprawy"), required=False, max_length=255, help_text=_("Wymagany, gdy nie wybrano usługi.")
    )
    applicant_name = forms.CharField(
        label=_("Imię i nazwisko (nazwa) wnioskodawcy"),
        max_length=200,
        error_messages={"required": _("Podaj imię i nazwisko wnioskodawcy.")},
    )
    applicant_email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("To nie jest poprawny adres e-mail.")}
    )
    applicant_phone = forms.CharField(label=_("Telefon"), required=False, max_length=25)
    applicant_pesel = forms.CharField(label=_("PESEL"), required=False, max_length=15)
    applicant_address = forms.CharField(
        label=_("Adres"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
    text = forms.CharField(
        label=_("Treść wniosku"), required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    files = MultipleFileField(label=_("Skany dokumentów"), help_text=_("PDF, JPG, PNG, ODT, DOCX lub TXT."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_in_scope(user=user)
        self.fields["unit"].queryset = units
        if len(roles := selectors.staff_roles(user=user)) == 1:
            self.fields["unit"].initial = next(iter(roles))

    def clean_applicant_pesel(self):
        value = self.cleaned_data["applicant_pesel"].strip()
        return validate_pesel(value) if value else ""

    def clean(self):
        data = super().clean()
        if not data.get("service") and not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("Wybierz usługę albo wpisz tytuł sprawy."))
        return data

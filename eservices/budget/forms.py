"""Forms of the public pages: the proposal, the appeal, the ballot, the proposal filter."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.accounts.forms import AccessibleFormMixin

from .models import Category, Edition, Pool, Proposal


class ProposalForm(AccessibleFormMixin, forms.ModelForm):
    cost_items_text = forms.CharField(
        label=_("Kosztorys"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jedna pozycja w linii: nazwa, średnik, kwota w złotych, np. „Ławki; 12000”."),
    )

    class Meta:
        model = Proposal
        fields = ["title", "pool", "category", "description", "justification", "location", "latitude", "longitude",
                  "endorsements", "attachment"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "justification": forms.Textarea(attrs={"rows": 4}),
            "endorsements": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "location": _("Adres lub opis miejsca, np. „skwer przy ul. Szkolnej 5”."),
            "latitude": _("Punkt na mapie (nieobowiązkowy), np. 50.151234."),
            "longitude": _("Np. 21.962345."),
            "attachment": _("Np. szkic, zdjęcie lub mapka (PDF, JPG, PNG, do 10 MB)."),
        }

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = Pool.objects.filter(edition=edition)
        self.fields["pool"].label = _("Obszar (sołectwo, osiedle lub cała gmina)")
        self.fields["endorsements"].help_text = _(
            "Jedna osoba w linii: imię i nazwisko, adres. Potrzeba co najmniej %(n)d osób."
        ) % {"n": edition.required_endorsements}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "size"):
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("Załącznik może mieć najwyżej 10 MB."))
            if not upload.name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png")):
                raise forms.ValidationError(_("Dołącz plik PDF, JPG lub PNG."))
        return upload


class AppealForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(label=_("Uzasadnienie odwołania"), widget=forms.Textarea(attrs={"rows": 5}))


class DistrictForm(AccessibleFormMixin, forms.Form):
    obszar = forms.ModelChoiceField(
        label=_("Twoje sołectwo lub osiedle"),
        queryset=Pool.objects.none(),
        to_field_name="slug",
        empty_label=_("— wybierz —"),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obszar"].queryset = Pool.objects.filter(edition=edition, kind=Pool.Kind.DISTRICT)


class BallotForm(AccessibleFormMixin, forms.Form):
    """One field per project (``p<id>``): a checkbox, or a points select for the points method."""

    first_name = forms.CharField(label=_("Imię"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=120, required=False)
    address = forms.CharField(
        label=_("Adres zamieszkania"),
        max_length=200,
        required=False,
        help_text=_("Ulica i numer domu lub miejscowość i numer, np. „Lipie 12”."),
    )
    pesel = forms.CharField(label=_("PESEL"), max_length=11, required=False)
    email = forms.EmailField(
        label=_("Adres e-mail"), required=False, help_text=_("Wyślemy link — głos zostanie policzony po jego otwarciu.")
    )
    residence = forms.BooleanField(label=_("Oświadczam, że mieszkam na terenie gminy."), required=False)
    age_declared = forms.BooleanField(required=False)

    def __init__(self, *args, edition: Edition, pools: list[dict], verified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition, self.verified = edition, verified
        self.pool_groups = []
        points = edition.point_values()
        for group in pools:
            names = []
            for proposal in group["proposals"]:
                name = f"p{proposal.pk}"
                if edition.voting_method == Edition.VotingMethod.POINTS:
                    self.fields[name] = forms.TypedChoiceField(
                        label=proposal.title,
                        required=False,
                        coerce=int,
                        empty_value=0,
                        choices=[("", _("0 pkt"))] + [(p, _("%(n)d pkt") % {"n": p}) for p in points],
                    )
                else:
                    self.fields[name] = forms.BooleanField(label=proposal.title, required=False)
                    self.fields[name].widget.attrs["data-cost"] = str(proposal.final_cost)
                names.append((proposal, name))
            self.pool_groups.append({**group, "fields": names})
        self.fields["age_declared"].label = _("Oświadczam, że mam ukończone %(n)d lat.") % {"n": edition.min_age or 0}
        if verified:
            for name in ("first_name", "last_name", "address", "pesel", "email", "residence", "age_declared"):
                del self.fields[name]
        elif not edition.min_age:
            del self.fields["age_declared"]

    def bound_groups(self):
        return [{**g, "bound": [(p, self[name]) for p, name in g["fields"]]} for g in self.pool_groups]

    def clean(self):
        data = super().clean()
        if self.verified:
            return data
        for name, message in (
            ("first_name", _("Wpisz imię.")),
            ("last_name", _("Wpisz nazwisko.")),
            ("address", _("Wpisz adres zamieszkania.")),
            ("email", _("Wpisz adres e-mail, na który wyślemy link.")),
            ("residence", _("Potwierdź, że mieszkasz na terenie gminy.")),
        ):
            if name in self.fields and not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data

    def choices(self) -> dict[int, int]:
        out = {}
        for group in self.pool_groups:
            for proposal, name in group["fields"]:
                value = self.cleaned_data.get(name)
                if value:
                    out[proposal.pk] = int(value) if not isinstance(value, bool) else 1
        return out


class ProposalFilter(django_filters.FilterSet):
    pool = django_filters.ModelChoiceFilter(label=_("Obszar"), queryset=Pool.objects.none(), empty_label=_("wszystkie"))
    category = django_filters.ModelChoiceFilter(
        label=_("Kategoria"), queryset=Category.objects.all(), empty_label=_("wszystkie")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("wszystkie"),
        choices=[c for c in Proposal.Status.choices if c[0] != Proposal.Status.DRAFT],
    )
    q = django_filters.CharFilter(label=_("Szukaj w tytule"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Proposal
        fields = ["pool", "category", "status", "q"]

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pool"].queryset = Pool.objects.filter(edition=edition)

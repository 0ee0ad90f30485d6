"""The GET filter form of ``/uslugi/``: category, life event, unit, online-only, text, sort order.

Parameter names are Polish because they show in the address bar (``?kategoria=podatki-i-oplaty``).
A value that is not valid (an unknown slug, ``?sortuj=evil``) is dropped with a message on the form,
and the rest of the filters still apply: never an error page.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.units.models import OrgUnit
from home.sitesearch.text import query_terms

from .models import LifeEvent, ServiceCategory, ServicePage

UNKNOWN = _("Nie ma takiej pozycji na liście — ten filtr pominięto.")


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Szukaj usługi"), method="filter_text", max_length=200)
    kategoria = django_filters.ModelChoiceFilter(
        label=_("Kategoria"),
        field_name="categories",
        to_field_name="slug",
        queryset=ServiceCategory.objects.all(),
        empty_label=_("wszystkie kategorie"),
        error_messages={"invalid_choice": UNKNOWN},
    )
    zdarzenie = django_filters.ModelChoiceFilter(
        label=_("Sytuacja życiowa"),
        field_name="life_events",
        to_field_name="slug",
        queryset=LifeEvent.objects.all(),
        empty_label=_("wszystkie sytuacje"),
        error_messages={"invalid_choice": UNKNOWN},
    )
    jednostka = django_filters.ModelChoiceFilter(
        label=_("Jednostka"),
        field_name="unit",
        to_field_name="code",
        queryset=OrgUnit.objects.filter(services__isnull=False).distinct().order_by("name"),
        empty_label=_("wszystkie jednostki"),
        error_messages={"invalid_choice": UNKNOWN},
    )
    online = django_filters.BooleanFilter(
        label=_("Tylko załatwisz online"),
        method="filter_online",
        widget=forms.CheckboxInput,
    )
    sortuj = django_filters.ChoiceFilter(
        label=_("Sortuj"),
        choices=[("nazwa", _("według nazwy")), ("popularnosc", _("najpopularniejsze"))],
        method="filter_noop",
        empty_label=None,
        error_messages={"invalid_choice": _("Nieznany porządek — sortujemy według nazwy.")},
    )

    class Meta:
        model = ServicePage
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """Every query word must match a token prefix of the title, intro or keywords (diacritics
        folded by ``home.sitesearch.text``): "zaswiadczenie podatk" finds "Zaświadczenie o niezaleganiu
        w podatkach"."""
        for term in query_terms(value):
            match = Q()
            for prefix in term.prefixes:
                match |= Q(search_tokens__contains=f" {prefix}")
            if term.exact:
                match |= Q(search_tokens__contains=f" {term.exact} ")
            queryset = queryset.filter(match)
        return queryset

    def filter_online(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(online_form_available=True) | Q(epuap_available=True))

    def filter_noop(self, queryset, name, value):
        return queryset  # the order is applied by the selector, after filtering

    @property
    def sort(self) -> str:
        if self.form.is_valid() and self.form.cleaned_data.get("sortuj") == "popularnosc":
            return "popularnosc"
        return "nazwa"

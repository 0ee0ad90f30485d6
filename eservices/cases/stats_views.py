"""The "Statystyka spraw" admin report and its CSV export.

Who sees it: a superuser and the secretary (every unit), a unit head (the units they head). A plain
clerk is refused (403) and does not see the menu item: the report compares units and clerks' output,
which is management information; a clerk's own workload is in the cases list.
"""

from __future__ import annotations

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import retention, stats
from .models import CaseWorker
from .selectors import staff_roles

Role = CaseWorker.Role


def stats_unit_ids(*, user) -> list[int] | None:
    """Units whose figures ``user`` may see: ``None`` = all, ``[]`` = none (refused)."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return []
    if user.is_superuser:
        return None
    roles = staff_roles(user=user)
    if Role.SECRETARY in roles.values():
        return None
    return sorted(unit_id for unit_id, role in roles.items() if role == Role.HEAD)


def user_can_see_stats(user) -> bool:
    return stats_unit_ids(user=user) != []


class StatsFilterForm(forms.Form):
    """GET filters of the report; choices are limited to what the person may see."""

    year = forms.TypedChoiceField(label=gettext_lazy("Rok"), coerce=int)
    unit = forms.TypedChoiceField(label=gettext_lazy("Jednostka"), coerce=int, required=False, empty_value=None)
    service = forms.TypedChoiceField(label=gettext_lazy("Usługa"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, unit_ids: list[int] | None):
        from cms.units.models import OrgUnit
        from eservices.catalogue.models import ServicePage

        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in stats.report_years()]
        units = OrgUnit.objects.order_by("name")
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        self.fields["unit"].choices = [("", _("wszystkie"))] + list(units.values_list("pk", "name"))
        pages = ServicePage.objects.order_by("title").only("pk", "title")
        if unit_ids is not None:
            pages = pages.filter(unit_id__in=unit_ids)
        services = [(p.pk, p.title) for p in pages]
        self.fields["service"].choices = [("", _("wszystkie")), (0, str(stats.NO_SERVICE_TITLE))] + services


def _report_for(request):
    unit_ids = stats_unit_ids(user=request.user)
    if unit_ids == []:
        raise PermissionDenied
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = StatsFilterForm(data, unit_ids=unit_ids)
    if form.is_valid():
        year, unit, service = form.cleaned_data["year"], form.cleaned_data["unit"], form.cleaned_data["service"]
    else:
        year, unit, service = timezone.localdate().year, None, None
    scope = unit_ids if unit is None else [unit]
    return form, stats.report(year=year, unit_ids=scope, service_key=service)


def _days(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


class StatsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/stats/index.html"
    page_title = gettext_lazy("Statystyka spraw")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        form, report = _report_for(self.request)
        query = self.request.GET.urlencode()
        return super().get_context_data(
            form=form,
            report=report,
            runs=retention.recent_runs(limit=5),
            csv_url=reverse("cases_stats:csv") + (f"?{query}" if query else ""),
            **kwargs,
        )


def stats_csv(request):
    """The report as CSV (semicolon, UTF-8 with BOM, as Polish spreadsheets expect): one row per
    unit, service and month with figures, then one "razem" row per unit and service for the year."""
    form, report = _report_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statystyka-spraw-{report.year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Jednostka"),
            _("Usługa"),
            _("Miesiąc"),
            _("Złożone"),
            _("Zamknięte"),
            _("Załatwione"),
            _("Mediana czasu załatwienia (dni)"),
            _("Otwarte (dziś)"),
            _("Po terminie (dziś)"),
        ]
    )
    names = {(row.unit_id, row.service_key): (row.unit_name, row.service_title) for row in report.rows}
    for (unit_id, key, month), figures in sorted(report.cells.items(), key=lambda kv: (names.get(kv[0][:2]), kv[0][2])):
        if month.year != report.year:
            continue
        unit_name, title = names[(unit_id, key)]
        writer.writerow(
            [
                unit_name,
                title,
                f"{month:%Y-%m}",
                figures.submitted,
                figures.closed,
                figures.resolved,
                _days(figures.median_days),
                "",
                "",
            ]
        )
    for row in report.rows:
        f = row.figures
        writer.writerow(
            [
                row.unit_name,
                row.service_title,
                _("razem %(year)s") % {"year": report.year},
                f.submitted,
                f.closed,
                f.resolved,
                _days(f.median_days),
                f.open,
                f.overdue,
            ]
        )
    return response

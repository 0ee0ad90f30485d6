"""Statistics that outlive the cases: monthly aggregates of folded cases and the retention log.

Re-exported from ``models.py`` (``from .models_stats import *``) so Django sees the models.

A case's figures are *folded* into :class:`CaseMonthlyStat` in the same transaction that anonymises
it (``retention``); from then on the report counts it from the aggregate, not from the case row.
Live cases (``anonymised_at`` empty) are counted from the case table at report time, so the report
is exact at any moment and a case is never counted twice nor lost (see ``stats``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CaseMonthlyStat", "RetentionRun"]


class CaseMonthlyStat(models.Model):
    """Figures of folded (anonymised or removed) cases of one unit and service in one month.

    ``submitted`` counts cases received in ``month``; ``closed``/``resolved`` cases closed in it;
    ``handling_days`` is a histogram ``{"<days>": count}`` of the handling time (receipt → closing,
    calendar days, Europe/Warsaw) of the cases closed in ``month`` with an outcome (withdrawn cases
    are not counted), so the median stays exact without keeping any case.
    ``service_key`` is the service page id (0: cases without a service card); ``service_title`` is a
    snapshot, so the row survives a renamed or removed service card.
    """

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("jednostka"), on_delete=models.PROTECT, related_name="+")
    service_key = models.PositiveIntegerField(_("usługa (id)"), default=0)
    service_title = models.CharField(_("usługa"), max_length=255, blank=True)
    month = models.DateField(_("miesiąc"))
    submitted = models.PositiveIntegerField(_("złożone"), default=0)
    closed = models.PositiveIntegerField(_("zamknięte"), default=0)
    resolved = models.PositiveIntegerField(_("załatwione"), default=0)
    handling_days = models.JSONField(_("czas załatwienia (histogram dni)"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statystyka spraw (miesiąc)")
        verbose_name_plural = _("statystyki spraw (miesiące)")
        ordering = ["month", "unit_id", "service_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "service_key", "month"], name="cases_stat_unit_service_month")
        ]
        indexes = [models.Index(fields=["month"], name="cases_stat_month")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.service_key} {self.month:%Y-%m}"


class RetentionRun(models.Model):
    """One run of ``cases.anonymise_expired``: when, how many cases, per service. Shown in the report."""

    started_at = models.DateTimeField(_("rozpoczęto"), default=timezone.now)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)
    anonymised = models.PositiveIntegerField(_("zanonimizowano spraw"), default=0)
    files_deleted = models.PositiveIntegerField(_("usunięto plików"), default=0)
    per_service = models.JSONField(_("według usług"), default=list, blank=True)  # [{service_key, title, count}]
    error = models.TextField(_("błąd"), blank=True)

    class Meta:
        verbose_name = _("przebieg anonimizacji")
        verbose_name_plural = _("przebiegi anonimizacji")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.anonymised}"


# Registers the admin menu item and URLs, and the retention task (not in tasks.py, so not autodiscovered).
from . import stats_hooks, tasks_retention  # noqa: E402, F401

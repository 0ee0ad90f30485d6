"""Case statistics ("Statystyka spraw"): submitted, closed, resolved, open, overdue, median handling time.

Design — figures must survive anonymisation and removal of old cases:

* a *live* case (``anonymised_at`` empty) is counted from the case table at report time, grouped
  in SQL (constant number of queries, whatever the number of cases);
* when retention anonymises a case, :func:`fold_cases` adds its figures to ``CaseMonthlyStat`` in
  the same transaction that sets ``anonymised_at``; from then on only the aggregate counts it.

So ``report = folded aggregates + live cases`` is exact at any moment, a case is counted exactly
once, and deleting an anonymised case later changes nothing. The median is exact too: aggregates
keep a histogram of handling days per month, and live cases are grouped by handling days.

Months and days are Europe/Warsaw: ``submitted`` counts by the month of receipt, ``closed`` and
``resolved`` by the month of closing; the handling time is the number of calendar days from receipt
to closing of a case closed with an outcome (resolved, refused, left unexamined — a withdrawn case
is closed but has no handling time). ``open`` and ``overdue`` are today's figures (an anonymised
case is always closed, so they come from live cases only).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Case
from .models_stats import CaseMonthlyStat
from .workflow import OPEN_STATUSES, Status

NO_SERVICE_TITLE = _("Sprawy bez karty usługi")
#: Closed cases that count in the handling time (a withdrawal is not the office's work).
DECIDED_STATUSES = frozenset({Status.RESOLVED, Status.REFUSED, Status.LEFT_UNEXAMINED})


@dataclass
class Figures:
    submitted: int = 0
    closed: int = 0
    resolved: int = 0
    open: int = 0
    overdue: int = 0
    handling_days: Counter = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        self.submitted += other.submitted
        self.closed += other.closed
        self.resolved += other.resolved
        self.open += other.open
        self.overdue += other.overdue
        self.handling_days.update(other.handling_days)

    @property
    def median_days(self) -> Decimal | None:
        return median_of_histogram(self.handling_days)


def median_of_histogram(histogram: dict) -> Decimal | None:
    """The exact median of values given as ``{value: count}`` (mean of the two middle ones if even)."""
    items = sorted((int(k), int(v)) for k, v in histogram.items() if int(v) > 0)
    total = sum(count for _, count in items)
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in items:
        if low is None and low_rank < seen + count:
            low = value
        if high_rank < seen + count:
            high = value
            break
        seen += count
    return (Decimal(low) + Decimal(high)) / 2


def _month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def service_key_of(case: Case) -> int:
    return case.service_id or 0


def handling_days_of(case: Case) -> int:
    return (timezone.localdate(case.closed_at) - timezone.localdate(case.received_at)).days


# --- folding (retention) ----------------------------------------------------------------------------


@transaction.atomic
def fold_cases(cases: list[Case], *, service_titles: dict[int, str] | None = None) -> int:
    """Add the figures of ``cases`` (about to be anonymised or removed) to the monthly aggregates.

    Must run in the transaction that sets their ``anonymised_at``: that is what makes a case count
    once, either live or folded. Aggregate rows are locked while updated. Returns the rows touched.
    """
    service_titles = service_titles or {}
    delta: dict[tuple[int, int, dt.date], Figures] = defaultdict(Figures)
    titles: dict[int, str] = {}
    for case in cases:
        key = service_key_of(case)
        titles[key] = service_titles.get(key) or (case.title if key else str(NO_SERVICE_TITLE))
        delta[(case.unit_id, key, _month(case.received_at))].submitted += 1
        if case.closed_at is not None and case.status not in OPEN_STATUSES:
            figures = delta[(case.unit_id, key, _month(case.closed_at))]
            figures.closed += 1
            figures.resolved += case.status == Status.RESOLVED
            if case.status in DECIDED_STATUSES:
                figures.handling_days[handling_days_of(case)] += 1
    if not delta:
        return 0
    CaseMonthlyStat.objects.bulk_create(
        [CaseMonthlyStat(unit_id=u, service_key=s, month=m, service_title=titles[s][:255]) for (u, s, m) in delta],
        ignore_conflicts=True,
    )
    keys = Q()
    for unit_id, service_key, month in delta:
        keys |= Q(unit_id=unit_id, service_key=service_key, month=month)
    rows = list(CaseMonthlyStat.objects.select_for_update().filter(keys))
    for row in rows:
        figures = delta[(row.unit_id, row.service_key, row.month)]
        row.submitted += figures.submitted
        row.closed += figures.closed
        row.resolved += figures.resolved
        histogram = Counter({int(k): v for k, v in (row.handling_days or {}).items()})
        histogram.update(figures.handling_days)
        row.handling_days = {str(k): v for k, v in sorted(histogram.items())}
        row.service_title = titles[row.service_key][:255] or row.service_title
    CaseMonthlyStat.objects.bulk_update(rows, ["submitted", "closed", "resolved", "handling_days", "service_title"])
    return len(rows)


# --- the report -------------------------------------------------------------------------------------


@dataclass
class ReportRow:
    unit_id: int
    unit_name: str
    service_key: int
    service_title: str
    figures: Figures


@dataclass
class Report:
    year: int
    months: list[tuple[dt.date, Figures]]  # the 12 months of the year, filters applied
    rows: list[ReportRow]  # one per unit and service
    units: list[ReportRow]  # one per unit (service_key 0, service_title "")
    total: Figures
    cells: dict[tuple[int, int, dt.date], Figures]  # (unit, service, month) -> figures, for CSV


def report(
    *, year: int, unit_ids: list[int] | None = None, service_key: int | None = None, today: dt.date | None = None
) -> Report:
    """Figures of ``year`` per unit, service and month; ``unit_ids=None`` means every unit.

    Seven queries whatever the number of cases: folded aggregates, live receipts, live closings,
    live handling days, today's open and overdue cases, service titles, unit names.
    """
    from cms.units.models import OrgUnit
    from eservices.catalogue.models import ServicePage

    from .selectors import overdue_q

    today = today or timezone.localdate()
    cells: dict[tuple[int, int, dt.date], Figures] = defaultdict(Figures)
    current: dict[tuple[int, int], Figures] = defaultdict(Figures)  # open/overdue today
    titles: dict[int, str] = {0: str(NO_SERVICE_TITLE)}

    folded = CaseMonthlyStat.objects.filter(month__year=year)
    live = Case.objects.filter(anonymised_at__isnull=True)
    if unit_ids is not None:
        folded, live = folded.filter(unit_id__in=unit_ids), live.filter(unit_id__in=unit_ids)
    if service_key is not None:
        folded = folded.filter(service_key=service_key)
        live = live.filter(service__isnull=True) if service_key == 0 else live.filter(service_id=service_key)

    for row in folded:
        figures = cells[(row.unit_id, row.service_key, row.month)]
        figures.submitted += row.submitted
        figures.closed += row.closed
        figures.resolved += row.resolved
        figures.handling_days.update({int(k): int(v) for k, v in (row.handling_days or {}).items()})
        titles.setdefault(row.service_key, row.service_title)

    # Months come back as numbers (ExtractMonth, in the current time zone like the __year filter):
    # converting tens of thousands of aware datetimes in Python would cost more than the queries.
    received = (
        live.filter(received_at__year=year).annotate(m=ExtractMonth("received_at"))
        .values_list("unit_id", "service_id", "m").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    for unit_id, service_id, month, n in received:
        cells[(unit_id, service_id or 0, dt.date(year, month, 1))].submitted += n

    closed_in_year = live.filter(closed_at__year=year, status__in=[s.value for s in Status if s not in OPEN_STATUSES])
    closed = (
        closed_in_year.annotate(m=ExtractMonth("closed_at")).values_list("unit_id", "service_id", "m")
        .annotate(n=Count("id"), resolved=Count("id", filter=Q(status=Status.RESOLVED))).order_by()
    )  # fmt: skip
    for unit_id, service_id, month, n, resolved in closed:
        figures = cells[(unit_id, service_id or 0, dt.date(year, month, 1))]
        figures.closed += n
        figures.resolved += resolved
    handling = (
        closed_in_year.filter(status__in=[s.value for s in DECIDED_STATUSES])
        .annotate(m=ExtractMonth("closed_at"), days=TruncDate("closed_at") - TruncDate("received_at"))
        .values_list("unit_id", "service_id", "m", "days").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    for unit_id, service_id, month, days, n in handling:
        histogram = cells[(unit_id, service_id or 0, dt.date(year, month, 1))].handling_days
        histogram[days.days if isinstance(days, dt.timedelta) else int(days)] += n

    now_open = (
        live.filter(status__in=[s.value for s in OPEN_STATUSES]).values_list("unit_id", "service_id")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q(today=today))).order_by()
    )  # fmt: skip
    for unit_id, service_id, n, late in now_open:
        figures = current[(unit_id, service_id or 0)]
        figures.open += n
        figures.overdue += late

    service_ids = {s for (_u, s, _m) in cells if s} | {s for (_u, s) in current if s}
    titles.update(ServicePage.objects.filter(pk__in=service_ids).values_list("pk", "title"))  # live titles win

    unit_names = dict(
        OrgUnit.objects.filter(pk__in={u for (u, _s, _m) in cells} | {u for (u, _s) in current}).values_list(
            "pk", "name"
        )
    )
    per_service: dict[tuple[int, int], Figures] = defaultdict(Figures)
    per_month: dict[dt.date, Figures] = {dt.date(year, m, 1): Figures() for m in range(1, 13)}
    for (unit_id, key, month), figures in cells.items():
        per_service[(unit_id, key)].add(figures)
        if month in per_month:
            per_month[month].add(figures)
    for pair, figures in current.items():
        per_service[pair].add(figures)

    rows = [ReportRow(u, unit_names.get(u, str(u)), s, titles.get(s, str(s)), f) for (u, s), f in per_service.items()]
    rows.sort(key=lambda r: (r.unit_name, r.service_title))
    units: dict[int, ReportRow] = {}
    total = Figures()
    for row in rows:
        units.setdefault(row.unit_id, ReportRow(row.unit_id, row.unit_name, 0, "", Figures())).figures.add(row.figures)
        total.add(row.figures)
    return Report(
        year=year,
        months=sorted(per_month.items()),
        rows=rows,
        units=list(units.values()),
        total=total,
        cells=dict(cells),
    )


def report_years() -> list[int]:
    """From the current year back to the first year with any figures (two cheap aggregates)."""
    this_year = timezone.localdate().year
    first = [this_year]
    folded = CaseMonthlyStat.objects.aggregate(first=Min("month"))["first"]
    live = Case.objects.filter(anonymised_at__isnull=True).aggregate(first=Min("received_at"))["first"]
    first += [folded.year] if folded else []
    first += [timezone.localdate(live).year] if live else []
    return list(range(this_year, min(first) - 1, -1))

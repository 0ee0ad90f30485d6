"""Balances (selectors): what a taxpayer owes, has paid and overpaid, with interest to a given day.

``balance_for_taxpayer`` serves the resident's page: a constant number of queries whatever the number
of liabilities, instalments or payments. ``balances_all`` serves the daily report: every taxpayer,
streamed in chunks of taxpayer ids, four aggregate queries per chunk, no model instances.

Definitions (all ``Decimal``):

* ``overdue`` — arrears: unpaid principal of instalments whose due date has passed;
* ``interest`` — late interest on the arrears up to ``today`` (per instalment, whole złoty, nothing
  when at most the threshold, see ``interest``);
* ``fees`` — unpaid costs of upomnienia (reminder fees, ``reminders``), which a payment covers first
  (art. 55 § 1);
* ``due_now`` — what settles the arrears today: ``overdue + interest + fees``;
* ``upcoming`` — unpaid instalments not yet due; ``next_due`` the nearest of them;
* ``paid`` — what was allocated to the liabilities shown (principal and interest) and to reminder fees;
* ``overpaid`` — payments not allocated to any instalment (nadpłata), for the taxpayer as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .interest import interest_threshold, late_interest, load_rates
from .models import Allocation, Instalment, Liability, Payment, Reminder, ReminderFeeAllocation, Taxpayer

ZERO = Decimal("0.00")


@dataclass
class InstalmentBalance:
    instalment: Instalment
    paid_principal: Decimal = ZERO
    paid_interest: Decimal = ZERO
    outstanding: Decimal = ZERO
    interest: Decimal = ZERO  # to ``today``
    is_overdue: bool = False
    allocations: list[Allocation] = field(default_factory=list)


@dataclass
class LiabilityBalance:
    liability: Liability
    instalments: list[InstalmentBalance]
    total: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    interest: Decimal = ZERO


@dataclass
class PaymentView:
    payment: Payment
    allocated: Decimal
    overpayment: Decimal
    allocations: list[Allocation] = field(default_factory=list)


@dataclass
class ReminderView:
    reminder: Reminder
    fee_paid: Decimal = ZERO

    @property
    def fee_due(self) -> Decimal:
        return self.reminder.fee - self.fee_paid


@dataclass
class TaxpayerBalance:
    taxpayer: Taxpayer
    year: int | None
    today: dt.date
    liabilities: list[LiabilityBalance] = field(default_factory=list)
    payments: list[PaymentView] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    overdue: Decimal = ZERO
    interest: Decimal = ZERO
    upcoming: Decimal = ZERO
    paid: Decimal = ZERO
    overpaid: Decimal = ZERO
    next_due: InstalmentBalance | None = None
    reminders: list[ReminderView] = field(default_factory=list)
    fees: Decimal = ZERO  # unpaid costs of upomnienia
    current: bool = False  # only this year's liabilities and older unpaid ones (``balance_for_taxpayer``)

    @property
    def due_now(self) -> Decimal:
        return self.overdue + self.interest + self.fees


def balance_for_taxpayer(
    *, taxpayer: Taxpayer, year: int | None = None, today: dt.date | None = None, kinds=None, current: bool = False
) -> TaxpayerBalance:
    """The taxpayer's balance, optionally for one ``year`` and only the liability ``kinds`` the viewer
    may see (``access.taxpayer_for_user(...).visible_kinds``; ``None`` = all). Eight queries.

    ``current``: only what the resident has to deal with now — the liabilities of ``today``'s year
    (and later ones, if already assessed) and of earlier years only those with an instalment still
    unpaid (arrears). ``overdue``, ``interest`` and ``upcoming`` are then the same as for all years;
    ``paid`` and the payments listed concern the liabilities shown. The resident's page shows this
    by default: ten years of paid instalments are history, one choice away (``year=None``).

    Reminders (upomnienia) are listed whatever ``year``; to a viewer who sees only some kinds, only
    those whose every instalment is of a kind they see (with their fees in ``fees`` and ``paid``)."""
    today = today or timezone.localdate()
    rates, threshold = load_rates(), interest_threshold()
    liabilities = Liability.objects.filter(taxpayer=taxpayer)
    if kinds is not None:
        liabilities = liabilities.filter(kind__in=kinds)
    years = sorted(set(liabilities.values_list("year", flat=True)), reverse=True)
    if year is not None:
        liabilities = liabilities.filter(year=year)
    elif current:
        liabilities = liabilities.filter(Q(year__gte=today.year) | Exists(_unpaid_instalments()))
    liabilities = liabilities.order_by("-year", "kind", "pk").prefetch_related(
        Prefetch(
            "instalments",
            queryset=Instalment.objects.order_by("due_date", "number").prefetch_related(
                Prefetch(
                    "allocations",
                    queryset=Allocation.objects.select_related("payment").order_by("payment__paid_on", "pk"),
                )
            ),
        )
    )
    balance = TaxpayerBalance(taxpayer=taxpayer, year=year, today=today, years=years, current=current and year is None)
    by_payment: dict[int, list[Allocation]] = defaultdict(list)
    for liability in liabilities:
        rows = []
        for instalment in liability.instalments.all():
            row = InstalmentBalance(instalment=instalment, allocations=list(instalment.allocations.all()))
            for allocation in row.allocations:
                row.paid_principal += allocation.principal
                row.paid_interest += allocation.interest
                by_payment[allocation.payment_id].append(allocation)
            row.outstanding = instalment.amount - row.paid_principal
            row.is_overdue = row.outstanding > 0 and instalment.due_date < today
            if row.is_overdue:
                row.interest = late_interest(
                    amount=row.outstanding, due_date=instalment.due_date, on=today, rates=rates, threshold=threshold
                )
                balance.overdue += row.outstanding
                balance.interest += row.interest
            elif row.outstanding > 0:
                balance.upcoming += row.outstanding
                if balance.next_due is None or instalment.due_date < balance.next_due.instalment.due_date:
                    balance.next_due = row
            rows.append(row)
        item = LiabilityBalance(liability=liability, instalments=rows, total=liability.total)
        item.paid = sum((r.paid_principal + r.paid_interest for r in rows), ZERO)
        item.outstanding = sum((r.outstanding for r in rows), ZERO)
        item.interest = sum((r.interest for r in rows), ZERO)
        balance.paid += item.paid
        balance.liabilities.append(item)
    _add_reminders(balance, kinds)
    _add_payments(balance, by_payment, restricted=kinds is not None)
    return balance


def _unpaid_instalments():
    """Instalments of the outer liability whose principal is not paid in full (for ``Exists``)."""
    paid = (
        Allocation.objects.filter(instalment=OuterRef("pk"))
        .values("instalment")
        .annotate(total=Sum("principal"))
        .values("total")
    )
    return (
        Instalment.objects.filter(liability=OuterRef("pk"))
        .annotate(paid=Coalesce(Subquery(paid), Value(ZERO), output_field=DecimalField()))
        .filter(amount__gt=F("paid"))
    )


def _add_reminders(balance: TaxpayerBalance, kinds) -> None:
    reminders = (
        Reminder.objects.filter(taxpayer=balance.taxpayer)
        .annotate(fee_paid=Sum("fee_allocations__amount"))
        .prefetch_related(Prefetch("instalments", queryset=Instalment.objects.select_related("liability")))
        .order_by("-issued_on", "-pk")
    )
    for reminder in reminders:
        if kinds is not None and any(i.liability.kind not in kinds for i in reminder.instalments.all()):
            continue
        view = ReminderView(reminder=reminder, fee_paid=reminder.fee_paid or ZERO)
        balance.reminders.append(view)
        balance.fees += max(view.fee_due, ZERO)
        balance.paid += view.fee_paid


def _add_payments(balance: TaxpayerBalance, by_payment: dict[int, list[Allocation]], *, restricted: bool) -> None:
    """Payments with what they paid; an overpayment is shown only to those who see everything."""
    fee_paid = (
        ReminderFeeAllocation.objects.filter(payment=OuterRef("pk"))
        .values("payment")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    payments = Payment.objects.filter(taxpayer=balance.taxpayer).annotate(
        allocated_principal=Sum("allocations__principal"),
        allocated_interest=Sum("allocations__interest"),
        allocated_fees=Coalesce(Subquery(fee_paid), Value(ZERO), output_field=DecimalField()),
    )

    def shows_year(year: int) -> bool:
        if balance.year is not None:
            return year == balance.year
        return not balance.current or year >= balance.today.year  # older overpayments: in the total

    for payment in payments.order_by("-paid_on", "-pk"):
        allocated = (
            (payment.allocated_principal or ZERO) + (payment.allocated_interest or ZERO) + payment.allocated_fees
        )
        overpayment = payment.amount - allocated
        if not restricted:
            balance.overpaid += overpayment
        shown = payment.pk in by_payment or (not restricted and overpayment > 0 and shows_year(payment.paid_on.year))
        if shown:
            balance.payments.append(
                PaymentView(
                    payment=payment,
                    allocated=allocated,
                    overpayment=ZERO if restricted else overpayment,
                    allocations=by_payment.get(payment.pk, []),
                )
            )


@dataclass(frozen=True)
class TaxpayerSummary:
    taxpayer_id: int
    overdue: Decimal
    interest: Decimal
    upcoming: Decimal
    paid: Decimal
    overpaid: Decimal
    fees: Decimal = ZERO  # unpaid costs of upomnienia

    @property
    def due_now(self) -> Decimal:
        return self.overdue + self.interest + self.fees


def balances_all(*, today: dt.date | None = None, chunk_size: int = 2000) -> Iterator[TaxpayerSummary]:
    """Every taxpayer's summary, in id order, streamed chunk by chunk (6 queries per chunk, plus one
    for the rates): the daily report and the benchmark over 20,000 taxpayers."""
    today = today or timezone.localdate()
    rates, threshold = load_rates(), interest_threshold()
    last_id = 0
    while True:
        ids = list(Taxpayer.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return
        low, high = ids[0], ids[-1]
        last_id = high
        overdue, interest, upcoming = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        instalments = (
            Instalment.objects.filter(liability__taxpayer_id__gte=low, liability__taxpayer_id__lte=high)
            .values_list("pk", "liability__taxpayer_id", "due_date", "amount")
            .annotate(paid=Sum("allocations__principal"))
            .order_by()
        )
        for _pk, taxpayer_id, due_date, amount, paid in instalments.iterator(chunk_size=5000):
            outstanding = amount - (paid or ZERO)
            if outstanding <= 0:
                continue
            if due_date < today:
                overdue[taxpayer_id] += outstanding
                interest[taxpayer_id] += late_interest(
                    amount=outstanding, due_date=due_date, on=today, rates=rates, threshold=threshold
                )
            else:
                upcoming[taxpayer_id] += outstanding
        allocated = dict(
            Allocation.objects.filter(payment__taxpayer_id__gte=low, payment__taxpayer_id__lte=high)
            .values("payment__taxpayer_id")
            .annotate(total=Sum("principal") + Sum("interest"))
            .values_list("payment__taxpayer_id", "total")
            .order_by()
        )
        fees_paid = dict(
            ReminderFeeAllocation.objects.filter(payment__taxpayer_id__gte=low, payment__taxpayer_id__lte=high)
            .values("payment__taxpayer_id")
            .annotate(total=Sum("amount"))
            .values_list("payment__taxpayer_id", "total")
            .order_by()
        )
        fees_issued = dict(
            Reminder.objects.filter(taxpayer_id__gte=low, taxpayer_id__lte=high)
            .values("taxpayer_id")
            .annotate(total=Sum("fee"))
            .values_list("taxpayer_id", "total")
            .order_by()
        )
        received = dict(
            Payment.objects.filter(taxpayer_id__gte=low, taxpayer_id__lte=high)
            .values("taxpayer_id")
            .annotate(total=Sum("amount"))
            .values_list("taxpayer_id", "total")
            .order_by()
        )
        for taxpayer_id in ids:
            fee_paid = fees_paid.get(taxpayer_id) or ZERO
            paid = (allocated.get(taxpayer_id) or ZERO) + fee_paid
            yield TaxpayerSummary(
                taxpayer_id=taxpayer_id,
                overdue=overdue[taxpayer_id],
                interest=interest[taxpayer_id],
                upcoming=upcoming[taxpayer_id],
                paid=paid,
                overpaid=(received.get(taxpayer_id) or ZERO) - paid,
                fees=max((fees_issued.get(taxpayer_id) or ZERO) - fee_paid, ZERO),
            )

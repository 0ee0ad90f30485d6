"""Writes of the resident office: taxpayers, access, liabilities, payments and their booking.

Every entry point is keyword-only and atomic. Booking a payment locks the taxpayer's row, so two
payments of one taxpayer (an online notification and a statement import) are allocated one after the
other and never to the same arrears twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .accounts import nrb_for
from .allocation import OpenFee, OpenInstalment, allocate
from .interest import interest_threshold, load_rates
from .models import (
    Allocation,
    Instalment,
    Liability,
    Payment,
    Reminder,
    ReminderFeeAllocation,
    Taxpayer,
    TaxpayerAccess,
)
from .schedules import instalment_schedule

ZERO = Decimal("0.00")


class FinanceError(ValueError):
    """A refused write, with a message for people (Polish)."""


# --- taxpayers -------------------------------------------------------------------------------------


@transaction.atomic
def taxpayer_create(
    *,
    name: str,
    kind: str = Taxpayer.Kind.PERSON,
    pesel: str = "",
    nip: str = "",
    regon: str = "",
    address: str = "",
    postal_code: str = "",
    locality: str = "",
    external_id: str = "",
    account_number: str = "",
) -> Taxpayer:
    """Create a taxpayer; without ``account_number`` its individual NRB is built from its id."""
    taxpayer = Taxpayer.objects.create(
        name=name,
        kind=kind,
        pesel=pesel,
        nip=nip,
        regon=regon,
        address=address,
        postal_code=postal_code,
        locality=locality,
        external_id=external_id,
        account_number=account_number,
    )
    if not account_number:
        taxpayer.account_number = nrb_for(taxpayer.pk)
        taxpayer.save(update_fields=["account_number"])
    return taxpayer


@transaction.atomic
def taxpayer_assign_accounts(*, taxpayers: Iterable[Taxpayer]) -> int:
    """Fill the empty ``account_number`` of saved taxpayers (after a ``bulk_create``) in one update."""
    missing = [t for t in taxpayers if not t.account_number]
    for taxpayer in missing:
        taxpayer.account_number = nrb_for(taxpayer.pk)
    Taxpayer.objects.bulk_update(missing, ["account_number"], batch_size=1000)
    return len(missing)


@transaction.atomic
def taxpayer_grant_access(*, user, taxpayer: Taxpayer, relation: str = TaxpayerAccess.Relation.OWN) -> TaxpayerAccess:
    """Let ``user`` see ``taxpayer`` as ``relation`` (idempotent; a second call changes the relation)."""
    access, _created = TaxpayerAccess.objects.update_or_create(
        user=user, taxpayer=taxpayer, defaults={"relation": relation}
    )
    return access


# --- liabilities -----------------------------------------------------------------------------------


@transaction.atomic
def liability_create(
    *,
    taxpayer: Taxpayer,
    kind: str,
    year: int,
    total: Decimal,
    legal_basis: str = "",
    description: str = "",
    external_id: str = "",
    dates: list[dt.date] | None = None,
) -> Liability:
    """A liability with its instalments from the statutory schedule (``schedules``)."""
    total = _money(total, allow_zero=True)
    schedule = instalment_schedule(kind=kind, year=year, total=total, taxpayer_kind=taxpayer.kind, dates=dates)
    liability = Liability.objects.create(
        taxpayer=taxpayer,
        kind=kind,
        year=year,
        total=total,
        legal_basis=legal_basis,
        description=description,
        external_id=external_id,
    )
    Instalment.objects.bulk_create(
        Instalment(liability=liability, number=item.number, due_date=item.due_date, amount=item.amount)
        for item in schedule
    )
    return liability


# --- payments --------------------------------------------------------------------------------------


def _money(value, *, allow_zero: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise FinanceError(_("Kwota „%(value)s” nie jest liczbą.") % {"value": value}) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise FinanceError(_("Kwota musi być większa od zera."))
    return amount


@transaction.atomic
def payment_create(
    *,
    taxpayer: Taxpayer,
    paid_on: dt.date,
    amount: Decimal,
    channel: str = Payment.Channel.BANK,
    bank_reference: str = "",
    title: str = "",
    external_id: str = "",
    book: bool = True,
) -> Payment:
    """Record a payment and (by default) allocate it. A repeated ``bank_reference`` of the same
    taxpayer is refused with ``FinanceError`` and nothing is written."""
    amount = _money(amount)
    if bank_reference and Payment.objects.filter(taxpayer=taxpayer, bank_reference=bank_reference).exists():
        raise FinanceError(_("Wpłata z referencją bankową %(ref)s jest już zaksięgowana.") % {"ref": bank_reference})
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                taxpayer=taxpayer,
                paid_on=paid_on,
                amount=amount,
                channel=channel,
                bank_reference=bank_reference,
                title=title,
                external_id=external_id,
            )
    except IntegrityError:
        raise FinanceError(
            _("Wpłata z referencją bankową %(ref)s jest już zaksięgowana.") % {"ref": bank_reference}
        ) from None
    if book:
        payment_book(payment=payment)
    return payment


def _open_instalments(taxpayer_id: int) -> dict[int, OpenInstalment]:
    rows = (
        Instalment.objects.filter(liability__taxpayer_id=taxpayer_id)
        .annotate(paid=Sum("allocations__principal"))
        .values_list("pk", "due_date", "amount", "liability__year", "paid")
    )
    return {pk: OpenInstalment(pk, due, amount - (paid or ZERO), year) for pk, due, amount, year, paid in rows}


def open_fees(taxpayer_ids: Iterable[int]) -> dict[int, dict[int, OpenFee]]:
    """Unpaid reminder fees per taxpayer: ``{taxpayer id: {reminder id: OpenFee}}`` (one query)."""
    found: dict[int, dict[int, OpenFee]] = {}
    rows = (
        Reminder.objects.filter(taxpayer_id__in=taxpayer_ids, fee__gt=0)
        .annotate(paid=Sum("fee_allocations__amount"))
        .values_list("pk", "taxpayer_id", "issued_on", "fee", "paid")
        .order_by()
    )
    for pk, taxpayer_id, issued_on, fee, paid in rows:
        if fee - (paid or ZERO) > 0:
            found.setdefault(taxpayer_id, {})[pk] = OpenFee(pk, issued_on, fee - (paid or ZERO))
    return found


def mark_fees_paid(*, reminder_ids: Iterable[int]) -> None:
    """Set ``fee_paid_on`` of ``reminder_ids`` from their fee allocations: the day of the payment
    that completed the fee, or empty while some of it is unpaid (after a re-allocation)."""
    reminders = list(Reminder.objects.filter(pk__in=set(reminder_ids)).only("pk", "fee", "fee_paid_on"))
    if not reminders:
        return
    paid: dict[int, list] = {}
    rows = ReminderFeeAllocation.objects.filter(reminder__in=reminders).order_by("payment__paid_on", "payment_id")
    for reminder_id, amount, paid_on in rows.values_list("reminder_id", "amount", "payment__paid_on"):
        paid.setdefault(reminder_id, []).append((amount, paid_on))
    for reminder in reminders:
        total, day = ZERO, None
        for amount, paid_on in paid.get(reminder.pk, []):
            total += amount
            if total >= reminder.fee:
                day = paid_on
                break
        reminder.fee_paid_on = day
    Reminder.objects.bulk_update(reminders, ["fee_paid_on"], batch_size=1000)


def _book_in_memory(
    payment: Payment, open_items: dict[int, OpenInstalment], fees: dict[int, OpenFee], rates, threshold
) -> tuple[list[Allocation], list[ReminderFeeAllocation]]:
    plan = allocate(
        amount=payment.amount,
        paid_on=payment.paid_on,
        instalments=open_items.values(),
        rates=rates,
        threshold=threshold,
        fees=fees.values(),
    )
    fee_allocations = []
    for reminder_id, amount in plan.fee_lines:
        fee = fees[reminder_id]
        fees[reminder_id] = OpenFee(fee.id, fee.issued_on, fee.outstanding - amount)
        fee_allocations.append(ReminderFeeAllocation(payment=payment, reminder_id=reminder_id, amount=amount))
    allocations = []
    for line in plan.lines:
        item = open_items[line.instalment_id]
        open_items[line.instalment_id] = OpenInstalment(
            item.id, item.due_date, item.outstanding - line.principal, item.year
        )
        allocations.append(
            Allocation(
                payment=payment, instalment_id=line.instalment_id, principal=line.principal, interest=line.interest
            )
        )
    return allocations, fee_allocations


@transaction.atomic
def payment_book(*, payment: Payment) -> list[Allocation]:
    """Allocate ``payment``: the unpaid costs of upomnienia first (art. 55 § 1), then the taxpayer's
    instalments (oldest first, proportionally to arrears and interest, art. 55 § 2); the rest stays
    an overpayment. Idempotent: a booked payment is returned as it is. The taxpayer's row is locked,
    so concurrent bookings of one taxpayer run one at a time. Returns the instalment allocations."""
    Taxpayer.objects.select_for_update().filter(pk=payment.taxpayer_id).first()
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.booked_at is not None:
        return list(payment.allocations.all())
    fees = open_fees([payment.taxpayer_id]).get(payment.taxpayer_id, {})
    allocations, fee_allocations = _book_in_memory(
        payment, _open_instalments(payment.taxpayer_id), fees, load_rates(), interest_threshold()
    )
    Allocation.objects.bulk_create(allocations)
    ReminderFeeAllocation.objects.bulk_create(fee_allocations)
    mark_fees_paid(reminder_ids=[f.reminder_id for f in fee_allocations])
    payment.booked_at = timezone.now()
    payment.save(update_fields=["booked_at"])
    return allocations


@transaction.atomic
def taxpayer_rebook(*, taxpayer: Taxpayer) -> int:
    """Allocate all the taxpayer's payments again, in the order they were paid (after back-dated
    payments, changed instalments or a new upomnienie). Returns the instalment allocations made."""
    Taxpayer.objects.select_for_update().filter(pk=taxpayer.pk).first()
    Allocation.objects.filter(payment__taxpayer=taxpayer).delete()
    ReminderFeeAllocation.objects.filter(payment__taxpayer=taxpayer).delete()
    open_items = _open_instalments(taxpayer.pk)
    fees = open_fees([taxpayer.pk]).get(taxpayer.pk, {})
    rates, threshold, now = load_rates(), interest_threshold(), timezone.now()
    payments = list(Payment.objects.filter(taxpayer=taxpayer).order_by("paid_on", "pk"))
    allocations, fee_allocations = [], []
    for payment in payments:
        lines, fee_lines = _book_in_memory(payment, open_items, fees, rates, threshold)
        allocations += lines
        fee_allocations += fee_lines
        payment.booked_at = now
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    ReminderFeeAllocation.objects.bulk_create(fee_allocations, batch_size=1000)
    mark_fees_paid(reminder_ids=Reminder.objects.filter(taxpayer=taxpayer).values_list("pk", flat=True))
    Payment.objects.bulk_update(payments, ["booked_at"], batch_size=1000)
    return len(allocations)


# --- reminders -------------------------------------------------------------------------------------


@transaction.atomic
def reminder_issue(
    *,
    taxpayer: Taxpayer,
    instalments: Iterable[Instalment],
    issued_on: dt.date,
    number: str = "",
    fee: Decimal | None = None,
    issued_by=None,
) -> Reminder:
    """An upomnienie for overdue ``instalments`` of ``taxpayer`` with its fee (``FINANCE_REMINDER_FEE``).

    Refused with ``FinanceError`` (nothing written) when an instalment is another taxpayer's, not
    overdue and unpaid on ``issued_on``, or already in an upomnienie issued that day — so repeating
    the same request the same day issues nothing twice. The taxpayer's row is locked meanwhile
    (as for bookings), so two officers issuing at once run one after the other. Without ``number``
    the reminder is numbered ``UP/<year>/<id>``."""
    from django.conf import settings

    instalments = list(instalments)
    if not instalments:
        raise FinanceError(_("Upomnienie musi dotyczyć co najmniej jednej raty."))
    Taxpayer.objects.select_for_update().filter(pk=taxpayer.pk).first()
    ids = {i.pk for i in instalments}
    rows = (
        Instalment.objects.filter(pk__in=ids, liability__taxpayer=taxpayer)
        .annotate(paid=Sum("allocations__principal"))
        .values_list("pk", "due_date", "amount", "paid")
    )
    found = {pk: (due, amount - (paid or ZERO)) for pk, due, amount, paid in rows}
    if found.keys() != ids:
        raise FinanceError(_("Upomnienie może dotyczyć tylko rat tego podatnika."))
    if any(due >= issued_on or outstanding <= 0 for due, outstanding in found.values()):
        raise FinanceError(_("Upomnienie może dotyczyć tylko rat zaległych (po terminie i niezapłaconych)."))
    if Reminder.instalments.through.objects.filter(instalment_id__in=ids, reminder__issued_on=issued_on).exists():
        raise FinanceError(_("Upomnienie dla tej raty wystawiono już %(day)s.") % {"day": f"{issued_on:%d.%m.%Y}"})
    reminder = Reminder.objects.create(
        taxpayer=taxpayer,
        issued_on=issued_on,
        number=number,
        fee=_money(fee if fee is not None else settings.FINANCE_REMINDER_FEE, allow_zero=True),
        issued_by=issued_by,
    )
    reminder.instalments.set(instalments)
    if not number:
        reminder.number = f"UP/{issued_on.year}/{reminder.pk:06d}"
        reminder.save(update_fields=["number"])
    return reminder

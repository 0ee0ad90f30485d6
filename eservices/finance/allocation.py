"""How a payment is allocated (zaliczenie wpłaty), Ordynacja podatkowa art. 55 and art. 62 § 1.

* First the costs of upomnienia (reminder fees, art. 55 § 1) still unpaid, oldest reminder first,
  for reminders issued by the payment day (``allocate_fees``).
* The payment goes to the instalment with the oldest due date first (art. 62 § 1), then the next.
* Within an overdue instalment it is split proportionally between the arrears and the late interest
  due on the payment day, in the ratio in which they stand on that day (art. 55 § 2). If it covers
  both, both are paid in full and the rest moves on.
* Liabilities of a later tax year than the payment's are not touched: they were not assessed yet
  when the money came (a decision for 2026 is issued in 2026), so paying more than 2025 owes
  leaves an overpayment instead of quietly pre-paying next year.
* What is left after every open instalment is paid is an overpayment (nadpłata).

Because the split is proportional, the interest on the part of the arrears a payment settles is
paid with it in full; the interest still due on a later day is therefore simply the interest on the
remaining arrears from the original due date — no history is needed (``OpenInstalment``).

Pure functions over plain data; ``services.payment_book`` writes the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .interest import RatePeriod, late_interest

ZERO = Decimal("0.00")
GROSZ = Decimal("0.01")


class OpenInstalment(NamedTuple):
    """A named tuple rather than a dataclass: the ledger import builds 800,000 of them at once."""

    id: int
    due_date: dt.date
    outstanding: Decimal  # arrears (principal) still unpaid
    year: int | None = None  # the liability's tax year; None: no restriction


@dataclass(frozen=True)
class OpenFee:
    id: int  # the reminder's
    issued_on: dt.date
    outstanding: Decimal  # of its fee, still unpaid


@dataclass(frozen=True)
class AllocationLine:
    instalment_id: int
    principal: Decimal
    interest: Decimal


@dataclass
class AllocationPlan:
    lines: list[AllocationLine] = field(default_factory=list)
    overpayment: Decimal = ZERO
    fee_lines: list[tuple[int, Decimal]] = field(default_factory=list)  # (reminder id, amount)


def allocate_fees(
    *, amount: Decimal, paid_on: dt.date, fees: Iterable[OpenFee]
) -> tuple[list[tuple[int, Decimal]], Decimal]:
    """Art. 55 § 1: a payment covers the costs of upomnienia first — of the reminders issued on or
    before ``paid_on``, oldest first, each in full while the money lasts. Returns the lines
    ``(reminder id, amount)`` and what is left for the arrears and interest."""
    left = Decimal(amount).quantize(GROSZ)
    lines = []
    for fee in sorted(fees, key=lambda f: (f.issued_on, f.id)):
        if left <= 0:
            break
        if fee.outstanding <= 0 or fee.issued_on > paid_on:
            continue
        part = min(left, fee.outstanding)
        lines.append((fee.id, part))
        left -= part
    return lines, left


def split_proportionally(amount: Decimal, *, arrears: Decimal, interest: Decimal) -> tuple[Decimal, Decimal]:
    """(principal, interest) parts of ``amount`` < arrears + interest, in the ratio arrears : interest.

    The principal part is rounded to the grosz half-up; the interest part is the rest, so the two
    always add up to the payment."""
    principal = (amount * arrears / (arrears + interest)).quantize(GROSZ, rounding=ROUND_HALF_UP)
    return principal, amount - principal


def allocate(
    *,
    amount: Decimal,
    paid_on: dt.date,
    instalments: Iterable[OpenInstalment],
    rates: list[RatePeriod],
    threshold: Decimal | None = None,
    fees: Iterable[OpenFee] = (),
) -> AllocationPlan:
    """Allocate ``amount`` paid on ``paid_on`` to the unpaid reminder ``fees`` first, then to
    ``instalments`` (oldest due date first)."""
    plan = AllocationPlan()
    plan.fee_lines, left = allocate_fees(amount=amount, paid_on=paid_on, fees=fees)
    for item in sorted(instalments, key=lambda i: (i.due_date, i.id)):
        if left <= 0:
            break
        if item.outstanding <= 0 or (item.year is not None and item.year > paid_on.year):
            continue
        interest = late_interest(
            amount=item.outstanding, due_date=item.due_date, on=paid_on, rates=rates, threshold=threshold
        )
        if left >= item.outstanding + interest:
            principal_part, interest_part = item.outstanding, interest
        elif interest > 0:
            principal_part, interest_part = split_proportionally(left, arrears=item.outstanding, interest=interest)
        else:
            principal_part, interest_part = left, ZERO
        plan.lines.append(AllocationLine(item.id, principal_part, interest_part))
        left -= principal_part + interest_part
    plan.overpayment = left
    return plan


def allocate_in_order(
    *,
    payments: Iterable[tuple[int, dt.date, Decimal]],
    instalments: Iterable[OpenInstalment],
    rates: list[RatePeriod],
    threshold: Decimal,
    fees: Iterable[OpenFee] = (),
    fee_lines: list[tuple[int, int, Decimal]] | None = None,
) -> list[tuple[int, int, Decimal, Decimal]]:
    """Allocate one taxpayer's ``payments`` — ``(payment id, paid on, amount)`` in the order they were
    paid — one after the other, each with ``allocate``'s rules against what the earlier ones left open.

    The same result as calling ``allocate`` per payment and carrying the outstanding amounts forward
    (``services.taxpayer_rebook``), without re-sorting the open instalments and building plan objects
    for every payment: the ledger import re-allocates 200,000 payments at once (and passes
    ``instalments`` as plain tuples in ``OpenInstalment``'s field order). Returns
    ``(payment id, instalment id, principal, interest)`` per allocation line; the reminder fees paid
    (``fees`` first, art. 55 § 1) are appended to ``fee_lines`` as ``(payment id, reminder id, amount)``."""
    # [id, due_date, outstanding, year], oldest due date first; paid ones are dropped as they go
    items = [list(i) for i in instalments if i[2] > 0]
    items.sort(key=lambda item: (item[1], item[0]))
    lines: list[tuple[int, int, Decimal, Decimal]] = []
    open_fees = {fee.id: fee for fee in fees if fee.outstanding > 0}
    for payment_id, paid_on, amount in payments:
        left = Decimal(amount).quantize(GROSZ)
        if open_fees:
            paid_fees, left = allocate_fees(amount=left, paid_on=paid_on, fees=open_fees.values())
            for reminder_id, part in paid_fees:
                fee = open_fees.pop(reminder_id)
                if fee.outstanding > part:
                    open_fees[reminder_id] = OpenFee(fee.id, fee.issued_on, fee.outstanding - part)
                if fee_lines is not None:
                    fee_lines.append((payment_id, reminder_id, part))
        if not items:
            continue  # as the import always did: nothing open, nothing to allocate (an overpayment)
        year = paid_on.year
        settled = False
        for item in items:
            if left <= 0:
                break
            item_id, due_date, outstanding, item_year = item
            if item_year is not None and item_year > year:
                continue
            if paid_on <= due_date:
                interest = ZERO  # not overdue yet: no interest (``late_interest`` would compute 0 too)
            else:
                interest = late_interest(
                    amount=outstanding, due_date=due_date, on=paid_on, rates=rates, threshold=threshold
                )
            if left >= outstanding + interest:
                principal_part, interest_part = outstanding, interest
            elif interest > 0:
                principal_part, interest_part = split_proportionally(left, arrears=outstanding, interest=interest)
            else:
                principal_part, interest_part = left, ZERO
            lines.append((payment_id, item_id, principal_part, interest_part))
            left -= principal_part + interest_part
            item[2] = outstanding - principal_part
            settled = settled or item[2] <= 0
        if settled:
            items = [item for item in items if item[2] > 0]
    return lines

"""How a payment is allocated (zaliczenie wpłaty), Ordynacja podatkowa art. 55 § 2 and art. 62 § 1.

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

from .interest import RatePeriod, late_interest

ZERO = Decimal("0.00")
GROSZ = Decimal("0.01")


@dataclass(frozen=True)
class OpenInstalment:
    id: int
    due_date: dt.date
    outstanding: Decimal  # arrears (principal) still unpaid
    year: int | None = None  # the liability's tax year; None: no restriction


@dataclass(frozen=True)
class AllocationLine:
    instalment_id: int
    principal: Decimal
    interest: Decimal


@dataclass
class AllocationPlan:
    lines: list[AllocationLine] = field(default_factory=list)
    overpayment: Decimal = ZERO


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
) -> AllocationPlan:
    """Allocate ``amount`` paid on ``paid_on`` to ``instalments`` (oldest due date first)."""
    left = Decimal(amount).quantize(GROSZ)
    plan = AllocationPlan()
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

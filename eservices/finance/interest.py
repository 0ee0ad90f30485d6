"""Late interest on tax arrears (odsetki za zwłokę, Ordynacja podatkowa art. 53–56, 63).

Interest runs from the day after the due date up to and including the day of payment, on the
arrears, at the rate in force on each day (``InterestRate``, a dated table): for every period of one
rate ``amount × days × rate / 365``. The sum is rounded to whole złoty — below 50 grosze down, from
50 grosze up (art. 63 § 1) — and not charged at all when it would not exceed the threshold
(art. 54 § 1 pkt 5: 3 × the Polish Post's registered-letter fee, ``FINANCE_INTEREST_THRESHOLD``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

ZERO = Decimal("0")
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class RatePeriod:
    valid_from: dt.date
    annual_rate: Decimal  # per cent, e.g. Decimal("14.50")


def load_rates() -> list[RatePeriod]:
    """The rate table, oldest first (one query)."""
    from .models import InterestRate

    return [
        RatePeriod(valid_from, annual_rate)
        for valid_from, annual_rate in InterestRate.objects.order_by("valid_from").values_list(
            "valid_from", "annual_rate"
        )
    ]


def interest_threshold() -> Decimal:
    return Decimal(str(settings.FINANCE_INTEREST_THRESHOLD))


def interest_exact(*, amount: Decimal, due_date: dt.date, on: dt.date, rates: list[RatePeriod]) -> Decimal:
    """Unrounded interest on ``amount`` overdue since ``due_date``, up to and including ``on``.

    Days before the first rate in the table bear no interest (there is no rate to apply)."""
    if amount <= 0 or on <= due_date or not rates:
        return ZERO
    starts = [rate.valid_from for rate in rates]
    first_day = due_date + dt.timedelta(days=1)
    index = max(bisect_right(starts, first_day) - 1, 0)
    total = ZERO
    day = max(first_day, rates[0].valid_from)
    while day <= on and index < len(rates):
        period_end = rates[index + 1].valid_from - dt.timedelta(days=1) if index + 1 < len(rates) else on
        end = min(period_end, on)
        if end >= day:
            days = (end - day).days + 1
            total += Decimal(amount) * days * rates[index].annual_rate / 100 / DAYS_IN_YEAR
            day = end + dt.timedelta(days=1)
        index += 1
    return total


def round_to_zloty(value: Decimal) -> Decimal:
    """Art. 63 § 1: below 50 grosze down, 50 grosze and more up."""
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def late_interest(
    *, amount: Decimal, due_date: dt.date, on: dt.date, rates: list[RatePeriod], threshold: Decimal | None = None
) -> Decimal:
    """Interest due on ``on`` for ``amount`` overdue since ``due_date``, in whole złoty; 0 when it would
    not exceed ``threshold`` (default ``FINANCE_INTEREST_THRESHOLD``)."""
    threshold = interest_threshold() if threshold is None else threshold
    rounded = round_to_zloty(interest_exact(amount=amount, due_date=due_date, on=on, rates=rates))
    return rounded if rounded > threshold else ZERO

"""Allocation of payments (Ordynacja podatkowa art. 55 § 2, art. 62 § 1): oldest arrears first,
proportionally between arrears and interest, the rest an overpayment."""

import datetime as dt
from decimal import Decimal

from eservices.finance.allocation import AllocationLine, OpenInstalment, allocate, split_proportionally
from eservices.finance.interest import RatePeriod

D = dt.date
RATES = [RatePeriod(D(2023, 10, 5), Decimal("14.50"))]
PAID_ON = D(2024, 6, 13)  # 90 days after 15 III 2024: 1,000 × 90 × 14.5 % / 365 = 35.75 → 36 zł


def test_partial_payment_split_proportionally_between_arrears_and_interest():
    """500 zł against 1,000 zł of arrears and 36 zł of interest: 500 × 1000/1036 = 482.63 on the
    arrears, 17.37 on the interest; 517.37 zł of arrears remain."""
    plan = allocate(
        amount=Decimal("500.00"),
        paid_on=PAID_ON,
        instalments=[OpenInstalment(1, D(2024, 3, 15), Decimal("1000.00"))],
        rates=RATES,
    )
    assert plan.lines == [AllocationLine(1, Decimal("482.63"), Decimal("17.37"))]
    assert plan.overpayment == 0


def test_split_always_adds_up_to_the_payment():
    principal, interest = split_proportionally(Decimal("0.01"), arrears=Decimal("333.33"), interest=Decimal("7"))
    assert principal + interest == Decimal("0.01")
    principal, interest = split_proportionally(Decimal("100.00"), arrears=Decimal("1"), interest=Decimal("2"))
    assert (principal, interest) == (Decimal("33.33"), Decimal("66.67"))


def test_oldest_arrears_first_then_the_next_instalment():
    """1,200 zł: the instalment of 15 III first in full (1,000 + 36 interest), 164 zł to 15 V."""
    plan = allocate(
        amount=Decimal("1200.00"),
        paid_on=PAID_ON,
        instalments=[
            OpenInstalment(2, D(2024, 5, 15), Decimal("1000.00")),  # given out of order on purpose
            OpenInstalment(1, D(2024, 3, 15), Decimal("1000.00")),
        ],
        rates=RATES,
    )
    # 15 V → 13 VI: 29 days, 11.52 zł → 12 zł of interest, so 164 is split 1000:12.
    assert plan.lines[0] == AllocationLine(1, Decimal("1000.00"), Decimal("36"))
    assert plan.lines[1].instalment_id == 2
    assert plan.lines[1].principal + plan.lines[1].interest == Decimal("164.00")
    assert plan.lines[1].principal == Decimal("162.06")
    assert plan.overpayment == 0


def test_what_is_left_is_an_overpayment():
    plan = allocate(
        amount=Decimal("300.00"),
        paid_on=D(2024, 3, 1),
        instalments=[
            OpenInstalment(1, D(2024, 3, 15), Decimal("100.00")),
            OpenInstalment(2, D(2024, 5, 15), Decimal("100.00")),
            OpenInstalment(3, D(2024, 1, 15), Decimal("0.00")),  # already paid
        ],
        rates=RATES,
    )
    assert plan.lines == [
        AllocationLine(1, Decimal("100.00"), Decimal("0.00")),
        AllocationLine(2, Decimal("100.00"), Decimal("0.00")),
    ]
    assert plan.overpayment == Decimal("100.00")


def test_interest_under_the_threshold_is_not_split_off():
    """Ten days late on 1,000 zł is 3.97 zł → 4 zł ≤ 8.70: everything goes to the arrears."""
    plan = allocate(
        amount=Decimal("400.00"),
        paid_on=D(2024, 3, 25),
        instalments=[OpenInstalment(1, D(2024, 3, 15), Decimal("1000.00"))],
        rates=RATES,
    )
    assert plan.lines == [AllocationLine(1, Decimal("400.00"), Decimal("0"))]


def test_nothing_open_everything_is_an_overpayment():
    plan = allocate(amount=Decimal("50.00"), paid_on=PAID_ON, instalments=[], rates=RATES)
    assert plan.lines == [] and plan.overpayment == Decimal("50.00")


def test_a_later_years_liability_is_not_prepaid():
    """Paid in 2025: the 2026 instalment was not assessed yet, so the rest is an overpayment."""
    plan = allocate(
        amount=Decimal("150.00"),
        paid_on=D(2025, 11, 14),
        instalments=[
            OpenInstalment(1, D(2025, 11, 17), Decimal("100.00"), 2025),
            OpenInstalment(2, D(2026, 3, 16), Decimal("100.00"), 2026),
        ],
        rates=RATES,
    )
    assert plan.lines == [AllocationLine(1, Decimal("100.00"), Decimal("0.00"))]
    assert plan.overpayment == Decimal("50.00")

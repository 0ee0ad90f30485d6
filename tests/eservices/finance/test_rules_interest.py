"""Late interest (Ordynacja podatkowa art. 53–56, 63): per day at the rate in force on each day,
``amount × days × rate / 365`` per rate period, rounded to whole złoty, nothing up to 8.70 zł."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from eservices.finance.interest import RatePeriod, interest_exact, late_interest, round_to_zloty

D = dt.date
RATES = [RatePeriod(D(2023, 10, 5), Decimal("14.50")), RatePeriod(D(2025, 5, 8), Decimal("13.50"))]


def test_interest_across_a_change_of_rate():
    """10,000 zł due 30 IV 2025, paid 15 V 2025: 1–7 V (7 days) at 14.5 %, 8–15 V (8 days) at 13.5 %.

    10 000 × 7 × 14.5 % / 365 = 27.81; 10 000 × 8 × 13.5 % / 365 = 29.59; together 57.40 → 57 zł."""
    exact = interest_exact(amount=Decimal("10000"), due_date=D(2025, 4, 30), on=D(2025, 5, 15), rates=RATES)
    assert exact.quantize(Decimal("0.01")) == Decimal("57.40")
    assert late_interest(amount=Decimal("10000"), due_date=D(2025, 4, 30), on=D(2025, 5, 15), rates=RATES) == 57


def test_no_interest_on_or_before_the_due_date():
    assert late_interest(amount=Decimal("10000"), due_date=D(2025, 5, 15), on=D(2025, 5, 15), rates=RATES) == 0
    assert late_interest(amount=Decimal("10000"), due_date=D(2025, 5, 15), on=D(2025, 5, 1), rates=RATES) == 0


def test_one_day_late():
    """10,000 zł one day late at 13.5 %: 3.70 zł — not more than 8.70 zł, so not charged."""
    assert interest_exact(amount=Decimal("10000"), due_date=D(2025, 6, 2), on=D(2025, 6, 3), rates=RATES).quantize(
        Decimal("0.01")
    ) == Decimal("3.70")
    assert late_interest(amount=Decimal("10000"), due_date=D(2025, 6, 2), on=D(2025, 6, 3), rates=RATES) == 0


@pytest.mark.parametrize(("value", "rounded"), [("9.49", 9), ("9.50", 10), ("9.01", 9), ("57.397", 57), ("0.50", 1)])
def test_rounding_to_whole_zloty_art_63(value, rounded):
    assert round_to_zloty(Decimal(value)) == rounded


def test_threshold_interest_up_to_8_70_is_not_charged():
    """1,000 zł at 14.5 %: 21 days → 8.34 → 8 zł (not charged); 22 days → 8.74 → 9 zł (charged)."""
    due = D(2024, 3, 15)
    assert late_interest(amount=Decimal("1000"), due_date=due, on=due + dt.timedelta(days=21), rates=RATES) == 0
    assert late_interest(amount=Decimal("1000"), due_date=due, on=due + dt.timedelta(days=22), rates=RATES) == 9


@override_settings(FINANCE_INTEREST_THRESHOLD="0")
def test_threshold_is_a_setting():
    due = D(2024, 3, 15)
    assert late_interest(amount=Decimal("1000"), due_date=due, on=due + dt.timedelta(days=21), rates=RATES) == 8


def test_historic_rates_are_loaded(rate_table):
    by_day = {rate.valid_from: rate.annual_rate for rate in rate_table}
    assert by_day[D(2023, 10, 5)] == Decimal("14.50")
    assert by_day[D(2025, 5, 8)] == Decimal("13.50")
    assert by_day[D(2022, 9, 8)] == Decimal("16.50")
    assert rate_table == sorted(rate_table, key=lambda rate: rate.valid_from)


def test_a_year_across_several_rates_with_the_loaded_table(rate_table):
    """1,000 zł due 15 IX 2025, to 31 XII 2025, rates 12.5 % (from 4 IX), 12.0 % (9 X), 11.5 % (6 XI), 11.0 % (4 XII).

    16 IX–8 X: 23 days × 12.5 % = 7.877; 9 X–5 XI: 28 × 12.0 % = 9.205; 6 XI–3 XII: 28 × 11.5 % = 8.822;
    4–31 XII: 28 × 11.0 % = 8.438 → 34.34 → 34 zł."""
    exact = interest_exact(amount=Decimal("1000"), due_date=D(2025, 9, 15), on=D(2025, 12, 31), rates=rate_table)
    assert exact.quantize(Decimal("0.01")) == Decimal("34.34")
    assert late_interest(amount=Decimal("1000"), due_date=D(2025, 9, 15), on=D(2025, 12, 31), rates=rate_table) == 34

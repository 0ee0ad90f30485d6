"""Instalment schedules (art. 6 u.p.o.l., art. 11 u.p.o.l.) and the shift of due dates off
non-working days (Ordynacja podatkowa art. 12 § 5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from cms.calendar_pl import easter_sunday, is_working_day, next_working_day, polish_holidays
from eservices.finance.schedules import instalment_schedule, split_amount

D = dt.date


def dates(schedule):
    return [item.due_date for item in schedule]


def amounts(schedule):
    return [item.amount for item in schedule]


def test_person_property_tax_four_instalments_moved_off_saturdays():
    """2025: 15 III and 15 XI are Saturdays → Monday 17 III and 17 XI."""
    schedule = instalment_schedule(kind="property", year=2025, total=Decimal("1234.00"))
    assert dates(schedule) == [D(2025, 3, 17), D(2025, 5, 15), D(2025, 9, 15), D(2025, 11, 17)]
    assert amounts(schedule) == [Decimal("308.50")] * 4
    assert [item.number for item in schedule] == [1, 2, 3, 4]


def test_uneven_split_puts_the_remainder_on_the_first_instalment():
    assert split_amount(Decimal("1000.01"), 4) == [Decimal("250.01")] + [Decimal("250.00")] * 3
    assert split_amount(Decimal("100.03"), 3) == [Decimal("33.35"), Decimal("33.34"), Decimal("33.34")]
    assert sum(split_amount(Decimal("999.99"), 12)) == Decimal("999.99")


@pytest.mark.parametrize("kind", ["property", "agricultural", "forest", "joint"])
def test_at_most_100_zl_is_paid_at_once_by_the_first_term(kind):
    schedule = instalment_schedule(kind=kind, year=2026, total=Decimal("100.00"))
    assert [(s.number, s.due_date, s.amount) for s in schedule] == [(1, D(2026, 3, 16), Decimal("100.00"))]
    # 15 III 2026 is a Sunday → 16 III.


def test_100_01_zl_is_paid_in_four_instalments():
    schedule = instalment_schedule(kind="property", year=2026, total=Decimal("100.01"))
    assert len(schedule) == 4
    assert sum(amounts(schedule)) == Decimal("100.01")


def test_business_property_tax_monthly_january_by_31st():
    schedule = instalment_schedule(kind="property", year=2026, total=Decimal("12000.00"), taxpayer_kind="business")
    assert len(schedule) == 12
    assert schedule[0].due_date == D(2026, 2, 2)  # 31 I 2026 is a Saturday
    assert schedule[1].due_date == D(2026, 2, 16)  # 15 II 2026 is a Sunday
    assert schedule[2].due_date == D(2026, 3, 16)
    assert schedule[7].due_date == D(2026, 8, 17)  # 15 VIII: Assumption and a Saturday
    assert amounts(schedule) == [Decimal("1000.00")] * 12


def test_business_small_property_tax_is_still_monthly():
    """The ≤ 100 zł rule is for persons only (art. 6 ust. 7)."""
    assert len(instalment_schedule(kind="property", year=2025, total=Decimal("60.00"), taxpayer_kind="business")) == 12


def test_vehicle_tax_two_halves_15_feb_and_15_sep():
    schedule = instalment_schedule(kind="vehicle", year=2025, total=Decimal("1501.00"))
    assert dates(schedule) == [D(2025, 2, 17), D(2025, 9, 15)]  # 15 II 2025 is a Saturday
    assert amounts(schedule) == [Decimal("750.50"), Decimal("750.50")]


def test_waste_fee_monthly_by_the_10th_by_default():
    schedule = instalment_schedule(kind="waste", year=2026, total=Decimal("372.00"))
    assert len(schedule) == 12 and amounts(schedule) == [Decimal("31.00")] * 12
    assert schedule[0].due_date == D(2026, 1, 12)  # 10 I 2026 is a Saturday
    assert schedule[4].due_date == D(2026, 5, 11)  # 10 V 2026 is a Sunday


@override_settings(FINANCE_WASTE_SCHEDULE={"dates": [[3, 15], [5, 15], [9, 15], [11, 15]]})
def test_waste_fee_schedule_is_configurable():
    schedule = instalment_schedule(kind="waste", year=2025, total=Decimal("400.00"))
    assert dates(schedule) == [D(2025, 3, 17), D(2025, 5, 15), D(2025, 9, 15), D(2025, 11, 17)]


def test_lease_needs_the_contract_dates():
    with pytest.raises(ValueError):
        instalment_schedule(kind="lease", year=2025, total=Decimal("500.00"))
    schedule = instalment_schedule(
        kind="lease", year=2025, total=Decimal("500.00"), dates=[D(2025, 4, 21), D(2025, 6, 30)]
    )
    assert dates(schedule) == [D(2025, 4, 22), D(2025, 6, 30)]  # 21 IV 2025 is Easter Monday


def test_easter_and_movable_holidays():
    assert easter_sunday(2025) == D(2025, 4, 20)
    assert easter_sunday(2026) == D(2026, 4, 5)
    holidays = polish_holidays(2026)
    assert D(2026, 4, 6) in holidays  # Easter Monday
    assert D(2026, 6, 4) in holidays  # Corpus Christi
    assert D(2025, 12, 24) in polish_holidays(2025)  # Christmas Eve, a holiday from 2025
    assert D(2024, 12, 24) not in polish_holidays(2024)


def test_next_working_day():
    assert next_working_day(D(2025, 11, 15)) == D(2025, 11, 17)  # Saturday → Monday
    assert next_working_day(D(2025, 11, 10)) == D(2025, 11, 10)  # a Monday stays
    assert next_working_day(D(2025, 11, 11)) == D(2025, 11, 12)  # Independence Day
    assert next_working_day(D(2025, 12, 24)) == D(2025, 12, 29)  # 24–26 XII, then a weekend
    assert not is_working_day(D(2026, 1, 6))  # Epiphany

"""The Polish calendar: public holidays (Easter computed) and working days.

Shared by KPA deadlines (``eservices.cases.deadlines``, art. 57 § 4) and tax due dates
(``eservices.finance.schedules``, Ordynacja podatkowa art. 12 § 5): a term that ends on a Saturday,
a Sunday or a public holiday ends on the next working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

__all__ = [
    "easter_sunday",
    "is_working_day",
    "next_working_day",
    "polish_holidays",
    "working_days_between",
]


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * leap) // 433
    month = (h + leap - 7 * m + 90) // 25
    return dt.date(year, month, (h + leap - 7 * m + 33 * month + 19) % 32)


@lru_cache(maxsize=64)
def polish_holidays(year: int) -> frozenset[dt.date]:
    """Public holidays (ustawa o dniach wolnych od pracy), including 24 December from 2025.

    Easter Sunday and Monday, Pentecost (Easter + 49) and Corpus Christi (Easter + 60) move with Easter.
    """
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    easter = easter_sunday(year)
    movable = [easter, easter + dt.timedelta(days=1), easter + dt.timedelta(days=49), easter + dt.timedelta(days=60)]
    return frozenset([dt.date(year, m, d) for m, d in fixed] + movable)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in polish_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count

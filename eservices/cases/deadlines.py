"""KPA deadlines: calendar months (art. 57 § 3), working days and Polish public holidays (art. 57 § 4).

A term counted in months ends on the day of the last month that corresponds by number to the day it
started; when that month is too short, on its last day. A term that would end on a Saturday, a
Sunday or a public holiday ends on the next working day.
"""

from __future__ import annotations

import calendar
import datetime as dt

from cms.calendar_pl import (  # noqa: F401  (re-exported)
    easter_sunday,
    is_working_day,
    next_working_day,
    polish_holidays,
    working_days_between,
)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The generic calendar lives in cms.calendar_pl; these names stay importable from here.
_easter = easter_sunday
shift_to_working_day = next_working_day


def due_date_for(*, start: dt.date, months: int, suspended_days: int = 0) -> dt.date:
    """KPA art. 35 deadline: ``start`` + ``months`` + days the clock was stopped, on a working day."""
    return shift_to_working_day(add_months(start, months) + dt.timedelta(days=suspended_days))


def handling_months_for(service) -> int:
    """Months the office has for a service: 2 for a complex one (``deadline == "2m"``), else 1."""
    if service is not None and getattr(service, "deadline", "") == "2m":
        return 2
    return 1

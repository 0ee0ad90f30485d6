"""KPA deadlines: calendar months, working days, the clock stopped while awaiting a supplement."""

import datetime as dt

import pytest
from django.utils import timezone

from eservices.cases import selectors, services
from eservices.cases.deadlines import add_months, due_date_for, working_days_between
from eservices.cases.models import Case

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the last day of the month (a Friday)
        (D(2026, 3, 2), 1, D(2026, 4, 2)),
        (D(2026, 3, 2), 2, D(2026, 5, 4)),  # 2 May 2026 is a Saturday -> Monday 4 May
        (D(2026, 3, 6), 1, D(2026, 4, 7)),  # 6 April 2026 is Easter Monday -> Tuesday
        (D(2026, 11, 24), 1, D(2026, 12, 28)),  # 24, 25, 26 Dec (holidays from 2025), 27 Sunday
    ],
)
def test_due_date_is_calendar_months_moved_to_a_working_day(start, months, due):
    assert due_date_for(start=start, months=months) == due


def test_add_months_and_working_days():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert working_days_between(D(2026, 4, 3), D(2026, 4, 8)) == 2  # Fri -> Wed over Easter Monday


def test_complex_service_gets_two_months(open_case):
    from types import SimpleNamespace

    from eservices.cases.deadlines import handling_months_for

    assert handling_months_for(SimpleNamespace(deadline="2m")) == 2
    assert handling_months_for(SimpleNamespace(deadline="1m")) == 1
    assert handling_months_for(None) == 1


def test_the_clock_stops_while_awaiting_a_supplement_and_resumes_on_reply(open_case, clerk, resident):
    case = open_case(received_at=at(D(2026, 3, 2)))
    assert case.due_date == D(2026, 4, 2)
    services.case_register(case=case, clerk=clerk, actor=clerk)
    services.case_start(case=case, actor=clerk)
    services.case_request_supplement(case=case, actor=clerk, text="Brak zgody.", today=D(2026, 3, 10))
    case.refresh_from_db()
    assert case.suspended_since == D(2026, 3, 10)
    # Long past the original due date, but the clock is stopped: not overdue, not due soon.
    assert not case.is_overdue(today=D(2026, 4, 20))
    assert not Case.objects.filter(selectors.overdue_q(today=D(2026, 4, 20))).exists()
    assert case.effective_due_date(today=D(2026, 3, 12)) == D(2026, 4, 6 + 1)  # +2 days -> Easter Monday -> Tue

    services.case_supplement_reply(case=case, user=resident, text="Zgoda w załączeniu.", today=D(2026, 3, 15))
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert case.suspended_since is None
    assert case.suspended_days_total == 5
    assert case.due_date == D(2026, 4, 7)  # 2 April + 5 days stopped = 7 April


def test_overdue_and_due_soon_flags(open_case, clerk):
    late = open_case(received_at=at(D(2026, 1, 5)))  # due 5 February
    soon = open_case(received_at=at(D(2026, 1, 12)))  # due 12 February
    far = open_case(received_at=at(D(2026, 2, 2)))  # due 2 March
    today = D(2026, 2, 9)  # Monday
    flags = {c.pk: (c.overdue, c.due_soon) for c in selectors.with_deadline_flags(Case.objects.all(), today=today)}
    assert flags == {late.pk: (True, False), soon.pk: (False, True), far.pk: (False, False)}
    assert late.is_overdue(today=today) and soon.is_due_soon(today=today) and not far.is_due_soon(today=today)

    services.case_register(case=late, clerk=clerk, actor=clerk)
    services.case_register(case=soon, clerk=clerk, actor=clerk)
    digest = selectors.deadline_digest(today=today)
    assert [c.pk for c in digest[clerk.pk]["overdue"]] == [late.pk]
    assert [c.pk for c in digest[clerk.pk]["due_soon"]] == [soon.pk]

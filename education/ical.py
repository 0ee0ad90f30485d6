"""iCalendar feeds (RFC 5545) of the timetable: one per student, one per teacher, 4 weeks ahead.

Each lesson on each date is a VEVENT with a stable UID (lesson and date), so a calendar app that
polls the feed updates it in place; a substitution changes its teacher and room, a cancellation
gives ``STATUS:CANCELLED``. Calendar apps cannot sign in, so the feed has a private address: the
token is ``<user id>-<s|t><id>.<signature>``, signed with a salt that includes the user's password
hash and e-mail — changing the password revokes every address given out before. Access is checked
again on every request (a guardian removed from a child loses the child's feed at once).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone

from .access import students_for_user
from .models import BellPeriod, Student
from .selectors import class_week, teacher_week, week_start

SALT = "education.ical"
WEEKS = 4
WARSAW = ZoneInfo("Europe/Warsaw")


def _signer(user) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{user.password}:{user.email}")


def feed_token(*, user, student: Student | None = None) -> str:
    value = f"{user.pk}-s{student.pk}" if student is not None else f"{user.pk}-t{user.pk}"
    return f"{value}.{_signer(user).signature(value)}"


def resolve_token(token: str):
    """``(user, student or None)`` for a valid token, else ``None``."""
    value, _sep, signature = token.rpartition(".")
    user_id, _dash, target = value.partition("-")
    if not (user_id.isdigit() and target[:1] in ("s", "t") and target[1:].isdigit()):
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None or not signing.constant_time_compare(_signer(user).signature(value), signature):
        return None
    if target[0] == "s":
        student = students_for_user(user).filter(pk=int(target[1:])).select_related("school_class__year").first()
        return (user, student) if student else None
    return (user, None) if int(target[1:]) == user.pk else None


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _utc(day: dt.date, time: dt.time) -> str:
    return dt.datetime.combine(day, time, tzinfo=WARSAW).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_body(*, user, student: Student | None, today: dt.date | None = None, domain: str = "ratusz") -> str:
    today = today or timezone.localdate()
    monday = week_start(today)
    weeks = []
    for i in range(WEEKS):
        start = monday + dt.timedelta(days=7 * i)
        if student is not None:
            weeks.append(class_week(school_class=student.school_class, monday=start))
        else:
            weeks.extend(teacher_week(teacher=user, monday=start))
    bells = {(b.school_id, b.number): b for b in BellPeriod.objects.all()} if weeks else {}
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ratusz//E-dziennik//PL",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _escape(f"Plan lekcji — {student}" if student else "Mój plan lekcji"),
    ]
    for week in weeks:
        for slots in week.grid.values():
            for slot in slots:
                lesson = slot.lesson
                bell = bells.get((lesson.school_class.year.school_id, lesson.period))
                if bell is None or slot.date < today:
                    continue
                if student is None and not slot.cancelled and slot.teacher.pk != user.pk:
                    continue  # the teacher's own lesson, given to a substitute
                summary = f"{lesson.subject.name} ({lesson.school_class.name})"
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:lekcja-{lesson.pk}-{slot.date:%Y%m%d}@{domain}",
                    f"DTSTAMP:{stamp}",
                    f"DTSTART:{_utc(slot.date, bell.starts_at)}",
                    f"DTEND:{_utc(slot.date, bell.ends_at)}",
                    "SUMMARY:" + _escape(("ODWOŁANA: " if slot.cancelled else "") + summary),
                    "LOCATION:" + _escape(f"sala {slot.room}" if slot.room else ""),
                    "DESCRIPTION:"
                    + _escape(
                        f"{slot.teacher.get_full_name()}"
                        + (" — zastępstwo" if slot.substitution and not slot.cancelled else "")
                    ),
                ]
                if slot.cancelled:
                    lines.append("STATUS:CANCELLED")
                lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

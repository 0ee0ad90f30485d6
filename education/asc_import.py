"""Import of a timetable from aSc Timetables (aSc Plan lekcji) "aSc XML" export — all or nothing.

The export is one ``<timetable>`` element with tables, each row an element with attributes:
``periods/period`` (number, start and end), ``subjects/subject``, ``teachers/teacher`` (with e-mail),
``classrooms/classroom``, ``classes/class``, ``lessons/lesson`` (which classes, subject, teachers,
rooms) and ``cards/card`` (a lesson placed on a period and days, ``days`` a bit string Monday first,
``"10000"`` = Monday). A sample is ``education/samples/asc_timetable_sample.xml``.

Everything is checked before anything is written: XML well-formedness, references between tables,
periods, days, teachers that are the school's staff (matched by e-mail, else by full name), classes
that exist in the school year, and collisions (a class or a teacher in two places at once). Any error
leaves the database untouched and the report lists every problem with its line in the file. A valid
file replaces the year's weekly lessons (and with them their substitutions) in one transaction.
Group splits (two groups of one class in the same period) are reported as collisions: the gradebook
keeps one lesson per class and period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from .models import BellPeriod, Lesson, SchoolClass, SchoolStaff, Subject, Substitution, TeachingAssignment

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    periods: int = 0
    lessons: int = 0
    subjects_created: list[str] = field(default_factory=list)
    assignments_created: int = 0
    substitutions_removed: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _PlannedLesson:
    class_name: str
    subject_name: str
    teacher_id: int
    room: str
    weekday: int
    period: int
    asc_id: str


def _err(report: ImportReport, el, message: str) -> None:
    line = getattr(el, "sourceline", None)
    report.errors.append(_("wiersz %(line)s: %(msg)s") % {"line": line, "msg": message} if line else message)


def _time(value: str):
    try:
        hours, minutes = value.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


def _ids(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def parse_asc(*, data: bytes, school, year, report: ImportReport):
    """Validate the file against the school and year; returns (periods, lessons) or ``None``."""
    if len(data) > MAX_BYTES:
        report.errors.append(_("Plik jest za duży (najwyżej 5 MB)."))
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        report.errors.append(_("Plik nie jest poprawnym XML-em: %(msg)s") % {"msg": exc})
        return None
    if root.tag != "timetable":
        report.errors.append(
            _("To nie jest eksport aSc XML: główny element to <%(tag)s>, a powinien być <timetable>.")
            % {"tag": root.tag}
        )
        return None

    periods: dict[int, tuple] = {}
    for el in root.iterfind("periods/period"):
        try:
            number = int(el.get("period") or el.get("name") or "")
        except ValueError:
            _err(report, el, _("numer lekcji musi być liczbą."))
            continue
        start, end = _time(el.get("starttime", "")), _time(el.get("endtime", ""))
        if start is None or end is None or start >= end:
            _err(
                report,
                el,
                _("lekcja %(n)s: nieprawidłowe godziny (oczekiwano np. 8:00 i 8:45, początek przed końcem).")
                % {"n": number},
            )
            continue
        if number in periods:
            _err(report, el, _("lekcja %(n)s występuje dwa razy.") % {"n": number})
        periods[number] = (start, end)
    if not periods:
        report.errors.append(_("Brak godzin lekcyjnych (<periods>)."))

    subjects = {el.get("id"): (el.get("name") or "").strip() for el in root.iterfind("subjects/subject")}
    for el in root.iterfind("subjects/subject"):
        if not (el.get("name") or "").strip():
            _err(report, el, _("przedmiot bez nazwy."))
    rooms = {
        el.get("id"): (el.get("short") or el.get("name") or "").strip() for el in root.iterfind("classrooms/classroom")
    }

    staff = list(SchoolStaff.objects.filter(school=school).select_related("user"))
    by_email = {s.user.email.lower(): s.user for s in staff}
    by_name = {f"{s.user.first_name} {s.user.last_name}".strip().lower(): s.user for s in staff}
    teachers = {}
    for el in root.iterfind("teachers/teacher"):
        email = (el.get("email") or "").strip().lower()
        full = (el.get("name") or f"{el.get('firstname', '')} {el.get('lastname', '')}").strip()
        user = by_email.get(email) if email else None
        user = user or by_name.get(full.lower())
        if user is None:
            _err(
                report,
                el,
                _("nauczyciel „%(name)s” (%(email)s) nie jest pracownikiem tej szkoły — dodaj go przed importem.")
                % {"name": full, "email": email or _("bez e-maila")},
            )
            continue
        teachers[el.get("id")] = user

    existing_classes = set(SchoolClass.objects.filter(year=year).values_list("name", flat=True))
    classes = {}
    for el in root.iterfind("classes/class"):
        name = (el.get("name") or el.get("short") or "").strip()
        if name not in existing_classes:
            _err(report, el, _("oddziału „%(name)s” nie ma w roku szkolnym %(year)s.") % {"name": name, "year": year})
            continue
        classes[el.get("id")] = name

    lessons = {}
    for el in root.iterfind("lessons/lesson"):
        lesson_id = el.get("id")
        class_ids, teacher_ids = _ids(el.get("classids")), _ids(el.get("teacherids"))
        problems = []
        if el.get("subjectid") not in subjects:
            problems.append(_("nieznany przedmiot „%(id)s”") % {"id": el.get("subjectid")})
        if not class_ids or any(c not in classes for c in class_ids):
            problems.append(_("nieznany lub pominięty oddział"))
        if not teacher_ids or any(t not in teachers for t in teacher_ids):
            problems.append(_("nieznany lub pominięty nauczyciel"))
        if problems:
            _err(report, el, _("zajęcia %(id)s: %(p)s.") % {"id": lesson_id, "p": ", ".join(problems)})
            continue
        if len(teacher_ids) > 1:
            report.warnings.append(
                _("Zajęcia %(id)s mają kilku nauczycieli; w dzienniku zapisano pierwszego.") % {"id": lesson_id}
            )
        lessons[lesson_id] = (class_ids, el.get("subjectid"), teacher_ids[0], _ids(el.get("classroomids")))

    planned: list[_PlannedLesson] = []
    class_slots, teacher_slots = {}, {}
    for el in root.iterfind("cards/card"):
        lesson = lessons.get(el.get("lessonid"))
        if lesson is None:
            if el.get("lessonid") not in {x.get("id") for x in root.iterfind("lessons/lesson")}:
                _err(
                    report, el, _("karta odwołuje się do nieistniejących zajęć „%(id)s”.") % {"id": el.get("lessonid")}
                )
            continue
        try:
            period = int(el.get("period", ""))
        except ValueError:
            period = None
        if period not in periods:
            _err(report, el, _("lekcja nr „%(p)s” nie występuje w godzinach lekcyjnych.") % {"p": el.get("period")})
            continue
        days = el.get("days", "")
        if len(days) != 5 or set(days) - {"0", "1"} or "1" not in days:
            _err(report, el, _("dni „%(d)s” — oczekiwano pięciu cyfr 0/1, od poniedziałku, np. 10000.") % {"d": days})
            continue
        class_ids, subject_id, teacher_id, room_ids = lesson
        room_ids = _ids(el.get("classroomids")) or room_ids
        room = rooms.get(room_ids[0], "") if room_ids else ""
        teacher = teachers[teacher_id]
        for weekday, flag in enumerate(days, start=1):
            if flag != "1":
                continue
            if (teacher.pk, weekday, period) in teacher_slots and teacher_slots[
                (teacher.pk, weekday, period)
            ] != el.get("lessonid"):
                _err(
                    report,
                    el,
                    _("kolizja: %(t)s ma w tym samym czasie dwie lekcje (dzień %(d)s, lekcja %(p)s).")
                    % {"t": teacher.get_full_name(), "d": weekday, "p": period},
                )
            teacher_slots[(teacher.pk, weekday, period)] = el.get("lessonid")
            for class_id in class_ids:
                key = (classes[class_id], weekday, period)
                if key in class_slots:
                    _err(
                        report,
                        el,
                        _("kolizja: oddział %(c)s ma dwie lekcje w dniu %(d)s na lekcji %(p)s.")
                        % {"c": key[0], "d": weekday, "p": period},
                    )
                    continue
                class_slots[key] = True
                planned.append(
                    _PlannedLesson(
                        class_name=classes[class_id],
                        subject_name=subjects[subject_id],
                        teacher_id=teacher.pk,
                        room=room,
                        weekday=weekday,
                        period=period,
                        asc_id=el.get("lessonid"),
                    )
                )
    if not planned and not report.errors:
        report.errors.append(_("Plik nie zawiera żadnej lekcji (<cards>)."))
    return periods, planned


@transaction.atomic
def timetable_import(*, school, year, data: bytes, dry_run: bool = False) -> ImportReport:
    """Check the aSc XML file and, if it has no errors and this is not a dry run, replace the timetable."""
    report = ImportReport()
    parsed = parse_asc(data=data, school=school, year=year, report=report)
    if parsed is None or report.errors:
        return report
    periods, planned = parsed
    report.periods, report.lessons = len(periods), len(planned)
    existing_subjects = {s.name: s for s in Subject.objects.filter(school=school)}
    report.subjects_created = sorted({p.subject_name for p in planned} - set(existing_subjects))
    report.substitutions_removed = Substitution.objects.filter(lesson__school_class__year=year).count()
    if dry_run:
        return report

    for name in report.subjects_created:
        existing_subjects[name] = Subject.objects.create(school=school, name=name)
    for number, (start, end) in periods.items():
        BellPeriod.objects.update_or_create(school=school, number=number, defaults={"starts_at": start, "ends_at": end})
    classes = {c.name: c for c in SchoolClass.objects.filter(year=year)}
    Lesson.objects.filter(school_class__year=year).delete()
    Lesson.objects.bulk_create(
        [
            Lesson(
                school_class=classes[p.class_name],
                subject=existing_subjects[p.subject_name],
                teacher_id=p.teacher_id,
                room=p.room,
                weekday=p.weekday,
                period=p.period,
                asc_id=p.asc_id,
            )
            for p in planned
        ]
    )
    pairs = defaultdict(set)
    for p in planned:
        pairs[(classes[p.class_name].pk, existing_subjects[p.subject_name].pk)].add(p.teacher_id)
    before = TeachingAssignment.objects.filter(school_class__year=year).count()
    TeachingAssignment.objects.bulk_create(
        [TeachingAssignment(school_class_id=c, subject_id=s, teacher_id=t) for (c, s), ts in pairs.items() for t in ts],
        ignore_conflicts=True,
    )
    report.assignments_created = TeachingAssignment.objects.filter(school_class__year=year).count() - before
    report.applied = True
    return report

"""Reads of the gradebook, each a fixed number of queries whatever the number of grades or students."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import students_for_user
from .models import (
    Attendance,
    BehaviourGrade,
    BellPeriod,
    EntryChange,
    Grade,
    GradeColumn,
    Lesson,
    SchoolClass,
    SchoolNoticePage,
    SchoolPage,
    SchoolStaff,
    Student,
    Substitution,
    TeachingAssignment,
    Term,
    TermGrade,
)
from .scale import weighted_average

# Counted as present: the student was in the lesson, late, or away on the school's business.
PRESENT_STATUSES = {Attendance.Status.PRESENT, Attendance.Status.LATE, Attendance.Status.SCHOOL}
# Not counted at all: a student released from the lesson (e.g. religion, PE) was not expected there.
UNCOUNTED_STATUSES = {Attendance.Status.RELEASED}


def terms_of(*, year) -> list[Term]:
    """The year's terms, cached on the year object: pages ask for them twice (the switch, the term)."""
    if not hasattr(year, "_terms_cache"):
        year._terms_cache = list(Term.objects.filter(year=year).select_related("year").order_by("number"))
    return year._terms_cache


def term_for(*, year, day: dt.date | None = None, number: int | None = None) -> Term | None:
    """The requested term of ``year``, else the one containing ``day``, else the last one started."""
    terms = terms_of(year=year)
    if not terms:
        return None
    if number is not None:
        return next((t for t in terms if t.number == number), None)
    day = day or timezone.localdate()
    for term in terms:
        if term.contains(day):
            return term
    started = [t for t in terms if t.starts_on <= day]
    return started[-1] if started else terms[0]


def attendance_percentage(counts: dict[str, int]) -> Decimal | None:
    """(present + late + school business) / (all − released) × 100, to one place; ``None`` if nothing."""
    counted = sum(n for status, n in counts.items() if status not in UNCOUNTED_STATUSES)
    if not counted:
        return None
    present = sum(n for status, n in counts.items() if status in PRESENT_STATUSES)
    return (Decimal(present) * 100 / counted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class AttendanceSummary:
    counts: dict[str, int]
    percentage: Decimal | None

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in Attendance.Status.choices]


def attendance_summary(*, student: Student, term: Term) -> AttendanceSummary:
    counts = dict(
        Attendance.objects.filter(student=student, date__range=(term.starts_on, term.ends_on))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return AttendanceSummary(counts=counts, percentage=attendance_percentage(counts))


def absences(*, student: Student, term: Term):
    return (
        Attendance.objects.filter(student=student, date__range=(term.starts_on, term.ends_on))
        .exclude(status=Attendance.Status.PRESENT)
        .select_related("subject")
        .order_by("-date", "period")
    )


@dataclass
class SubjectRow:
    subject: object
    grades: list = field(default_factory=list)
    average: Decimal | None = None
    term_grades: dict = field(default_factory=dict)  # (period, kind) -> TermGrade


def student_gradebook(*, student: Student, term: Term) -> list[SubjectRow]:
    """Per subject taught in the student's class: the term's grades, the weighted average and the
    proposed/final term (and, in the second term, year) grades. Three queries."""
    school = student.school_class.year.school
    rows: dict[int, SubjectRow] = {}
    for assignment in (
        TeachingAssignment.objects.filter(school_class_id=student.school_class_id)
        .select_related("subject")
        .order_by("subject__name")
    ):
        rows.setdefault(assignment.subject_id, SubjectRow(subject=assignment.subject))
    grades = (
        Grade.objects.filter(student=student, column__term=term)
        .select_related("column__subject")
        .order_by("column__date", "column_id")
    )
    categories = {value: str(label) for value, label in GradeColumn.Category.choices}
    weight_word = str(_("waga"))
    for grade in grades:
        # The tooltip and the screen-reader text, built here once: rendering it in the template with
        # filters and translations cost ~1 ms a grade (docs/benchmarks.md).
        column = grade.column
        parts = [
            categories.get(column.category, column.category),
            f"{weight_word} {column.weight.normalize():f}",
            f"{column.date:%d.%m}",
        ]
        if column.description:
            parts.append(column.description)
        if grade.comment:
            parts.append(grade.comment)
        grade.label = ", ".join(parts)
        rows.setdefault(column.subject_id, SubjectRow(subject=column.subject)).grades.append(grade)
    for term_grade in TermGrade.objects.filter(student=student, term=term).select_related("subject"):
        row = rows.setdefault(term_grade.subject_id, SubjectRow(subject=term_grade.subject))
        row.term_grades[f"{term_grade.period}_{term_grade.kind}"] = term_grade
    for row in rows.values():
        row.average = weighted_average([(g.value, g.column.weight) for g in row.grades], plus_minus=school.plus_minus)
    return sorted(rows.values(), key=lambda r: r.subject.name)


def behaviour_for(*, student: Student, term: Term) -> dict[str, BehaviourGrade]:
    return {f"{b.period}_{b.kind}": b for b in BehaviourGrade.objects.filter(student=student, term=term)}


# --- timetable -------------------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Slot:
    lesson: Lesson
    date: dt.date
    substitution: Substitution | None = None

    @property
    def cancelled(self) -> bool:
        return self.substitution is not None and self.substitution.kind == Substitution.Kind.CANCELLED

    @property
    def teacher(self):
        if self.substitution and self.substitution.teacher_id:
            return self.substitution.teacher
        return self.lesson.teacher

    @property
    def room(self) -> str:
        return (self.substitution.room if self.substitution and self.substitution.room else "") or self.lesson.room


@dataclass
class Week:
    monday: dt.date
    days: list[dt.date]
    periods: list  # BellPeriod rows
    grid: dict  # (period number, weekday) -> list[Slot]

    @property
    def rows(self):
        return [
            (period, [self.grid.get((period.number, d.isoweekday()), []) for d in self.days]) for period in self.periods
        ]

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)


def _week(*, school_id: int, lessons, monday: dt.date, extra_substitutions=()) -> Week:
    days = [monday + dt.timedelta(days=i) for i in range(5)]
    lessons = list(lessons)
    subs = {
        (s.lesson_id, s.date): s
        for s in Substitution.objects.filter(
            lesson__in=[lesson.pk for lesson in lessons], date__range=(days[0], days[-1])
        ).select_related("teacher")
    }
    for sub in extra_substitutions:
        subs[(sub.lesson_id, sub.date)] = sub
    grid: dict = defaultdict(list)
    for lesson in lessons:
        day = days[lesson.weekday - 1]
        grid[(lesson.period, lesson.weekday)].append(
            Slot(lesson=lesson, date=day, substitution=subs.get((lesson.pk, day)))
        )
    periods = list(BellPeriod.objects.filter(school_id=school_id))
    known = {p.number for p in periods}
    for number in sorted({n for n, _day in grid} - known):
        periods.append(BellPeriod(number=number, starts_at=dt.time(0), ends_at=dt.time(0)))
    return Week(monday=monday, days=days, periods=periods, grid=grid)


def class_week(*, school_class: SchoolClass, monday: dt.date) -> Week:
    lessons = Lesson.objects.filter(school_class=school_class).select_related("subject", "teacher", "school_class")
    return _week(school_id=school_class.year.school_id, lessons=lessons, monday=monday)


def teacher_week(*, teacher, monday: dt.date) -> list[Week]:
    """The teacher's own lessons and the lessons they substitute in this week, one Week per school."""
    sunday = monday + dt.timedelta(days=6)
    substituting = list(
        Substitution.objects.filter(teacher=teacher, date__range=(monday, sunday)).select_related("teacher")
    )
    lessons = Lesson.objects.filter(Q(teacher=teacher) | Q(pk__in=[s.lesson_id for s in substituting])).select_related(
        "subject", "teacher", "school_class__year"
    )
    by_school = defaultdict(list)
    for lesson in lessons:
        by_school[lesson.school_class.year.school_id].append(lesson)
    return [
        _week(school_id=school_id, lessons=items, monday=monday, extra_substitutions=substituting)
        for school_id, items in sorted(by_school.items())
    ]


def lessons_of_teacher_on(*, teacher, day: dt.date) -> list[Slot]:
    """Today's lessons a teacher takes (own ones not cancelled or given away, plus substitutions)."""
    slots = []
    for week in teacher_week(teacher=teacher, monday=week_start(day)):
        for (_period, weekday), items in week.grid.items():
            if weekday != day.isoweekday():
                continue
            for slot in items:
                if slot.cancelled or slot.teacher.pk != teacher.pk:
                    continue
                slots.append(slot)
    return sorted(slots, key=lambda s: s.lesson.period)


def lesson_teacher_on(*, lesson: Lesson, date: dt.date) -> int | None:
    """Who takes ``lesson`` on ``date``: the substitute, nobody if cancelled, else its own teacher."""
    sub = Substitution.objects.filter(lesson=lesson, date=date).first()
    if sub is None:
        return lesson.teacher_id
    if sub.kind == Substitution.Kind.CANCELLED:
        return None
    return sub.teacher_id or lesson.teacher_id


# --- teacher's grid and the form tutor's overview -------------------------------------------------


@dataclass
class GridRow:
    student: Student
    cells: list  # Grade or None per column
    average: Decimal | None
    term_grades: dict


def class_grid(*, school_class: SchoolClass, subject, term: Term) -> tuple[list, list[GridRow]]:
    """Columns and one row per student of a class × subject × term. Four queries."""
    plus_minus = school_class.year.school.plus_minus
    students = list(Student.objects.filter(school_class=school_class))
    columns = list(GradeColumn.objects.filter(school_class=school_class, subject=subject, term=term))
    grades = {(g.column_id, g.student_id): g for g in Grade.objects.filter(column__in=columns)}
    term_grades = defaultdict(dict)
    for tg in TermGrade.objects.filter(student__school_class=school_class, subject=subject, term=term):
        term_grades[tg.student_id][f"{tg.period}_{tg.kind}"] = tg
    rows = []
    for student in students:
        cells = [grades.get((c.pk, student.pk)) for c in columns]
        average = weighted_average(
            [(g.value, c.weight) for g, c in zip(cells, columns, strict=True) if g], plus_minus=plus_minus
        )
        rows.append(GridRow(student=student, cells=cells, average=average, term_grades=term_grades[student.pk]))
    return columns, rows


@dataclass
class OverviewRow:
    student: Student
    average: Decimal | None
    attendance: Decimal | None
    behaviour: dict


def class_overview(*, school_class: SchoolClass, term: Term) -> list[OverviewRow]:
    """Per student: the mean of subject averages, the attendance percentage, behaviour. Four queries."""
    plus_minus = school_class.year.school.plus_minus
    students = list(Student.objects.filter(school_class=school_class))
    marks = defaultdict(lambda: defaultdict(list))
    for student_id, subject_id, value, weight in Grade.objects.filter(
        student__school_class=school_class, column__term=term
    ).values_list("student_id", "column__subject_id", "value", "column__weight"):
        marks[student_id][subject_id].append((value, weight))
    counts = defaultdict(dict)
    for student_id, status, n in (
        Attendance.objects.filter(student__school_class=school_class, date__range=(term.starts_on, term.ends_on))
        .values_list("student_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[student_id][status] = n
    behaviour = defaultdict(dict)
    for b in BehaviourGrade.objects.filter(student__school_class=school_class, term=term):
        behaviour[b.student_id][f"{b.period}_{b.kind}"] = b
    rows = []
    for student in students:
        averages = [
            a for a in (weighted_average(m, plus_minus=plus_minus) for m in marks[student.pk].values()) if a is not None
        ]
        mean = (sum(averages) / len(averages)).quantize(Decimal("0.01")) if averages else None
        rows.append(
            OverviewRow(
                student=student,
                average=mean,
                attendance=attendance_percentage(counts[student.pk]),
                behaviour=behaviour[student.pk],
            )
        )
    return rows


def change_history(*, school, kind: str = "", student_query: str = ""):
    changes = EntryChange.objects.filter(school=school).select_related("student", "changed_by")
    if kind in EntryChange.Kind.values:
        changes = changes.filter(kind=kind)
    if student_query:
        for word in student_query.split()[:3]:
            changes = changes.filter(Q(student__last_name__icontains=word) | Q(student__first_name__icontains=word))
    return changes


# --- notices ----------------------------------------------------------------------------------------


def _audience_filter(class_ids: list[int]) -> Q:
    q = Q(audience=SchoolNoticePage.Audience.PUBLIC)
    if class_ids:
        q |= Q(audience=SchoolNoticePage.Audience.SCHOOL) | Q(
            audience=SchoolNoticePage.Audience.CLASSES, classes__in=class_ids
        )
    return q


def notices_visible(*, user, school_page: SchoolPage):
    """Live notices of a school that ``user`` may read: public ones, plus those addressed to the
    school or classes of their children (or themself); the school's staff read them all."""
    notices = SchoolNoticePage.objects.child_of(school_page).live().order_by("-date", "-pk")
    if user.is_authenticated and SchoolStaff.objects.filter(user=user, school_id=school_page.school_id).exists():
        return notices
    class_ids = list(
        students_for_user(user)
        .filter(school_class__year__school_id=school_page.school_id)
        .values_list("school_class_id", flat=True)
    )
    return notices.filter(_audience_filter(class_ids)).distinct()


def notice_visible_to(*, notice: SchoolNoticePage, user) -> bool:
    parent = notice.get_parent().specific
    if not isinstance(parent, SchoolPage):
        return False
    return notices_visible(user=user, school_page=parent).filter(pk=notice.pk).exists()


def notices_for_student(*, student: Student, limit: int = 5):
    """The latest notices of the student's school addressed to them (public, school or their class).

    One query: a notice belongs to the school if its parent (the first ``4 × (depth − 1)`` characters
    of its tree path) is that school's SchoolPage."""
    parent_is_school = Exists(
        SchoolPage.objects.filter(
            school_id=student.school_class.year.school_id,
            path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * SchoolPage.steplen),
        )
    )
    return (
        SchoolNoticePage.objects.live()
        .filter(parent_is_school)
        .filter(_audience_filter([student.school_class_id]))
        .distinct()
        .order_by("-date", "-pk")[:limit]
    )

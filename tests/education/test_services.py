"""Writes of the gradebook: a whole grade column, term grades, attendance, the change history,
and every bad input of issue 9 with its Polish message and nothing half-written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from education.models import Attendance, EntryChange, Grade, GradeColumn, Substitution, TermGrade
from education.selectors import attendance_summary, class_grid, class_overview, student_gradebook
from education.services import Mark, attendance_save, grade_column_save, term_grades_save

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def _column(sch, marks, **kwargs):
    values = {
        "teacher": sch.teacher,
        "school_class": sch.school_class,
        "subject": sch.maths,
        "term": sch.term2,
        "category": "sprawdzian",
        "weight": "3",
        "date": dt.date(2026, 3, 5),
        "description": "Ułamki",
        "marks": marks,
    }
    values.update(kwargs)
    return grade_column_save(**values)


def test_a_column_saves_every_students_grade_and_history(sch):
    marks = {s.pk: Mark(v) for s, v in zip(sch.students, ["5", "4+", "np", "", "2-"], strict=True)}
    column = _column(sch, marks)
    assert column.weight == Decimal("3.00")
    assert sorted(Grade.objects.values_list("value", flat=True)) == ["2-", "4+", "5", "np"]
    assert EntryChange.objects.filter(kind="grade", old_value="", changed_by=sch.teacher).count() == 4


def test_changing_a_grade_keeps_the_old_value_in_history(sch):
    first = sch.students[0]
    column = _column(sch, {first.pk: Mark("3")})
    _column(sch, {first.pk: Mark("4", "poprawa")}, column=column)
    _column(sch, {first.pk: Mark("")}, column=column)
    history = list(EntryChange.objects.filter(student=first).order_by("pk").values_list("old_value", "new_value"))
    assert history == [("", "3"), ("3", "4"), ("4", "")]
    assert not Grade.objects.exists()


def test_unchanged_grades_write_no_history(sch):
    first = sch.students[0]
    column = _column(sch, {first.pk: Mark("3")})
    _column(sch, {first.pk: Mark("3")}, column=column)
    assert EntryChange.objects.count() == 1


def test_a_grade_outside_the_scale_saves_nothing(sch):
    marks = {sch.students[0].pk: Mark("5"), sch.students[1].pk: Mark("7")}
    with pytest.raises(ValidationError) as exc:
        _column(sch, marks)
    assert "ocena spoza skali" in exc.value.message_dict[f"mark_{sch.students[1].pk}"][0]
    assert not GradeColumn.objects.exists() and not Grade.objects.exists() and not EntryChange.objects.exists()


@pytest.mark.parametrize("weight", ["0", "-1", "abc", "NaN"])
def test_a_weight_not_above_zero_saves_nothing(sch, weight):
    with pytest.raises(ValidationError) as exc:
        _column(sch, {sch.students[0].pk: Mark("5")}, weight=weight)
    assert "Waga" in exc.value.message_dict["weight"][0]
    assert not GradeColumn.objects.exists() and not Grade.objects.exists()


def test_a_date_outside_the_term_saves_nothing(sch):
    with pytest.raises(ValidationError) as exc:
        _column(sch, {sch.students[0].pk: Mark("5")}, date=dt.date(2026, 1, 15))
    assert "semestrze" in exc.value.message_dict["date"][0]
    assert not GradeColumn.objects.exists()


def test_a_teacher_who_does_not_teach_the_class_cannot_enter_grades(sch, other_school):
    with pytest.raises(PermissionDenied):
        _column(sch, {sch.students[0].pk: Mark("5")}, teacher=other_school.teacher)
    with pytest.raises(PermissionDenied):  # the form tutor teaches Polish, not maths
        _column(sch, {sch.students[0].pk: Mark("5")}, teacher=sch.tutor)
    assert not GradeColumn.objects.exists()


def test_a_student_of_another_class_is_refused(sch, other_school):
    with pytest.raises(ValidationError):
        _column(sch, {other_school.students[0].pk: Mark("5")})
    assert not Grade.objects.exists()


def test_term_grades_and_the_parent_view(sch):
    first = sch.students[0]
    _column(sch, {first.pk: Mark("5")}, weight="3")
    _column(sch, {first.pk: Mark("3+")}, weight="1", description="Kartkówka", category="kartkowka")
    term_grades_save(
        teacher=sch.teacher,
        school_class=sch.school_class,
        subject=sch.maths,
        term=sch.term2,
        period="term",
        kind="proposed",
        values={first.pk: "5"},
    )
    with pytest.raises(ValidationError):
        term_grades_save(
            teacher=sch.teacher,
            school_class=sch.school_class,
            subject=sch.maths,
            term=sch.term2,
            period="term",
            kind="final",
            values={first.pk: "4+"},
        )
    rows = {row.subject.name: row for row in student_gradebook(student=first, term=sch.term2)}
    assert rows["Matematyka"].average == Decimal("4.56")
    assert rows["Matematyka"].term_grades["term_proposed"].value == 5
    assert "Język polski" in rows and rows["Język polski"].average is None
    assert TermGrade.objects.count() == 1


def test_attendance_is_saved_with_history_and_percentage(sch):
    statuses = {s.pk: "ob" for s in sch.students}
    statuses[sch.students[1].pk] = "nb"
    assert attendance_save(teacher=sch.teacher, lesson=sch.lesson, date=MONDAY, statuses=statuses) == 5
    statuses[sch.students[1].pk] = "u"
    assert attendance_save(teacher=sch.teacher, lesson=sch.lesson, date=MONDAY, statuses=statuses) == 1
    change = EntryChange.objects.filter(kind="attendance", student=sch.students[1]).order_by("-pk").first()
    assert (change.old_value, change.new_value) == ("nieobecny nieusprawiedliwiony", "nieobecny usprawiedliwiony")
    summary = attendance_summary(student=sch.students[1], term=sch.term2)
    assert summary.percentage == Decimal("0.0")
    assert attendance_summary(student=sch.students[0], term=sch.term2).percentage == Decimal("100.0")


def test_attendance_only_by_the_lessons_teacher_or_substitute(sch):
    statuses = {sch.students[0].pk: "ob"}
    with pytest.raises(PermissionDenied):
        attendance_save(teacher=sch.tutor, lesson=sch.lesson, date=MONDAY, statuses=statuses)
    Substitution.objects.create(lesson=sch.lesson, date=MONDAY, kind="substitution", teacher=sch.tutor)
    attendance_save(teacher=sch.tutor, lesson=sch.lesson, date=MONDAY, statuses=statuses)
    with pytest.raises(PermissionDenied):
        attendance_save(teacher=sch.teacher, lesson=sch.lesson, date=MONDAY, statuses=statuses)


def test_attendance_bad_status_or_day_saves_nothing(sch):
    with pytest.raises(ValidationError):
        attendance_save(
            teacher=sch.teacher,
            lesson=sch.lesson,
            date=MONDAY,
            statuses={sch.students[0].pk: "ob", sch.students[1].pk: "xx"},
        )
    with pytest.raises(ValidationError):
        attendance_save(
            teacher=sch.teacher,
            lesson=sch.lesson,
            date=MONDAY + dt.timedelta(days=1),
            statuses={sch.students[0].pk: "ob"},
        )
    assert not Attendance.objects.exists() and not EntryChange.objects.exists()


def test_grid_and_overview(sch):
    first = sch.students[0]
    _column(sch, {first.pk: Mark("4"), sch.students[1].pk: Mark("2")})
    columns, rows = class_grid(school_class=sch.school_class, subject=sch.maths, term=sch.term2)
    assert len(columns) == 1 and rows[0].cells[0].value == "4" and rows[0].average == Decimal("4.00")
    overview = {row.student.pk: row for row in class_overview(school_class=sch.school_class, term=sch.term2)}
    assert overview[first.pk].average == Decimal("4.00")

"""Writes of the gradebook: grade columns, term and behaviour grades, attendance.

Every write validates everything first and raises one ``ValidationError`` (a dict keyed by the form
field names, with Polish messages) before touching the database, so bad input saves nothing. Writes
then lock the row that owns the entries (the grade column, the class) with ``SELECT … FOR UPDATE``,
read the current values, and write only the differences, each with an ``EntryChange`` (§21 of the
regulation on school documentation: every change with who and when). Locking the owner serialises
two teachers saving the same column or the same lesson, so neither update is lost and the history
always shows the true old value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import (
    Attendance,
    BehaviourGrade,
    EntryChange,
    Grade,
    GradeColumn,
    SchoolClass,
    Student,
    Subject,
    TeachingAssignment,
    Term,
    TermGrade,
)
from .scale import BEHAVIOUR_CHOICES, is_valid_mark, normalize_mark

MAX_WEIGHT = Decimal("10")
SCALE_HELP = _("Dozwolone oceny: 1–6 z „+” lub „−” (bez 1− i 6+), np, bz, +, −.")


@dataclass(frozen=True)
class Mark:
    value: str  # "" removes the grade
    comment: str = ""


def _ensure_teaches(*, teacher, school_class: SchoolClass, subject: Subject) -> None:
    if not TeachingAssignment.objects.filter(school_class=school_class, subject=subject, teacher=teacher).exists():
        raise PermissionDenied(
            _("Nie uczysz przedmiotu %(subject)s w oddziale %(cls)s.") % {"subject": subject, "cls": school_class}
        )


def _parse_weight(raw) -> Decimal:
    try:
        weight = Decimal(str(raw).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight": _("Waga musi być liczbą, np. 1, 2 lub 0,5.")}) from None
    if not weight.is_finite() or weight <= 0:
        raise ValidationError({"weight": _("Waga musi być większa od zera.")})
    if weight > MAX_WEIGHT:
        raise ValidationError({"weight": _("Waga może wynosić najwyżej %(max)s.") % {"max": MAX_WEIGHT}})
    return weight.quantize(Decimal("0.01"))


def _check_in_term(day: dt.date, term: Term, field: str = "date") -> None:
    if not term.contains(day):
        raise ValidationError(
            {
                field: _("Data musi mieścić się w semestrze: od %(start)s do %(end)s.")
                % {"start": date_format(term.starts_on, "j E Y"), "end": date_format(term.ends_on, "j E Y")}
            }
        )


def _students_of(school_class: SchoolClass) -> dict[int, Student]:
    return {s.pk: s for s in Student.objects.filter(school_class=school_class)}


@transaction.atomic
def grade_column_save(
    *,
    teacher,
    school_class: SchoolClass,
    subject: Subject,
    term: Term,
    category: str,
    weight,
    date: dt.date,
    description: str,
    marks: dict[int, Mark],
    column: GradeColumn | None = None,
) -> GradeColumn:
    """Create or update a column and all its grades in one go (a whole test for the class).

    ``marks`` maps student ids to the mark typed (``""`` deletes that student's grade). Raises
    ``PermissionDenied`` for a teacher who does not teach the subject in the class, and
    ``ValidationError`` (keys ``weight``, ``date``, ``category``, ``mark_<student id>``) for bad input.
    """
    _ensure_teaches(teacher=teacher, school_class=school_class, subject=subject)
    errors: dict[str, list[str]] = {}
    try:
        weight = _parse_weight(weight)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if date is None:
        errors["date"] = [_("Podaj datę.")]
    else:
        try:
            _check_in_term(date, term)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if category not in GradeColumn.Category.values:
        errors["category"] = [_("Wybierz kategorię z listy.")]
    students = _students_of(school_class)
    cleaned: dict[int, Mark] = {}
    for student_id, mark in marks.items():
        if student_id not in students:
            errors["__all__"] = [_("Uczeń spoza oddziału — odśwież stronę i spróbuj ponownie.")]
            continue
        value = normalize_mark(mark.value)
        if value and not is_valid_mark(value):
            errors[f"mark_{student_id}"] = [
                _("„%(value)s” — ocena spoza skali. %(help)s") % {"value": mark.value.strip(), "help": SCALE_HELP}
            ]
            continue
        cleaned[student_id] = Mark(value=value, comment=(mark.comment or "").strip()[:200])
    if errors:
        raise ValidationError(errors)

    if column is None:
        column = GradeColumn.objects.create(
            school_class=school_class,
            subject=subject,
            term=term,
            teacher=teacher,
            category=category,
            weight=weight,
            date=date,
            description=description.strip()[:120],
        )
        existing = {}
    else:
        column = GradeColumn.objects.select_for_update().get(pk=column.pk)
        if (column.school_class_id, column.subject_id) != (school_class.pk, subject.pk):
            raise PermissionDenied
        column.category, column.weight, column.date = category, weight, date
        column.description = description.strip()[:120]
        column.save(update_fields=["category", "weight", "date", "description"])
        existing = {g.student_id: g for g in Grade.objects.filter(column=column)}

    what = f"{subject.name}: {column.description or column.get_category_display()} ({date:%d.%m.%Y})"
    school_id = school_class.year.school_id
    to_create, to_update, to_delete, changes = [], [], [], []
    for student_id, mark in cleaned.items():
        grade = existing.get(student_id)
        old = grade.value if grade else ""
        if not mark.value:
            if grade:
                to_delete.append(grade.pk)
        elif grade is None:
            to_create.append(
                Grade(column=column, student_id=student_id, value=mark.value, comment=mark.comment, teacher=teacher)
            )
        elif (grade.value, grade.comment) != (mark.value, mark.comment):
            grade.value, grade.comment, grade.teacher = mark.value, mark.comment, teacher
            to_update.append(grade)
        else:
            continue
        if old != mark.value:
            changes.append(
                EntryChange(
                    school_id=school_id,
                    student_id=student_id,
                    kind=EntryChange.Kind.GRADE,
                    what=what,
                    old_value=old,
                    new_value=mark.value,
                    changed_by=teacher,
                )
            )
    Grade.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()
        for grade in to_update:
            grade.updated_at = now
        Grade.objects.bulk_update(to_update, ["value", "comment", "teacher", "updated_at"])
    Grade.objects.filter(pk__in=to_delete).delete()
    EntryChange.objects.bulk_create(changes)
    return column


@transaction.atomic
def term_grades_save(
    *,
    teacher,
    school_class: SchoolClass,
    subject: Subject,
    term: Term,
    period: str,
    kind: str,
    values: dict[int, str],
) -> int:
    """Proposed or final term/year grades of a class in a subject; ``""`` removes one. Returns changes."""
    _ensure_teaches(teacher=teacher, school_class=school_class, subject=subject)
    students = _students_of(school_class)
    errors, cleaned = {}, {}
    for student_id, raw in values.items():
        raw = (raw or "").strip()
        if student_id not in students:
            errors["__all__"] = [_("Uczeń spoza oddziału — odśwież stronę i spróbuj ponownie.")]
        elif raw and raw not in {"1", "2", "3", "4", "5", "6"}:
            errors[f"grade_{student_id}"] = [_("Ocena okresowa to liczba całkowita od 1 do 6.")]
        else:
            cleaned[student_id] = int(raw) if raw else None
    if period not in TermGrade.Period.values or kind not in TermGrade.Kind.values:
        errors["__all__"] = [_("Nieznany rodzaj oceny.")]
    if errors:
        raise ValidationError(errors)
    SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
    existing = {
        g.student_id: g
        for g in TermGrade.objects.filter(
            student__school_class=school_class, subject=subject, term=term, period=period, kind=kind
        )
    }
    label = f"{subject.name}: {TermGrade.Period(period).label} {TermGrade.Kind(kind).label}"
    return _apply_simple(
        existing,
        cleaned,
        model=TermGrade,
        school_class=school_class,
        teacher=teacher,
        kind=EntryChange.Kind.TERM_GRADE,
        what=label,
        defaults={"subject": subject, "term": term, "period": period, "kind": kind},
    )


@transaction.atomic
def behaviour_grades_save(
    *, teacher, school_class: SchoolClass, term: Term, period: str, kind: str, values: dict[int, str]
) -> int:
    """Behaviour grades of a class, by its form tutor only."""
    if school_class.form_tutor_id != teacher.pk:
        raise PermissionDenied(_("Ocenę zachowania wystawia wychowawca oddziału."))
    allowed = {value for value, _label in BEHAVIOUR_CHOICES}
    students = _students_of(school_class)
    errors, cleaned = {}, {}
    for student_id, raw in values.items():
        if student_id not in students:
            errors["__all__"] = [_("Uczeń spoza oddziału — odśwież stronę i spróbuj ponownie.")]
        elif raw and raw not in allowed:
            errors[f"behaviour_{student_id}"] = [_("Wybierz ocenę zachowania z listy.")]
        else:
            cleaned[student_id] = raw or None
    if errors:
        raise ValidationError(errors)
    SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
    existing = {
        g.student_id: g
        for g in BehaviourGrade.objects.filter(student__school_class=school_class, term=term, period=period, kind=kind)
    }
    return _apply_simple(
        existing,
        cleaned,
        model=BehaviourGrade,
        school_class=school_class,
        teacher=teacher,
        kind=EntryChange.Kind.BEHAVIOUR,
        what=str(_("Zachowanie")),
        defaults={"term": term, "period": period, "kind": kind},
    )


def _apply_simple(existing, cleaned, *, model, school_class, teacher, kind, what, defaults) -> int:
    school_id = school_class.year.school_id
    changes = []
    for student_id, value in cleaned.items():
        row = existing.get(student_id)
        old = "" if row is None else str(row.value)
        new = "" if value is None else str(value)
        if old == new:
            continue
        if value is None:
            row.delete()
        elif row is None:
            model.objects.create(student_id=student_id, value=value, teacher=teacher, **defaults)
        else:
            row.value, row.teacher = value, teacher
            row.save(update_fields=["value", "teacher", "updated_at"])
        changes.append(
            EntryChange(
                school_id=school_id,
                student_id=student_id,
                kind=kind,
                what=what,
                old_value=old,
                new_value=new,
                changed_by=teacher,
            )
        )
    EntryChange.objects.bulk_create(changes)
    return len(changes)


@transaction.atomic
def attendance_save(*, teacher, lesson, date: dt.date, statuses: dict[int, str]) -> int:
    """The attendance of one lesson on one date, for the whole class in one go; returns changes.

    The teacher must be the lesson's teacher (or the substitute on that date). The class row is locked
    for the duration, so concurrent saves of lessons of the same class queue up instead of losing
    each other's entries; different classes do not wait for each other.
    """
    from .selectors import lesson_teacher_on

    if lesson_teacher_on(lesson=lesson, date=date) != teacher.pk:
        raise PermissionDenied(_("To nie jest Twoja lekcja."))
    if date.isoweekday() != lesson.weekday:
        raise ValidationError({"__all__": [_("Ta lekcja nie odbywa się w wybranym dniu.")]})
    term = Term.objects.filter(year=lesson.school_class.year, starts_on__lte=date, ends_on__gte=date).first()
    if term is None:
        raise ValidationError({"__all__": [_("Wybrany dzień nie należy do żadnego semestru.")]})
    students = _students_of(lesson.school_class)
    errors = {}
    for student_id, status in statuses.items():
        if student_id not in students:
            errors["__all__"] = [_("Uczeń spoza oddziału — odśwież stronę i spróbuj ponownie.")]
        elif status not in Attendance.Status.values:
            errors[f"status_{student_id}"] = [_("Wybierz stan obecności z listy.")]
    if errors:
        raise ValidationError(errors)
    SchoolClass.objects.select_for_update().filter(pk=lesson.school_class_id).first()
    existing = {
        a.student_id: a
        for a in Attendance.objects.filter(student_id__in=list(statuses), date=date, period=lesson.period)
    }
    what = f"{lesson.subject.name}, {date:%d.%m.%Y}, lekcja {lesson.period}"
    school_id = lesson.school_class.year.school_id
    to_create, to_update, changes = [], [], []
    for student_id, status in statuses.items():
        row = existing.get(student_id)
        if row is not None and row.status == status:
            continue
        old_label = "" if row is None else str(Attendance.Status(row.status).label)
        if row is None:
            to_create.append(
                Attendance(
                    student_id=student_id,
                    date=date,
                    period=lesson.period,
                    subject=lesson.subject,
                    status=status,
                    teacher=teacher,
                )
            )
        else:
            row.status, row.teacher, row.subject = status, teacher, lesson.subject
            row.updated_at = timezone.now()
            to_update.append(row)
        changes.append(
            EntryChange(
                school_id=school_id,
                student_id=student_id,
                kind=EntryChange.Kind.ATTENDANCE,
                what=what,
                old_value=old_label,
                new_value=str(Attendance.Status(status).label),
                changed_by=teacher,
            )
        )
    Attendance.objects.bulk_create(to_create)
    if to_update:
        Attendance.objects.bulk_update(to_update, ["status", "teacher", "subject", "updated_at"])
    EntryChange.objects.bulk_create(changes)
    return len(changes)


__all__ = [
    "Mark",
    "attendance_save",
    "behaviour_grades_save",
    "grade_column_save",
    "term_grades_save",
]

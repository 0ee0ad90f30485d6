"""``/dziennik/`` for teachers: timetable and today's lessons, attendance of a lesson, the grade grid
and its columns, proposed and final grades; for form tutors the class overview and behaviour."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.audit.services import access_log_record

from . import selectors
from .access import require_class_overview, require_teaching, school_class_or_404
from .forms import AttendanceForm, BehaviourForm, GradeColumnForm, TermGradesForm, add_service_errors
from .models import Attendance, BehaviourGrade, Grade, GradeColumn, Lesson, Student, Subject, TermGrade
from .services import attendance_save, behaviour_grades_save, grade_column_save, term_grades_save
from .views import parse_week, term_from_request


@never_cache
@login_required
def teacher_timetable(request):
    monday = parse_week(request.GET.get("tydzien"))
    today = timezone.localdate()
    return render(
        request,
        "education/teacher_timetable.html",
        {
            "weeks": selectors.teacher_week(teacher=request.user, monday=monday),
            "monday": monday,
            "today": today,
            "today_lessons": selectors.lessons_of_teacher_on(teacher=request.user, day=today),
        },
    )


@never_cache
@login_required
def lesson_attendance(request, lesson_pk: int, day: str):
    lesson = get_object_or_404(Lesson.objects.select_related("school_class__year", "subject", "teacher"), pk=lesson_pk)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if selectors.lesson_teacher_on(lesson=lesson, date=date) != request.user.pk:
        raise PermissionDenied
    students = list(Student.objects.filter(school_class=lesson.school_class))
    current = dict(
        Attendance.objects.filter(student__in=students, date=date, period=lesson.period).values_list(
            "student_id", "status"
        )
    )
    form = AttendanceForm(request.POST or None, students=students, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance_save(teacher=request.user, lesson=lesson, date=date, statuses=form.statuses())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Zapisano obecność (zmian: %(n)d).") % {"n": changed})
            return redirect(request.path)
    return render(request, "education/lesson_attendance.html", {"lesson": lesson, "date": date, "form": form})


def _log_class(request, school_class, subject=None) -> None:
    """A class's grades on screen: one access-log entry for the class (issue 11, cms.audit)."""
    label = f"{school_class.year.school.unit.code} {school_class.name}" + (f" — {subject.name}" if subject else "")
    access_log_record(request=request, action="view", subject_type="class", subject_id=school_class.pk,
                      subject_label=label)  # fmt: skip


def _class_subject(request, class_pk: int, subject_pk: int):
    school_class = school_class_or_404(class_pk)
    subject = Subject.objects.filter(pk=subject_pk).first()
    if subject is None:
        raise Http404
    require_teaching(request.user, school_class, subject)
    term = term_from_request(request, school_class.year)
    if term is None:
        raise Http404
    return school_class, subject, term


@never_cache
@login_required
def grade_grid(request, class_pk: int, subject_pk: int):
    school_class, subject, term = _class_subject(request, class_pk, subject_pk)
    columns, rows = selectors.class_grid(school_class=school_class, subject=subject, term=term)
    _log_class(request, school_class, subject)
    return render(
        request,
        "education/grade_grid.html",
        {
            "school_class": school_class,
            "subject": subject,
            "term": term,
            "columns": columns,
            "rows": rows,
            "terms": term.year.terms.all(),
        },
    )


@never_cache
@login_required
def grade_column(request, class_pk: int, subject_pk: int, column_pk: int | None = None):
    """Enter (or correct) a whole column: one mark per student, saved in one request."""
    school_class, subject, term = _class_subject(request, class_pk, subject_pk)
    column = None
    if column_pk is not None:
        column = get_object_or_404(GradeColumn, pk=column_pk, school_class=school_class, subject=subject)
        term = column.term
    students = list(Student.objects.filter(school_class=school_class))
    grades = {g.student_id: g for g in Grade.objects.filter(column=column)} if column else {}
    initial = (
        {
            "category": column.category,
            "weight": str(column.weight).replace(".", ","),
            "date": column.date,
            "description": column.description,
        }
        if column
        else {"date": min(max(timezone.localdate(), term.starts_on), term.ends_on)}
    )
    form = GradeColumnForm(request.POST or None, students=students, grades=grades, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grade_column_save(
                teacher=request.user,
                school_class=school_class,
                subject=subject,
                term=term,
                column=column,
                category=form.cleaned_data["category"],
                weight=form.cleaned_data["weight"],
                date=form.cleaned_data["date"],
                description=form.cleaned_data["description"],
                marks=form.marks(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Zapisano oceny."))
            url = reverse("education:grade_grid", args=[school_class.pk, subject.pk])
            return redirect(f"{url}?semestr={term.number}")
    return render(
        request,
        "education/grade_column.html",
        {
            "school_class": school_class,
            "subject": subject,
            "term": term,
            "column": column,
            "form": form,
        },
    )


def _period_kind(request):
    period = request.GET.get("okres", "term")
    kind = request.GET.get("rodzaj", "proposed")
    if period not in TermGrade.Period.values or kind not in TermGrade.Kind.values:
        raise Http404
    return period, kind


@never_cache
@login_required
def term_grades(request, class_pk: int, subject_pk: int):
    school_class, subject, term = _class_subject(request, class_pk, subject_pk)
    period, kind = _period_kind(request)
    students = list(Student.objects.filter(school_class=school_class))
    current = dict(
        TermGrade.objects.filter(
            student__in=students, subject=subject, term=term, period=period, kind=kind
        ).values_list("student_id", "value")
    )
    form = TermGradesForm(request.POST or None, students=students, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            term_grades_save(
                teacher=request.user,
                school_class=school_class,
                subject=subject,
                term=term,
                period=period,
                kind=kind,
                values=form.values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Zapisano oceny okresowe."))
            return redirect(request.get_full_path())
    return render(
        request,
        "education/term_grades.html",
        {
            "school_class": school_class,
            "subject": subject,
            "term": term,
            "form": form,
            "period_label": TermGrade.Period(period).label,
            "kind_label": TermGrade.Kind(kind).label,
        },
    )


@never_cache
@login_required
def class_overview(request, class_pk: int):
    school_class = school_class_or_404(class_pk)
    require_class_overview(request.user, school_class)
    term = term_from_request(request, school_class.year)
    rows = selectors.class_overview(school_class=school_class, term=term) if term else []
    _log_class(request, school_class)
    return render(
        request,
        "education/class_overview.html",
        {
            "school_class": school_class,
            "term": term,
            "rows": rows,
            "terms": school_class.year.terms.all(),
            "is_tutor": school_class.form_tutor_id == request.user.pk,
        },
    )


@never_cache
@login_required
def behaviour(request, class_pk: int):
    school_class = school_class_or_404(class_pk)
    if school_class.form_tutor_id != request.user.pk:
        raise PermissionDenied
    term = term_from_request(request, school_class.year)
    period, kind = _period_kind(request)
    students = list(Student.objects.filter(school_class=school_class))
    current = dict(
        BehaviourGrade.objects.filter(student__in=students, term=term, period=period, kind=kind).values_list(
            "student_id", "value"
        )
    )
    form = BehaviourForm(request.POST or None, students=students, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            behaviour_grades_save(
                teacher=request.user,
                school_class=school_class,
                term=term,
                period=period,
                kind=kind,
                values=form.values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Zapisano oceny zachowania."))
            return redirect(request.get_full_path())
    return render(
        request,
        "education/behaviour.html",
        {
            "school_class": school_class,
            "term": term,
            "form": form,
            "period_label": TermGrade.Period(period).label,
            "kind_label": TermGrade.Kind(kind).label,
        },
    )

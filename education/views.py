"""``/dziennik/`` for parents and students: choose a child, then grades, attendance and timetable.

Views only check access (``access.py``) and call selectors; every student page answers 404 to anyone
who is not the student, their guardian, their form tutor or their school's head.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cms.audit.services import access_log_record

from . import selectors
from .access import roles_for_user, student_for_user, students_for_user


def parse_week(value: str | None) -> dt.date:
    """Monday of the week in ``?tydzien=RRRR-MM-DD``; anything unparseable gives this week."""
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


def term_from_request(request, year):
    number = request.GET.get("semestr")
    term = None
    if number in ("1", "2"):
        term = selectors.term_for(year=year, number=int(number))
    return term or selectors.term_for(year=year)


@never_cache
@login_required
def home(request):
    roles = roles_for_user(request.user)
    if len(roles.students) == 1 and not (roles.assignments or roles.tutored or roles.headed):
        return redirect("education:student", pk=roles.students[0].pk)
    return render(request, "education/home.html", {"roles": roles, "page_title": "E-dziennik"})


def _student_context(request, pk: int) -> dict:
    student = student_for_user(request.user, pk)
    if student.user_id != request.user.pk and not student.is_ward:  # staff: the form tutor, the head
        label = f"{student.first_name} {student.last_name}, {student.school_class}"
        access_log_record(request=request, action="view", subject_type="student", subject_id=student.pk,
                          subject_label=label)  # fmt: skip
    term = term_from_request(request, student.school_class.year)
    return {
        "student": student,
        "term": term,
        "school": student.school_class.year.school,
        "terms": selectors.terms_of(year=student.school_class.year),
    }


@never_cache
@login_required
def student_overview(request, pk: int):
    context = _student_context(request, pk)
    student, term = context["student"], context["term"]
    if term is not None:
        context.update(
            subjects=selectors.student_gradebook(student=student, term=term),
            behaviour=selectors.behaviour_for(student=student, term=term),
            attendance=selectors.attendance_summary(student=student, term=term),
        )
    context["notices"] = selectors.notices_for_student(student=student)
    context["siblings"] = list(students_for_user(request.user).order_by("first_name"))
    return render(request, "education/student_overview.html", context)


@never_cache
@login_required
def student_attendance(request, pk: int):
    context = _student_context(request, pk)
    if context["term"] is not None:
        context["attendance"] = selectors.attendance_summary(student=context["student"], term=context["term"])
        context["absences"] = selectors.absences(student=context["student"], term=context["term"])[:200]
    return render(request, "education/student_attendance.html", context)


@never_cache
@login_required
def student_timetable(request, pk: int):
    student = student_for_user(request.user, pk)
    week = selectors.class_week(school_class=student.school_class, monday=parse_week(request.GET.get("tydzien")))
    return render(request, "education/student_timetable.html", {"student": student, "week": week})

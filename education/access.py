"""Who may see what in the gradebook (regulation of 25 Aug 2017 §21: parents see only their children).

- a guardian sees their own children, a student only themself;
- a teacher sees the class × subject pairs they teach (``TeachingAssignment``), the form tutor their
  class, the head (dyrektor) their school, including the change history;
- staff of another school see nothing.

Student pages answer 404 to anyone else (an id of someone else's child is not even confirmed to
exist); class pages answer 403 to a member of staff who does not teach there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .models import Guardianship, School, SchoolClass, SchoolStaff, Student, Subject, TeachingAssignment


def students_for_user(user):
    """Students whose gradebook ``user`` may read as a guardian or as the student."""
    if not user.is_authenticated:
        return Student.objects.none()
    return Student.objects.filter(Q(guardianships__guardian=user) | Q(user=user)).distinct()


def is_head(user, school_id: int) -> bool:
    return (
        user.is_authenticated
        and SchoolStaff.objects.filter(user=user, school_id=school_id, role=SchoolStaff.Role.HEAD).exists()
    )


def student_for_user(user, pk: int) -> Student:
    """The student for a student page, or 404: own child, self, their form tutor or their school's head."""
    if not user.is_authenticated:
        raise Http404
    student = (
        Student.objects.select_related("school_class__year__school__unit", "school_class__form_tutor")
        .annotate(is_ward=Exists(Guardianship.objects.filter(student=OuterRef("pk"), guardian=user)))
        .filter(pk=pk)
        .first()
    )
    if student is None:
        raise Http404
    if student.user_id == user.pk or student.is_ward:
        return student
    if student.school_class.form_tutor_id == user.pk or is_head(user, student.school_class.year.school_id):
        return student
    raise Http404


def school_class_or_404(pk: int) -> SchoolClass:
    school_class = SchoolClass.objects.select_related("year__school__unit", "form_tutor").filter(pk=pk).first()
    if school_class is None:
        raise Http404
    return school_class


def require_teaching(user, school_class: SchoolClass, subject: Subject) -> None:
    """403 unless ``user`` teaches ``subject`` in ``school_class``."""
    if not user.is_authenticated or subject.school_id != school_class.year.school_id:
        raise PermissionDenied
    if not TeachingAssignment.objects.filter(school_class=school_class, subject=subject, teacher=user).exists():
        raise PermissionDenied


def require_class_overview(user, school_class: SchoolClass) -> None:
    """403 unless ``user`` is the class's form tutor or the head of its school."""
    if not user.is_authenticated:
        raise PermissionDenied
    if school_class.form_tutor_id == user.pk or is_head(user, school_class.year.school_id):
        return
    raise PermissionDenied


def require_head(user, school_id: int) -> School:
    if not is_head(user, school_id):
        raise PermissionDenied
    return School.objects.select_related("unit").get(pk=school_id)


@dataclass
class Roles:
    """What ``/dziennik/`` offers a person; every list holds only what is theirs."""

    students: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    tutored: list = field(default_factory=list)
    headed: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.students or self.assignments or self.tutored or self.headed)


def roles_for_user(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(
        students=list(students_for_user(user).select_related("school_class__year__school__unit")),
        assignments=list(
            TeachingAssignment.objects.filter(teacher=user)
            .select_related("school_class__year__school__unit", "subject")
            .order_by("school_class__name", "subject__name")
        ),
        tutored=list(SchoolClass.objects.filter(form_tutor=user).select_related("year__school__unit")),
        headed=list(School.objects.filter(staff__user=user, staff__role=SchoolStaff.Role.HEAD).select_related("unit")),
    )


def has_gradebook_role(user) -> bool:
    if not user.is_authenticated:
        return False
    return (
        students_for_user(user).exists()
        or SchoolStaff.objects.filter(user=user).exists()
        or SchoolClass.objects.filter(form_tutor=user).exists()
    )

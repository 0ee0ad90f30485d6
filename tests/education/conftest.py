"""A small school in one call: a year with two terms, class 4a with 5 students and their guardians,
two subjects, a teacher who teaches maths there, a form tutor, a head, and a teacher of another school."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from education.models import (
    BellPeriod,
    Guardianship,
    Lesson,
    School,
    SchoolClass,
    SchoolStaff,
    SchoolYear,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from tests.factories import OrgUnitFactory, UserFactory

MONDAY = dt.date(2026, 3, 2)


def school_create(*, plus_minus=Decimal("0.25"), students=5, prefix="a") -> SimpleNamespace:
    school = School.objects.create(unit=OrgUnitFactory(), plus_minus=plus_minus)
    year = SchoolYear.objects.create(
        school=school, name="2025/2026", starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 26)
    )
    term1 = Term.objects.create(year=year, number=1, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 1, 31))
    term2 = Term.objects.create(year=year, number=2, starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 6, 26))
    teacher = UserFactory(email=f"nauczyciel-{prefix}@example.pl")
    tutor = UserFactory(email=f"wychowawca-{prefix}@example.pl")
    head = UserFactory(email=f"dyrektor-{prefix}@example.pl")
    for user in (teacher, tutor):
        SchoolStaff.objects.create(school=school, user=user)
    SchoolStaff.objects.create(school=school, user=head, role=SchoolStaff.Role.HEAD)
    school_class = SchoolClass.objects.create(year=year, name="4a", form_tutor=tutor)
    other_class = SchoolClass.objects.create(year=year, name="4b")
    maths = Subject.objects.create(school=school, name="Matematyka", short="mat")
    polish = Subject.objects.create(school=school, name="Język polski", short="pol")
    TeachingAssignment.objects.create(school_class=school_class, subject=maths, teacher=teacher)
    TeachingAssignment.objects.create(school_class=school_class, subject=polish, teacher=tutor)
    pupils, parents = [], []
    for n in range(students):
        parent = UserFactory(email=f"rodzic-{prefix}{n}@example.pl")
        pupil = Student.objects.create(school_class=school_class, first_name=f"Uczeń{n}", last_name=f"Nowak{n:02d}")
        Guardianship.objects.create(student=pupil, guardian=parent)
        pupils.append(pupil)
        parents.append(parent)
    if pupils:
        pupils[0].user = UserFactory(email=f"uczen-{prefix}@example.pl")
        pupils[0].save()
    for number, (start, end) in enumerate([((8, 0), (8, 45)), ((8, 55), (9, 40)), ((9, 50), (10, 35))], start=1):
        BellPeriod.objects.create(school=school, number=number, starts_at=dt.time(*start), ends_at=dt.time(*end))
    lesson = Lesson.objects.create(
        school_class=school_class, subject=maths, teacher=teacher, room="12", weekday=1, period=1
    )
    return SimpleNamespace(
        school=school,
        year=year,
        term1=term1,
        term2=term2,
        teacher=teacher,
        tutor=tutor,
        head=head,
        school_class=school_class,
        other_class=other_class,
        maths=maths,
        polish=polish,
        students=pupils,
        parents=parents,
        student_user=pupils[0].user if pupils else None,
        lesson=lesson,
    )


@pytest.fixture
def sch(db):
    return school_create()


@pytest.fixture
def other_school(db):
    return school_create(prefix="b", students=2)

"""Attendance of a whole school day entered by 20 teachers at once, and one lesson saved twice at
once, on PostgreSQL: no entry lost, and the change history always shows the true old value."""

import threading

import pytest
from django.db import connection

from education.models import Attendance, EntryChange, Lesson, SchoolClass, SchoolStaff, Student, TeachingAssignment
from education.services import attendance_save
from tests.factories import UserFactory

from .conftest import MONDAY, school_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_parallel(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_twenty_teachers_enter_a_school_day_at_once(wagtail_base):
    sch = school_create(students=0, prefix="p")
    lessons = []
    for c in range(5):
        school_class = SchoolClass.objects.create(year=sch.year, name=f"{c + 4}c")
        Student.objects.bulk_create(
            [Student(school_class=school_class, first_name=f"U{n}", last_name=f"K{c}{n}") for n in range(10)]
        )
        for period in range(1, 5):
            teacher = UserFactory(email=f"n{c}{period}@example.pl")
            SchoolStaff.objects.create(school=sch.school, user=teacher)
            TeachingAssignment.objects.create(school_class=school_class, subject=sch.maths, teacher=teacher)
            lessons.append(
                Lesson.objects.create(
                    school_class=school_class, subject=sch.maths, teacher=teacher, weekday=1, period=period
                )
            )
    assert len(lessons) == 20

    def job_for(lesson):
        def job():
            students = Student.objects.filter(school_class_id=lesson.school_class_id)
            statuses = {s.pk: ("nb" if (s.pk + lesson.period) % 7 == 0 else "ob") for s in students}
            lesson_ = Lesson.objects.select_related("school_class__year", "subject").get(pk=lesson.pk)
            attendance_save(teacher=lesson_.teacher, lesson=lesson_, date=MONDAY, statuses=statuses)

        return job

    _run_parallel([job_for(lesson) for lesson in lessons])
    assert Attendance.objects.filter(date=MONDAY).count() == 5 * 10 * 4
    assert EntryChange.objects.filter(kind="attendance").count() == 200


def test_one_lesson_saved_twice_at_once_keeps_a_consistent_history(wagtail_base):
    sch = school_create(students=8, prefix="q")
    lesson = Lesson.objects.select_related("school_class__year", "subject").get(pk=sch.lesson.pk)
    first = {s.pk: "ob" for s in sch.students}
    second = {s.pk: "u" for s in sch.students}
    _run_parallel(
        [
            lambda: attendance_save(teacher=sch.teacher, lesson=lesson, date=MONDAY, statuses=first),
            lambda: attendance_save(teacher=sch.teacher, lesson=lesson, date=MONDAY, statuses=second),
        ]
    )
    assert Attendance.objects.count() == 8
    for student in sch.students:
        history = list(EntryChange.objects.filter(student=student).order_by("pk").values_list("old_value", "new_value"))
        assert len(history) == 2 and history[0][0] == "" and history[1][0] == history[0][1]
        final = Attendance.objects.get(student=student).get_status_display()
        assert history[1][1] == final

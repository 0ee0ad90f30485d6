"""The e-gradebook under load (issue 9): the parent's grade page, a grade column for 30 students,
and a school day's attendance entered by 20 teachers at once.

Usage (from the repository root; needs a PostgreSQL server, trust auth)::

    .venv/bin/python bench/education_bench.py --database-url postgres://postgres@127.0.0.1:5432/h9

Drops and re-creates that database, runs ``migrate`` and the education demo seed (3 schools, 300
students, grades and attendance), then measures in process with production settings (DEBUG off)
and Django's test ``Client``:

* the parent's grade page ``/dziennik/uczen/<id>/`` — query count and p50/p99 — for a child with the
  demo's grades, then again after ``--extra-columns`` (200) more grade columns in one subject: the
  query count must not change (issue 9: ≤ 15 whatever the number of grades);
* saving a new grade column for a class of 30 students: one POST, ``--requests`` (30) times, p50/p99
  (issue 9: < 200 ms);
* 20 threads, one per lesson of a school day (20 teachers), each saving its lesson's attendance at
  the same moment: wall time, and the number of rows written against the number expected (no lost
  updates).

Prints a Markdown table.
"""

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _http import production_env  # noqa: E402
from finance_bench import prepare, setup  # noqa: E402

TODAY = dt.date(2026, 3, 20)  # a Friday in the second term: a term and a half of demo data


def _ms(samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"{statistics.median(samples) * 1000:.1f}", f"{p99 * 1000:.1f}"


def parent_page(client, student, *, requests: int):
    from django.db import connection
    from django.urls import reverse

    url = reverse("education:student", args=[student.pk]) + "?semestr=2"
    client.get(url)
    queries = []  # a wrapper, not connection.queries: DEBUG is off, as in production

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return len(queries), response.content.decode().count('class="mark"'), _ms(times)


def add_columns(school_class, subject, term, teacher, count):
    from education.models import Grade, GradeColumn, Student

    students = list(Student.objects.filter(school_class=school_class))
    columns = GradeColumn.objects.bulk_create(
        [
            GradeColumn(
                school_class=school_class,
                subject=subject,
                term=term,
                teacher=teacher,
                category="kartkowka",
                weight=1,
                date=term.starts_on + dt.timedelta(days=i % 40),
                description=f"B{i}",
            )
            for i in range(count)
        ]
    )
    Grade.objects.bulk_create(
        [
            Grade(column=c, student=s, value=str(1 + (i + s.pk) % 6), teacher=teacher)
            for i, c in enumerate(columns)
            for s in students
        ]
    )


def column_saves(client, school_class, subject, *, requests: int):
    from django.urls import reverse

    from education.models import Student

    students = list(Student.objects.filter(school_class=school_class))
    url = reverse("education:grade_column_new", args=[school_class.pk, subject.pk]) + "?semestr=2"
    times = []
    for i in range(requests + 1):
        data = {"category": "sprawdzian", "weight": "3", "date": "2026-03-10", "description": f"Test {i}"}
        data |= {f"mark_{s.pk}": ["5", "4+", "3-", "6", "2", "np"][(s.pk + i) % 6] for s in students}
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - start
        assert response.status_code == 302, response.content[:2000]
        if i:  # the first request warms caches
            times.append(elapsed)
    return len(students), _ms(times)


def school_day(school, day):
    """20 lessons of one day, each taken by a different teacher: the school's 6 teachers take theirs,
    and the other lessons get substitutes (new staff), as on a day with many substitutions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from education.models import Attendance, Lesson, SchoolStaff, Student, Substitution
    from education.services import attendance_save

    lessons = list(
        Lesson.objects.filter(school_class__year__school=school, weekday=day.isoweekday())
        .select_related("school_class__year", "subject", "teacher")
        .order_by("period", "school_class__name")[:20]
    )
    takers, seen = [], set()
    for n, lesson in enumerate(lessons):
        if lesson.teacher_id in seen:
            substitute = get_user_model().objects.create(
                email=f"zastepca{n}@bench.local", first_name="Zastępca", last_name=str(n), password=make_password(None)
            )
            SchoolStaff.objects.create(school=school, user=substitute)
            Substitution.objects.create(lesson=lesson, date=day, kind="substitution", teacher=substitute)
            takers.append(substitute)
        else:
            seen.add(lesson.teacher_id)
            takers.append(lesson.teacher)
    Attendance.objects.filter(date=day, student__school_class__year__school=school).delete()
    expected = sum(Student.objects.filter(school_class_id=lesson.school_class_id).count() for lesson in lessons)
    barrier, errors, times = threading.Barrier(len(lessons)), [], []

    def worker(lesson, teacher):
        try:
            pks = Student.objects.filter(school_class_id=lesson.school_class_id).values_list("pk", flat=True)
            statuses = dict.fromkeys(pks, "ob")
            barrier.wait()
            start = time.perf_counter()
            attendance_save(teacher=teacher, lesson=lesson, date=day, statuses=statuses)
            times.append(time.perf_counter() - start)
        except Exception as error:  # noqa: BLE001 — reported in the table
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in zip(lessons, takers, strict=True)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    written = Attendance.objects.filter(date=day, student__school_class__year__school=school).count()
    return len(lessons), len({t.pk for t in takers}), expected, written, wall, _ms(times), errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h9")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--extra-columns", type=int, default=200)
    args = parser.parse_args()

    env = production_env()
    env["DATABASE_URL"] = args.database_url
    prepare(env, args.database_url)
    setup(env)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from cms.units.demo import seed_units
    from education.demo import seed_education
    from education.models import SchoolClass, SchoolStaff, Student, Subject, TeachingAssignment, Term

    start = time.perf_counter()
    seed_units()
    seed_education(today=TODAY)
    seeded = time.perf_counter() - start

    users = get_user_model().objects
    parent = users.get(email="rodzic@ratusz.local")
    child = Student.objects.filter(guardianships__guardian=parent).select_related("school_class__year").first()
    term = Term.objects.get(year=child.school_class.year, number=2)
    teacher = users.get(email="nauczyciel@ratusz.local")
    maths = Subject.objects.get(school=child.school_class.year.school, name="Matematyka")
    rows = []

    client = Client()
    client.force_login(parent)
    q1, marks1, (p50, p99) = parent_page(client, child, requests=args.requests)
    rows.append(("parent's grade page, demo grades", f"{marks1} grades", q1, p50, p99))
    add_columns(child.school_class, maths, term, teacher, args.extra_columns)
    q2, marks2, (p50, p99) = parent_page(client, child, requests=args.requests)
    rows.append((f"parent's grade page, +{args.extra_columns} columns", f"{marks2} grades", q2, p50, p99))

    big = SchoolClass.objects.create(year=child.school_class.year, name="8a")
    Student.objects.bulk_create(
        [Student(school_class=big, first_name="Uczeń", last_name=f"B{n:02d}") for n in range(30)]
    )
    TeachingAssignment.objects.create(school_class=big, subject=maths, teacher=teacher)
    client = Client()
    client.force_login(teacher)
    count, (p50, p99) = column_saves(client, big, maths, requests=args.requests)
    rows.append((f"save a grade column, {count} students, one POST", f"{args.requests} requests", "—", p50, p99))

    school = SchoolStaff.objects.filter(user=teacher).first().school
    day = TODAY - dt.timedelta(days=TODAY.weekday())  # Monday of that week
    lessons, teachers, expected, written, wall, (p50, p99), errors = school_day(school, day)
    rows.append(
        (
            f"attendance of a school day: {lessons} lessons by {teachers} teachers at once",
            f"{written}/{expected} rows, wall {wall * 1000:.0f} ms",
            "—",
            p50,
            p99,
        )
    )

    out = sys.stdout
    out.write(f"\nEducation demo seed (units + 3 schools): {seeded:.1f} s\n\n")
    out.write("| measurement | data | queries | p50 ms | p99 ms |\n|---|---|---|---|---|\n")
    for row in rows:
        out.write("| " + " | ".join(str(x) for x in row) + " |\n")
    if errors:
        out.write(f"\nERRORS: {errors}\n")
    assert written == expected, "lost attendance entries"


if __name__ == "__main__":
    main()

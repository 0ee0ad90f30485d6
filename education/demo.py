"""Demo data of the e-gradebook: three schools, twelve classes, 300 students with guardians, the
timetable imported from aSc XML, this term's grades and attendance up to today, notices, and demo
accounts (a parent of two, a student, a teacher, a form tutor, a head).

Fast because rows are written with ``bulk_create`` (about 100 000 attendance rows) and only the demo
accounts get a hashed password; idempotent because a school that already has its school year is
left alone. Random data comes from a seeded generator, so two runs on one day give the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cms.calendar_pl import is_working_day
from cms.units.models import OrgUnit

from .asc_import import timetable_import
from .models import (
    Attendance,
    Grade,
    GradeColumn,
    Guardianship,
    Lesson,
    School,
    SchoolClass,
    SchoolIndexPage,
    SchoolNoticePage,
    SchoolPage,
    SchoolStaff,
    SchoolYear,
    Student,
    TeachingAssignment,
    Term,
)
from .notices import notice_restriction_sync
from .roles import school_groups_setup, school_staff_sync_groups
from .samples import SAMPLE_PATH, SAMPLE_SCHOOL, asc_xml
from .scale import NUMERIC
from .services import Mark, grade_column_save

CLASSES = ["4a", "5a", "6a", "7a"]
STUDENTS_PER_CLASS = 25
# Attendance: the whole term so far in SP nr 1, where every demo account is (parent, student, teacher,
# form tutor, head: ~30,000 rows); the last N school days in the other two schools (the three schools'
# whole terms are ~90,000 rows and would triple the education part of the seed).
ATTENDANCE_DAYS = 10

# e-mail, password, first name, last name, description
DEMO_ACCOUNTS = [
    ("rodzic@ratusz.local", "ratusz-demo-rodzic", "Agnieszka", "Zając", "rodzic dwojga dzieci (SP nr 1: 4a i 6a) — /dziennik/"),  # noqa: E501
    ("uczen@ratusz.local", "ratusz-demo-uczen", "Kacper", "Mazur", "uczeń 7a SP nr 1 — /dziennik/"),
    ("nauczyciel@ratusz.local", "ratusz-demo-nauczyciel", "Tomasz", "Wiśniewski", "nauczyciel matematyki SP nr 1 — /dziennik/"),  # noqa: E501
    ("wychowawca@ratusz.local", "ratusz-demo-wychowawca", "Anna", "Kowalska", "wychowawczyni 4a SP nr 1, ogłoszenia w /admin/"),  # noqa: E501
    ("dyrektor.sp1@ratusz.local", "ratusz-demo-dyrektor", "Małgorzata", "Wrona", "dyrektor SP nr 1: historia zmian, import planu"),  # noqa: E501
]  # fmt: skip

SCHOOLS = [
    ("SP1", "sp1", "sp1.glogow-mlp.pl", SAMPLE_SCHOOL["teachers"]),
    ("SP-POGW", "sp-pogwizdow-nowy", "sp.pogwizdow.pl", [
        ("Ewa", "Dudek", ""), ("Marek", "Pieniążek", ""), ("Joanna", "Kula", ""),
        ("Dorota", "Bąk", ""), ("Grzegorz", "Wilk", ""), ("ks. Piotr", "Sowa", "")]),
    ("SP-RUDNA", "sp-rudna-mala", "sp.rudnamala.pl", [
        ("Beata", "Rzeszutek", ""), ("Adam", "Kłos", ""), ("Monika", "Sikora", ""),
        ("Iwona", "Ryba", ""), ("Łukasz", "Pasternak", ""), ("ks. Marcin", "Cygan", "")]),
]  # fmt: skip

FIRST = [
    "Jan",
    "Zuzanna",
    "Antoni",
    "Julia",
    "Jakub",
    "Maja",
    "Szymon",
    "Zofia",
    "Filip",
    "Hanna",
    "Franciszek",
    "Lena",
    "Aleksander",
    "Alicja",
    "Mikołaj",
    "Oliwia",
    "Wojciech",
    "Laura",
    "Adam",
    "Pola",
    "Michał",
    "Nikola",
    "Stanisław",
    "Amelia",
    "Igor",
    "Wiktoria",
    "Nikodem",
    "Emilia",
    "Tymon",
    "Natalia",
]
LAST = [
    "Nowak",
    "Kowalczyk",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
    "Woźniak",
    "Dąbrowska",
    "Kozłowski",
    "Jankowska",
    "Mazur",
    "Kwiatkowski",
    "Krawczyk",
    "Piotrowska",
    "Grabowski",
    "Pawłowska",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Nowakowska",
    "Majewski",
    "Olszewska",
    "Stępień",
    "Malinowski",
    "Jaworska",
    "Adamczyk",
    "Dudek",
    "Pieczonka",
    "Wilk",
    "Rzepka",
    "Kuźniar",
    "Bielecka",
]
CATEGORIES = [
    ("sprawdzian", Decimal("3")),
    ("kartkowka", Decimal("2")),
    ("odpowiedz", Decimal("1")),
    ("praca_domowa", Decimal("1")),
    ("aktywnosc", Decimal("1")),
]
NOTICES = [
    ("Dzień otwarty szkoły", "public", "<p>Zapraszamy przyszłych uczniów i ich rodziców na dzień otwarty w sobotę o 10:00.</p>"),  # noqa: E501
    ("Zebrania z rodzicami", "school", "<p>Zebrania z rodzicami wszystkich oddziałów odbędą się we wtorek o 17:00 w salach wychowawców.</p>"),  # noqa: E501
    ("Wycieczka do Muzeum Okręgowego w Rzeszowie", "classes", "<p>Wyjazd w piątek o 8:00 spod szkoły, powrót ok. 14:00. Koszt 35 zł.</p>"),  # noqa: E501
]  # fmt: skip


def seed_education(*, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """Build whatever part of the education demo is missing; returns the demo accounts' summary."""
    from home.models import HomePage

    today = today or timezone.localdate()
    users = _demo_users()
    home = HomePage.objects.first()
    index = SchoolIndexPage.objects.first()
    if index is None and home is not None:
        index = SchoolIndexPage(
            title="Szkoły",
            slug="szkoly",
            show_in_menus=True,  # "Szkoły" in the main menu: schools, their notices, the e-gradebook
            intro="Szkoły podstawowe prowadzone przez gminę: kontakt, ogłoszenia i e-dziennik.",
        )
        home.add_child(instance=index)
    rng = random.Random(9)
    for code, slug, domain, teachers in SCHOOLS:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            continue
        school, _created = School.objects.get_or_create(unit=unit, defaults={"plus_minus": Decimal("0.25")})
        page = SchoolPage.objects.filter(school=school).first()
        if page is None and index is not None:
            page = SchoolPage(
                title=unit.name, slug=slug, school=school, intro=f"{unit.name}: kontakt, ogłoszenia, e-dziennik."
            )
            index.add_child(instance=page)
        if SchoolYear.objects.filter(school=school).exists():
            continue
        _seed_school(school=school, page=page, domain=domain, teachers=teachers, users=users, today=today, rng=rng)
    return [(email, password, description) for email, password, _f, _l, description in DEMO_ACCOUNTS]


def _demo_users() -> dict:
    model = get_user_model()
    users = {}
    for email, password, first, last, _description in DEMO_ACCOUNTS:
        user, created = model.objects.get_or_create(email=email, defaults={"first_name": first, "last_name": last})
        if created or not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
        users[email] = user
    return users


def _year_bounds(today: dt.date):
    start_year = today.year if today.month >= 9 else today.year - 1
    start = dt.date(start_year, 9, 1)
    term2 = dt.date(start_year + 1, 1, 26)
    return start, term2, dt.date(start_year + 1, 6, 26)


def _seed_school(*, school, page, domain, teachers, users, today, rng) -> None:
    model = get_user_model()
    start, term2_start, end = _year_bounds(today)
    year = SchoolYear.objects.create(school=school, name=f"{start.year}/{start.year + 1}", starts_on=start, ends_on=end)
    terms = [
        Term.objects.create(year=year, number=1, starts_on=start, ends_on=term2_start - dt.timedelta(days=1)),
        Term.objects.create(year=year, number=2, starts_on=term2_start, ends_on=end),
    ]
    is_sp1 = school.unit.code == "SP1"

    # staff: SP1's maths teacher and the 4a form tutor are demo accounts, matched by name in the XML
    staff = []
    for first, last, email in teachers:
        named = {(u.first_name, u.last_name): u for u in users.values()}
        user = named.get((first, last)) if is_sp1 else None
        if user is None:
            email = email or f"{_ascii(first.split()[-1])}.{_ascii(last)}@{domain}"
            user, _c = model.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last, "password": make_password(None)}
            )
        SchoolStaff.objects.get_or_create(school=school, user=user, role=SchoolStaff.Role.TEACHER)
        staff.append(user)
    head = (
        users["dyrektor.sp1@ratusz.local"]
        if is_sp1
        else model.objects.get_or_create(
            email=f"dyrektor@{domain}",
            defaults={
                "first_name": school.unit.head_name.split()[0],
                "last_name": school.unit.head_name.split()[-1],
                "password": make_password(None),
            },
        )[0]
    )
    SchoolStaff.objects.get_or_create(school=school, user=head, role=SchoolStaff.Role.HEAD)
    classes = [SchoolClass.objects.create(year=year, name=name, form_tutor=staff[i]) for i, name in enumerate(CLASSES)]

    # timetable: SP1 from the committed sample file, the others from the same generator
    data = (
        SAMPLE_PATH.read_bytes()
        if is_sp1
        else asc_xml(name=school.unit.name, classes=CLASSES, teachers=[(f, lname, "") for f, lname, _e in teachers])
    )
    report = timetable_import(school=school, year=year, data=data)
    if not report.applied:
        raise RuntimeError(f"demo timetable of {school.unit.code} did not import: {report.errors}")

    students = _seed_students(school=school, classes=classes, users=users, is_sp1=is_sp1, rng=rng)
    _seed_grades(classes=classes, terms=terms, students=students, today=today, rng=rng)
    days = None if is_sp1 else ATTENDANCE_DAYS
    _seed_attendance(classes=classes, terms=terms, students=students, today=today, rng=rng, days=days)
    if is_sp1:  # a correction through the service, so the head's change history is not empty
        _seed_a_correction(classes[0], terms, users["nauczyciel@ratusz.local"], today)
    _seed_notices(page=page, classes=classes, today=today)
    if page is not None:
        school_groups_setup(school_page=page)
        school_staff_sync_groups(school=school)


def _ascii(text: str) -> str:
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return text.translate(table).lower().replace(" ", "").replace(".", "")


def _seed_students(*, school, classes, users, is_sp1, rng) -> dict[int, list[Student]]:
    model = get_user_model()
    code = _ascii(school.unit.code)
    rows, parents = [], []
    for c in classes:
        for n in range(STUDENTS_PER_CLASS):
            last = rng.choice(LAST)
            rows.append(Student(school_class=c, first_name=rng.choice(FIRST), last_name=last))
            parents.append(
                model(
                    email=f"rodzic.{code}.{c.name}.{n + 1:02d}@demo.ratusz.local",
                    first_name=rng.choice(["Anna", "Marta", "Piotr", "Krzysztof", "Beata", "Tomasz"]),
                    last_name=last,
                    password="!demo-no-password",
                )
            )
    Student.objects.bulk_create(rows)
    existing = set(model.objects.filter(email__in=[p.email for p in parents]).values_list("email", flat=True))
    model.objects.bulk_create([p for p in parents if p.email not in existing])
    by_email = {u.email: u for u in model.objects.filter(email__in=[p.email for p in parents])}
    students = list(Student.objects.filter(school_class__in=classes).order_by("pk"))
    Guardianship.objects.bulk_create(
        [Guardianship(student=s, guardian=by_email[p.email]) for s, p in zip(students, parents, strict=True)]
    )
    if is_sp1:
        by_class = {c.name: [s for s in students if s.school_class_id == c.pk] for c in classes}
        parent = users["rodzic@ratusz.local"]
        for child, first in ((by_class["4a"][0], "Zosia"), (by_class["6a"][0], "Staś")):
            child.first_name, child.last_name = first, parent.last_name
            child.save(update_fields=["first_name", "last_name"])
            Guardianship.objects.create(student=child, guardian=parent)
        pupil = by_class["7a"][0]
        account = users["uczen@ratusz.local"]
        pupil.first_name, pupil.last_name, pupil.user = account.first_name, account.last_name, account
        pupil.save(update_fields=["first_name", "last_name", "user"])
    result: dict[int, list[Student]] = {c.pk: [] for c in classes}
    for s in students:
        result[s.school_class_id].append(s)
    return result


def _school_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if (
            day.isoweekday() <= 5
            and is_working_day(day)
            and not (day.month == 12 and day.day >= 22)
            and not (day.month == 1 and day.day <= 6)
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _seed_grades(*, classes, terms, students, today, rng) -> None:
    ability = {s.pk: rng.uniform(2.3, 5.7) for ss in students.values() for s in ss}
    columns, pending = [], []
    for term in terms:
        days = _school_days(term.starts_on, min(term.ends_on, today - dt.timedelta(days=1)))
        if len(days) < 5:
            continue
        for c in classes:
            for a in TeachingAssignment.objects.filter(school_class=c).select_related("subject"):
                count = min(6, max(2, len(days) // 9 + (1 if a.subject.short in ("pol", "mat") else 0)))
                for i in range(count):
                    category, weight = (
                        CATEGORIES[i % len(CATEGORIES)]
                        if a.subject.short not in ("wf", "rel", "pla", "muz")
                        else CATEGORIES[2 + i % 3]
                    )
                    column = GradeColumn(
                        school_class=c,
                        subject=a.subject,
                        term=term,
                        teacher=a.teacher,
                        category=category,
                        weight=weight,
                        date=days[(i + 1) * len(days) // (count + 1)],
                        description=f"{dict(GradeColumn.Category.choices)[category]} {i + 1}",
                    )
                    columns.append(column)
                    pending.append((column, students[c.pk]))
    GradeColumn.objects.bulk_create(columns, batch_size=500)
    grades = []
    for column, pupils in pending:
        for s in pupils:
            if rng.random() < 0.06:
                continue
            if column.category in ("odpowiedz", "praca_domowa") and rng.random() < 0.04:
                value = rng.choice(["np", "bz"])
            else:
                target = max(1.0, min(6.0, rng.gauss(ability[s.pk], 0.8)))
                value = min(NUMERIC, key=lambda m: abs(_numeric(m) - target))
            grades.append(Grade(column_id=column.pk, student_id=s.pk, value=value, teacher_id=column.teacher_id))
    Grade.objects.bulk_create(grades, batch_size=2000)


def _numeric(mark: str) -> float:
    return float(mark[0]) + (0.25 if mark.endswith("+") else -0.25 if mark.endswith("-") else 0)


def _seed_attendance(*, classes, terms, students, today, rng, days: int | None) -> None:
    """Attendance for every lesson of the term so far (``days=None``) or of its last ``days`` school days."""
    lessons = {}
    for lesson in Lesson.objects.filter(school_class__in=classes).select_related("subject"):
        lessons.setdefault((lesson.school_class_id, lesson.weekday), []).append(lesson)
    rows = []
    for term in terms:
        school_days = _school_days(term.starts_on, min(term.ends_on, today - dt.timedelta(days=1)))
        for day in school_days[-days:] if days else school_days:
            for c in classes:
                todays = lessons.get((c.pk, day.isoweekday()), [])
                for s in students[c.pk]:
                    sick = rng.random() < 0.05
                    for lesson in todays:
                        if sick:
                            status = "u" if rng.random() < 0.85 else "nb"
                        else:
                            r = rng.random()
                            status = (
                                "sp"
                                if r < 0.012
                                else "nb"
                                if r < 0.018
                                else "zw"
                                if r < 0.021 and lesson.subject.short in ("rel", "wf")
                                else "ob"
                            )
                        rows.append(
                            Attendance(
                                student_id=s.pk,
                                date=day,
                                period=lesson.period,
                                subject_id=lesson.subject_id,
                                status=status,
                                teacher_id=lesson.teacher_id,
                            )
                        )
    Attendance.objects.bulk_create(rows, batch_size=5000)


def _seed_a_correction(school_class, terms, teacher, today) -> None:
    from .selectors import term_for

    term = term_for(year=school_class.year, day=today) or terms[0]
    assignment = (
        TeachingAssignment.objects.filter(school_class=school_class, teacher=teacher).select_related("subject").first()
    )
    column = (
        GradeColumn.objects.filter(school_class=school_class, term=term, subject=assignment.subject).first()
        if assignment
        else None
    )
    if column is None:
        return
    pupils = list(Student.objects.filter(school_class=school_class)[:3])
    marks = {p.pk: Mark(v, "poprawa sprawdzianu") for p, v in zip(pupils, ["4", "5-", "3+"], strict=False)}
    grade_column_save(
        teacher=teacher,
        school_class=school_class,
        subject=assignment.subject,
        term=term,
        category=column.category,
        weight=column.weight,
        date=column.date,
        description=column.description,
        marks=marks,
        column=column,
    )


def _seed_notices(*, page, classes, today) -> None:
    if page is None:
        return
    for i, (title, audience, body) in enumerate(NOTICES):
        notice = SchoolNoticePage(
            title=title,
            slug=f"ogloszenie-{i + 1}",
            audience=audience,
            body=body,
            date=today - dt.timedelta(days=3 * i),
            guardians_notified_at=timezone.now(),
            first_published_at=timezone.now(),
        )
        notice.classes = classes[:1] if audience == "classes" else []
        page.add_child(instance=notice)
        notice_restriction_sync(notice=notice)

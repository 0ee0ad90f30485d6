"""``/dziennik/`` end to end: what each person sees, what they may not see (403/404), the grade
column entered in one request with its errors, attendance, term grades, the parent's query count."""

import datetime as dt

import pytest
from django.urls import reverse

from education.models import Attendance, EntryChange, Grade, GradeColumn, Substitution, TermGrade
from education.services import Mark, grade_column_save

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"education:{name}", args=args)


def _add_columns(sch, count, start=0):
    for i in range(count):
        grade_column_save(
            teacher=sch.teacher,
            school_class=sch.school_class,
            subject=sch.maths,
            term=sch.term2,
            category="kartkowka",
            weight="1",
            date=dt.date(2026, 3, 2) + dt.timedelta(days=(start + i) % 60),
            description=f"K{start + i}",
            marks={s.pk: Mark(str(1 + (i % 6))) for s in sch.students},
        )


def test_anonymous_visitors_are_sent_to_sign_in(client, sch):
    for url in (
        _url("home"),
        _url("student", sch.students[0].pk),
        _url("grade_grid", sch.school_class.pk, sch.maths.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]


def test_parent_sees_own_child_grades_average_and_attendance(client, sch):
    _add_columns(sch, 2)
    child = sch.students[0]
    client.force_login(sch.parents[0])
    response = client.get(_url("home"))  # one child: straight to the child's page
    assert response.status_code == 302 and response["Location"] == _url("student", child.pk)
    page = client.get(_url("student", child.pk) + "?semestr=2").content.decode()
    assert "Matematyka" in page and "1.50" in page.replace(",", ".")
    assert client.get(_url("student_attendance", child.pk)).status_code == 200
    assert client.get(_url("student_timetable", child.pk) + f"?tydzien={MONDAY}").status_code == 200


def test_parent_cannot_see_another_child(client, sch, other_school):
    client.force_login(sch.parents[0])
    for name in ("student", "student_attendance", "student_timetable"):
        assert client.get(_url(name, sch.students[1].pk)).status_code == 404
        assert client.get(_url(name, other_school.students[0].pk)).status_code == 404


def test_student_sees_only_themself(client, sch):
    client.force_login(sch.student_user)
    assert client.get(_url("student", sch.students[0].pk)).status_code == 200
    assert client.get(_url("student", sch.students[1].pk)).status_code == 404


def test_teachers_see_only_what_they_teach(client, sch, other_school):
    from cms.audit.models import AccessLogEntry

    grid = _url("grade_grid", sch.school_class.pk, sch.maths.pk)
    client.force_login(sch.teacher)
    assert client.get(grid).status_code == 200
    viewed = AccessLogEntry.objects.get()  # who opened which class's grades (issue 11)
    assert (viewed.user, viewed.subject_type, viewed.subject_id) == (sch.teacher, "class", str(sch.school_class.pk))
    assert client.get(_url("grade_grid", sch.school_class.pk, sch.polish.pk)).status_code == 403
    assert client.get(_url("grade_grid", sch.other_class.pk, sch.maths.pk)).status_code == 403
    assert client.get(_url("student", sch.students[0].pk)).status_code == 404  # not the form tutor
    assert client.get(_url("class_overview", sch.school_class.pk)).status_code == 403
    assert client.get(_url("history", sch.school.pk)).status_code == 403
    client.force_login(other_school.teacher)
    assert client.get(grid).status_code == 403
    assert client.get(_url("grade_column_new", sch.school_class.pk, sch.maths.pk)).status_code == 403
    assert client.get(_url("term_grades", sch.school_class.pk, sch.maths.pk)).status_code == 403
    assert client.get(_url("export", sch.school_class.pk, 2)).status_code == 403
    assert client.get(_url("lesson_attendance", sch.lesson.pk, MONDAY.isoformat())).status_code == 403
    assert client.get(_url("timetable_import", sch.school.pk)).status_code == 403
    assert client.get(_url("school_classes", sch.school.pk)).status_code == 403


def test_parents_and_students_get_no_staff_pages(client, sch):
    client.force_login(sch.parents[0])
    assert client.get(_url("grade_grid", sch.school_class.pk, sch.maths.pk)).status_code == 403
    assert client.get(_url("class_overview", sch.school_class.pk)).status_code == 403
    assert client.get(_url("lesson_attendance", sch.lesson.pk, MONDAY.isoformat())).status_code == 403
    assert client.get(_url("behaviour", sch.school_class.pk)).status_code == 403


def test_a_whole_column_is_saved_in_one_request(client, sch):
    client.force_login(sch.teacher)
    data = {"category": "sprawdzian", "weight": "2", "date": "2026-03-10", "description": "Ułamki"}
    data |= {f"mark_{s.pk}": v for s, v in zip(sch.students, ["5", "4−", "np", "6", ""], strict=True)}
    response = client.post(_url("grade_column_new", sch.school_class.pk, sch.maths.pk) + "?semestr=2", data)
    assert response.status_code == 302
    assert sorted(Grade.objects.values_list("value", flat=True)) == ["4-", "5", "6", "np"]
    grid = client.get(response["Location"]).content.decode()
    assert "Ułamki" in grid


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mark_X": "7"}, "ocena spoza skali"),
        ({"weight": "0"}, "Waga musi być większa od zera"),
        ({"weight": "-2"}, "Waga musi być większa od zera"),
        ({"date": "2025-10-01"}, "Data musi mieścić się w semestrze"),
        ({"date": "jutro"}, "RRRR-MM-DD"),
    ],
)
def test_bad_column_input_shows_a_polish_message_and_saves_nothing(client, sch, change, message):
    client.force_login(sch.teacher)
    data = {"category": "sprawdzian", "weight": "1", "date": "2026-03-10", "description": "T"}
    data |= {f"mark_{s.pk}": "5" for s in sch.students}
    data |= {k.replace("X", str(sch.students[2].pk)): v for k, v in change.items()}
    response = client.post(_url("grade_column_new", sch.school_class.pk, sch.maths.pk) + "?semestr=2", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "error-summary" in page
    assert not GradeColumn.objects.exists() and not Grade.objects.exists() and not EntryChange.objects.exists()


def test_a_teacher_who_does_not_teach_cannot_post_a_column(client, sch, other_school):
    client.force_login(other_school.teacher)
    data = {"category": "sprawdzian", "weight": "1", "date": "2026-03-10", f"mark_{sch.students[0].pk}": "5"}
    assert client.post(_url("grade_column_new", sch.school_class.pk, sch.maths.pk), data).status_code == 403
    assert not Grade.objects.exists()


def test_editing_a_column_keeps_history_visible_to_the_head(client, sch):
    _add_columns(sch, 1)
    column = GradeColumn.objects.get()
    client.force_login(sch.teacher)
    url = _url("grade_column", sch.school_class.pk, sch.maths.pk, column.pk)
    assert client.get(url).status_code == 200
    data = {"category": "kartkowka", "weight": "1", "date": column.date.isoformat(), "description": "K0"}
    data |= {f"mark_{s.pk}": "1" for s in sch.students}
    data[f"mark_{sch.students[0].pk}"] = "3+"
    assert client.post(url, data).status_code == 302
    client.force_login(sch.head)
    page = client.get(_url("history", sch.school.pk) + "?rodzaj=grade").content.decode()
    assert "3+" in page and sch.teacher.get_full_name() in page
    client.force_login(sch.tutor)
    assert client.get(_url("history", sch.school.pk)).status_code == 403


def test_attendance_of_a_lesson_in_one_screen(client, sch):
    client.force_login(sch.teacher)
    url = _url("lesson_attendance", sch.lesson.pk, MONDAY.isoformat())
    page = client.get(url).content.decode()
    assert "Nowak00" in page
    data = {f"status_{s.pk}": "ob" for s in sch.students}
    data[f"status_{sch.students[3].pk}"] = "nb"
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.filter(status="nb").count() == 1
    data[f"status_{sch.students[3].pk}"] = "zz"
    response = client.post(url, data)
    assert response.status_code == 200 and "Wybierz stan obecności z listy" in response.content.decode()
    assert client.get(_url("lesson_attendance", sch.lesson.pk, "2026-13-01")).status_code == 404


def test_substitute_takes_attendance_and_parent_sees_the_substitution(client, sch):
    Substitution.objects.create(lesson=sch.lesson, date=MONDAY, kind="substitution", teacher=sch.tutor, room="7")
    client.force_login(sch.teacher)
    assert client.get(_url("lesson_attendance", sch.lesson.pk, MONDAY.isoformat())).status_code == 403
    client.force_login(sch.tutor)
    assert client.get(_url("lesson_attendance", sch.lesson.pk, MONDAY.isoformat())).status_code == 200
    client.force_login(sch.parents[0])
    page = client.get(_url("student_timetable", sch.students[0].pk) + f"?tydzien={MONDAY}").content.decode()
    assert "zastępstwo" in page and sch.tutor.get_full_name() in page


def test_term_grades_and_behaviour(client, sch):
    client.force_login(sch.teacher)
    url = _url("term_grades", sch.school_class.pk, sch.maths.pk) + "?semestr=2&okres=term&rodzaj=proposed"
    assert client.post(url, {f"grade_{sch.students[0].pk}": "5"}).status_code == 302
    assert TermGrade.objects.get().value == 5
    response = client.post(url, {f"grade_{sch.students[0].pk}": "7"})
    assert response.status_code == 200 and TermGrade.objects.get().value == 5
    assert client.get(_url("term_grades", sch.school_class.pk, sch.maths.pk) + "?okres=x").status_code == 404
    behaviour = _url("behaviour", sch.school_class.pk) + "?semestr=2&okres=term&rodzaj=final"
    assert client.get(behaviour).status_code == 403  # not the form tutor
    client.force_login(sch.tutor)
    assert client.post(behaviour, {f"behaviour_{sch.students[0].pk}": "wzorowe"}).status_code == 302
    overview = client.get(_url("class_overview", sch.school_class.pk) + "?semestr=2").content.decode()
    assert "wzorowe" in overview


def test_teacher_timetable_and_home(client, sch):
    client.force_login(sch.teacher)
    page = client.get(_url("home")).content.decode()
    assert "4a — Matematyka" in page
    page = client.get(_url("teacher_timetable") + f"?tydzien={MONDAY}").content.decode()
    assert "Matematyka" in page and "obecność" in page
    assert client.get(_url("teacher_timetable") + "?tydzien=nonsense").status_code == 200


def test_parent_grade_page_queries_do_not_grow_with_grades(client, sch, django_assert_max_num_queries):
    client.force_login(sch.parents[0])
    url = _url("student", sch.students[0].pk) + "?semestr=2"
    _add_columns(sch, 3)
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    _add_columns(sch, 40, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="mark"') == 43


def test_head_exports_xml_valid_against_the_schema(client, sch):
    from lxml import etree

    from education.export import NS

    _add_columns(sch, 2)
    client.force_login(sch.head)
    response = client.get(_url("export", sch.school_class.pk, 2))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    from pathlib import Path

    import education

    schema = etree.XMLSchema(etree.parse(str(Path(education.__file__).parent / "schema" / "dziennik-1.xsd")))
    doc = etree.fromstring(response.content)
    schema.assertValid(doc)
    assert len(doc.findall(f".//{{{NS}}}uczen")) == 5
    from cms.audit.models import AccessLogEntry  # the export is in the access log, one entry per student

    exported = AccessLogEntry.objects.filter(action="export", subject_type="student", user=sch.head)
    assert exported.count() == 5
    assert client.get(_url("export", sch.school_class.pk, 3)).status_code == 404
    client.force_login(sch.tutor)
    assert client.get(_url("export", sch.school_class.pk, 2)).status_code == 200

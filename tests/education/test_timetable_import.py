"""Import of the aSc Timetables XML export: the sample file, the report, and all-or-nothing on errors."""

import pytest

from education.asc_import import timetable_import
from education.models import BellPeriod, Lesson, SchoolClass, SchoolStaff, Subject, Substitution, TeachingAssignment
from education.samples import SAMPLE_PATH, SAMPLE_SCHOOL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_school(sch):
    """``sch`` with the classes and teachers the sample file names."""
    for name in SAMPLE_SCHOOL["classes"]:
        SchoolClass.objects.get_or_create(year=sch.year, name=name)
    for first, last, email in SAMPLE_SCHOOL["teachers"]:
        SchoolStaff.objects.create(school=sch.school, user=UserFactory(email=email, first_name=first, last_name=last))
    return sch


def _sample() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


def test_the_sample_file_imports_with_a_report(sample_school):
    sch = sample_school
    Substitution.objects.create(lesson=sch.lesson, date="2026-03-02", kind="cancelled")
    report = timetable_import(school=sch.school, year=sch.year, data=_sample().encode())
    assert report.ok and report.applied, report.errors
    assert report.lessons == 100 and report.periods == 8 and report.substitutions_removed == 1
    assert Lesson.objects.count() == 100
    assert BellPeriod.objects.filter(school=sch.school).count() == 8
    assert "Przyroda" in report.subjects_created and Subject.objects.filter(name="Przyroda").exists()
    kowalska = SchoolStaff.objects.get(user__email="anna.kowalska@sp1.glogow-mlp.pl").user
    assert TeachingAssignment.objects.filter(
        teacher=kowalska, school_class__name="4a", subject__name="Język polski"
    ).exists()
    assert not Substitution.objects.exists()
    # a second import of the same file gives the same timetable
    again = timetable_import(school=sch.school, year=sch.year, data=_sample().encode())
    assert again.applied and Lesson.objects.count() == 100


def test_a_dry_run_writes_nothing(sample_school):
    report = timetable_import(
        school=sample_school.school, year=sample_school.year, data=_sample().encode(), dry_run=True
    )
    assert report.ok and not report.applied and report.lessons == 100
    assert Lesson.objects.count() == 1  # only the fixture's lesson


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda x: x[: len(x) // 2], "nie jest poprawnym XML-em"),
        (lambda x: x.replace("<timetable ", "<plan ").replace("</timetable>", "</plan>"), "<timetable>"),
        (lambda x: x.replace('name="7a" short="7a"', 'name="8z" short="8z"'), "oddziału „8z”"),
        (
            lambda x: x.replace("anna.kowalska@sp1", "ktos.obcy@inna").replace("Anna", "Obca"),
            "nie jest pracownikiem tej szkoły",
        ),
        (lambda x: x.replace('lessonid="L0_0" period="1"', 'lessonid="L9_9" period="1"', 1), "nieistniejących zajęć"),
        (
            lambda x: x.replace('starttime="8:00" endtime="8:45"', 'starttime="8:45" endtime="8:00"'),
            "nieprawidłowe godziny",
        ),
        (lambda x: x.replace('days="10000" weeks', 'days="1x000" weeks', 1), "pięciu cyfr"),
        (lambda x: x.replace('period="2" days="10000" weeks', 'period="1" days="10000" weeks', 1), "kolizja"),
        (lambda x: x.replace('subjectid="S1"', 'subjectid="S99"', 1), "nieznany przedmiot"),
        (
            lambda x: (
                x.replace("<!DOCTYPE", "")
                .replace("<timetable ", '<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]><timetable ', 1)
                .replace('name="Matematyka"', 'name="&e;"')
            ),
            "",
        ),
    ],
)
def test_a_malformed_or_inconsistent_file_saves_nothing(sample_school, mutate, message):
    sch = sample_school
    before = (
        Lesson.objects.count(),
        BellPeriod.objects.count(),
        Subject.objects.count(),
        TeachingAssignment.objects.count(),
    )
    report = timetable_import(school=sch.school, year=sch.year, data=mutate(_sample()).encode())
    after = (
        Lesson.objects.count(),
        BellPeriod.objects.count(),
        Subject.objects.count(),
        TeachingAssignment.objects.count(),
    )
    if message:
        assert not report.ok and any(message in e for e in report.errors), report.errors
    assert not report.applied or report.ok
    if not report.ok:
        assert before == after
    assert "root:" not in repr(report) and "root:" not in "".join(str(x) for x in Subject.objects.values_list("name"))


def test_errors_name_the_line_of_the_file(sample_school):
    data = _sample().replace('name="7a" short="7a"', 'name="8z" short="8z"')
    report = timetable_import(school=sample_school.school, year=sample_school.year, data=data.encode())
    line = next(i for i, text in enumerate(data.splitlines(), start=1) if 'name="8z"' in text)
    assert any(e.startswith(f"wiersz {line}:") for e in report.errors)


def test_the_head_imports_through_the_page(client, sample_school):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    sch = sample_school
    url = reverse("education:timetable_import", args=[sch.school.pk])
    client.force_login(sch.head)
    bad = SimpleUploadedFile("plan.xml", b"<timetable><oops", content_type="application/xml")
    page = client.post(url, {"file": bad}).content.decode()
    assert "nic nie zapisano" in page and Lesson.objects.count() == 1
    good = SimpleUploadedFile("plan.xml", _sample().encode(), content_type="application/xml")
    response = client.post(url, {"file": good, "dry_run": ""})
    assert response.status_code == 200 and Lesson.objects.count() == 100
    assert "Plan zapisany" in response.content.decode()

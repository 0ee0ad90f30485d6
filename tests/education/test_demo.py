"""The education part of the demo seed: three schools, twelve classes, ~300 students, the imported
timetable, grades, attendance, notices, and demo accounts that see what they should."""

import datetime as dt

import pytest
from django.urls import reverse

from cms.units.demo import seed_units
from education.demo import seed_education
from education.models import (
    Attendance,
    EntryChange,
    Grade,
    Lesson,
    SchoolClass,
    SchoolNoticePage,
    SchoolPage,
    Student,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo(site_tree):
    seed_units()
    return seed_education(today=TODAY)


def test_demo_builds_schools_classes_students_and_a_term(client, demo):
    """One test, one seed (about 10 s on SQLite): the counts, idempotence, and the demo accounts."""
    assert SchoolPage.objects.count() == 3
    assert SchoolClass.objects.count() == 12
    assert Student.objects.count() == 300
    assert all(s.guardians.exists() for s in Student.objects.all()[:20])
    assert Lesson.objects.count() == 300  # 25 a week in each class, from the aSc XML
    assert Grade.objects.count() > 10000
    assert Attendance.objects.count() > 10000
    assert EntryChange.objects.exists()  # a correction, for the head's history
    assert SchoolNoticePage.objects.count() == 9
    home = client.get("/").content.decode()  # reachable: "Szkoły" in the main menu, each school listed there
    assert 'href="/szkoly/"' in home
    assert 'href="/szkoly/sp1/"' in client.get("/szkoly/").content.decode()
    emails = [email for email, _password, _d in demo]
    assert "rodzic@ratusz.local" in emails and "nauczyciel@ratusz.local" in emails

    # a second run adds nothing
    counts = (Student.objects.count(), Grade.objects.count(), Attendance.objects.count())
    seed_education(today=TODAY)
    assert (Student.objects.count(), Grade.objects.count(), Attendance.objects.count()) == counts
    _accounts_see_their_part(client)


def _accounts_see_their_part(client):
    client.login(username="rodzic@ratusz.local", password="ratusz-demo-rodzic")
    page = client.get(reverse("education:home")).content.decode()
    assert "Zosia" in page and "Staś" in page
    client.login(username="nauczyciel@ratusz.local", password="ratusz-demo-nauczyciel")
    page = client.get(reverse("education:home")).content.decode()
    assert "Matematyka" in page
    client.login(username="wychowawca@ratusz.local", password="ratusz-demo-wychowawca")
    assert "Wychowawstwo" in client.get(reverse("education:home")).content.decode()
    client.login(username="dyrektor.sp1@ratusz.local", password="ratusz-demo-dyrektor")
    school = SchoolPage.objects.get(slug="sp1").school
    history = client.get(reverse("education:history", args=[school.pk]))
    assert history.status_code == 200 and "Wiśniewski" in history.content.decode()

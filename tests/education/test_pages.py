"""School pages and notices: public and audience-limited notices, e-mail to guardians on publish,
and the iCal feeds of the timetable."""

import pytest
from django.urls import reverse

from cms.messaging.models import OutboundMessage
from education.ical import feed_token
from education.models import SchoolIndexPage, SchoolNoticePage, SchoolPage

from .conftest import school_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree, sch, other_school):
    index = SchoolIndexPage(title="Szkoły", slug="szkoly")
    site_tree.home.add_child(instance=index)
    school_page = SchoolPage(title="SP nr 1", slug="sp1", school=sch.school, intro="Szkoła z tradycjami.")
    index.add_child(instance=school_page)
    other_page = SchoolPage(title="SP Pogwizdów", slug="sp2", school=other_school.school)
    index.add_child(instance=other_page)
    return index, school_page


def _notice(parent, title, audience, classes=(), publish=True):
    notice = SchoolNoticePage(
        title=title, slug=title.lower().replace(" ", "-"), audience=audience, body="<p>Treść ogłoszenia.</p>"
    )
    notice.classes = list(classes)
    parent.add_child(instance=notice)
    if publish:
        notice.save_revision().publish()
    return notice


def test_public_notice_for_everyone_class_notice_only_for_its_families(client, pages, sch, other_school):
    _index, school_page = pages
    public = _notice(school_page, "Dzien otwarty", "public")
    for_4a = _notice(school_page, "Wycieczka 4a", "classes", classes=[sch.school_class])
    for_4b = _notice(school_page, "Zebranie 4b", "classes", classes=[sch.other_class])
    page = client.get(school_page.url).content.decode()
    assert "Dzien otwarty" in page and "Wycieczka 4a" not in page
    assert client.get(public.url).status_code == 200
    response = client.get(for_4a.url)
    assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]

    client.force_login(sch.parents[0])
    page = client.get(school_page.url).content.decode()
    assert "Wycieczka 4a" in page and "Zebranie 4b" not in page
    assert client.get(for_4a.url).status_code == 200
    assert client.get(for_4b.url).status_code == 404
    overview = client.get(reverse("education:student", args=[sch.students[0].pk])).content.decode()
    assert "Wycieczka 4a" in overview and "Dzien otwarty" in overview and "Zebranie 4b" not in overview

    client.force_login(other_school.parents[0])
    assert client.get(for_4a.url).status_code == 404
    client.force_login(sch.teacher)  # the school's staff read all its notices
    assert client.get(for_4b.url).status_code == 200


def test_publishing_a_class_notice_emails_its_guardians_once(pages, sch, django_capture_on_commit_callbacks):
    _index, school_page = pages
    with django_capture_on_commit_callbacks(execute=True):
        notice = _notice(school_page, "Wycieczka 4a", "classes", classes=[sch.school_class])
    emails = set(OutboundMessage.objects.values_list("recipient", flat=True))
    assert emails == {p.email for p in sch.parents}
    assert "Wycieczka 4a" in OutboundMessage.objects.first().subject
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    assert OutboundMessage.objects.count() == len(sch.parents)


def test_public_notice_sends_no_email_and_school_notice_reaches_the_whole_school(
    pages, sch, django_capture_on_commit_callbacks
):
    _index, school_page = pages
    with django_capture_on_commit_callbacks(execute=True):
        _notice(school_page, "Dzien otwarty", "public")
    assert not OutboundMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _notice(school_page, "Rada rodzicow", "school")
    assert OutboundMessage.objects.count() == len(sch.parents)


def test_class_notice_without_classes_is_refused(pages):
    from django.core.exceptions import ValidationError

    _index, school_page = pages
    notice = SchoolNoticePage(title="Bez klas", slug="bez-klas", audience="classes", body="<p>x</p>")
    with pytest.raises(ValidationError):
        school_page.add_child(instance=notice)


def test_only_public_notices_are_found_by_search(client, pages, sch):
    """A class notice's title must not leak through the site search, the content API or the sitemap."""
    from home.sitesearch.services import search_index_rebuild

    _index, school_page = pages
    _notice(school_page, "Dzien otwarty szkoly", "public")
    class_notice = _notice(school_page, "Wycieczka klasowa", "classes", classes=[sch.school_class])
    assert class_notice.get_view_restrictions().exists()
    search_index_rebuild()
    assert "Dzien otwarty" in client.get("/szukaj/?q=otwarty").content.decode()
    assert "Wycieczka" not in client.get("/szukaj/?q=wycieczka").content.decode()
    assert "Wycieczka" not in client.get("/api/v2/pages/?type=education.SchoolNoticePage").content.decode()
    assert "wycieczka-klasowa" not in client.get("/sitemap.xml").content.decode()
    titles = set(SchoolNoticePage.get_indexed_objects().values_list("title", flat=True))
    assert titles == {"Dzien otwarty szkoly"}
    # made public and published again: the restriction goes
    class_notice.audience = "public"
    class_notice.save_revision().publish()
    assert not class_notice.get_view_restrictions().exists()


def test_school_index_lists_schools(client, pages):
    index, _school_page = pages
    page = client.get(index.url).content.decode()
    assert "SP nr 1" in page and "SP Pogwizdów" in page


def test_ical_feed_for_a_parent_and_a_teacher(client, sch):
    token = feed_token(user=sch.parents[0], student=sch.students[0])
    response = client.get(reverse("education:calendar_feed", args=[token]))
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("BEGIN:VCALENDAR") and "Matematyka (4a)" in body
    assert body.count("BEGIN:VEVENT") >= 3  # Monday period 1, four weeks ahead (minus today if past)
    teacher = client.get(reverse("education:calendar_feed", args=[feed_token(user=sch.teacher)]))
    assert teacher.status_code == 200 and "BEGIN:VEVENT" in teacher.content.decode()
    # someone else's child, a forged signature, a changed password: 404
    forged = feed_token(user=sch.parents[0], student=sch.students[0]).replace(
        f"-s{sch.students[0].pk}.", f"-s{sch.students[1].pk}."
    )
    assert client.get(reverse("education:calendar_feed", args=[forged])).status_code == 404
    stranger = school_create(prefix="c", students=1)
    stolen = feed_token(user=stranger.parents[0], student=sch.students[0])
    assert client.get(reverse("education:calendar_feed", args=[stolen])).status_code == 404
    sch.parents[0].set_password("nowe-haslo-123456")
    sch.parents[0].save()
    assert client.get(reverse("education:calendar_feed", args=[token])).status_code == 404


def test_calendar_page_lists_own_feeds(client, sch):
    client.force_login(sch.parents[0])
    page = client.get(reverse("education:calendar")).content.decode()
    assert ".ics" in page and "Uczeń0" in page


def test_teachers_may_write_notices_only_under_their_school(pages, sch, other_school):
    from education.roles import school_groups_setup, school_staff_sync_groups

    index, school_page = pages
    other_page = SchoolPage.objects.get(school=other_school.school)
    school_groups_setup(school_page=school_page)
    school_staff_sync_groups(school=sch.school)
    teacher = type(sch.teacher).objects.get(pk=sch.teacher.pk)
    assert teacher.has_perm("wagtailadmin.access_admin")
    assert school_page.permissions_for_user(teacher).can_add_subpage()
    assert school_page.permissions_for_user(teacher).can_publish_subpage()
    assert not other_page.permissions_for_user(teacher).can_add_subpage()
    assert not index.permissions_for_user(teacher).can_add_subpage()
    assert SchoolPage.allowed_subpage_models() == [SchoolNoticePage]


def test_account_dashboard_shows_the_gradebook_panel_only_to_families_and_staff(client, site_tree, sch):
    from tests.factories import UserFactory

    client.force_login(sch.parents[0])
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "E-dziennik" in page and reverse("education:student", args=[sch.students[0].pk]) in page
    client.force_login(UserFactory(email="obcy@example.pl"))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("education:home") not in page


def test_admin_registers_of_education_open_for_an_administrator(client, sch):
    from tests.factories import UserFactory

    admin = UserFactory(email="admin-edu@example.pl", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for slug in (
        "szkoly",
        "lata",
        "semestry",
        "oddzialy",
        "przedmioty",
        "uczniowie",
        "opiekunowie",
        "pracownicy",
        "przydzialy",
        "zastepstwa",
    ):
        response = client.get(f"/admin/edukacja/{slug}/")
        assert response.status_code == 200, slug
    assert client.get(f"/admin/edukacja/uczniowie/edit/{sch.students[0].pk}/").status_code == 200
    client.force_login(sch.teacher)  # teachers have no model permissions on the registers
    assert client.get("/admin/edukacja/uczniowie/").status_code in (302, 403)


def test_a_teacher_edits_notices_but_not_the_school_page(client, pages, sch):
    from education.roles import school_groups_setup, school_staff_sync_groups

    _index, school_page = pages
    school_groups_setup(school_page=school_page)
    school_staff_sync_groups(school=sch.school)
    notice = _notice(school_page, "Dzien otwarty", "public")
    client.force_login(sch.teacher)
    assert client.get(f"/admin/pages/{notice.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/education/schoolnoticepage/{school_page.pk}/").status_code == 200
    refused = client.get(f"/admin/pages/{school_page.pk}/edit/")  # Wagtail turns 403 into "no access"
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(sch.head)
    assert client.get(f"/admin/pages/{school_page.pk}/edit/").status_code == 200

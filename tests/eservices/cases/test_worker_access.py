"""A person made a case worker can get into the back office; nobody else sees the "Sprawy" menu."""

from eservices.cases.access import CASE_STAFF_GROUP
from eservices.cases.models import CaseWorker
from tests.factories import UserFactory


def test_new_case_worker_gets_into_the_admin_and_sees_the_cases_menu(client, office):
    person = UserFactory(email="nowy@example.pl")
    assert client.get("/admin/sprawy/").status_code in (302, 403)  # anonymous
    CaseWorker.objects.create(user=person, unit=office, role=CaseWorker.Role.CLERK)
    person.refresh_from_db()
    assert person.is_staff and person.groups.filter(name=CASE_STAFF_GROUP).exists()
    client.force_login(person)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/sprawy/").status_code == 200


def test_staff_without_a_case_role_is_kept_out_of_cases(client, office):
    editor = UserFactory(email="redaktor@example.pl", is_staff=True)
    CaseWorker.objects.create(user=UserFactory(email="inny@example.pl"), unit=office)  # creates the group
    editor.groups.add(*CaseWorker.objects.get().user.groups.all())  # admin access, but no CaseWorker row
    client.force_login(editor)
    assert client.get("/admin/sprawy/").status_code == 403


def test_case_workers_are_managed_in_the_admin(client, office):
    admin = UserFactory(email="admin@example.pl", is_staff=True, is_superuser=True)
    CaseWorker.objects.create(
        user=UserFactory(email="a@example.pl", first_name="Anna", last_name="Kowalska"), unit=office
    )
    CaseWorker.objects.create(
        user=UserFactory(email="b@example.pl", first_name="Beata", last_name="Zielińska"), unit=office
    )
    client.force_login(admin)
    listing = client.get("/admin/snippets/cases/caseworker/?q=Kowalska")
    body = listing.content.decode()
    assert listing.status_code == 200 and "Kowalska" in body and "Zielińska" not in body

"""The personal-data access log for the data protection officer (issue 11, cms.audit)."""

import pytest
from django.contrib.auth.models import Group

from cms.audit.models import AccessLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOG = "/admin/rejestr-dostepu/"


@pytest.fixture
def dpo(db):
    user = UserFactory(email="iod@glogow-mlp.pl", first_name="Irena", last_name="Inspektor")
    user.groups.add(Group.objects.get(name="Inspektor ochrony danych"))  # made by a migration
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@glogow-mlp.pl", is_superuser=True, is_staff=True)


def test_viewing_and_changing_a_residents_profile_is_logged(client, admin_user):
    resident = UserFactory(email="jan.kowalski@example.pl", first_name="Jan", last_name="Kowalski")
    client.force_login(admin_user)
    assert client.get(f"/admin/mieszkancy/edit/{resident.pk}/").status_code == 200
    assert client.get(f"/admin/mieszkancy/inspect/{resident.pk}/").status_code == 200
    data = {"first_name": "Jan", "last_name": "Kowalski", "phone": "", "street": "", "house_number": "",
            "postal_code": "", "locality": "", "pesel": "", "identity_level": "unverified"}  # fmt: skip
    assert client.post(f"/admin/mieszkancy/edit/{resident.pk}/", data).status_code == 302
    entries = list(AccessLogEntry.objects.order_by("pk").values_list("action", "subject_type", "user_email"))
    assert entries == [("view", "resident", admin_user.email)] * 2 + [("change", "resident", admin_user.email)]
    assert AccessLogEntry.objects.first().subject_label == "Jan Kowalski <jan.kowalski@example.pl>"


def test_the_officer_searches_the_log_and_cannot_change_it(client, dpo, admin_user):
    by = {"user": admin_user, "user_email": admin_user.email, "action": "view"}
    AccessLogEntry.objects.create(**by, subject_type="case", subject_id="UM.5340.1.2026", subject_label="Jan Kowalski")
    AccessLogEntry.objects.create(**by, subject_type="taxpayer", subject_id="7", subject_label="Anna Nowak")
    client.force_login(dpo)
    html = client.get(LOG, {"q": "Kowalski"}).content.decode()
    assert "UM.5340.1.2026" in html or "Jan Kowalski" in html
    assert "Anna Nowak" not in html
    assert "Anna Nowak" in client.get(LOG, {"subject_type": "taxpayer"}).content.decode()
    entry = AccessLogEntry.objects.first()
    assert client.get(f"{LOG}inspect/{entry.pk}/").status_code == 200
    for path in [f"{LOG}new/", f"{LOG}edit/{entry.pk}/", f"{LOG}delete/{entry.pk}/"]:
        assert client.get(path).status_code in (302, 403, 404), path
    client.force_login(admin_user)  # not even an administrator edits the log
    for path in [f"{LOG}new/", f"{LOG}edit/{entry.pk}/", f"{LOG}delete/{entry.pk}/"]:
        assert client.get(path).status_code in (302, 403, 404), path
    assert AccessLogEntry.objects.count() == 2


def test_other_staff_cannot_read_the_log(client):
    group = Group.objects.create(name="Sekretariat")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    clerk = UserFactory(email="sekretariat@glogow-mlp.pl")
    clerk.groups.add(group)
    client.force_login(clerk)
    assert client.get(LOG).status_code in (302, 403)


def test_a_residents_own_pages_write_nothing(client):
    resident = UserFactory(email="mieszkanka@example.pl")
    client.force_login(resident)
    client.get("/konto/")
    client.get("/konto/profil/")
    assert not AccessLogEntry.objects.exists()

"""Admin → Budżet obywatelski → Rejestr mieszkańców: upload, dry run, confirm, clear; coordinators only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eservices.budget import voting
from eservices.budget.models import RegisterEntry
from eservices.budget.roles import COORDINATORS, EVALUATORS
from eservices.budget.rules import BudgetError
from tests.factories import UserFactory

from .conftest import PESEL_A, PESEL_B

pytestmark = pytest.mark.django_db
URL = "budget_register:index"


def staff(group=None, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def upload(client, edition, content: bytes, name="rejestr.csv"):
    return client.post(
        reverse(URL),
        {"action": "check", "edycja": edition.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )


GOOD = (
    f"pesel;imię;nazwisko;adres\n{PESEL_A};Anna;Nowak;Lipie 1\n\n{PESEL_B};Jan;Kowalski;Styków 2\n"
    f"{PESEL_A};Anna;Nowak;Lipie 1\n"
)


def test_dry_run_stores_nothing_then_confirm_stores_hashes_only(client, edition):
    client.force_login(staff(COORDINATORS))
    response = upload(client, edition, GOOD.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "nic jeszcze nie zapisano" in page and "Różnych mieszkańców: 2" in page
    assert "Powtórzonych wierszy (pominięte): 1" in page
    assert RegisterEntry.objects.count() == 0
    token = response.context["token"]

    response = client.post(reverse(URL), {"action": "confirm", "token": token}, follow=True)
    assert "W rejestrze edycji „Budżet obywatelski 2027” jest teraz 2 mieszkańców" in response.content.decode()
    stored = list(RegisterEntry.objects.values_list("identity_hash", flat=True))
    assert len(stored) == 2 and all(len(h) == 64 for h in stored)
    assert not any(PESEL_A in h or PESEL_B in h or "Nowak" in h for h in stored)
    # the same token cannot be used twice
    response = client.post(reverse(URL), {"action": "confirm", "token": token}, follow=True)
    assert "Podgląd wygasł" in response.content.decode()
    assert RegisterEntry.objects.count() == 2


def test_bad_file_gives_polish_errors_with_line_numbers_and_stores_nothing(client, edition):
    client.force_login(staff(COORDINATORS))
    response = upload(client, edition, f"{PESEL_A}\n1234\n{PESEL_B[:-1]}9;X\n".encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Wiersz 2: „1234” nie jest prawidłowym numerem PESEL" in page
    assert "Wiersz 3:" in page and "niczego nie zapisano" in page
    assert response.context["token"] is None
    assert RegisterEntry.objects.count() == 0

    response = upload(client, edition, b"pesel\n")
    assert "Plik nie zawiera żadnego numeru PESEL" in response.content.decode()
    response = upload(client, edition, PESEL_A.encode("utf-16"))
    assert "kodowaniu UTF-8" in response.content.decode()
    response = client.post(reverse(URL), {"action": "check", "edycja": edition.pk})
    assert "Wybierz plik rejestru." in response.content.decode()
    assert RegisterEntry.objects.count() == 0


def test_only_coordinators_and_superusers(client, edition):
    other_staff = staff()  # an admin user of another department
    other_staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for user in (staff(EVALUATORS), other_staff):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403
        assert upload(client, edition, GOOD.encode()).status_code == 403
        clear = {"action": "clear", "edycja": edition.pk, "confirm_clear": "1"}
        assert client.post(reverse(URL), clear).status_code == 403
    assert RegisterEntry.objects.count() == 0
    client.force_login(staff(is_superuser=True))
    assert client.get(reverse(URL)).status_code == 200
    client.force_login(staff(COORDINATORS))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()  # the sidebar is JSON, letters escaped
    assert '"label": "Rejestr mieszka\\u0144c\\u00f3w"' in menu and reverse(URL) in menu


def test_clear_needs_confirmation(client, edition):
    voting.register_import(edition=edition, pesels=[PESEL_A, PESEL_B])
    client.force_login(staff(COORDINATORS))
    response = client.post(reverse(URL), {"action": "clear", "edycja": edition.pk}, follow=True)
    assert "Zaznacz „Tak, usuń cały rejestr" in response.content.decode()
    assert RegisterEntry.objects.count() == 2
    response = client.post(reverse(URL), {"action": "clear", "edycja": edition.pk, "confirm_clear": "1"}, follow=True)
    assert "Usunięto rejestr" in response.content.decode() and "(2 wpisów)" in response.content.decode()
    assert RegisterEntry.objects.count() == 0


def test_voter_outside_the_uploaded_register_is_refused(client, edition, pools, projects, verified_voter):
    client.force_login(staff(COORDINATORS))
    token = upload(client, edition, f"{PESEL_B}\n".encode()).context["token"]
    client.post(reverse(URL), {"action": "confirm", "token": token})
    with pytest.raises(BudgetError, match="rejestrze mieszkańców"):
        voting.ballot_cast_verified(
            edition=edition, district=pools["lipie"], choices={projects["ławki"].pk: 1}, user=verified_voter
        )
    listed = UserFactory(identity_level="verified", pesel=PESEL_B)
    ballot = voting.ballot_cast_verified(
        edition=edition, district=pools["lipie"], choices={projects["ławki"].pk: 1}, user=listed
    )
    assert ballot.status == "counted"

"""Clerks verify residents in the admin; residents stay out of it; CSRF and the page cache (issue 4)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from cms.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    group = Group.objects.create(name="Biuro Obsługi Interesanta")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__model="resident", codename__in=["view_resident", "change_resident"]),
    )
    user = UserFactory(email="urzednik@glogow-mlp.pl", first_name="Urszula", last_name="Urzędnik", is_staff=True)
    user.groups.add(group)
    return user


def _edit_data(resident, **changes):
    data = {
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "phone": resident.phone,
        "street": resident.street,
        "house_number": resident.house_number,
        "postal_code": resident.postal_code,
        "locality": resident.locality,
        "pesel": resident.pesel,
        "identity_level": resident.identity_level,
    }
    data.update(changes)
    return data


def test_clerk_marks_a_resident_verified_and_who_and_when_are_recorded(client, clerk, resident):
    client.force_login(clerk)
    listing = client.get("/admin/mieszkancy/")
    assert listing.status_code == 200
    assert resident.email in listing.content.decode()
    assert clerk.email not in listing.content.decode()  # staff are not residents

    url = f"/admin/mieszkancy/edit/{resident.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(resident, identity_level="verified", pesel="44051401359"))
    assert response.status_code == 302, response.content.decode()[:3000]
    resident.refresh_from_db()
    assert resident.identity_level == User.IdentityLevel.VERIFIED
    assert resident.identity_verified_by == clerk
    assert resident.identity_verified_at is not None
    assert resident.pesel == "44051401359"


def test_clerk_form_refuses_a_bad_pesel(client, clerk, resident):
    client.force_login(clerk)
    response = client.post(f"/admin/mieszkancy/edit/{resident.pk}/", _edit_data(resident, pesel="44051401358"))
    assert response.status_code == 200
    assert "nie zgadza się cyfra kontrolna" in response.content.decode()


def test_clerk_cannot_edit_staff_through_residents(client, clerk):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(clerk)
    assert client.get(f"/admin/mieszkancy/edit/{admin.pk}/").status_code == 404


def test_staff_without_the_permission_cannot_open_residents(client):
    editor = UserFactory(is_staff=True)
    group = Group.objects.create(name="Redakcja")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    response = client.get("/admin/mieszkancy/")
    assert response.status_code in (302, 403)


def test_a_resident_cannot_open_the_admin(client, resident):
    client.force_login(resident)
    for url in ("/admin/", "/admin/mieszkancy/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"] or response["Location"] == "/admin/"


def test_lost_csrf_token_shows_the_polish_page(resident):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logowanie/", {"username": resident.email, "password": "haslo-testowe-123"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Sesja wygasła — wróć i wyślij formularz ponownie" in body
    assert 'href="/konto/logowanie/"' in body
    assert "_auth_user_id" not in client.session


def test_forms_with_a_csrf_token_are_never_served_from_the_page_cache(settings, db):
    """Regression guard: a cached /konto/logowanie/ would hand one visitor's CSRF token to the next."""
    settings.RATUSZ_PAGE_CACHE_SECONDS = 600
    for url in ("/konto/logowanie/", "/konto/rejestracja/", "/konto/haslo/reset/"):
        first, second = Client(), Client()
        one, two = first.get(url), second.get(url)
        assert one.status_code == two.status_code == 200
        assert "X-Page-Cache" not in two
        assert settings.CSRF_COOKIE_NAME in one.cookies and settings.CSRF_COOKIE_NAME in two.cookies
        assert one.cookies[settings.CSRF_COOKIE_NAME].value != two.cookies[settings.CSRF_COOKIE_NAME].value
        assert "no-cache" in one["Cache-Control"] or "max-age=0" in one["Cache-Control"]


def test_header_shows_sign_in_link_to_anonymous_and_my_account_when_signed_in(client, site_tree, resident):
    anonymous = client.get("/").content.decode()
    assert 'href="/konto/logowanie/"' in anonymous and "Zaloguj się" in anonymous
    client.force_login(resident)
    signed_in = client.get("/").content.decode()
    assert 'href="/konto/"' in signed_in and "Moje konto" in signed_in

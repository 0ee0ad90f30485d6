"""Two-factor authentication for the back office, staff session expiry and lockout (issue 11)."""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.accounts.two_factor import STAFF_SESSION_KEY, recovery_codes_regenerate
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
PASSWORD = "haslo-testowe-123"


@pytest.fixture
def staff(db):
    group = Group.objects.create(name="Referat finansowy")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = UserFactory(email="ksiegowa@glogow-mlp.pl", first_name="Krystyna", last_name="Księgowa")
    user.groups.add(group)
    return user


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:0{device.digits}d}"


def _sign_in(client, user):
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302, "sign-in with the password failed"
    return response


def test_staff_without_a_second_factor_cannot_reach_the_admin(client, staff):
    _sign_in(client, staff)
    for path in ["/admin/", "/admin/pages/", "/admin/users/", "/admin/snippets/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/2fa/konfiguracja/?next=")
    page = client.get("/admin/2fa/konfiguracja/?next=/admin/").content.decode()
    assert "Włącz weryfikację dwuetapową" in page
    assert "<svg" in page  # the QR code, inline: no external service sees the secret


def test_set_up_with_a_wrong_then_the_right_code(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the wrong code (throttling: its own test)
    _sign_in(client, staff)
    client.get("/admin/2fa/konfiguracja/")
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    wrong = client.post("/admin/2fa/konfiguracja/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "Nieprawidłowy kod" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and client.get("/admin/").status_code == 302

    done = client.post("/admin/2fa/konfiguracja/", {"token": _code(device), "next": "/admin/"})
    html = done.content.decode()
    assert "Twoje kody zapasowe" in html and html.count("<li><code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_next_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0  # see the throttling test
    TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    codes = recovery_codes_regenerate(user=staff)
    _sign_in(client, staff)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/2fa/?next=%2Fadmin%2Fpages%2F"
    refused = client.post("/admin/2fa/", {"token": "12345-67890", "next": "/admin/pages/"})
    assert "Nieprawidłowy kod" in refused.content.decode()
    assert client.get("/admin/").status_code == 302

    accepted = client.post("/admin/2fa/", {"token": codes[0], "next": "/admin/pages/"})
    assert accepted["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200

    other = client.__class__()
    _sign_in(other, staff)
    again = other.post("/admin/2fa/", {"token": codes[0], "next": "/admin/"})
    assert "Nieprawidłowy kod" in again.content.decode()  # used up
    assert other.get("/admin/").status_code == 302


def test_code_from_the_app_verifies_the_session(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    _sign_in(client, staff)
    assert client.post("/admin/2fa/", {"token": _code(device), "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_make_the_next_attempt_wait(client, staff):
    """Guessing is throttled: after a wrong code even the right one is refused for a while."""
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    _sign_in(client, staff)
    wrong = "000000" if _code(device) != "000000" else "111111"
    client.post("/admin/2fa/", {"token": wrong})
    client.post("/admin/2fa/", {"token": wrong})
    refused = client.post("/admin/2fa/", {"token": _code(device), "next": "/admin/"})
    assert "zbyt wiele prób" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(staff):
    old = recovery_codes_regenerate(user=staff)
    new = recovery_codes_regenerate(user=staff)
    assert len(new) == 10 and not set(old) & set(new)
    from django_otp.plugins.otp_static.models import StaticToken

    assert StaticToken.objects.filter(device__user=staff).count() == 10


def test_a_resident_is_not_asked_for_a_second_factor(client):
    resident = UserFactory(email="mieszkanka@example.pl")
    client.force_login(resident)
    response = client.get("/admin/")
    assert "/admin/2fa/" not in response.get("Location", "")
    assert client.get("/konto/").status_code == 200


def test_idle_staff_session_ends(client, staff, settings):
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    _sign_in(client, staff)
    client.post("/admin/2fa/", {"token": _code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[STAFF_SESSION_KEY] = int(time.time()) - settings.RATUSZ_STAFF_IDLE_SECONDS - 1
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_ten_wrong_passwords_lock_a_staff_account(client, staff):
    for _ in range(10):
        client.post("/admin/login/", {"username": staff.email, "password": "zle-haslo"})
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session


def test_administrator_resets_a_lost_second_factor(client, staff):
    TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    recovery_codes_regenerate(user=staff)
    call_command("two_factor_reset", staff.email)
    _sign_in(client, staff)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/konfiguracja/")


def test_demo_code_command_only_in_development(client, staff, settings, capsys):
    from django.core.management.base import CommandError

    _sign_in(client, staff)
    client.get("/admin/2fa/konfiguracja/")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("two_factor_code", staff.email)
    settings.DEBUG = True
    call_command("two_factor_code", staff.email)
    code = capsys.readouterr().out.strip()
    settings.DEBUG = False
    client.post("/admin/2fa/konfiguracja/", {"token": code, "next": "/admin/"})
    assert client.get("/admin/").status_code == 200

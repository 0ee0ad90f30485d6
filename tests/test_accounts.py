import pytest

from cms.accounts.models import User

pytestmark = pytest.mark.django_db


def test_user_signs_in_with_email_not_username():
    user = User.objects.create_user(email="Anna.Kowalska@Example.PL", password="dluzsze-haslo-1", first_name="Anna")
    assert user.email == "anna.kowalska@example.pl"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.identity_level == User.IdentityLevel.UNVERIFIED


def test_email_is_required():
    with pytest.raises(ValueError, match="Adres e-mail jest wymagany"):
        User.objects.create_user(email="", password="x")
    assert User.objects.count() == 0


@pytest.mark.two_factor
def test_superuser_can_open_the_admin_after_the_second_factor(client):
    user = User.objects.create_superuser(email="admin@example.pl", password="tajne-haslo-123")
    assert client.login(email="admin@example.pl", password="tajne-haslo-123")
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/konfiguracja/")  # set up an app first
    from django_otp.oath import totp

    client.get("/admin/2fa/konfiguracja/")
    device = user.totpdevice_set.get()
    client.post("/admin/2fa/konfiguracja/", {"token": f"{totp(device.bin_key):06d}"})
    assert client.get("/admin/").status_code == 200


def test_emails_are_unique():
    from django.db import IntegrityError, transaction

    User.objects.create_user(email="jan@example.pl", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="JAN@example.pl", password="y")
    assert User.objects.count() == 1

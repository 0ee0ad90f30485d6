"""Registration with e-mail confirmation (issue 4)."""

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing

from cms.accounts.models import User
from cms.accounts.services import CONFIRM_SALT

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "Nowa.Osoba@Example.PL",
    "first_name": "Nowa",
    "last_name": "Osoba",
    "password1": "rynek-glogow-2026",
    "password2": "rynek-glogow-2026",
    "consent": "on",
}


def _link(message) -> str:
    return re.search(r"http://testserver(/konto/potwierdz/[^/\s]+/)", message.body).group(1)


def test_register_sends_confirmation_and_link_activates_account(client):
    response = client.post("/konto/rejestracja/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/rejestracja/wyslano/"
    user = User.objects.get(email="nowa.osoba@example.pl")
    assert not user.is_active and user.email_confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nowa.osoba@example.pl"]
    assert "Potwierdź adres e-mail" in mail.outbox[0].subject

    # Before confirming, the right password does not sign in.
    assert not client.login(email="nowa.osoba@example.pl", password=GOOD["password1"])
    response = client.get(_link(mail.outbox[0]), follow=True)
    assert "adres e-mail jest potwierdzony" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed_at is not None
    response = client.post("/konto/logowanie/", {"username": "nowa.osoba@example.pl", "password": GOOD["password1"]})
    assert response.status_code == 302 and response["Location"] == "/konto/"


def test_forged_link_is_refused_with_a_message(client):
    client.post("/konto/rejestracja/", GOOD)
    token = _link(mail.outbox[0]).split("/")[-2]
    response = client.get(f"/konto/potwierdz/{token[:-3]}abc/")
    assert response.status_code == 400
    assert "Link jest nieprawidłowy" in response.content.decode()
    assert not User.objects.get(email="nowa.osoba@example.pl").is_active


def test_expired_link_is_refused_with_a_message(client):
    client.post("/konto/rejestracja/", GOOD)
    user = User.objects.get(email="nowa.osoba@example.pl")
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)
    four_days_later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        response = client.get(f"/konto/potwierdz/{token}/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Link wygasł" in body and "/konto/rejestracja/ponow/" in body
    user.refresh_from_db()
    assert not user.is_active


def test_resend_sends_a_new_link_for_unconfirmed_and_nothing_for_unknown(client):
    client.post("/konto/rejestracja/", GOOD)
    mail.outbox.clear()
    first = client.post("/konto/rejestracja/ponow/", {"email": "nowa.osoba@example.pl"})
    second = client.post("/konto/rejestracja/ponow/", {"email": "nikt@example.pl"})
    assert first.status_code == second.status_code == 302
    assert [m.to for m in mail.outbox] == [["nowa.osoba@example.pl"]]


def test_duplicate_email_does_not_reveal_that_the_account_exists(client, resident):
    fresh = client.post("/konto/rejestracja/", {**GOOD, "email": "ktos.nowy@example.pl"}, follow=True)
    mail.outbox.clear()
    duplicate = client.post("/konto/rejestracja/", {**GOOD, "email": "JAN.KOWALSKI@example.pl"}, follow=True)
    assert duplicate.status_code == fresh.status_code == 200
    assert duplicate.redirect_chain == [("/konto/rejestracja/wyslano/", 302)]
    normalise = lambda html: html.replace("ktos.nowy@example.pl", "X").replace("jan.kowalski@example.pl", "X")  # noqa: E731
    assert normalise(duplicate.content.decode()) == normalise(fresh.content.decode())
    # The owner is told instead, and the existing account is untouched.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jan.kowalski@example.pl"]
    assert "Konto na ten adres już istnieje" in mail.outbox[0].body
    assert User.objects.filter(email="jan.kowalski@example.pl").count() == 1
    resident.refresh_from_db()
    assert resident.check_password("haslo-testowe-123") and resident.first_name == "Jan"


def test_bad_registration_shows_messages_and_keeps_values_but_not_passwords(client):
    response = client.post(
        "/konto/rejestracja/",
        {**GOOD, "email": "zly-adres", "password2": "inne-haslo-123", "consent": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body and 'href="#id_email"' in body
    assert "Wpisz adres e-mail w formacie nazwa@domena.pl." in body
    assert "Hasła się różnią" in body
    assert "Potwierdź, że znasz informację o przetwarzaniu danych osobowych." in body
    assert 'value="Nowa"' in body and 'value="zly-adres"' in body
    assert GOOD["password1"] not in body
    assert 'aria-describedby="id_email_helptext id_email_error"' in body
    assert User.objects.count() == 0 and not mail.outbox


def test_registration_page_links_the_privacy_notice(client):
    body = client.get("/konto/rejestracja/").content.decode()
    assert 'href="/ochrona-danych-osobowych/"' in body
    assert 'autocomplete="new-password"' in body and 'autocomplete="given-name"' in body

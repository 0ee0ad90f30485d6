"""Sign-in by e-mail, its throttle, sign-out by POST, password reset (issue 4)."""

import re

import pytest
from django.core import mail

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logowanie/"


def _login(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_sign_in_by_email_case_insensitive(client, resident):
    response = _login(client, "Jan.Kowalski@EXAMPLE.pl", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/konto/"
    assert client.get("/konto/").context["user"] == resident


def test_sign_in_follows_a_safe_next_only(client, resident):
    assert _login(client, resident.email, PASSWORD, QUERY_STRING="next=/konto/profil/")["Location"] == "/konto/profil/"
    client.logout()
    response = client.post(LOGIN + "?next=https://evil.example/", {"username": resident.email, "password": PASSWORD})
    assert response["Location"] == "/konto/"


def test_wrong_password_message_keeps_the_email(client, resident):
    response = _login(client, resident.email, "zle-haslo")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nieprawidłowy adres e-mail lub hasło" in body
    assert f'value="{resident.email}"' in body and "zle-haslo" not in body


def test_sixth_attempt_is_refused_even_with_the_right_password(client, resident):
    for _ in range(4):
        assert "Nieprawidłowy adres" in _login(client, resident.email, "zle-haslo").content.decode()
    fifth = _login(client, resident.email, "zle-haslo").content.decode()
    assert "Zbyt wiele nieudanych prób logowania" in fifth
    sixth = _login(client, resident.email, PASSWORD)
    assert sixth.status_code == 200
    assert "Zbyt wiele nieudanych prób logowania" in sixth.content.decode()
    assert "15 minut" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_also_holds_for_the_admin_sign_in(client, resident):
    for _ in range(5):
        _login(client, resident.email, "zle-haslo")
    assert not client.login(email=resident.email, password=PASSWORD)


def test_lock_ends_after_the_lockout(client, resident, settings):
    from django.core.cache import cache

    for _ in range(5):
        _login(client, resident.email, "zle-haslo")
    cache.clear()  # what the 15-minute expiry does
    assert _login(client, resident.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_ip_lock_that_ip(client, resident):
    for n in range(20):
        _login(client, f"zgadywany{n}@example.pl", "zle-haslo", REMOTE_ADDR="10.0.0.7")
    refused = _login(client, resident.email, PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert "Zbyt wiele nieudanych prób" in refused.content.decode()
    assert _login(client, resident.email, PASSWORD, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_success_resets_the_email_counter(client, resident):
    for _ in range(4):
        _login(client, resident.email, "zle-haslo")
    assert _login(client, resident.email, PASSWORD).status_code == 302
    client.post("/konto/wyloguj/")
    for _ in range(4):
        _login(client, resident.email, "zle-haslo")
    assert _login(client, resident.email, PASSWORD).status_code == 302


def test_sign_out_only_by_post(client, resident):
    client.force_login(resident)
    page = client.get("/konto/wyloguj/")
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode() and "Wyloguj się" in page.content.decode()
    assert "_auth_user_id" in client.session
    response = client.post("/konto/wyloguj/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/konto/")["Location"].startswith("/konto/logowanie/?next=")


def test_password_reset_email_and_completion(client, resident):
    response = client.post("/konto/haslo/reset/", {"email": resident.email})
    assert response["Location"] == "/konto/haslo/reset/wyslano/"
    assert len(mail.outbox) == 1 and "Ustaw nowe hasło" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/konto/haslo/reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Ustaw nowe hasło" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": "nowe-haslo-rynek-1", "new_password2": "inne"})
    assert "Hasła się różnią" in mismatch.content.decode()
    done = client.post(set_url, {"new_password1": "nowe-haslo-rynek-1", "new_password2": "nowe-haslo-rynek-1"})
    assert done["Location"] == "/konto/haslo/reset/gotowe/"
    resident.refresh_from_db()
    assert resident.check_password("nowe-haslo-rynek-1")
    assert "Link nie działa" in client.get(link, follow=True).content.decode()


def test_password_reset_for_unknown_email_looks_the_same(client):
    response = client.post("/konto/haslo/reset/", {"email": "nikt@example.pl"})
    assert response["Location"] == "/konto/haslo/reset/wyslano/"
    assert not mail.outbox


def test_staff_sign_in_here_and_go_back_to_the_intranet(client):
    from tests.factories import UserFactory

    clerk = UserFactory(email="urzednik@glogow-mlp.pl", is_staff=True)
    anonymous = client.get("/konto/logowanie/?next=/intranet/")
    assert 'name="next" value="/intranet/"' in anonymous.content.decode()
    response = client.post("/konto/logowanie/", {"username": clerk.email, "password": PASSWORD, "next": "/intranet/"})
    assert response["Location"] == "/intranet/"


def test_signed_in_person_sent_back_to_sign_in_sees_why_and_no_loop(client, resident):
    client.force_login(resident)
    assert client.get(LOGIN)["Location"] == "/konto/"
    page = client.get(LOGIN + "?next=/intranet/")
    assert page.status_code == 200
    assert "Twoje konto nie jest uprawnione do tej strony" in page.content.decode()

"""Bad input in public forms and search (issue 11): overlong fields, SQL and HTML injection, path
traversal in file names, a forged CSRF token, an open redirect in ``next=``. Each gets a clear refusal
(or is stored as plain text and shown escaped), is logged where the project refuses, and leaves
nothing half-written."""

import logging
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cms.accounts.models import User
from crisis.models import Subscription
from eservices.forms.models import ApplicationForm, Draft
from tests.eservices.conftest import catalogue_create, service_create
from tests.factories import UserFactory

SQL = "' OR 1=1; DROP TABLE accounts_user; --"
XSS = "<script>alert('xss')</script>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIL = ["https://evil.example/", "//evil.example/", "https:evil.example", "\\\\evil.example", "javascript:alert(1)"]


def _registration(**overrides):
    data = {
        "email": "nowa@example.pl", "first_name": "Anna", "last_name": "Nowak",
        "password1": "Bardzo-dlugie-haslo-7", "password2": "Bardzo-dlugie-haslo-7", "consent": "on",
    }  # fmt: skip
    return {**data, **overrides}


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak")


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [SQL, XSS, "a" * 10_000, "\x00\x1f'\"*:&|!()", "%' UNION SELECT password FROM x --"])
def test_search_survives_hostile_queries_and_never_echoes_them_raw(client, site_tree, query):
    response = client.get("/szukaj/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert User.objects.model._meta.db_table  # the table is still there:
    assert User.objects.count() >= 0


def test_overlong_search_query_says_it_was_shortened(client, site_tree):
    body = client.get("/szukaj/", {"q": "podatek " * 2000}).content.decode()
    assert "Zapytanie było za długie" in body


def test_search_shows_an_html_query_escaped(client, site_tree):
    body = client.get("/szukaj/", {"q": "<b>gmina</b>"}).content.decode()
    assert "<b>gmina</b>" not in body


# --- registration ---------------------------------------------------------------------------------


def test_overlong_registration_fields_are_refused_with_a_message_and_nothing_stored(client, site_tree):
    response = client.post("/konto/rejestracja/", _registration(first_name="A" * 1000, email="x" * 300 + "@example.pl"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "co najwyżej 150 znaków" in body
    assert not User.objects.exists() and not mail.outbox


def test_sql_injection_in_the_e_mail_is_refused(client, site_tree):
    response = client.post("/konto/rejestracja/", _registration(email=SQL))
    assert "Wpisz adres e-mail w formacie nazwa@domena.pl." in response.content.decode()
    assert not User.objects.exists()


def test_html_in_a_name_is_never_rendered_raw(client, site_tree):
    response = client.post("/konto/rejestracja/", _registration(first_name=XSS, password2="inne-haslo-9999"))
    body = response.content.decode()
    assert XSS not in body and "&lt;script&gt;" in body
    assert not User.objects.exists()


def test_html_in_a_name_is_stored_as_plain_text_when_accepted(client, site_tree):
    response = client.post("/konto/rejestracja/", _registration(last_name=XSS))
    if response.status_code == 302:  # accepted as text: stored verbatim, never as markup
        assert User.objects.get().last_name == XSS
    else:
        assert not User.objects.exists()


# --- CSRF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/konto/rejestracja/", _registration()),
        ("/konto/haslo/reset/", {"email": "jan@example.pl"}),
        (
            "/ostrzezenia/subskrypcja/",
            {"email": "a@example.pl", "all_areas": "on", "categories": ["met"], "consent": "on"},
        ),
    ],
)
def test_forged_csrf_token_gets_the_csrf_page_and_stores_nothing(site_tree, resident, caplog, path, data):
    client = Client(enforce_csrf_checks=True)
    client.get(path)  # the real cookie is set
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(path, {**data, "csrfmiddlewaretoken": "A" * 64})
    assert response.status_code == 403
    assert "Sesja wygasła" in response.content.decode()
    assert any(r.name == "django.security.csrf" for r in caplog.records)
    assert User.objects.count() == 1 and not Subscription.objects.exists() and not mail.outbox


# --- open redirect --------------------------------------------------------------------------------


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_refuses_a_next_on_another_site_and_logs_it(client, site_tree, resident, caplog, target):
    with caplog.at_level(logging.WARNING, logger="ratusz.security"):
        response = client.post(
            "/konto/logowanie/", {"username": "jan@example.pl", "password": "haslo-testowe-123", "next": target}
        )
    assert response.status_code == 302 and response.url == "/konto/"
    assert any("open_redirect" in r.getMessage() for r in caplog.records if r.name == "ratusz.security")


def test_sign_in_keeps_a_next_on_this_site(client, site_tree, resident):
    response = client.post(
        "/konto/logowanie/", {"username": "jan@example.pl", "password": "haslo-testowe-123", "next": "/konto/sprawy/"}
    )
    assert response.status_code == 302 and response.url == "/konto/sprawy/"


@pytest.mark.parametrize("target", EVIL)
def test_sign_out_refuses_a_next_on_another_site_and_logs_it(client, site_tree, resident, caplog, target):
    client.force_login(resident)
    with caplog.at_level(logging.WARNING, logger="ratusz.security"):
        response = client.post("/konto/wyloguj/", {"next": target})
    assert response.status_code == 302 and response.url == "/"
    assert any("open_redirect" in r.getMessage() for r in caplog.records if r.name == "ratusz.security")


# --- password reset and alert subscription --------------------------------------------------------


def test_password_reset_refuses_overlong_and_injected_addresses_and_sends_nothing(client, site_tree, resident):
    for email in ["a" * 400 + "@example.pl", SQL, XSS]:
        response = client.post("/konto/haslo/reset/", {"email": email})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Wpisz adres e-mail w formacie nazwa@domena.pl." in body or "co najwyżej 254 znaków" in body
        assert "<script>alert" not in body
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value"), [("email", "x" * 300 + "@example.pl"), ("email", SQL), ("phone", XSS), ("phone", "6" * 40)]
)
def test_alert_subscription_refuses_bad_contacts_and_stores_nothing(client, site_tree, field, value):
    data = {"all_areas": "on", "categories": ["met"], "consent": "on", field: value}
    response = client.post("/ostrzezenia/subskrypcja/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and 'class="error-summary' in body or "error" in body
    assert not Subscription.objects.exists() and not mail.outbox


# --- the e-form: overlong answers, HTML, path traversal in file names -------------------------------


@pytest.fixture
def eform(site_tree):
    index = catalogue_create(site_tree.home)
    service = service_create(
        index, "Deklaracja", slug="oplata-za-odpady", unit=site_tree.units[0], online_form_available=True
    )
    return ApplicationForm.objects.create(
        service=service, title="Deklaracja", first_step_title="Dane",
        fields=[
            ("text", {"label": "Imię", "name": "imie", "required": True}),
            ("file", {"label": "Dokument", "name": "dokument", "required": True, "allowed_types": ["pdf"],
                      "max_size_mb": 5}),
        ],
    )  # fmt: skip


URL = "/uslugi/oplata-za-odpady/wniosek/"


def test_eform_refuses_an_overlong_answer_and_keeps_no_draft_of_it(client, eform, resident):
    client.force_login(resident)
    response = client.post(URL, {"imie": "J" * 5000, "dokument": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code in (200, 400)
    assert "co najwyżej 200 znaków" in response.content.decode()
    assert not Draft.objects.filter(answers__imie="J" * 5000).exists()


def test_eform_shows_html_answers_escaped(client, eform, resident):
    client.force_login(resident)
    client.post(URL, {"imie": XSS, "dokument": SimpleUploadedFile("a.pdf", PDF)})
    draft = Draft.objects.get()
    assert draft.answers["imie"] == XSS  # kept as the text typed
    body = client.get(URL + "?krok=2").content.decode()
    assert XSS not in body


@pytest.mark.parametrize("name", ["../../../../etc/passwd.pdf", "..\\..\\..\\windows\\evil.pdf", "/tmp/abs.pdf"])
def test_path_traversal_in_an_upload_name_is_stored_under_a_safe_name(client, eform, resident, settings, name):
    client.force_login(resident)
    client.post(URL, {"imie": "Jan", "dokument": SimpleUploadedFile(name, PDF, content_type="application/pdf")})
    meta = Draft.objects.get().files["dokument"]
    stored = (Path(settings.MEDIA_ROOT) / meta["path"]).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "eforms")
    assert "/" not in meta["name"] and "\\" not in meta["name"] and ".." not in meta["name"]
    assert stored.read_bytes() == PDF


# --- rate limits ----------------------------------------------------------------------------------


def test_registration_over_the_rate_limit_is_refused_with_429_logged_and_nothing_stored(client, site_tree, settings,
                                                                                         caplog):  # fmt: skip
    settings.RATUSZ_FORM_RATE_LIMITS = {"register": (2, 3600)}
    for n in range(2):
        client.post("/konto/rejestracja/", _registration(email=f"osoba{n}@example.pl"))
        client.logout()
    with caplog.at_level(logging.WARNING, logger="ratusz.security"):
        response = client.post("/konto/rejestracja/", _registration(email="trzecia@example.pl"))
    assert response.status_code == 429
    assert "Z tego adresu wysłano zbyt wiele formularzy" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert not User.objects.filter(email="trzecia@example.pl").exists()
    assert any("rate_limit" in r.getMessage() for r in caplog.records if r.name == "ratusz.security")


def test_password_reset_over_the_rate_limit_sends_nothing_more(client, site_tree, resident, settings):
    settings.RATUSZ_FORM_RATE_LIMITS = {"password_reset": (1, 600)}
    client.post("/konto/haslo/reset/", {"email": "jan@example.pl"})
    assert len(mail.outbox) == 1
    response = client.post("/konto/haslo/reset/", {"email": "jan@example.pl"})
    assert response.status_code == 429 and "za 10 min" in response.content.decode()
    assert len(mail.outbox) == 1
    assert client.get("/konto/haslo/reset/").status_code == 200  # reading the form is never limited

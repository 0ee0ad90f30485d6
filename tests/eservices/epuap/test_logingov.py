"""Login with login.gov.pl: the SP against the local test identity provider, over real HTTP."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from cms.accounts.models import User
from eservices.epuap import logingov
from eservices.epuap.keys import generate_keypair
from eservices.epuap.logingov_idp import LocalIdentityProvider
from tests.factories import UserFactory

SP_ENTITY = "https://ratusz.test/konto/login-gov-pl"
ACS = "http://testserver/konto/login-gov-pl/acs/"


@pytest.fixture(scope="module")
def sp_keys():
    return generate_keypair("Ratusz SP (test)")


@pytest.fixture(scope="module")
def _idp_server(sp_keys):
    idp = LocalIdentityProvider(sp_cert=sp_keys.certificate, sp_entity_id=SP_ENTITY)
    url = idp.start()
    yield idp, url
    idp.stop()


@pytest.fixture
def idp(_idp_server, settings, sp_keys, tmp_path, monkeypatch):
    server, url = _idp_server
    server.sign_responses, server.tamper, server.one_time_artifacts = True, False, True
    cert_file = tmp_path / "idp.pem"
    cert_file.write_bytes(server.keypair.cert_pem)
    settings.LOGINGOV_IDP_SSO_URL = f"{url}/login/SingleSignOnService"
    settings.LOGINGOV_IDP_ARTIFACT_URL = f"{url}/login/ArtifactResolutionService"
    settings.LOGINGOV_IDP_ENTITY_ID = server.entity_id
    settings.LOGINGOV_IDP_CERT_FILE = cert_file
    settings.LOGINGOV_SP_ENTITY_ID = SP_ENTITY
    settings.LOGINGOV_SP_ACS_URL = ACS
    settings.LOGINGOV_ENABLED = True
    monkeypatch.setattr(logingov, "sp_keypair", lambda: sp_keys)
    logingov._idp_cert.cache_clear()
    return server


def _field(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def browser_login(client, idp, person: int = 0) -> str:
    """The person's round trip: our start page → the IdP (real HTTP) → back with an artifact (the ACS URL)."""
    page = client.get(reverse("logingov:start")).content.decode()
    sso = requests.post(
        idp_url(idp) + "/login/SingleSignOnService",
        data={"SAMLRequest": _field(page, "SAMLRequest"), "RelayState": _field(page, "RelayState")},
        timeout=5,
    )
    assert sso.status_code == 200, sso.text
    token = _field(sso.text, "token")
    back = requests.post(
        idp_url(idp) + "/login/authenticate", data={"token": token, "person": person}, allow_redirects=False, timeout=5
    )
    assert back.status_code == 303
    return back.headers["Location"]


def idp_url(idp) -> str:
    return f"http://127.0.0.1:{idp.port}"


def _acs(client, location: str):
    parts = urlsplit(location)
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def test_login_creates_verified_account_with_pesel(client, idp, db):
    response = _acs(client, browser_login(client, idp))
    assert response.status_code == 302 and response["Location"] == reverse("logingov:email")  # a new account
    user = User.objects.get(pesel="44051401359")
    assert (user.first_name, user.last_name) == ("Jan", "Nowak")
    assert user.is_identity_verified and user.identity_verified_at
    assert client.get(reverse("accounts:dashboard")).wsgi_request.user == user


def test_login_links_existing_account_by_pesel(client, idp, db):
    existing = UserFactory(email="jan@example.pl", pesel="44051401359", identity_level="unverified")
    assert _acs(client, browser_login(client, idp))["Location"] == reverse("accounts:dashboard")  # has an e-mail
    existing.refresh_from_db()
    assert existing.is_identity_verified and User.objects.count() == 1


def test_signed_in_account_without_pesel_gets_linked(client, idp, db):
    user = UserFactory(email="anna@example.pl", pesel="")
    client.force_login(user)
    _acs(client, browser_login(client, idp, person=1))
    user.refresh_from_db()
    assert user.pesel == "02270803624" and user.is_identity_verified


def test_unsigned_response_refused(client, idp, db):
    idp.sign_responses = False
    response = _acs(client, browser_login(client, idp))
    assert response.status_code == 400 and "nie jest podpisana" in response.content.decode()
    assert not User.objects.filter(pesel="44051401359").exists()


def test_tampered_response_refused(client, idp, db):
    idp.tamper = True
    response = _acs(client, browser_login(client, idp))
    assert (
        response.status_code == 400 and "Podpis odpowiedzi login.gov.pl jest nieprawidłowy" in response.content.decode()
    )
    assert User.objects.filter(identity_level="verified").count() == 0


def test_replayed_artifact_refused(client, idp, db):
    location = browser_login(client, idp)
    assert _acs(client, location).status_code == 302
    client.logout()
    # the same artifact again, in a session that started a login of its own
    client.get(reverse("logingov:start"))
    session = client.session
    relay = session["logingov_request"]["relay"]
    parts = urlsplit(location)
    artifact = parse_qs(parts.query)["SAMLart"][0]
    response = client.get(parts.path, {"SAMLart": artifact, "RelayState": relay})
    assert response.status_code == 400 and "już użyty" in response.content.decode()


def test_replay_refused_by_sp_even_if_idp_resolves_again(client, idp, db):
    idp.one_time_artifacts = False
    location = browser_login(client, idp)
    assert _acs(client, location).status_code == 302
    client.logout()
    client.get(reverse("logingov:start"))
    relay = client.session["logingov_request"]["relay"]
    artifact = parse_qs(urlsplit(location).query)["SAMLart"][0]
    response = client.get(urlsplit(location).path, {"SAMLart": artifact, "RelayState": relay})
    assert response.status_code == 400
    assert "nie odpowiada na żądanie" in response.content.decode() or "już użyta" in response.content.decode()


def test_artifact_from_another_browser_refused(client, idp, db):
    location = browser_login(client, idp)
    client.cookies.clear()
    response = _acs(client, location)
    assert response.status_code == 400 and "nie zostało rozpoczęte w tej przeglądarce" in response.content.decode()


def test_garbage_artifact_refused(client, idp, db):
    client.get(reverse("logingov:start"))
    relay = client.session["logingov_request"]["relay"]
    response = client.get(reverse("logingov:acs"), {"SAMLart": "abc", "RelayState": relay})
    assert response.status_code == 400 and "Nieprawidłowy artefakt" in response.content.decode()


def test_login_page_has_the_button_and_metadata_is_served(client, idp, db):
    assert "Zaloguj przez login.gov.pl" in client.get(reverse("accounts:login")).content.decode()
    metadata = client.get(reverse("logingov:metadata"))
    assert metadata.status_code == 200 and b"HTTP-Artifact" in metadata.content and ACS.encode() in metadata.content


def test_start_page_allows_posting_to_the_node(client, idp, db):
    response = client.get(reverse("logingov:start"))
    assert f"form-action 'self' http://127.0.0.1:{idp.port}" in response["Content-Security-Policy"]


def test_disabled_login_hides_button_and_views(client, settings, db):
    settings.LOGINGOV_ENABLED = False
    assert "Zaloguj przez login.gov.pl" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("logingov:start")).status_code == 404


def test_new_account_is_asked_for_email_then_confirms_it(
    client, idp, db, mailoutbox, django_capture_on_commit_callbacks
):
    response = _acs(client, browser_login(client, idp))
    assert response["Location"] == reverse("logingov:email")
    page = client.post(reverse("logingov:email"), {"email": "zle"})
    assert page.status_code == 400 and "Podaj poprawny adres e-mail." in page.content.decode()
    UserFactory(email="zajety@example.pl")
    page = client.post(reverse("logingov:email"), {"email": "zajety@example.pl"})
    assert "należy do innego konta" in page.content.decode()
    assert User.objects.get(pesel="44051401359").email.endswith("@login-gov-pl.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("logingov:email"), {"email": "Jan.Nowak@example.pl"})
    assert response.status_code == 302
    user = User.objects.get(pesel="44051401359")
    assert user.email == "jan.nowak@example.pl" and user.is_identity_verified
    assert [m.to for m in mailoutbox] == [["jan.nowak@example.pl"]]

"""Profile, identity level, the dashboard and the verified-identity rule (issue 4)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cms.accounts.access import verified_identity_required
from cms.accounts.dashboard import register_panel, unregister_panel
from cms.accounts.models import User
from cms.accounts.validators import pesel_is_valid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "first_name": "Jan",
    "last_name": "Kowalski",
    "phone": "600 100 200",
    "street": "ul. Rzeszowska",
    "house_number": "12",
    "postal_code": "36-060",
    "locality": "Głogów Małopolski",
    "pesel": "44051401359",
}


def test_profile_saves_good_data(client, resident):
    client.force_login(resident)
    response = client.post("/konto/profil/", PROFILE)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.postal_code, resident.pesel, resident.locality) == ("36-060", "44051401359", "Głogów Małopolski")


def test_bad_pesel_and_postal_code_get_messages_next_to_fields_and_values_are_kept(client, resident):
    client.force_login(resident)
    response = client.post("/konto/profil/", {**PROFILE, "pesel": "44051401358", "postal_code": "36060"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<p class="form-error" id="id_pesel_error">' in body
    assert "nie zgadza się cyfra kontrolna" in body
    assert '<p class="form-error" id="id_postal_code_error">' in body
    assert "Wpisz kod pocztowy w formacie 00-000" in body
    assert 'value="44051401358"' in body and 'value="36060"' in body and 'value="ul. Rzeszowska"' in body
    assert 'href="#id_pesel"' in body and 'href="#id_postal_code"' in body
    resident.refresh_from_db()
    assert resident.pesel == "" and resident.street == ""  # nothing half-saved


def test_pesel_taken_by_another_account_is_refused(client, resident):
    UserFactory(pesel="44051401359")
    client.force_login(resident)
    body = client.post("/konto/profil/", PROFILE).content.decode()
    assert "Ten PESEL jest już przypisany do innego konta" in body


@pytest.mark.parametrize(
    ("pesel", "valid"),
    [("44051401359", True), ("02270803624", True), ("44051401358", False), ("44133401358", False), ("123", False)],
)
def test_pesel_checksum_and_date(pesel, valid):
    assert pesel_is_valid(pesel) is valid


def test_verified_account_cannot_change_name_or_pesel_online(client):
    verified = UserFactory(pesel="44051401359", identity_level=User.IdentityLevel.VERIFIED, first_name="Maria")
    client.force_login(verified)
    page = client.get("/konto/profil/").content.decode()
    assert "zweryfikowane" in page and "disabled" in page
    client.post("/konto/profil/", {**PROFILE, "first_name": "Ktoś", "pesel": "02270803624", "phone": "600 999 888"})
    verified.refresh_from_db()
    assert (verified.first_name, verified.pesel, verified.phone) == ("Maria", "44051401359", "600 999 888")
    assert verified.is_identity_verified


def test_profile_and_dashboard_need_sign_in(client):
    for url in ("/konto/", "/konto/profil/"):
        assert client.get(url)["Location"] == f"/konto/logowanie/?next={url}"


def test_dashboard_shows_only_the_persons_own_data(client, resident):
    other = UserFactory(email="sasiadka@example.pl", first_name="Zofia", last_name="Sąsiadka", phone="700 555 444")
    resident.phone = "600 100 200"
    resident.save()
    client.force_login(resident)
    body = client.get("/konto/").content.decode()
    assert "Jan Kowalski" in body and "600 100 200" in body and "niezweryfikowane" in body
    assert "Twoje wnioski robocze" in body  # the forms module's panel, empty for this person
    assert other.email not in body and "Sąsiadka" not in body and "700 555 444" not in body


def test_registered_panel_appears_with_the_requesters_context(client, resident, tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "demo").mkdir(parents=True)
    (template_dir / "demo" / "panel.html").write_text("<p>Sprawy osoby: {{ who }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(template_dir)]}]
    register_panel(key="demo", title="Moje sprawy", template="demo/panel.html",
                   get_context=lambda request: {"who": request.user.email})  # fmt: skip
    try:
        client.force_login(resident)
        body = client.get("/konto/").content.decode()
    finally:
        unregister_panel("demo")
    assert "Sprawy osoby: jan.kowalski@example.pl" in body
    assert "Moje sprawy" in body  # the panel's own heading


@verified_identity_required
def _service_view(request):
    return HttpResponse("formularz usługi")


def test_verified_identity_required(resident):
    factory = RequestFactory()
    request = factory.get("/uslugi/dowod/wniosek/")
    request.user = resident
    response = _service_view(request)
    assert response.status_code == 302
    assert response["Location"] == "/konto/weryfikacja/?next=%2Fuslugi%2Fdowod%2Fwniosek%2F"

    resident.identity_level = User.IdentityLevel.VERIFIED
    request.user = resident
    assert _service_view(request).content.decode() == "formularz usługi"

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert _service_view(request)["Location"].startswith("/konto/logowanie/?next=")


def test_verification_page_explains_how(client, resident):
    client.force_login(resident)
    body = client.get("/konto/weryfikacja/?next=/uslugi/x/").content.decode()
    assert "wymaga potwierdzonej tożsamości" in body and "dowodem osobistym" in body
    assert 'href="/uslugi/x/"' in body

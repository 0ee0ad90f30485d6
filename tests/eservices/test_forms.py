"""Application forms (issue 4): conditions, validators, drafts, snapshot, double submit, access."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eservices.forms import validators
from eservices.forms.fields import definition_of, step_form, steps_of
from eservices.forms.models import ApplicationForm, Draft, Submission
from home.demo.forms_data import FORMS, seed_application_forms
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/uslugi/zameldowanie/wniosek/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meldunek(catalogue):
    seed_application_forms({"zameldowanie": catalogue.services["zameldowanie"]})
    return ApplicationForm.objects.get(service=catalogue.services["zameldowanie"])


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak", pesel="44051401359",
                       phone="600100200", street="Rynek", house_number="1", postal_code="36-060",
                       locality="Głogów Małopolski")  # fmt: skip


def _step1(client):
    return client.post(URL + "?krok=1", {"imie": "Jan", "nazwisko": "Nowak", "pesel": "44051401359",
                                         "email": "jan@example.pl", "telefon": ""})  # fmt: skip


def _step2(client, **extra):
    data = {"adres-pobytu__street": "Rynek", "adres-pobytu__house_number": "1",
            "adres-pobytu__postal_code": "36-060", "adres-pobytu__locality": "Głogów Małopolski",
            "data-zamieszkania": "2024-03-01", "wlasciciel": "tak", **extra}  # fmt: skip
    return client.post(URL + "?krok=2", data)


def _complete(client):
    _step1(client)
    _step2(client)
    return client.post(URL + "?krok=3", {"zgoda-ewidencja": "on"})


# --- validators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("validator", "good", "bad", "message"),
    [
        (validators.validate_pesel, "44051401359", "44051401358", "PESEL jest nieprawidłowy"),
        (validators.validate_nip, "123-456-32-18", "1234563219", "NIP jest nieprawidłowy"),
        (validators.validate_regon, "123456785", "123456786", "REGON jest nieprawidłowy"),
        (validators.validate_nrb, "61 1090 1014 0000 0712 1981 2874", "61109010140000071219812875",
         "numer rachunku jest nieprawidłowy"),
    ],
)  # fmt: skip
def test_identifier_validators_accept_good_and_reject_bad_with_polish_message(validator, good, bad, message):
    validator(good)
    with pytest.raises(ValidationError) as error:
        validator(bad)
    assert message in error.value.messages[0]


def test_renamed_exe_uploaded_as_pdf_is_refused():
    upload = SimpleUploadedFile("zgoda.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validators.validate_upload(upload, allowed=["pdf"], max_mb=5)
    assert "program Windows (EXE)" in error.value.messages[0]


def test_oversized_file_is_refused():
    upload = SimpleUploadedFile("zgoda.pdf", PDF + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="za duży"):
        validators.validate_upload(upload, allowed=["pdf"], max_mb=1)


# --- conditions -----------------------------------------------------------------------------------


def test_conditional_field_required_only_when_condition_holds(db):  # db: the address reads the register
    """The same-step condition: consent file needed only when the resident is not the owner."""
    definition = {"title": "t", "first_step_title": "1", "declaration": "d", "fields": [
        {"type": t, "value": v} for t, v in FORMS["zameldowanie"]["fields"]]}  # fmt: skip
    step = steps_of(definition)[1]
    base = {"adres-pobytu__house_number": "1", "adres-pobytu__postal_code": "36-060",
            "adres-pobytu__locality": "Głogów", "data-zamieszkania": "2024-03-01"}  # fmt: skip
    owner = step_form(step, known={}, draft_files={}, data={**base, "wlasciciel": "tak"})
    assert owner.is_valid(), owner.errors
    assert "zgoda-wlasciciela" not in owner.answers()
    tenant = step_form(step, known={}, draft_files={}, data={**base, "wlasciciel": "nie"})
    assert not tenant.is_valid()
    assert tenant.errors["zgoda-wlasciciela"] == ["To pole jest obowiązkowe."]


def test_field_hidden_by_earlier_step_is_left_out():
    definition = {"title": "t", "first_step_title": "1", "declaration": "d", "fields": [
        {"type": "yes_no", "value": {"label": "Firma?", "name": "firma", "required": True}},
        {"type": "step_break", "value": {"title": "2"}},
        {"type": "nip", "value": {"label": "NIP", "name": "nip", "required": True,
                                  "show_if_field": "firma", "show_if_value": "tak"}},
    ]}  # fmt: skip
    step = steps_of(definition)[1]
    assert "nip" not in step_form(step, known={"firma": "nie"}, draft_files={}).fields
    form = step_form(step, known={"firma": "tak"}, draft_files={}, data={"nip": "1234563219"})
    assert not form.is_valid()
    assert "NIP jest nieprawidłowy" in form.errors["nip"][0]


# --- the flow -------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, meldunek):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/konto/logowanie/?next=/uslugi/zameldowanie/wniosek/")


def test_service_card_links_to_the_form(client, meldunek):
    assert meldunek.service.application_url == URL
    meldunek.live = False
    meldunek.save()
    assert meldunek.service.application_url is None


def test_profile_prefills_the_first_step(client, meldunek, resident):
    client.force_login(resident)
    body = client.get(URL).content.decode()
    assert 'value="44051401359"' in body and 'value="Jan"' in body and 'value="600100200"' in body


def test_validation_error_is_shown_next_to_the_field_and_answers_kept(client, meldunek, resident):
    client.force_login(resident)
    response = client.post(URL + "?krok=1", {"imie": "Jan", "nazwisko": "Nowak", "pesel": "44051401358",
                                             "email": "jan@example.pl"})  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_pesel_error"' in body and "PESEL jest nieprawidłowy" in body
    assert Draft.objects.get().answers["nazwisko"] == "Nowak"


def test_exe_renamed_pdf_refused_in_the_flow(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    exe = SimpleUploadedFile("zgoda.pdf", b"MZ" + b"\x00" * 100)
    response = _step2(client, wlasciciel="nie", **{"zgoda-wlasciciela": exe})
    assert "program Windows (EXE)" in response.content.decode()
    assert Draft.objects.get().current_step == 2


def test_draft_survives_sign_out_and_resumes_at_the_right_step(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    _step2(client, wlasciciel="nie", **{"zgoda-wlasciciela": SimpleUploadedFile("zgoda.pdf", PDF)})
    client.logout()
    client.force_login(resident)
    dashboard = client.get("/konto/").content.decode()
    assert "Twoje wnioski robocze" in dashboard and f"{URL}?krok=3" in dashboard
    response = client.get(URL)
    assert "Oświadczenia" in response.content.decode()
    assert Draft.objects.get().files["zgoda-wlasciciela"]["sha256"]


def test_tampered_step_number_goes_back_to_first_incomplete_step(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    response = client.get(URL + "?krok=4")
    assert response.status_code == 302 and response.url == URL + "?krok=2"
    assert "pierwszego niewypełnionego" in client.get(response.url).content.decode()


def test_summary_and_submission_with_reference_number(client, meldunek, resident):
    client.force_login(resident)
    response = _complete(client)
    assert response.url == URL + "?krok=4"
    summary = client.get(response.url).content.decode()
    assert "Zmień" in summary and "Głogów Małopolski" in summary
    token = Draft.objects.get().submission_token
    response = client.post(URL + "?krok=4", {"submission_token": token})
    assert "Zaznacz oświadczenie" in response.content.decode()
    response = client.post(URL + "?krok=4", {"submission_token": token, "declaration": "1"}, follow=True)
    submission = Submission.objects.get()
    year = timezone.localdate().year
    assert submission.reference == f"UM-WN-1/{year}"
    # the resident is shown the reference of the case the submission became (znak sprawy)
    assert submission.case.reference in response.content.decode()
    assert "zgoda-wlasciciela" not in submission.answers  # hidden: the resident owns the flat
    assert not Draft.objects.exists()


def test_double_submit_makes_one_submission(client, meldunek, resident):
    client.force_login(resident)
    _complete(client)
    token = Draft.objects.get().submission_token
    first = client.post(URL + "?krok=4", {"submission_token": token, "declaration": "1"})
    second = client.post(URL + "?krok=4", {"submission_token": token, "declaration": "1"})
    assert Submission.objects.count() == 1
    assert first.url == second.url


def test_editing_the_form_after_submission_leaves_the_snapshot_unchanged(client, meldunek, resident):
    client.force_login(resident)
    _complete(client)
    token = Draft.objects.get().submission_token
    client.post(URL + "?krok=4", {"submission_token": token, "declaration": "1"})
    before = Submission.objects.get().form_snapshot
    meldunek.title = "Nowy tytuł"
    meldunek.fields = [("text", {"label": "Inne pole", "name": "inne", "required": True})]
    meldunek.save()
    submission = Submission.objects.get()
    assert submission.form_snapshot == before
    assert submission.form_snapshot["title"] == "Zgłoszenie zameldowania na pobyt stały"
    assert definition_of(meldunek) != before


def test_unverified_resident_refused_for_verified_only_service(client, meldunek, resident):
    service = meldunek.service
    service.requires_verified_identity = True
    service.save()
    client.force_login(resident)
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/konto/weryfikacja/")
    resident.identity_level = resident.IdentityLevel.VERIFIED
    resident.save()
    assert client.get(URL).status_code == 200


def test_expired_draft_starts_again_with_a_message(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    Draft.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(URL + "?krok=2", follow=True)
    assert "wniosek roboczy wygasł" in response.content.decode()
    assert Draft.objects.get().current_step == 1


def test_service_taken_offline_mid_form_keeps_the_draft(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    meldunek.service.unpublish()
    response = client.get(URL + "?krok=2")
    assert response.status_code == 503
    assert "nie można teraz załatwić online" in response.content.decode()
    assert Draft.objects.get().current_step == 2


def test_demo_seeding_is_idempotent(catalogue):
    pages = {"zameldowanie": catalogue.services["zameldowanie"]}
    assert len(seed_application_forms(pages)) == 1
    assert seed_application_forms(pages) == []

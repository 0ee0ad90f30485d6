"""Details of application forms found while building the demo forms: zero is an answer, a child's
PESEL is not prefilled with the parent's, and photos (JPEG, PNG) are recognised by their content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from eservices.forms import validators
from eservices.forms.models import ApplicationForm, Draft
from home.demo.forms_data import DECLARATION
from tests.factories import UserFactory

URL = "/uslugi/oplata-za-odpady/wniosek/"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def resident(db):
    return UserFactory(email="anna@example.pl", first_name="Anna", last_name="Nowak", pesel="44051401359",
                       phone="600100200")  # fmt: skip


@pytest.fixture
def family_form(catalogue):
    return ApplicationForm.objects.create(
        service=catalogue.services["odpady"], title="Karta", first_step_title="Rodzina", declaration=DECLARATION,
        fields=[
            ("pesel", {"label": "Twój PESEL", "name": "pesel", "required": True}),
            ("pesel", {"label": "PESEL dziecka", "name": "dziecko-pesel", "required": True}),
            ("email", {"label": "E-mail", "name": "email", "required": True}),
            ("email", {"label": "E-mail małżonka", "name": "malzonek-email", "required": False}),
            ("yes_no", {"label": "Masz działki rolne?", "name": "rolne", "required": True}),
            ("number", {"label": "Powierzchnia gruntów rolnych (ha)", "name": "ha", "required": True,
                        "show_if_field": "rolne", "show_if_value": "tak", "min_value": 0}),
        ],
    )  # fmt: skip


def test_only_the_applicants_own_pesel_and_email_are_prefilled(client, family_form, resident):
    client.force_login(resident)
    body = client.get(URL + "?krok=1").content.decode()
    assert 'name="pesel" value="44051401359"' in body
    assert 'name="email" value="anna@example.pl"' in body
    # the child's PESEL and the spouse's e-mail start empty
    assert 'name="dziecko-pesel" value=' not in body
    assert 'name="malzonek-email" value=' not in body


def test_zero_is_an_answer_to_a_required_conditional_number(client, family_form, resident):
    client.force_login(resident)
    response = client.post(URL + "?krok=1", {"pesel": "44051401359", "dziecko-pesel": "02070803628",
                                              "email": "anna@example.pl", "rolne": "tak", "ha": "0"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Draft.objects.get().answers["ha"] in ("0", 0, "0.0")


def test_missing_required_conditional_number_is_still_refused(client, family_form, resident):
    client.force_login(resident)
    response = client.post(URL + "?krok=1", {"pesel": "44051401359", "dziecko-pesel": "02070803628",
                                              "email": "anna@example.pl", "rolne": "tak", "ha": ""})  # fmt: skip
    assert response.status_code == 200
    assert "To pole jest obowiązkowe" in response.content.decode()
    assert Draft.objects.get().answers.get("dziecko-pesel") == "02070803628"  # what was typed is kept


@pytest.mark.parametrize(("name", "content"), [("plan.jpg", JPEG), ("plan.jpeg", JPEG), ("plan.png", PNG)])
def test_photos_are_accepted_where_the_field_allows_images(name, content):
    validators.validate_upload(SimpleUploadedFile(name, content), allowed=["pdf", "jpg", "jpeg", "png"], max_mb=5)


def test_program_renamed_to_jpg_is_refused_with_what_it_really_is():
    upload = SimpleUploadedFile("plan.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        validators.validate_upload(upload, allowed=["pdf", "jpg"], max_mb=5)
    assert "program Windows" in error.value.messages[0]


def test_png_named_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validators.validate_upload(SimpleUploadedFile("skan.pdf", PNG), allowed=["pdf"], max_mb=5)
    assert "obraz PNG" in error.value.messages[0]

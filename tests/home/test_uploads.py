"""Upload checks of the admin: size limits and documents whose content does not match the extension.

Every refused upload must say what is wrong in Polish and leave nothing behind: no ``Document`` or
``Image`` row and no file in the media storage.
"""

import io
import json
import tempfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.models import Collection

from home.editorial.uploads import content_mismatch

MB = 1024 * 1024
Document = get_document_model()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _zip(entries: dict[str, bytes], *, mimetype: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype)
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"content.xml": b"<office:document-content/>"}, mimetype=b"application/vnd.oasis.opendocument.text")
ODS = _zip({"content.xml": b"<x/>"}, mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"
HTML = b"<!DOCTYPE html><html><body><script>location='https://phish.example'</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("uchwala.pdf", PDF),
        ("wniosek.docx", DOCX),
        ("budzet.xlsx", XLSX),
        ("regulamin.odt", ODT),
        ("plan.ods", ODS),
        ("zalaczniki.zip", _zip({"a.pdf": PDF})),
        ("pismo.rtf", b"{\\rtf1\\ansi Zarz\\'b9dzenie}"),
        ("informacja.txt", "Zarządzenie Burmistrza — żółć".encode()),
        ("dane.csv", "gmina;ludność\nGłogów Małopolski;20 000\n".encode("cp1250")),
        ("rejestr.xml", b'<?xml version="1.0" encoding="UTF-8"?><rejestr/>'),
    ],
)
def test_genuine_files_pass(name, content):
    assert content_mismatch(io.BytesIO(content), name) is None


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("uchwala.pdf", EXE, "program Windows (EXE)"),
        ("uchwala.pdf", HTML, "strona HTML"),
        ("wniosek.docx", XLSX, "arkusz Excel (XLSX)"),
        ("regulamin.odt", PDF, "PDF"),
        ("informacja.txt", EXE, "program Windows (EXE)"),
        ("dane.csv", HTML, "strona HTML"),
        ("zalaczniki.zip", PDF, "PDF"),
        ("pusty.pdf", b"", "pusty plik"),
    ],
)
def test_content_that_does_not_match_the_extension_is_named(name, content, found):
    mismatch = content_mismatch(io.BytesIO(content), name)
    assert mismatch is not None and mismatch.found == found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "found", "claimed"),
    [("uchwala.pdf", EXE, "program Windows (EXE)", "PDF"), ("ogloszenie.pdf", HTML, "strona HTML", "PDF")],
)
def test_admin_refuses_a_document_whose_content_does_not_match(
    client, admin_user, settings, name, content, found, claimed
):
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Uchwała",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Zawartość pliku „{name}” to {found}, a rozszerzenie wskazuje na {claimed}." in html
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_admin_accepts_a_genuine_pdf(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Uchwała",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("u.pdf", PDF),
        },
    )

    assert response.status_code == 302
    assert Document.objects.get().file.read() == PDF


@pytest.mark.django_db
def test_multiple_uploader_refuses_a_disguised_program(client, admin_user, settings):
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("plan.pdf", EXE)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    payload = json.loads(response.content)
    assert payload["success"] is False
    assert "program Windows (EXE)" in payload["error_message"]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_200_mb_document_is_refused_without_reading_it(admin_user, settings):
    """200 MB reported by a sparse temporary file: nothing is allocated, the form refuses it by size."""
    form_class = get_document_form(Document)
    with tempfile.TemporaryFile() as sparse:
        sparse.truncate(200 * MB)
        upload = UploadedFile(
            file=sparse, name="plan-zagospodarowania.pdf", content_type="application/pdf", size=200 * MB
        )
        form = form_class(
            {"title": "Plan", "collection": Collection.get_first_root_node().pk},
            {"file": upload},
            user=admin_user,
        )

        assert not form.is_valid()
    message = form.errors["file"][0].replace("\xa0", " ")  # sizes are kept on one line
    assert message.startswith("Plik jest za duży (200,0 MB). Największy dopuszczalny rozmiar to 20,0 MB.")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_21_mb_document_is_refused_in_the_admin(client, admin_user, settings):
    client.force_login(admin_user)
    content = PDF + b"\x00" * (21 * MB)

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Plan",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("plan.pdf", content),
        },
    )

    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "Plik jest za duży (21,0 MB). Największy dopuszczalny rozmiar to 20,0 MB." in html
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_image_whose_content_does_not_match_its_extension_is_refused(client, admin_user, settings):
    """Wagtail checks images itself (Willow reads the real format); the message is Wagtail's."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, format="PNG")
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Rynek",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("rynek.jpg", png.getvalue()),
        },
    )

    assert response.status_code == 200
    assert "(png)" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_files(settings) == []


def test_image_size_limit_is_set():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * MB
    assert settings.WAGTAILDOCS_DOCUMENT_FORM_BASE == "home.editorial.forms.CheckedDocumentForm"

"""The resident's /konto/sprawy/ and the public /weryfikacja/: only one's own, never internal."""

import pytest

from eservices.cases import services
from eservices.cases.models import Case, CaseDocument
from eservices.cases.workflow import Status

from .conftest import pdf_upload


@pytest.fixture
def case(open_case, clerk):
    case = open_case()
    services.case_register(case=case, clerk=clerk, actor=clerk)
    services.case_start(case=case, actor=clerk)
    return case


def test_resident_list_shows_own_cases_with_constant_queries(
    client, open_case, resident, other_resident, django_assert_max_num_queries
):
    for _ in range(3):
        open_case()
    open_case(applicant=other_resident, title="Cudza sprawa")
    client.force_login(resident)
    with django_assert_max_num_queries(20) as few:  # the site chrome included
        html = client.get("/konto/sprawy/").content.decode()
    for _ in range(25):
        open_case()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/konto/sprawy/")
    assert page.status_code == 200
    assert "UM.5340.1." in html and "Cudza sprawa" not in html
    assert "?page=2" in page.content.decode()


def test_another_residents_case_is_404(client, case, other_resident):
    client.force_login(other_resident)
    assert client.get(f"/konto/sprawy/{case.pk}/").status_code == 404
    document = services.case_attach_document(case=case, actor=case.assigned_to, upload=pdf_upload())
    assert client.get(f"/konto/sprawy/{case.pk}/dokumenty/{document.pk}/").status_code == 404
    assert client.post(f"/konto/sprawy/{case.pk}/wycofaj/", {"wycofanie-confirm": "on"}).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_anonymous_is_sent_to_sign_in(client, case):
    response = client.get(f"/konto/sprawy/{case.pk}/")
    assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]


def test_detail_shows_timeline_without_internal_notes(client, case, clerk, resident):
    services.case_add_note(case=case, actor=clerk, text="Notatka tylko dla urzędu")
    hidden = services.case_attach_document(
        case=case, actor=clerk, upload=pdf_upload("wewnetrzny.pdf"), visible_to_applicant=False
    )
    services.case_message_to_applicant(case=case, actor=clerk, text="Prosimy o telefon.")
    client.force_login(resident)
    html = client.get(f"/konto/sprawy/{case.pk}/").content.decode()
    assert case.reference in html and "Prosimy o telefon." in html and "w toku" in html
    assert "Notatka tylko dla urzędu" not in html and "wewnetrzny.pdf" not in html
    assert client.get(f"/konto/sprawy/{case.pk}/dokumenty/{hidden.pk}/").status_code == 404


def test_document_download_is_an_attachment(client, case, clerk, resident):
    document = services.case_attach_document(case=case, actor=clerk, upload=pdf_upload("pismo.pdf"))
    client.force_login(resident)
    response = client.get(f"/konto/sprawy/{case.pk}/dokumenty/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_withdraw_is_post_only_and_needs_confirmation(client, case, resident):
    client.force_login(resident)
    url = f"/konto/sprawy/{case.pk}/wycofaj/"
    assert client.get(url).status_code == 405
    response = client.post(url, {})
    assert "Zaznacz potwierdzenie, aby wycofać wniosek." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    response = client.post(url, {"wycofanie-confirm": "on"}, follow=True)
    assert "Wniosek został wycofany." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert "Wycofaj wniosek</button>" not in response.content.decode()


def test_supplement_reply_form_with_upload(client, case, clerk, resident):
    services.case_request_supplement(case=case, actor=clerk, text="Dołącz zgodę właściciela.")
    client.force_login(resident)
    html = client.get(f"/konto/sprawy/{case.pk}/").content.decode()
    assert "Urząd prosi o uzupełnienie wniosku" in html and "Dołącz zgodę właściciela." in html
    response = client.post(
        f"/konto/sprawy/{case.pk}/uzupelnienie/",
        {"uzupelnienie-text": "W załączeniu", "uzupelnienie-files": [pdf_upload("zgoda.pdf")]},
        follow=True,
    )
    assert "uzupełnienie zostało przekazane" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.documents.get(kind=CaseDocument.Kind.SUPPLEMENT).name == "zgoda.pdf"


def test_empty_message_gets_a_linked_error(client, case, resident):
    client.force_login(resident)
    response = client.post(f"/konto/sprawy/{case.pk}/wiadomosc/", {"wiadomosc-text": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_wiadomosc-text"' in html and "Napisz treść wiadomości." in html


def test_verification_confirms_a_receipt_without_personal_data(client, case):
    response = client.get(f"/weryfikacja/{case.verification_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html and case.title in html
    assert "Nowak" not in html and "jan@example.pl" not in html
    lowered = case.verification_code.lower().replace("-", "")
    assert client.get("/weryfikacja/", {"code": lowered})["Location"] == f"/weryfikacja/{case.verification_code}/"
    assert client.get("/weryfikacja/AAAA-BBBB-CCCC/").status_code == 404
    bad = client.get("/weryfikacja/", {"code": "xyz"})
    assert bad.status_code == 400 and "To nie jest poprawny kod" in bad.content.decode()


def test_dashboard_panel_lists_own_cases(client, case, resident):
    client.force_login(resident)
    html = client.get("/konto/").content.decode()
    assert "Twoje sprawy" in html and case.reference in html
    assert Case.objects.count() == 1

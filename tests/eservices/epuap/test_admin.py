"""The ePUAP back office: the unassigned queue, sending from a case, and who may see what."""

import pytest
from django.urls import reverse

from eservices.cases import services as case_services
from eservices.cases.models import Case, CaseWorker
from eservices.epuap import inbound
from eservices.epuap.models import InboundDocument, OutboundDispatch
from tests.factories import OrgUnitFactory, UserFactory

from .conftest import RESIDENT_BOX, letter, send_from_resident


@pytest.fixture
def unassigned(standin, gateway, office):
    send_from_resident(standin, b"<zepsuty")
    inbound.mailbox_pull(unit=office, gateway=gateway)
    return InboundDocument.objects.get()


@pytest.fixture
def epuap_case(standin, gateway, office):
    send_from_resident(standin, letter())
    inbound.mailbox_pull(unit=office, gateway=gateway)
    return Case.objects.get()


def test_secretary_sees_unassigned_queue_with_reason(client, secretary, unassigned):
    client.force_login(secretary)
    response = client.get(reverse("epuap_admin:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nieprzypisane dokumenty" in body and "nie jest poprawnym XML" in body
    detail = client.get(reverse("epuap_admin:document", args=(unassigned.pk,)))
    assert detail.status_code == 200
    xml = client.get(reverse("epuap_admin:document_xml", args=(unassigned.pk,)))
    assert xml.content == b"<zepsuty"


def test_clerk_and_resident_cannot_see_the_queue(client, clerk, unassigned):
    client.force_login(clerk)
    assert client.get(reverse("epuap_admin:index")).status_code == 403
    assert client.get(reverse("epuap_admin:document_xml", args=(unassigned.pk,))).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("epuap_admin:index")).status_code == 302  # not staff: Wagtail's login


def test_secretary_opens_case_from_unassigned(client, secretary, unassigned, library):
    client.force_login(secretary)
    response = client.post(
        reverse("epuap_admin:document_open_case", args=(unassigned.pk,)), {"unit": library.pk, "title": "Pismo"}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.unit == library


def test_dismiss_requires_comment(client, secretary, unassigned):
    client.force_login(secretary)
    response = client.post(reverse("epuap_admin:document_dismiss", args=(unassigned.pk,)), {"comment": ""})
    assert response.status_code == 400 and "Podaj, jak załatwiono dokument." in response.content.decode()
    unassigned.refresh_from_db()
    assert unassigned.status == "unassigned"


def test_clerk_sends_decision_from_case_page(client, clerk, epuap_case, standin, django_capture_on_commit_callbacks):
    document = case_services.case_generate_letter(case=epuap_case, actor=clerk, title="Decyzja", body="Treść.")
    client.force_login(clerk)
    page = client.get(reverse("cases_admin:detail", args=(epuap_case.pk,)))
    assert "Wyślij przez ePUAP" in page.content.decode()
    form = client.get(reverse("epuap_admin:case_send", args=(epuap_case.pk,)))
    assert RESIDENT_BOX in form.content.decode()  # the reply address is proposed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("epuap_admin:case_send", args=(epuap_case.pk,)),
            {"document": document.pk, "recipient": RESIDENT_BOX, "method": "nadaj", "title": "Decyzja"},
        )
    assert response.status_code == 302
    assert OutboundDispatch.objects.get().status == "sent"
    page = client.get(reverse("cases_admin:detail", args=(epuap_case.pk,)))
    assert "UPP" in page.content.decode() and 'data-status="sent"' in page.content.decode()


def test_send_form_shows_polish_error_for_bad_address(client, clerk, epuap_case):
    document = case_services.case_generate_letter(case=epuap_case, actor=clerk, title="Decyzja", body="Treść.")
    client.force_login(clerk)
    response = client.post(
        reverse("epuap_admin:case_send", args=(epuap_case.pk,)),
        {"document": document.pk, "recipient": "skrytka", "method": "nadaj", "title": "Decyzja"},
    )
    assert response.status_code == 400
    assert "Nieprawidłowy adres skrytki ePUAP" in response.content.decode()
    assert OutboundDispatch.objects.count() == 0


def test_clerk_of_another_unit_gets_404(client, epuap_case):
    other = UserFactory(is_staff=True)
    CaseWorker.objects.create(user=other, unit=OrgUnitFactory(code="MOPS"), role=CaseWorker.Role.CLERK)
    client.force_login(other)
    assert client.get(reverse("epuap_admin:case_send", args=(epuap_case.pk,))).status_code == 404


def test_retry_of_another_units_dispatch_is_404(client, clerk, epuap_case, standin, django_capture_on_commit_callbacks):
    from eservices.epuap import outbound

    document = case_services.case_generate_letter(case=epuap_case, actor=clerk, title="Decyzja", body="Treść.")
    standin.trusted_certs = set()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = outbound.dispatch_create(
            case=epuap_case, document=document, recipient=RESIDENT_BOX, method="nadaj", title="D", actor=clerk
        )
    dispatch.refresh_from_db()
    assert dispatch.status == "failed"
    other = UserFactory(is_staff=True)
    CaseWorker.objects.create(user=other, unit=OrgUnitFactory(code="MOPS"), role=CaseWorker.Role.CLERK)
    client.force_login(other)
    assert client.post(reverse("epuap_admin:dispatch_retry", args=(dispatch.pk,))).status_code == 404
    client.force_login(clerk)
    page = client.get(reverse("cases_admin:detail", args=(epuap_case.pk,))).content.decode()
    assert "nie jest zarejestrowany" in page and "Ponów wysyłkę" in page


def test_mailbox_error_is_shown_in_the_admin(client, secretary, standin, gateway, office):
    from eservices.epuap.gateway import GatewayError

    standin.fail_next(1, "timeout")
    with pytest.raises(GatewayError):
        inbound.mailbox_pull(unit=office, gateway=gateway)
    client.force_login(secretary)
    body = client.get(reverse("epuap_admin:index")).content.decode()
    assert "ePUAP nie odpowiedział w czasie" in body

"""Outbound: a decision from a case reaches the applicant's ePUAP mailbox; receipts land on the case."""

import pytest

from eservices.cases import services as case_services
from eservices.cases.models import Case
from eservices.cases.workflow import CaseError
from eservices.epuap import inbound, outbound
from eservices.epuap.documents import parse_document
from eservices.epuap.models import OutboundDispatch

from .conftest import OFFICE_BOX, RESIDENT_BOX, letter, send_from_resident


@pytest.fixture
def epuap_case(standin, gateway, office, clerk):
    send_from_resident(standin, letter())
    inbound.mailbox_pull(unit=office, gateway=gateway)
    return Case.objects.get()


@pytest.fixture
def create(django_capture_on_commit_callbacks, clerk):
    """``dispatch_create`` with its on-commit task run (eager Celery), as after a real request."""

    def _create(**kwargs):
        kwargs.setdefault("actor", clerk)
        kwargs.setdefault("method", "nadaj")
        kwargs.setdefault("title", "Decyzja")
        with django_capture_on_commit_callbacks(execute=True):
            return outbound.dispatch_create(**kwargs)

    return _create


@pytest.fixture
def decision(epuap_case, clerk):
    return case_services.case_generate_letter(
        case=epuap_case, actor=clerk, title="Decyzja", body="Orzekam o udzieleniu informacji."
    )


def test_decision_arrives_in_applicant_mailbox_with_pdf_and_upp_on_case(standin, epuap_case, decision, create):
    assert outbound.reply_address_for(case=epuap_case) == RESIDENT_BOX
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX)
    dispatch.refresh_from_db()  # the task ran on commit (eager)
    assert dispatch.status == OutboundDispatch.Status.SENT and dispatch.attempts == 1
    arrived = standin.documents(RESIDENT_BOX)
    assert len(arrived) == 1
    parsed = parse_document(arrived[0].content)
    assert parsed.signed and parsed.signature_valid  # the office's XAdES seal
    assert [a.name for a in parsed.attachments] == [decision.name]
    assert parsed.attachments[0].content.startswith(b"%PDF")
    assert dispatch.upp is not None and dispatch.upp.case_id == epuap_case.pk
    assert epuap_case.events.filter(comment__contains="Wysłano przez ePUAP").exists()


def test_dorecz_stores_upd_when_delivered(standin, gateway, office, epuap_case, decision, create):
    standin.auto_open = False
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX, method="dorecz")
    dispatch.refresh_from_db()
    assert dispatch.status == "sent" and dispatch.order_id
    standin.open_document(standin.documents(RESIDENT_BOX)[0].document_id)  # the resident opens it
    result = inbound.mailbox_pull(unit=office, gateway=gateway)
    assert result.receipts == 1
    dispatch.refresh_from_db()
    assert dispatch.status == OutboundDispatch.Status.DELIVERED and dispatch.upd.name.startswith("UPD-")
    assert dispatch.upd.case_id == epuap_case.pk


def test_transient_failure_is_retried_and_shown(standin, epuap_case, decision, create):
    standin.fail_next(1, "http503")
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX)
    dispatch.refresh_from_db()
    assert dispatch.status == "pending" and dispatch.attempts == 1 and "503" in dispatch.last_error
    assert standin.documents(RESIDENT_BOX) == []
    outbound.dispatch_send(dispatch_id=dispatch.pk)  # the retry
    dispatch.refresh_from_db()
    assert dispatch.status == "sent" and dispatch.attempts == 2 and dispatch.last_error == ""
    assert len(standin.documents(RESIDENT_BOX)) == 1


def test_gives_up_after_max_attempts_then_manual_retry(
    standin, epuap_case, decision, clerk, settings, create, django_capture_on_commit_callbacks
):
    settings.EPUAP_SEND_MAX_ATTEMPTS = 2
    standin.fail_next(2, "fault")
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX)
    outbound.dispatch_send(dispatch_id=dispatch.pk)  # the second and last attempt
    dispatch.refresh_from_db()
    assert dispatch.status == "failed" and dispatch.attempts == 2 and "tymczasowy" in dispatch.last_error
    with django_capture_on_commit_callbacks(execute=True):
        outbound.dispatch_retry(dispatch=dispatch, actor=clerk)
    dispatch.refresh_from_db()
    assert dispatch.status == "sent"


def test_permanent_refusal_fails_at_once(standin, epuap_case, decision, create):
    standin.trusted_certs = set()
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX)
    dispatch.refresh_from_db()
    assert dispatch.status == "failed" and "nie jest zarejestrowany" in dispatch.last_error


def test_send_to_another_institution(standin, epuap_case, decision, create):
    create(case=epuap_case, document=decision, recipient="/GUS/skrytka", title="Do wiadomości")
    doc = standin.documents("/GUS/skrytka")[0]
    assert doc.reply_address == OFFICE_BOX


@pytest.mark.parametrize("address", ["GUS", "/GUS", "/GUS/skrytka/x", ""])
def test_bad_recipient_refused_and_nothing_written(epuap_case, decision, clerk, address):
    with pytest.raises(CaseError, match="Nieprawidłowy adres skrytki"):
        outbound.dispatch_create(
            case=epuap_case, document=decision, recipient=address, method="nadaj", title="x", actor=clerk
        )
    assert OutboundDispatch.objects.count() == 0


def test_periodic_sweep_resends_a_stale_pending_dispatch(standin, epuap_case, decision, create):
    """With eager tasks there is no countdown retry: the 5-minute beat picks the dispatch up again."""
    import datetime as dt

    from django.utils import timezone

    from eservices.epuap.tasks import pull_all

    standin.fail_next(1, "http503")
    dispatch = create(case=epuap_case, document=decision, recipient=RESIDENT_BOX)
    dispatch.refresh_from_db()
    assert dispatch.status == "pending"
    OutboundDispatch.objects.filter(pk=dispatch.pk).update(created_at=timezone.now() - dt.timedelta(minutes=6))
    pull_all()
    dispatch.refresh_from_db()
    assert dispatch.status == "sent" and dispatch.attempts == 2

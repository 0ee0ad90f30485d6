"""Inbound: a document in a unit's mailbox becomes exactly one case there, then it is confirmed."""

import pytest

from eservices.cases.models import Case, CaseDocument
from eservices.epuap import inbound
from eservices.epuap.documents import Party, build_document
from eservices.epuap.gateway import GatewayError
from eservices.epuap.models import InboundDocument, MailboxState
from eservices.epuap.tasks import pull_all
from tests.factories import UserFactory

from .conftest import LIBRARY_BOX, OFFICE_BOX, PESEL, RESIDENT_BOX, letter, send_from_resident


class WorkerDied(BaseException):
    """Stands for a killed worker: not an Exception, nothing in our code catches it."""


def test_letter_becomes_case_in_the_right_unit_then_confirmed(standin, gateway, office, library, resident_keys):
    send_from_resident(standin, letter(keys=resident_keys), mailbox=LIBRARY_BOX)
    result = inbound.mailbox_pull(unit=library, gateway=gateway)
    assert (result.fetched, result.cases) == (1, 1)
    case = Case.objects.get()
    assert case.unit == library and case.channel == Case.Channel.EPUAP
    assert (case.applicant_name, case.applicant_pesel) == ("Jan Nowak", PESEL)
    assert case.answers["epuap_adres_odpowiedzi"] == RESIDENT_BOX
    names = set(case.documents.values_list("name", flat=True))
    assert {"pismo.xml", "skan.pdf"} <= names
    record = InboundDocument.objects.get()
    assert record.case == case and record.confirmed_at and record.signer == "Jan Nowak"
    assert standin.documents(LIBRARY_BOX, include_confirmed=False) == []


def test_verified_resident_gets_the_case_in_their_account(standin, gateway, office):
    user = UserFactory(pesel=PESEL, identity_level="verified")
    send_from_resident(standin, letter())
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.get().applicant == user


def test_portal_template_goes_to_the_service_unit(standin, gateway, catalogue):
    """The portal's own template names the service: the case goes to the service's unit, not the mailbox's."""
    office_unit, library = catalogue.site.units
    service = catalogue.services["czytelnik"]
    xml = build_document(
        title="Wniosek",
        body="",
        sender=Party(pesel=PESEL, first_name="Jan", last_name="Nowak"),
        addressee=Party(name="UM"),
        service_slug=service.slug,
        answers={"adres": "Rynek 1"},
    )
    send_from_resident(standin, xml, mailbox=OFFICE_BOX)
    inbound.mailbox_pull(unit=office_unit, gateway=gateway)
    case = Case.objects.get()
    assert case.service_id == service.pk and case.unit == library and case.answers["adres"] == "Rynek 1"


def test_worker_dies_after_storing_before_confirming(standin, gateway, office, monkeypatch):
    """Store, then confirm: a crash in between leaves the row; the next pull only confirms."""
    send_from_resident(standin, letter())
    real_confirm = gateway.confirm

    def die(**kwargs):
        raise WorkerDied

    monkeypatch.setattr(gateway, "confirm", die)
    with pytest.raises(WorkerDied):
        inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 1
    assert len(standin.documents(OFFICE_BOX, include_confirmed=False)) == 1  # still waiting in ePUAP
    monkeypatch.setattr(gateway, "confirm", real_confirm)
    result = inbound.mailbox_pull(unit=office, gateway=gateway)
    assert (result.fetched, result.already_stored) == (1, 0)
    assert Case.objects.count() == 1 and InboundDocument.objects.get().confirmed_at
    assert standin.documents(OFFICE_BOX, include_confirmed=False) == []


def test_worker_dies_while_creating_the_case(standin, gateway, office, monkeypatch):
    """A crash before the commit leaves nothing; the document is still in ePUAP and is taken next time."""
    send_from_resident(standin, letter())
    real = inbound.case_services.case_attach_document

    def die(**kwargs):
        raise WorkerDied

    monkeypatch.setattr(inbound.case_services, "case_attach_document", die)
    with pytest.raises(WorkerDied):
        inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 0 and InboundDocument.objects.count() == 0
    monkeypatch.setattr(inbound.case_services, "case_attach_document", real)
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 1 and CaseDocument.objects.filter(name="pismo.xml").count() == 1


def test_pulling_twice_never_duplicates(standin, gateway, office):
    send_from_resident(standin, letter())
    inbound.mailbox_pull(unit=office, gateway=gateway)
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<wnio:Dokument xmlns:wnio='http://crd.gov.pl/wzor/2008/05/09/1/'><niedomkniety>", "nie jest poprawnym XML"),
        (b"<Faktura xmlns='urn:inny'><Kwota>1</Kwota></Faktura>", "Nieznany wzór dokumentu"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "DTD"),
        (
            b"<wnio:Dokument xmlns:wnio='http://crd.gov.pl/wzor/2008/05/09/1/'><wnio:OpisDokumentu/></wnio:Dokument>",
            "DaneDokumentu",
        ),
    ],
)
def test_unreadable_document_lands_in_unassigned_queue(standin, gateway, office, content, reason):
    send_from_resident(standin, content)
    result = inbound.mailbox_pull(unit=office, gateway=gateway)
    assert result.unassigned == 1 and Case.objects.count() == 0
    record = InboundDocument.objects.get()
    assert record.status == InboundDocument.Status.UNASSIGNED and reason in record.reason
    assert bytes(record.xml) == content  # kept whole, never dropped
    assert standin.documents(OFFICE_BOX, include_confirmed=False) == []


def test_oversized_document_is_kept_unassigned(standin, gateway, office, settings):
    settings.EPUAP_MAX_DOCUMENT_BYTES = 2048
    send_from_resident(standin, letter(body="x" * 5000))
    inbound.mailbox_pull(unit=office, gateway=gateway)
    record = InboundDocument.objects.get()
    assert record.status == "unassigned" and "za duży" in record.reason and record.size > 2048


def test_unknown_service_in_portal_template_is_unassigned(standin, gateway, office):
    xml = build_document(
        title="Wniosek",
        body="",
        sender=Party(pesel=PESEL, first_name="Jan", last_name="Nowak"),
        addressee=Party(name="UM"),
        service_slug="nie-ma-takiej",
    )
    send_from_resident(standin, xml)
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert "nie-ma-takiej" in InboundDocument.objects.get().reason and Case.objects.count() == 0


def test_soap_fault_is_recorded_on_the_mailbox_and_nothing_lost(standin, gateway, office):
    send_from_resident(standin, letter())
    standin.fail_next(1, "fault")
    with pytest.raises(GatewayError) as caught:
        inbound.mailbox_pull(unit=office, gateway=gateway)
    assert caught.value.transient
    assert "tymczasowy" in MailboxState.objects.get(address=OFFICE_BOX).last_error
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 1 and MailboxState.objects.get().last_error == ""


def test_confirm_failure_keeps_document_for_next_pull(standin, gateway, office):
    """The case is stored; the confirmation times out; the next pull confirms without a second case."""
    send_from_resident(standin, letter())
    standin.fail_next(0)
    real = gateway.confirm

    def flaky(**kwargs):
        standin.fail_next(1, "http503")
        return real(**kwargs)

    gateway.confirm = flaky
    with pytest.raises(GatewayError):
        inbound.mailbox_pull(unit=office, gateway=gateway)
    gateway.confirm = real
    inbound.mailbox_pull(unit=office, gateway=gateway)
    assert Case.objects.count() == 1


def test_periodic_task_pulls_every_unit_mailbox(standin, office, library):
    send_from_resident(standin, letter(), mailbox=OFFICE_BOX)
    send_from_resident(standin, letter(), mailbox=LIBRARY_BOX)
    assert pull_all() == 2
    assert set(Case.objects.values_list("unit__code", flat=True)) == {"UM", "BIB"}


def test_unassigned_document_can_be_opened_as_case(standin, gateway, office, library, secretary):
    send_from_resident(standin, b"<nie-xml")
    inbound.mailbox_pull(unit=office, gateway=gateway)
    record = InboundDocument.objects.get()
    case = inbound.unassigned_open_case(document=record, unit=library, title="Pismo nieczytelne", actor=secretary)
    assert case.unit == library and case.documents.filter(name="pismo.xml").exists()
    record.refresh_from_db()
    assert record.status == "resolved" and record.case == case


def test_expired_certificate_is_shown_and_nothing_is_taken(standin, standin_url, office):
    import datetime as dt

    from eservices.epuap.gateway.soap import SoapGateway
    from eservices.epuap.keys import generate_keypair

    send_from_resident(standin, letter())
    expired = generate_keypair("UM", days=1, not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(GatewayError) as caught:
        inbound.mailbox_pull(unit=office, gateway=SoapGateway(url=standin_url, keypair=expired, timeout=1))
    assert not caught.value.transient
    assert "wygasł" in MailboxState.objects.get(address=OFFICE_BOX).last_error
    assert len(standin.documents(OFFICE_BOX, include_confirmed=False)) == 1 and Case.objects.count() == 0

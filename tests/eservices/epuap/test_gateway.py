"""The real SOAP client (zeep + WS-Security) against the ePUAP stand-in: pull, confirm, send, receipts."""

import datetime as dt

import pytest
from lxml import etree

from eservices.epuap.documents import parse_document
from eservices.epuap.gateway import GatewayError
from eservices.epuap.gateway.soap import SoapGateway
from eservices.epuap.keys import generate_keypair
from eservices.epuap.wssecurity import WsSecurityError, sign_envelope, verify_envelope

from .conftest import OFFICE_BOX, PESEL, RESIDENT_BOX, letter, send_from_resident


def test_pull_returns_oldest_until_confirmed(standin, gateway, resident_keys):
    first = send_from_resident(standin, letter(keys=resident_keys))
    send_from_resident(standin, letter(title="Drugie"))
    assert gateway.pending(mailbox=OFFICE_BOX) == 2
    pulled = gateway.fetch_next(mailbox=OFFICE_BOX)
    assert pulled.document_id == first
    assert (pulled.sender_identifier, pulled.sender_first_name, pulled.reply_address) == (PESEL, "Jan", RESIDENT_BOX)
    # not confirmed: the same document again
    assert gateway.fetch_next(mailbox=OFFICE_BOX).document_id == first
    gateway.confirm(mailbox=OFFICE_BOX, document=pulled)
    assert gateway.pending(mailbox=OFFICE_BOX) == 1
    assert gateway.fetch_next(mailbox=OFFICE_BOX).document_id != first


def test_empty_mailbox(standin, gateway):
    assert gateway.fetch_next(mailbox=OFFICE_BOX) is None


def test_send_returns_signed_upp_and_document_arrives(standin, gateway):
    result = gateway.send(sender=OFFICE_BOX, recipient="/mops-glogow/skrytka", file_name="p.xml", content=letter())
    upp = parse_document(result.upp)
    assert upp.template == "upp" and upp.signature_valid
    assert upp.receipt["IdentyfikatorDokumentu"] == result.document_id
    assert [d.document_id for d in standin.documents("/mops-glogow/skrytka")] == [result.document_id]


def test_deliver_produces_upd_in_sender_mailbox(standin, gateway):
    result = gateway.deliver(
        sender=OFFICE_BOX,
        recipient=RESIDENT_BOX,
        file_name="d.xml",
        content=letter(),
        document_id="r-1",
        case_reference="UM.1.2026",
    )
    assert result.order_id
    upd = parse_document(standin.documents(OFFICE_BOX)[0].content)
    assert upd.template == "upd" and upd.receipt["IdentyfikatorZlecenia"] == result.order_id


def test_requests_are_signed_and_an_unregistered_certificate_is_refused(standin, standin_url):
    standin.trusted_certs = set()
    client = SoapGateway(url=standin_url, keypair=generate_keypair("Obcy system"), timeout=1.0)
    with pytest.raises(GatewayError, match="nie jest zarejestrowany") as caught:
        client.pending(mailbox=OFFICE_BOX)
    assert not caught.value.transient


def test_expired_certificate_refused_before_calling(standin, standin_url):
    old = generate_keypair("UM", days=1, not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client = SoapGateway(url=standin_url, keypair=old, timeout=1.0)
    with pytest.raises(GatewayError, match="wygasł"):
        client.pending(mailbox=OFFICE_BOX)
    assert standin.calls == {}


@pytest.mark.parametrize(
    ("kind", "message"), [("fault", "tymczasowy"), ("http503", "HTTP 503"), ("timeout", "w czasie")]
)
def test_transient_failures_are_marked_transient(standin, gateway, kind, message):
    standin.fail_next(1, kind)
    with pytest.raises(GatewayError, match=message) as caught:
        gateway.pending(mailbox=OFFICE_BOX)
    assert caught.value.transient


def test_bad_recipient_address_refused(gateway):
    with pytest.raises(GatewayError, match="Nieprawidłowy adres skrytki"):
        gateway.send(sender=OFFICE_BOX, recipient="mops", file_name="p.xml", content=b"<x/>")


def test_tampered_envelope_fails_verification(office_keys):
    envelope = etree.fromstring(
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a>1</a></s:Body></s:Envelope>'
    )
    signed = etree.tostring(sign_envelope(envelope, office_keys))
    assert verify_envelope(etree.fromstring(signed)) is not None
    with pytest.raises(WsSecurityError, match="nieprawidłowy"):
        verify_envelope(etree.fromstring(signed.replace(b"<a>1</a>", b"<a>2</a>")))

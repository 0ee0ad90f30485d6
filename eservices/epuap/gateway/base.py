"""The interface of the ePUAP gateway, independent of how the calls are made.

Operations, after ePUAP's published services:

* pull — ``pending`` (oczekujaceDokumenty), ``fetch_next`` (pobierzNastepny: the oldest document not
  yet confirmed, again and again until it is), ``confirm`` (potwierdzOdebranie);
* skrytka — ``send`` (nadaj): returns the UPP (urzędowe poświadczenie przedłożenia);
* doreczyciel — ``deliver`` (dorecz): delivery against a receipt; the UPD (urzędowe poświadczenie
  doręczenia) later arrives in the sender's mailbox as a document of its own.

Mailbox addresses are ``/<podmiot>/<skrytka>``. Every failure is a ``GatewayError`` with a Polish
message; ``transient`` says whether retrying may help (timeout, HTTP 5xx, a busy service) or not
(an expired certificate, a refused request).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class GatewayError(Exception):
    """A call failed; ``str(error)`` is shown to staff, ``transient`` decides whether to retry."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


def split_address(address: str) -> tuple[str, str]:
    """``/podmiot/skrytka`` → (podmiot, skrytka); ``GatewayError`` when it is not such an address."""
    parts = (address or "").strip().split("/")
    if len(parts) != 3 or parts[0] or not parts[1] or not parts[2]:
        raise GatewayError(f"Nieprawidłowy adres skrytki ePUAP: „{address}” (oczekiwano /podmiot/skrytka).")
    return parts[1], parts[2]


@dataclass
class PulledDocument:
    """One document fetched from a mailbox, with what ePUAP says about its sender (danePodmiotu)."""

    document_id: str
    mailbox: str
    content: bytes
    file_name: str = ""
    content_type: str = "text/xml"
    digest: str = ""
    sender_identifier: str = ""  # PESEL, NIP or REGON (typIdentyfikatora)
    sender_identifier_type: str = ""
    sender_first_name: str = ""
    sender_last_name: str = ""
    sender_name: str = ""
    sender_user: str = ""
    reply_address: str = ""
    sent_at: dt.datetime | None = None
    is_test: bool = False


@dataclass
class SendResult:
    document_id: str
    upp_id: str = ""
    upp: bytes = b""
    order_id: str = ""


class EpuapGateway:
    """Subclass per transport; the inbound and outbound services use only these methods."""

    def pending(self, *, mailbox: str) -> int:
        raise NotImplementedError

    def fetch_next(self, *, mailbox: str) -> PulledDocument | None:
        raise NotImplementedError

    def confirm(self, *, mailbox: str, document: PulledDocument) -> None:
        raise NotImplementedError

    def send(self, *, sender: str, recipient: str, file_name: str, content: bytes) -> SendResult:
        raise NotImplementedError

    def deliver(
        self, *, sender: str, recipient: str, file_name: str, content: bytes, document_id: str, case_reference: str
    ) -> SendResult:
        raise NotImplementedError

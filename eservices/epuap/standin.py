"""A stand-in for ePUAP on 127.0.0.1: the same SOAP operations, mailboxes in memory, real receipts.

It speaks what ``wsdl/epuap.wsdl`` describes — ``/pull`` (oczekujaceDokumenty, pobierzNastepny,
potwierdzOdebranie), ``/skrytka`` (nadaj), ``/doreczyciel`` (dorecz) — and checks every request's
WS-Security signature like ePUAP does (a missing or bad signature, an expired certificate or one not
in ``trusted_certs`` is a SOAP fault). ``nadaj`` and ``dorecz`` put the document into the recipient's
mailbox and answer with a signed UPP; a ``dorecz`` document, when the recipient "opens" it
(``auto_open``, or ``open_document``), produces a signed UPD in the sender's mailbox.

Used in-process by tests and the bench::

    standin = EpuapStandin()
    url = standin.start()          # http://127.0.0.1:<port>
    standin.deliver_to_mailbox("/glogowmlp/SkrytkaESP", xml_bytes, sender_pesel="44051401359", ...)
    standin.stop()

and as a process for development and the demo (``manage.py epuap_standin --port 8041``), with a
small JSON API: ``GET /_standin/skrytka?adres=/a/b``, ``POST /_standin/nadaj`` (JSON: adres, tresc
(base64), nazwaPliku, pesel, imie, nazwisko, adresOdpowiedzi).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from .documents import build_receipt
from .keys import KeyPair, generate_keypair
from .wssecurity import SOAP11, WsSecurityError, verify_envelope

logger = logging.getLogger(__name__)
TP = "http://wsdl.epuap.gov.pl/obiekty/"
MAX_REQUEST_BYTES = 20 * 1024 * 1024


@dataclass
class StoredDocument:
    document_id: str
    mailbox: str
    content: bytes
    file_name: str
    content_type: str = "text/xml"
    sender_identifier: str = ""
    sender_identifier_type: str = "PESEL"
    sender_first_name: str = ""
    sender_last_name: str = ""
    sender_name: str = ""
    sender_user: str = ""
    reply_address: str = ""
    sent_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    confirmed: bool = False
    order_id: str = ""  # dorecz: the delivery order whose UPD is due when the recipient opens it


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (a timeout test) is not an error worth a traceback."""

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SoapFault(Exception):
    def __init__(self, message: str, code: str = "soap:Client"):
        super().__init__(message)
        self.code = code


class EpuapStandin:
    """The server; knobs and state are plain attributes, safe to change while it runs."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, keypair: KeyPair | None = None):
        self.host, self.port = host, port
        self.keypair = keypair or generate_keypair("ePUAP stand-in")
        self.lock = threading.Lock()
        self.trusted_certs: set[bytes] | None = None  # DER certificates allowed; None: any valid one
        self.require_signature = True
        self.auto_open = True
        self.delay_seconds = 0.0
        self.timeout_seconds = 5.0  # how long a "timeout" failure keeps the caller waiting
        self.reset()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def reset(self) -> None:
        with self.lock:
            self.mailboxes: dict[str, list[StoredDocument]] = {}
            self.calls: dict[str, int] = {}
            self.receipts: dict[str, bytes] = {}
            self._ids = itertools.count(1)
            self._fail: list[str] = []

    # --- knobs ---------------------------------------------------------------------------------------
    def fail_next(self, n: int = 1, kind: str = "fault") -> None:
        """The next ``n`` SOAP calls fail: ``fault`` (a temporary server fault), ``http503``, ``timeout``."""
        with self.lock:
            self._fail = [kind] * n

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}-{int(time.time())}"

    # --- mailboxes -----------------------------------------------------------------------------------
    def deliver_to_mailbox(self, mailbox: str, content: bytes, *, file_name: str = "dokument.xml", **meta) -> str:
        """Put a document into ``mailbox`` as if a resident or institution had sent it; returns its id."""
        with self.lock:
            doc = StoredDocument(
                document_id=self._next_id("DOK"), mailbox=mailbox, content=content, file_name=file_name, **meta
            )
            self.mailboxes.setdefault(mailbox, []).append(doc)
            return doc.document_id

    def documents(self, mailbox: str, *, include_confirmed: bool = True) -> list[StoredDocument]:
        with self.lock:
            return [d for d in self.mailboxes.get(mailbox, []) if include_confirmed or not d.confirmed]

    def open_document(self, document_id: str) -> bytes | None:
        """The recipient opens a ``dorecz`` document: a UPD goes to the sender's reply mailbox."""
        with self.lock:
            doc = next((d for box in self.mailboxes.values() for d in box if d.document_id == document_id), None)
        if doc is None or not doc.order_id:
            return None
        upd = build_receipt(
            kind="UPD",
            fields={
                "IdentyfikatorPoswiadczenia": self._next_id("UPD"),
                "IdentyfikatorZlecenia": doc.order_id,
                "IdentyfikatorDokumentu": doc.document_id,
                "Adresat": doc.mailbox,
                "DataDoreczenia": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
            keypair=self.keypair,
        )
        self.deliver_to_mailbox(
            doc.reply_address,
            upd,
            file_name="UPD.xml",
            sender_name="ePUAP",
            sender_identifier_type="SYSTEM",
            sender_user="epuap",
        )
        return upd

    # --- SOAP ----------------------------------------------------------------------------------------
    def handle_soap(self, path: str, body: bytes) -> tuple[int, bytes]:
        """Answer one SOAP request (status, envelope). Public so a test can call it without HTTP."""
        with self.lock:
            self.calls[path] = self.calls.get(path, 0) + 1
            failure = self._fail.pop(0) if self._fail else ""
        if failure == "http503":
            return 503, b"Service Unavailable"
        if failure == "timeout":
            time.sleep(self.timeout_seconds)
        if failure == "fault":
            return 500, self._fault(SoapFault("Usługa chwilowo niedostępna (błąd tymczasowy).", "soap:Server"))
        try:
            if len(body) > MAX_REQUEST_BYTES:
                raise SoapFault("Żądanie przekracza dopuszczalny rozmiar.")
            try:
                envelope = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                raise SoapFault("Żądanie nie jest poprawnym XML.") from None
            if self.require_signature:
                try:
                    cert = verify_envelope(envelope)
                except WsSecurityError as error:
                    raise SoapFault(str(error)) from None
                from cryptography.hazmat.primitives import serialization

                der = cert.public_bytes(serialization.Encoding.DER)
                if self.trusted_certs is not None and der not in self.trusted_certs:
                    raise SoapFault("Certyfikat systemu nie jest zarejestrowany w ePUAP.")
            request = envelope.find(f"{{{SOAP11}}}Body")[0]
            name = etree.QName(request).localname
            handler = {
                "ZapytaniePullOczekujace": self._pending,
                "ZapytaniePullPobierz": self._fetch,
                "ZapytaniePullPotwierdz": self._confirm,
                "ZapytanieNadaj": self._send,
                "ZapytanieDorecz": self._deliver,
            }.get(name)
            if handler is None:
                raise SoapFault(f"Nieznana operacja: {name}.")
            return 200, self._envelope(handler(request))
        except SoapFault as fault:
            return 500, self._fault(fault)

    @staticmethod
    def _get(request, name: str) -> str:
        return (request.findtext(f"{{{TP}}}{name}") or "").strip()

    @staticmethod
    def _el(parent, name: str, text=None):
        node = (
            etree.SubElement(parent, f"{{{TP}}}{name}")
            if parent is not None
            else etree.Element(f"{{{TP}}}{name}", nsmap={"tp": TP})
        )
        if text is not None:
            node.text = str(text)
        return node

    def _status(self, parent, kod: int = 1, komunikat: str = "OK"):
        status = self._el(parent, "status")
        self._el(status, "kod", kod)
        self._el(status, "komunikat", komunikat)

    def _pending(self, request):
        mailbox = self._get(request, "adresSkrytki")
        response = self._el(None, "OdpowiedzPullOczekujace")
        self._status(response)
        self._el(response, "oczekujace", len(self.documents(mailbox, include_confirmed=False)))
        return response

    def _fetch(self, request):
        mailbox = self._get(request, "adresSkrytki")
        waiting = self.documents(mailbox, include_confirmed=False)
        response = self._el(None, "OdpowiedzPullPobierz")
        if not waiting:
            self._status(response, 1, "Brak dokumentów do pobrania")
            return response
        doc = waiting[0]
        self._status(response)
        self._el(response, "identyfikatorDokumentu", doc.document_id)
        podmiot = self._el(response, "danePodmiotu")
        self._el(podmiot, "identyfikator", doc.sender_identifier)
        self._el(podmiot, "typIdentyfikatora", doc.sender_identifier_type)
        self._el(podmiot, "imie", doc.sender_first_name)
        self._el(podmiot, "nazwisko", doc.sender_last_name)
        self._el(podmiot, "nazwa", doc.sender_name)
        self._el(podmiot, "zgoda", "true")
        nadawca = self._el(response, "daneNadawcy")
        self._el(nadawca, "uzytkownik", doc.sender_user or doc.sender_identifier)
        self._el(nadawca, "system", "ePUAP")
        self._el(response, "dataNadania", doc.sent_at.isoformat(timespec="seconds"))
        podmiot_name, _, skrytka = mailbox.strip("/").partition("/")
        self._el(response, "nazwaSkrytki", skrytka)
        self._el(response, "adresSkrytki", mailbox)
        self._el(response, "adresOdpowiedzi", doc.reply_address)
        self._el(response, "czyTestowe", "false")
        dokument = self._el(response, "dokument")
        self._el(dokument, "nazwaPliku", doc.file_name)
        self._el(dokument, "typPliku", doc.content_type)
        self._el(dokument, "zawartosc", base64.b64encode(doc.content).decode())
        return response

    def _confirm(self, request):
        mailbox, document_id = self._get(request, "adresSkrytki"), self._get(request, "identyfikatorDokumentu")
        skrot = self._get(request, "skrot")
        with self.lock:
            doc = next((d for d in self.mailboxes.get(mailbox, []) if d.document_id == document_id), None)
            if doc is None:
                raise SoapFault(f"Dokument {document_id} nie istnieje w skrytce {mailbox}.")
            if skrot != hashlib.sha256(doc.content).hexdigest():
                raise SoapFault("Skrót dokumentu nie zgadza się z dokumentem w skrytce.")
            doc.confirmed = True
        response = self._el(None, "OdpowiedzPullPotwierdz")
        self._status(response)
        return response

    def _accept(self, request, *, order_id: str = "") -> tuple[StoredDocument, bytes]:
        recipient, sender = self._get(request, "adresSkrytki"), self._get(request, "adresOdpowiedzi")
        parts = recipient.split("/")
        if len(parts) != 3 or parts[0] or not parts[1] or not parts[2]:
            raise SoapFault(f"Nieprawidłowy adres skrytki odbiorcy: {recipient}.")
        dokument = request.find(f"{{{TP}}}dokument")
        content = base64.b64decode(dokument.findtext(f"{{{TP}}}zawartosc") or "")
        podmiot = sender.strip("/").partition("/")[0]
        document_id = self.deliver_to_mailbox(
            recipient,
            content,
            file_name=dokument.findtext(f"{{{TP}}}nazwaPliku") or "dokument.xml",
            sender_identifier=podmiot,
            sender_identifier_type="PODMIOT",
            sender_name=podmiot,
            sender_user=podmiot,
            reply_address=sender,
            order_id=order_id,
        )
        doc = next(d for d in self.documents(recipient) if d.document_id == document_id)
        upp_id = self._next_id("UPP")
        upp = build_receipt(
            kind="UPP",
            fields={
                "IdentyfikatorPoswiadczenia": upp_id,
                "IdentyfikatorDokumentu": document_id,
                "Nadawca": sender,
                "Adresat": recipient,
                "DataNadania": doc.sent_at.isoformat(timespec="seconds"),
                "SkrotDokumentu": hashlib.sha256(content).hexdigest(),
            },
            keypair=self.keypair,
        )
        with self.lock:
            self.receipts[upp_id] = upp
        return doc, upp

    def _send(self, request):
        doc, upp = self._accept(request)
        response = self._el(None, "OdpowiedzSkrytki")
        self._status(response)
        self._el(response, "identyfikatorDokumentu", doc.document_id)
        self._el(response, "identyfikatorUpp", etree.fromstring(upp).findtext("{*}IdentyfikatorPoswiadczenia"))
        self._el(response, "upp", base64.b64encode(upp).decode())
        return response

    def _deliver(self, request):
        order_id = self._next_id("ZLC")
        doc, upp = self._accept(request, order_id=order_id)
        response = self._el(None, "OdpowiedzDoreczyciela")
        self._status(response)
        self._el(response, "identyfikatorDokumentu", doc.document_id)
        self._el(response, "identyfikatorZlecenia", order_id)
        self._el(response, "upp", base64.b64encode(upp).decode())
        if self.auto_open:
            self.open_document(doc.document_id)
        return response

    @staticmethod
    def _envelope(payload) -> bytes:
        envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
        etree.SubElement(envelope, f"{{{SOAP11}}}Body").append(payload)
        return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")

    @staticmethod
    def _fault(fault: SoapFault) -> bytes:
        envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
        node = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP11}}}Body"), f"{{{SOAP11}}}Fault")
        etree.SubElement(node, "faultcode").text = fault.code
        etree.SubElement(node, "faultstring").text = str(fault)
        return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")

    # --- server --------------------------------------------------------------------------------------
    def start(self) -> str:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status: int, body: bytes, content_type: str = "text/xml; charset=utf-8"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/_standin/skrytka":
                    address = parse_qs(url.query).get("adres", [""])[0]
                    rows = [
                        {
                            "id": d.document_id,
                            "plik": d.file_name,
                            "potwierdzony": d.confirmed,
                            "nadawca": d.sender_name or f"{d.sender_first_name} {d.sender_last_name}".strip(),
                        }
                        for d in standin.documents(address)
                    ]
                    return self._reply(200, json.dumps(rows).encode(), "application/json")
                return self._reply(404, b"not found", "text/plain")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                url = urlsplit(self.path)
                if url.path == "/_standin/nadaj":
                    data = json.loads(body or b"{}")
                    doc_id = standin.deliver_to_mailbox(
                        data["adres"],
                        base64.b64decode(data["tresc"]),
                        file_name=data.get("nazwaPliku", "pismo.xml"),
                        sender_identifier=data.get("pesel", ""),
                        sender_first_name=data.get("imie", ""),
                        sender_last_name=data.get("nazwisko", ""),
                        reply_address=data.get("adresOdpowiedzi", ""),
                    )
                    return self._reply(200, json.dumps({"id": doc_id}).encode(), "application/json")
                if standin.delay_seconds:
                    time.sleep(standin.delay_seconds)
                status, answer = standin.handle_soap(url.path.strip("/"), body)
                self._reply(status, answer, "text/xml; charset=utf-8" if answer.startswith(b"<") else "text/plain")

        self._server = _QuietServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="epuap-standin", daemon=True)
        self._thread.start()
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def serve_forever(self) -> None:
        self.start()
        logger.info("ePUAP stand-in on http://%s:%s", self.host, self.port)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            self.stop()

"""The real ePUAP client: zeep over our WSDL subset, every request signed (WS-Security, X.509).

Points at ``EPUAP_URL`` (the stand-in on 127.0.0.1 in development, tests and the demo; ePUAP's
production or integration address in a deployment: docs/epuap.md). Timeouts, connection errors,
HTTP 5xx and a fault ePUAP marks as temporary are *transient*; other faults and an expired own
certificate are not (retrying cannot help and the admin shows the reason).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import requests
from django.conf import settings
from zeep import Client, Settings
from zeep.exceptions import Fault, TransportError, XMLSyntaxError
from zeep.transports import Transport

from ..keys import certificate_is_current, load_keypair
from ..wssecurity import WsseSignature
from .base import EpuapGateway, GatewayError, PulledDocument, SendResult, split_address

WSDL = Path(__file__).resolve().parent.parent / "wsdl" / "epuap.wsdl"
NS = "{http://wsdl.epuap.gov.pl/ratusz/}"
OK = 1


class _Transport(Transport):
    """A 5xx that is not a SOAP fault (a proxy's "503 Service Unavailable") is a transport error."""

    def post_xml(self, address, envelope, headers):
        response = super().post_xml(address, envelope, headers)
        if response.status_code >= 400 and not response.content.lstrip().startswith(b"<"):
            raise TransportError(status_code=response.status_code, content=response.content)
        return response


@functools.lru_cache(maxsize=4)
def _office_keypair(key_file: str, cert_file: str, generate: bool):
    return load_keypair(key_file, cert_file, common_name="Ratusz — system ePUAP (dev)", generate=generate)


class SoapGateway(EpuapGateway):
    """``EPUAP_GATEWAY = "eservices.epuap.gateway.soap.SoapGateway"``."""

    def __init__(self, *, url: str | None = None, keypair=None, timeout: float | None = None):
        self.url = (url or settings.EPUAP_URL).rstrip("/")
        self.keypair = keypair or _office_keypair(
            str(settings.EPUAP_KEY_FILE), str(settings.EPUAP_CERT_FILE), bool(settings.EPUAP_GENERATE_DEV_KEYS)
        )
        session = requests.Session()
        transport = _Transport(
            session=session,
            timeout=timeout or settings.EPUAP_TIMEOUT,
            operation_timeout=timeout or settings.EPUAP_TIMEOUT,
        )
        self.client = Client(
            str(WSDL), transport=transport, plugins=[WsseSignature(self.keypair)], settings=Settings(strict=False)
        )
        self._services = {}

    def _service(self, name: str):
        if name not in self._services:
            self._services[name] = self.client.create_service(f"{NS}{name}Binding", f"{self.url}/{name}")
        return self._services[name]

    def _call(self, service: str, operation: str, **kwargs):
        if not certificate_is_current(self.keypair.certificate):
            raise GatewayError(
                "Certyfikat systemu ePUAP urzędu wygasł lub nie jest jeszcze ważny — wymień go (EPUAP_CERT_FILE)."
            )
        try:
            response = getattr(self._service(service), operation)(**kwargs)
        except Fault as fault:
            message = fault.message or "błąd usługi"
            transient = "tymczasow" in message.lower() or (fault.code or "").endswith("Server")
            raise GatewayError(f"ePUAP odrzucił żądanie {operation}: {message}", transient=transient) from None
        except requests.Timeout:
            raise GatewayError(f"ePUAP nie odpowiedział w czasie ({operation}).", transient=True) from None
        except requests.ConnectionError:
            raise GatewayError(f"Brak połączenia z ePUAP ({operation}).", transient=True) from None
        except TransportError as error:
            raise GatewayError(
                f"ePUAP odpowiedział błędem HTTP {error.status_code} ({operation}).",
                transient=error.status_code >= 500,
            ) from None
        except XMLSyntaxError:
            raise GatewayError(f"Nieczytelna odpowiedź ePUAP ({operation}).", transient=True) from None
        # a response of one element (potwierdzOdebranie) is unwrapped by zeep: it *is* the status
        status = response if hasattr(response, "kod") else getattr(response, "status", None)
        if status is None or status.kod != OK:
            komunikat = status.komunikat if status is not None else "brak statusu"
            raise GatewayError(f"ePUAP: {komunikat} ({operation}).")
        return response

    @staticmethod
    def _mailbox_args(mailbox: str) -> dict:
        podmiot, skrytka = split_address(mailbox)
        return {"podmiot": podmiot, "nazwaSkrytki": skrytka, "adresSkrytki": mailbox}

    def pending(self, *, mailbox: str) -> int:
        return int(self._call("pull", "oczekujaceDokumenty", **self._mailbox_args(mailbox)).oczekujace)

    def fetch_next(self, *, mailbox: str) -> PulledDocument | None:
        r = self._call("pull", "pobierzNastepny", **self._mailbox_args(mailbox))
        if not r.identyfikatorDokumentu or r.dokument is None:
            return None
        podmiot, nadawca = r.danePodmiotu, r.daneNadawcy
        return PulledDocument(
            document_id=r.identyfikatorDokumentu,
            mailbox=mailbox,
            content=r.dokument.zawartosc,
            file_name=r.dokument.nazwaPliku,
            content_type=r.dokument.typPliku,
            digest=hashlib.sha256(r.dokument.zawartosc).hexdigest(),
            sender_identifier=(podmiot.identyfikator if podmiot else "") or "",
            sender_identifier_type=(podmiot.typIdentyfikatora if podmiot else "") or "",
            sender_first_name=(podmiot.imie if podmiot else "") or "",
            sender_last_name=(podmiot.nazwisko if podmiot else "") or "",
            sender_name=(podmiot.nazwa if podmiot else "") or "",
            sender_user=(nadawca.uzytkownik if nadawca else "") or "",
            reply_address=r.adresOdpowiedzi or "",
            sent_at=r.dataNadania,
            is_test=bool(r.czyTestowe),
        )

    def confirm(self, *, mailbox: str, document: PulledDocument) -> None:
        self._call(
            "pull",
            "potwierdzOdebranie",
            **self._mailbox_args(mailbox),
            identyfikatorDokumentu=document.document_id,
            skrot=document.digest or hashlib.sha256(document.content).hexdigest(),
        )

    def send(self, *, sender: str, recipient: str, file_name: str, content: bytes) -> SendResult:
        split_address(recipient)
        r = self._call(
            "skrytka",
            "nadaj",
            adresSkrytki=recipient,
            adresOdpowiedzi=sender,
            czyProbne=False,
            dokument={"nazwaPliku": file_name, "typPliku": "text/xml", "zawartosc": content},
        )
        return SendResult(document_id=r.identyfikatorDokumentu or "", upp_id=r.identyfikatorUpp or "", upp=r.upp or b"")

    def deliver(
        self, *, sender: str, recipient: str, file_name: str, content: bytes, document_id: str, case_reference: str
    ) -> SendResult:
        split_address(recipient)
        r = self._call(
            "doreczyciel",
            "dorecz",
            adresSkrytki=recipient,
            adresOdpowiedzi=sender,
            czyProbne=False,
            identyfikatorDokumentu=document_id,
            identyfikatorSprawy=case_reference,
            dokument={"nazwaPliku": file_name, "typPliku": "text/xml", "zawartosc": content},
        )
        return SendResult(
            document_id=r.identyfikatorDokumentu or "", order_id=r.identyfikatorZlecenia or "", upp=r.upp or b""
        )

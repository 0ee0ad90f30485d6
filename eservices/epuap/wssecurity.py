"""WS-Security for the ePUAP SOAP calls: an X.509 ``BinarySecurityToken`` and an XML signature.

ePUAP authenticates a system by the signature of each request (WS-Security 1.0, X.509 token profile):
the ``wsse:Security`` header carries the certificate, a ``wsu:Timestamp`` and a ``ds:Signature`` over
the body and the timestamp (exclusive c14n, RSA-SHA256). We sign with signxml (pure Python on
cryptography and lxml) rather than xmlsec, so nothing but wheels is needed to install.

``WsseSignature`` is a zeep plugin for the client; ``verify_envelope`` is what the stand-in (and a
test) uses to check a request.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier, methods
from zeep import Plugin

from .keys import KeyPair, certificate_is_current

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
DS = "http://www.w3.org/2000/09/xmldsig#"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"


class WsSecurityError(Exception):
    """The request's WS-Security header is missing, invalid, expired or from an unknown certificate."""


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_envelope(envelope: etree._Element, keypair: KeyPair, *, ttl_seconds: int = 300) -> etree._Element:
    """Add ``wsse:Security`` (token, timestamp, signature over body and timestamp) to ``envelope``."""
    header = envelope.find(f"{{{SOAP11}}}Header")
    body = envelope.find(f"{{{SOAP11}}}Body")
    if header is None:
        header = etree.Element(f"{{{SOAP11}}}Header")
        envelope.insert(0, header)
    security = etree.SubElement(header, f"{{{WSSE}}}Security", nsmap={"wsse": WSSE, "wsu": WSU})
    security.set(f"{{{SOAP11}}}mustUnderstand", "1")
    token_id, ts_id, body_id = (f"id-{uuid.uuid4().hex}" for _ in range(3))
    token = etree.SubElement(security, f"{{{WSSE}}}BinarySecurityToken", EncodingType=BASE64, ValueType=X509V3)
    token.set(f"{{{WSU}}}Id", token_id)
    token.text = base64.b64encode(keypair.cert_der).decode()
    now = dt.datetime.now(dt.UTC)
    timestamp = etree.SubElement(security, f"{{{WSU}}}Timestamp")
    timestamp.set(f"{{{WSU}}}Id", ts_id)
    etree.SubElement(timestamp, f"{{{WSU}}}Created").text = _iso(now)
    etree.SubElement(timestamp, f"{{{WSU}}}Expires").text = _iso(now + dt.timedelta(seconds=ttl_seconds))
    body.set(f"{{{WSU}}}Id", body_id)

    key_info = etree.Element(f"{{{DS}}}KeyInfo")
    str_ = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference")
    etree.SubElement(str_, f"{{{WSSE}}}Reference", URI=f"#{token_id}", ValueType=X509V3)
    signer = XMLSigner(method=methods.detached, c14n_algorithm=EXC_C14N)
    signature = signer.sign(
        envelope, key=keypair.private_key, reference_uri=[f"#{body_id}", f"#{ts_id}"], key_info=key_info
    )
    security.append(signature)
    return envelope


class WsseSignature(Plugin):
    """zeep plugin: sign every outgoing request with the office's key pair."""

    def __init__(self, keypair: KeyPair):
        self.keypair = keypair

    def egress(self, envelope, http_headers, operation, binding_options):
        return sign_envelope(envelope, self.keypair), http_headers

    def ingress(self, envelope, http_headers, operation):
        return envelope, http_headers


def verify_envelope(envelope: etree._Element, *, now: dt.datetime | None = None) -> x509.Certificate:
    """Check a signed request; return the signer's certificate or raise ``WsSecurityError`` (Polish).

    Checks: the header is there, the signature covers the body and the timestamp and is valid for the
    certificate in the token, the timestamp has not expired, the certificate is within its validity.
    Whether the certificate belongs to a registered system is the caller's decision.
    """
    now = now or dt.datetime.now(dt.UTC)
    security = envelope.find(f"{{{SOAP11}}}Header/{{{WSSE}}}Security")
    if security is None:
        raise WsSecurityError("Brak nagłówka WS-Security: żądanie nie jest podpisane.")
    token = security.find(f"{{{WSSE}}}BinarySecurityToken")
    signature = security.find(f"{{{DS}}}Signature")
    if token is None or signature is None or not (token.text or "").strip():
        raise WsSecurityError("Żądanie nie zawiera certyfikatu lub podpisu WS-Security.")
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(token.text))
    except ValueError as error:
        raise WsSecurityError("Nieprawidłowy certyfikat w nagłówku WS-Security.") from error
    if not certificate_is_current(cert, now=now):
        raise WsSecurityError("Certyfikat systemu wygasł lub nie jest jeszcze ważny.")
    body = envelope.find(f"{{{SOAP11}}}Body")
    body_id = body.get(f"{{{WSU}}}Id") if body is not None else None
    timestamp = security.find(f"{{{WSU}}}Timestamp")
    try:
        results = XMLVerifier().verify(
            envelope,
            x509_cert=cert,
            expect_config=SignatureConfiguration(expect_references=2, require_x509=False),
        )
    except Exception as error:  # noqa: BLE001 — signxml raises several types; all mean "invalid"
        raise WsSecurityError("Podpis WS-Security jest nieprawidłowy.") from error
    signed_ids = {r.signed_xml.get(f"{{{WSU}}}Id") for r in results if r.signed_xml is not None}
    if body_id not in signed_ids or timestamp is None or timestamp.get(f"{{{WSU}}}Id") not in signed_ids:
        raise WsSecurityError("Podpis WS-Security nie obejmuje treści żądania.")
    expires = timestamp.findtext(f"{{{WSU}}}Expires") or ""
    try:
        expires_at = dt.datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError as error:
        raise WsSecurityError("Nieprawidłowy znacznik czasu WS-Security.") from error
    if expires_at < now:
        raise WsSecurityError("Żądanie wygasło (znacznik czasu WS-Security).")
    return cert

"""login.gov.pl (Węzeł Krajowy) — the SAML 2.0 service provider side, HTTP-Artifact binding.

The flow (docs/login-gov-pl.md):

1. ``build_authn_request`` — a signed ``samlp:AuthnRequest`` (RSA-SHA256, enveloped, exclusive c14n)
   asking for the eIDAS natural-person attributes, POSTed by the browser to the node's SSO service;
2. the node authenticates the person and redirects back to our ACS with ``SAMLart``;
3. ``build_artifact_resolve`` — a signed ``samlp:ArtifactResolve`` sent over SOAP (back channel);
4. ``read_artifact_response`` — the node's signed ``ArtifactResponse`` holding a ``Response`` with
   an ``EncryptedAssertion``: checked signature, status, decryption with our key, the assertion's own
   signature, issuer, audience, validity window, ``InResponseTo`` and recipient; then the attributes
   CurrentGivenName, CurrentFamilyName, DateOfBirth, PersonIdentifier (PESEL).

Signatures are made and checked with signxml (cryptography + lxml); only what a verified signature
covers (``VerifyResult.signed_xml``) is read afterwards, which closes signature-wrapping attacks.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import uuid
from dataclasses import dataclass

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier
from stdnum.pl import pesel as pesel_number

from .keys import KeyPair
from .xmlenc import DecryptionError, decrypt_element

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
EIDAS = "http://eidas.europa.eu/saml-extensions"
NP = "http://eidas.europa.eu/attributes/naturalperson/"
ARTIFACT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
LOA_LOW = "http://eidas.europa.eu/LoA/low"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ATTRIBUTES = ("CurrentGivenName", "CurrentFamilyName", "DateOfBirth", "PersonIdentifier")
CLOCK_SKEW = dt.timedelta(seconds=60)


class SamlError(Exception):
    """The login cannot be accepted; ``str(error)`` is shown to the person (Polish)."""


@dataclass(frozen=True)
class SpConfig:
    entity_id: str
    acs_url: str
    keypair: KeyPair
    idp_entity_id: str
    idp_sso_url: str
    idp_artifact_url: str
    idp_cert: x509.Certificate


@dataclass(frozen=True)
class Identity:
    """What login.gov.pl proved about the person."""

    pesel: str
    first_name: str
    last_name: str
    birth_date: dt.date
    request_id: str


def new_id() -> str:
    return "ID-" + uuid.uuid4().hex  # an NCName: must not start with a digit


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: str) -> dt.datetime:
    value = (value or "").replace("Z", "+00:00")
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def sign(element: etree._Element, keypair: KeyPair) -> etree._Element:
    """Enveloped RSA-SHA256 signature placed after ``saml:Issuer`` (where SAML's schema wants it)."""
    # the "ds" prefix declared on the placeholder itself: lxml renames an undeclared one when the element
    # moves into another document (a SOAP envelope), and exclusive c14n keeps prefixes, so the
    # signature would no longer match
    ds = "http://www.w3.org/2000/09/xmldsig#"
    placeholder = etree.Element(f"{{{ds}}}Signature", Id="placeholder", nsmap={"ds": ds})
    issuer = element.find(f"{{{SAML}}}Issuer")
    element.insert(list(element).index(issuer) + 1 if issuer is not None else 0, placeholder)
    from cryptography.hazmat.primitives.asymmetric import ec

    algorithm = "ecdsa-sha256" if isinstance(keypair.private_key, ec.EllipticCurvePrivateKey) else "rsa-sha256"
    return XMLSigner(signature_algorithm=algorithm, c14n_algorithm=EXC_C14N).sign(
        element, key=keypair.private_key, cert=keypair.cert_pem
    )


def verify(element: etree._Element, cert: x509.Certificate, what: str) -> etree._Element:
    """The part of ``element`` its signature covers, or ``SamlError``: unsigned, tampered, wrong key."""
    if element.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None:
        raise SamlError(f"Odpowiedź login.gov.pl nie jest podpisana ({what}).")
    from cryptography.hazmat.primitives import serialization

    try:
        result = XMLVerifier().verify(
            element,
            x509_cert=cert.public_bytes(serialization.Encoding.PEM).decode(),
            expect_config=SignatureConfiguration(expect_references=1),
        )
    except Exception as error:  # noqa: BLE001 — every signxml failure means "not authentic"
        raise SamlError(f"Podpis odpowiedzi login.gov.pl jest nieprawidłowy ({what}).") from error
    return result.signed_xml


def build_authn_request(*, config: SpConfig, request_id: str) -> bytes:
    root = etree.Element(
        f"{{{SAMLP}}}AuthnRequest",
        nsmap={"samlp": SAMLP, "saml": SAML, "eidas": EIDAS},
        ID=request_id,
        Version="2.0",
        IssueInstant=_iso(_now()),
        Destination=config.idp_sso_url,
        ProtocolBinding=ARTIFACT_BINDING,
        AssertionConsumerServiceURL=config.acs_url,
        ForceAuthn="true",
    )
    etree.SubElement(root, f"{{{SAML}}}Issuer").text = config.entity_id
    extensions = etree.SubElement(root, f"{{{SAMLP}}}Extensions")
    etree.SubElement(extensions, f"{{{EIDAS}}}SPType").text = "public"
    requested = etree.SubElement(extensions, f"{{{EIDAS}}}RequestedAttributes")
    for name in ATTRIBUTES:
        etree.SubElement(
            requested,
            f"{{{EIDAS}}}RequestedAttribute",
            Name=NP + name,
            NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
            isRequired="true",
        )
    etree.SubElement(
        root,
        f"{{{SAMLP}}}NameIDPolicy",
        AllowCreate="true",
        Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    )
    context = etree.SubElement(root, f"{{{SAMLP}}}RequestedAuthnContext", Comparison="minimum")
    etree.SubElement(context, f"{{{SAML}}}AuthnContextClassRef").text = LOA_LOW
    return etree.tostring(sign(root, config.keypair), xml_declaration=True, encoding="UTF-8")


def build_artifact_resolve(*, config: SpConfig, artifact: str) -> bytes:
    root = etree.Element(
        f"{{{SAMLP}}}ArtifactResolve",
        nsmap={"samlp": SAMLP, "saml": SAML},
        ID=new_id(),
        Version="2.0",
        IssueInstant=_iso(_now()),
        Destination=config.idp_artifact_url,
    )
    etree.SubElement(root, f"{{{SAML}}}Issuer").text = config.entity_id
    etree.SubElement(root, f"{{{SAMLP}}}Artifact").text = artifact
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
    etree.SubElement(envelope, f"{{{SOAP11}}}Body").append(sign(root, config.keypair))
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def artifact_source_ok(artifact: str, idp_entity_id: str) -> bool:
    """SAML 2.0 type 0x0004 artifact whose SourceID is SHA-1 of the node's entity id."""
    try:
        raw = base64.b64decode(artifact, validate=True)
    except ValueError:
        return False
    return len(raw) == 44 and raw[:2] == b"\x00\x04" and raw[4:24] == hashlib.sha1(idp_entity_id.encode()).digest()


def make_artifact(idp_entity_id: str) -> str:
    raw = b"\x00\x04\x00\x00" + hashlib.sha1(idp_entity_id.encode()).digest() + os.urandom(20)
    return base64.b64encode(raw).decode()


def _status_ok(element) -> bool:
    code = element.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode")
    return code is not None and code.get("Value") == SUCCESS


def _attributes(assertion) -> dict[str, str]:
    values = {}
    for attribute in assertion.iterfind(f".//{{{SAML}}}Attribute"):
        name = attribute.get("Name", "").removeprefix(NP)
        values[name] = (attribute.findtext(f"{{{SAML}}}AttributeValue") or "").strip()
    return values


def read_artifact_response(*, config: SpConfig, soap: bytes, now: dt.datetime | None = None) -> Identity:
    """Check everything and return the person; any failure is a ``SamlError`` with the reason."""
    now = now or _now()
    try:
        envelope = etree.fromstring(soap, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise SamlError("Nieczytelna odpowiedź login.gov.pl.") from None
    artifact_response = envelope.find(f"{{{SOAP11}}}Body/{{{SAMLP}}}ArtifactResponse")
    if artifact_response is None:
        raise SamlError("Odpowiedź login.gov.pl nie zawiera ArtifactResponse.")
    signed = verify(artifact_response, config.idp_cert, "ArtifactResponse")
    if signed.findtext(f"{{{SAML}}}Issuer") != config.idp_entity_id:
        raise SamlError("Odpowiedź pochodzi od nieznanego dostawcy tożsamości.")
    if not _status_ok(signed):
        raise SamlError("login.gov.pl odrzucił zapytanie o artefakt.")
    response = signed.find(f"{{{SAMLP}}}Response")
    if response is None:
        raise SamlError("Artefakt jest nieważny albo został już użyty. Zaloguj się ponownie.")
    if not _status_ok(response):
        raise SamlError("Logowanie w login.gov.pl nie powiodło się lub zostało przerwane.")
    encrypted = response.find(f"{{{SAML}}}EncryptedAssertion/{{http://www.w3.org/2001/04/xmlenc#}}EncryptedData")
    if encrypted is None:
        raise SamlError("Odpowiedź nie zawiera zaszyfrowanej asercji.")
    try:
        assertion = decrypt_element(encrypted, config.keypair.private_key)
    except DecryptionError as error:
        raise SamlError(str(error)) from None
    assertion = verify(assertion, config.idp_cert, "Assertion")
    if assertion.findtext(f"{{{SAML}}}Issuer") != config.idp_entity_id:
        raise SamlError("Asercja pochodzi od nieznanego dostawcy tożsamości.")
    conditions = assertion.find(f"{{{SAML}}}Conditions")
    if conditions is None:
        raise SamlError("Asercja nie ma warunków ważności.")
    if not (
        _parse_time(conditions.get("NotBefore")) - CLOCK_SKEW
        <= now
        < _parse_time(conditions.get("NotOnOrAfter")) + CLOCK_SKEW
    ):
        raise SamlError("Asercja login.gov.pl wygasła. Zaloguj się ponownie.")
    audiences = [a.text for a in conditions.iterfind(f"{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")]
    if config.entity_id not in audiences:
        raise SamlError("Asercja jest przeznaczona dla innego serwisu.")
    confirmation = assertion.find(f"{{{SAML}}}Subject/{{{SAML}}}SubjectConfirmation/{{{SAML}}}SubjectConfirmationData")
    if confirmation is None or confirmation.get("Recipient") != config.acs_url:
        raise SamlError("Asercja jest przeznaczona dla innego adresu serwisu.")
    in_response_to = confirmation.get("InResponseTo", "")
    if not in_response_to or in_response_to != response.get("InResponseTo"):
        raise SamlError("Odpowiedź nie odpowiada na nasze żądanie logowania.")
    attributes = _attributes(assertion)
    identifier = attributes.get("PersonIdentifier", "").split("/")[-1]
    if not pesel_number.is_valid(identifier):
        raise SamlError("login.gov.pl nie przekazał poprawnego numeru PESEL.")
    try:
        birth_date = dt.date.fromisoformat(attributes.get("DateOfBirth", ""))
    except ValueError:
        raise SamlError("login.gov.pl nie przekazał daty urodzenia.") from None
    if pesel_number.get_birth_date(identifier) != birth_date:
        raise SamlError("Data urodzenia nie zgadza się z numerem PESEL.")
    first, last = attributes.get("CurrentGivenName", ""), attributes.get("CurrentFamilyName", "")
    if not first or not last:
        raise SamlError("login.gov.pl nie przekazał imienia i nazwiska.")
    return Identity(
        pesel=identifier, first_name=first, last_name=last, birth_date=birth_date, request_id=in_response_to
    )

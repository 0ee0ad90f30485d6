"""ePUAP documents: building and reading ``wnio:Dokument`` (the CRD general letter and the portal's
own application template) and the UPP/UPD receipts.

The general letter (pismo ogólne do podmiotu publicznego) is the CRD template every ePUAP user can
send; the portal's own template (``RATUSZ_NS``) carries a service card's slug and the form's answers,
so an application exported from a web form (``form_export``) comes back as the same kind of case.
Documents are XAdES-signed (enveloped ``ds:Signature``); we check what can be checked without the
national trust list: the structure, whether a signature is present, whether it matches the document
and the certificate in it, and who signed (the certificate's common name).

Parsing is defensive: no DTDs, no entities, no network, a size limit before parsing.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.xades import XAdESSigner

from .keys import KeyPair, certificate_subject

WNIO = "http://crd.gov.pl/wzor/2008/05/09/1/"  # pismo ogólne do podmiotu publicznego
RATUSZ_NS = "https://ratusz.glogow-mlp.pl/wzor/wniosek/1/"  # the portal's own application template
META = "http://crd.gov.pl/xml/schematy/meta/2008/05/09/"
STR = "http://crd.gov.pl/xml/schematy/struktura/2008/05/09/"
OSO = "http://crd.gov.pl/xml/schematy/osoba/2008/05/09/"
INST = "http://crd.gov.pl/xml/schematy/instytucja/2008/05/09/"
PPZAP = "http://crd.gov.pl/xml/schematy/ppzap/2011/01/01/"  # UPP / UPD receipts
DS = "http://www.w3.org/2000/09/xmldsig#"
NSMAP = {"wnio": WNIO, "meta": META, "str": STR, "oso": OSO, "inst": INST}

TEMPLATE_LETTER = "pismo-ogolne"
TEMPLATE_APPLICATION = "ratusz-wniosek"
TEMPLATE_UPD = "upd"
TEMPLATE_UPP = "upp"


class DocumentError(ValueError):
    """The document cannot be read: the message (Polish) is the reason shown in the admin."""


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class Party:
    """A sender or addressee: a person (PESEL, names) or an institution (NIP/REGON, name)."""

    pesel: str = ""
    nip: str = ""
    first_name: str = ""
    last_name: str = ""
    name: str = ""

    @property
    def display(self) -> str:
        return self.name or f"{self.first_name} {self.last_name}".strip()


@dataclass
class ParsedDocument:
    template: str
    title: str = ""
    body: str = ""
    sender: Party = field(default_factory=Party)
    attachments: list[Attachment] = field(default_factory=list)
    service_slug: str = ""
    answers: dict = field(default_factory=dict)
    signed: bool = False
    signature_valid: bool = False
    signer: str = ""
    receipt: dict = field(default_factory=dict)  # UPP/UPD fields


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def parse_xml(content: bytes, *, max_bytes: int) -> etree._Element:
    """The root element, or ``DocumentError``: too large, not well-formed, or with a DTD."""
    if len(content) > max_bytes:
        raise DocumentError(f"Dokument jest za duży ({len(content) // 1024} KB, dopuszczalne {max_bytes // 1024} KB).")
    if b"<!DOCTYPE" in content[:2048] or b"<!ENTITY" in content:
        raise DocumentError("Dokument zawiera deklarację DTD lub encji, której nie przyjmujemy.")
    try:
        return etree.fromstring(content, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"Dokument nie jest poprawnym XML: {error.msg}.") from None


# --- building --------------------------------------------------------------------------------------


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def _party(parent, party: Party) -> None:
    podmiot = _sub(parent, META, "Podmiot")
    if party.pesel or (party.first_name and not party.name):
        osoba = _sub(podmiot, OSO, "Osoba")
        if party.pesel:
            _sub(_sub(osoba, OSO, "IdOsoby"), OSO, "PESEL", party.pesel)
        _sub(osoba, OSO, "Imie", party.first_name)
        _sub(osoba, OSO, "Nazwisko", party.last_name)
    else:
        inst = _sub(podmiot, INST, "Instytucja")
        if party.nip:
            _sub(_sub(inst, INST, "IdInstytucji"), INST, "NIP", party.nip)
        _sub(inst, INST, "NazwaInstytucji", party.name)


def build_document(
    *,
    title: str,
    body: str,
    sender: Party,
    addressee: Party,
    attachments: list[Attachment] = (),
    service_slug: str = "",
    answers: dict | None = None,
    labels: dict | None = None,
    keypair: KeyPair | None = None,
    created: dt.date | None = None,
) -> bytes:
    """A ``wnio:Dokument``: the general letter, or the portal's template when ``service_slug`` is given.

    Signed with XAdES-BES (enveloped) when ``keypair`` is given (the office's seal on replies).
    """
    ns = RATUSZ_NS if service_slug else WNIO
    root = etree.Element(f"{{{ns}}}Dokument", nsmap={**NSMAP, "wnio": ns})
    opis = _sub(root, ns, "OpisDokumentu")
    _sub(opis, META, "Data", (created or dt.date.today()).isoformat(), typDaty="utworzony")
    dane = _sub(root, ns, "DaneDokumentu")
    _sub(_sub(dane, STR, "Naglowek"), STR, "NazwaDokumentu", title)
    _party(_sub(dane, STR, "Adresaci"), addressee)
    _party(_sub(dane, STR, "Nadawcy"), sender)
    tresc = _sub(root, ns, "TrescDokumentu", format="text/plain", kodowanie="XML")
    _sub(tresc, ns, "Wartosc", body)
    if service_slug:
        _sub(tresc, ns, "Usluga", service_slug)
        pola = _sub(tresc, ns, "Pola")
        for name, value in (answers or {}).items():
            extra = {"etykieta": str(labels[name])} if labels and name in labels else {}
            _sub(pola, ns, "Pole", "" if value is None else str(value), nazwa=str(name), **extra)
    if attachments:
        zal = _sub(root, STR, "Zalaczniki")
        for item in attachments:
            node = _sub(zal, STR, "Zalacznik", format=item.content_type, nazwaPliku=item.name, kodowanie="base64")
            _sub(node, STR, "DaneZalacznika", base64.b64encode(item.content).decode())
    if keypair is not None:
        root = XAdESSigner().sign(root, key=keypair.private_key, cert=keypair.cert_pem)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def build_receipt(*, kind: str, fields: dict[str, str], keypair: KeyPair | None = None) -> bytes:
    """An ``ppzap:UPP`` (proof of sending) or ``ppzap:UPD`` (proof of delivery), signed by the issuer."""
    root = etree.Element(f"{{{PPZAP}}}{kind.upper()}", nsmap={"ppzap": PPZAP})
    for name, value in fields.items():
        _sub(root, PPZAP, name, value)
    if keypair is not None:
        from signxml import XMLSigner

        root = XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
            root, key=keypair.private_key, cert=keypair.cert_pem
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- reading ---------------------------------------------------------------------------------------


def _text(element, path: str) -> str:
    found = element.find(path, namespaces={**NSMAP, "r": RATUSZ_NS, "w": WNIO})
    return (found.text or "").strip() if found is not None else ""


def _read_party(container) -> Party:
    if container is None:
        return Party()
    return Party(
        pesel=_text(container, ".//oso:PESEL"),
        nip=_text(container, ".//inst:NIP"),
        first_name=_text(container, ".//oso:Imie"),
        last_name=_text(container, ".//oso:Nazwisko"),
        name=_text(container, ".//inst:NazwaInstytucji"),
    )


def _check_signature(root, parsed: ParsedDocument) -> None:
    signature = root.find(f"{{{DS}}}Signature")
    if signature is None:
        return
    parsed.signed = True
    cert_text = signature.findtext(f".//{{{DS}}}X509Certificate") or ""
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode("".join(cert_text.split())))
    except (ValueError, binascii.Error):
        parsed.signer = ""
        return
    parsed.signer = certificate_subject(cert)
    try:
        XMLVerifier().verify(root, x509_cert=cert, expect_config=SignatureConfiguration(expect_references=True))
        parsed.signature_valid = True
    except Exception:  # noqa: BLE001 — an invalid signature is recorded, not fatal
        parsed.signature_valid = False


def parse_document(content: bytes, *, max_bytes: int = 5 * 1024 * 1024) -> ParsedDocument:
    """Read a document pulled from a mailbox; ``DocumentError`` says why it cannot be a case."""
    root = parse_xml(content, max_bytes=max_bytes)
    qname = etree.QName(root)
    if qname.namespace == PPZAP and qname.localname in ("UPD", "UPP"):
        parsed = ParsedDocument(template=qname.localname.lower())
        parsed.receipt = {
            etree.QName(child).localname: (child.text or "") for child in root if child.tag != f"{{{DS}}}Signature"
        }
        _check_signature(root, parsed)
        return parsed
    if qname.localname != "Dokument" or qname.namespace not in (WNIO, RATUSZ_NS):
        raise DocumentError(
            f"Nieznany wzór dokumentu: {qname.localname} ({qname.namespace or 'bez przestrzeni nazw'})."
        )
    ns = qname.namespace
    parsed = ParsedDocument(template=TEMPLATE_APPLICATION if ns == RATUSZ_NS else TEMPLATE_LETTER)
    dane = root.find(f"{{{ns}}}DaneDokumentu")
    tresc = root.find(f"{{{ns}}}TrescDokumentu")
    if dane is None or tresc is None:
        raise DocumentError("Dokument nie ma wymaganych części DaneDokumentu i TrescDokumentu.")
    parsed.title = _text(dane, "str:Naglowek/str:NazwaDokumentu") or "Pismo"
    parsed.body = (tresc.findtext(f"{{{ns}}}Wartosc") or "").strip()
    parsed.sender = _read_party(dane.find(f"{{{STR}}}Nadawcy"))
    if ns == RATUSZ_NS:
        parsed.service_slug = (tresc.findtext(f"{{{ns}}}Usluga") or "").strip()
        if not parsed.service_slug:
            raise DocumentError("Wniosek nie wskazuje usługi (element Usluga).")
        for pole in tresc.iterfind(f"{{{ns}}}Pola/{{{ns}}}Pole"):
            parsed.answers[pole.get("nazwa", "")] = pole.text or ""
    for node in root.iterfind(f"{{{STR}}}Zalaczniki/{{{STR}}}Zalacznik"):
        name = node.get("nazwaPliku") or "zalacznik"
        try:
            data = base64.b64decode(node.findtext(f"{{{STR}}}DaneZalacznika") or "", validate=True)
        except (ValueError, binascii.Error):
            raise DocumentError(f"Załącznik {name} nie jest poprawnie zakodowany (base64).") from None
        parsed.attachments.append(Attachment(name=name, content_type=node.get("format") or "", content=data))
    _check_signature(root, parsed)
    return parsed

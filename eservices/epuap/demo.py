"""Demo ePUAP data: one letter from a verified resident that became a case, one unreadable document
waiting in the unassigned queue (*Admin → ePUAP*, account ``sekretariat@ratusz.local``).

Goes through ``inbound.inbound_store`` (the same code as a real pull, without the network), so it is
idempotent on the documents' ePUAP ids. Run after the units, accounts and cases are seeded.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cms.units.models import OrgUnit

from .documents import Attachment, Party, build_document
from .gateway import PulledDocument
from .inbound import inbound_store

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_epuap() -> list:
    """Returns no accounts (the secretary and clerks come from ``eservices.cases.demo``)."""
    office = OrgUnit.objects.filter(code__iexact="UM").exclude(epuap_address="").first()
    if office is None:
        return []
    sent = timezone.now() - dt.timedelta(days=2)
    letter = build_document(
        title="Wniosek o udostępnienie informacji publicznej",
        body="Proszę o przesłanie uchwały w sprawie budżetu gminy na 2026 r. na adres mojej skrytki ePUAP.",
        sender=Party(pesel="85030512345", first_name="Maria", last_name="Zweryfikowana"),
        addressee=Party(name=office.name),
        attachments=[Attachment("upowaznienie.pdf", "application/pdf", PDF)],
    )
    documents = [
        PulledDocument(
            document_id="DEMO-EPUAP-0001", mailbox=office.epuap_address, content=letter, file_name="pismo.xml",
            sender_identifier="85030512345", sender_identifier_type="PESEL", sender_first_name="Maria",
            sender_last_name="Zweryfikowana", reply_address="/maria.zweryfikowana/skrytka", sent_at=sent,
        ),
        PulledDocument(
            document_id="DEMO-EPUAP-0002", mailbox=office.epuap_address, content=b"<Faktura><Kwota>120,00",
            file_name="faktura.xml", sender_identifier="8130000000", sender_identifier_type="NIP",
            sender_name="Hurtownia Przykładowa sp. z o.o.", reply_address="/hurtownia/skrytka", sent_at=sent,
        ),
    ]  # fmt: skip
    for document in documents:
        inbound_store(pulled=document, unit=office)
    return []

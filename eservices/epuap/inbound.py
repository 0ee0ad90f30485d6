"""Inbound: documents pulled from the units' ePUAP mailboxes become cases.

The order of the steps is the guarantee (issue 10): **store, then confirm**.

1. ``pobierzNastepny`` returns the oldest document the mailbox has not been told was received;
2. ``inbound_store`` — one transaction — writes the ``InboundDocument`` (unique on the ePUAP id) and,
   for a readable application or letter, the case with the original XML and its attachments;
3. only after that commit, ``potwierdzOdebranie``.

A worker that dies before 2 commits leaves nothing, and the mailbox gives the same document again; one
that dies between 2 and 3 leaves the row, and the next pull finds it and only confirms. So every
document becomes exactly one case (or one row in the unassigned queue), and none is lost. A document
that cannot be parsed (malformed, oversized, an unknown template, a service that does not exist) is
stored as *nieprzypisany* with the reason and confirmed: it is safe with us, a person decides.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.units.models import OrgUnit
from eservices.cases import services as case_services
from eservices.cases.models import Case, CaseDocument

from .documents import TEMPLATE_APPLICATION, TEMPLATE_UPD, DocumentError, ParsedDocument, parse_document
from .gateway import GatewayError, PulledDocument, get_gateway
from .models import InboundDocument, MailboxState, OutboundDispatch

logger = logging.getLogger(__name__)
Status = InboundDocument.Status


@dataclass
class PullResult:
    mailbox: str
    fetched: int = 0
    cases: int = 0
    unassigned: int = 0
    receipts: int = 0
    already_stored: int = 0


def _applicant_account(pesel: str):
    """The resident's account when its PESEL was proven (login.gov.pl or at the counter), else None."""
    if not pesel:
        return None
    from cms.accounts.models import User

    return User.objects.filter(pesel=pesel, identity_level=User.IdentityLevel.VERIFIED).first()


def _service_for(slug: str):
    from eservices.catalogue.models import ServicePage

    return ServicePage.objects.live().filter(slug=slug).select_related("unit").first()


def _open_case(*, pulled: PulledDocument, parsed: ParsedDocument, unit: OrgUnit) -> Case:
    sender = parsed.sender
    pesel = sender.pesel or (pulled.sender_identifier if pulled.sender_identifier_type.upper() == "PESEL" else "")
    name = (
        sender.display
        or f"{pulled.sender_first_name} {pulled.sender_last_name}".strip()
        or pulled.sender_name
        or pulled.sender_user
        or _("nadawca ePUAP")
    )
    service = None
    if parsed.template == TEMPLATE_APPLICATION:
        service = _service_for(parsed.service_slug)
        if service is None:
            raise DocumentError(
                _("Wniosek dotyczy usługi, której nie ma w katalogu: „%(slug)s”.") % {"slug": parsed.service_slug}
            )
        unit = service.unit or unit
    answers = dict(parsed.answers)
    answers.setdefault("tresc", parsed.body)
    answers["epuap_adres_odpowiedzi"] = pulled.reply_address
    answers["epuap_identyfikator"] = pulled.document_id
    case = case_services.case_open(
        unit=unit,
        service=service,
        title=(service.title if service is not None else parsed.title)[:255],
        applicant=_applicant_account(pesel),
        applicant_name=name[:200],
        applicant_pesel=pesel[:11] if len(pesel) == 11 else "",
        answers=answers,
        channel=Case.Channel.EPUAP,
        received_at=pulled.sent_at or timezone.now(),
    )
    case_services.case_attach_document(
        case=case,
        actor=None,
        kind=CaseDocument.Kind.ATTACHMENT,
        content=pulled.content,
        name=pulled.file_name or f"{pulled.document_id}.xml",
        comment=_("Oryginalny dokument ePUAP"),
    )
    for attachment in parsed.attachments:
        case_services.case_attach_document(
            case=case,
            actor=None,
            kind=CaseDocument.Kind.ATTACHMENT,
            content=attachment.content,
            name=attachment.name,
            comment=_("Załącznik dokumentu ePUAP"),
        )
    return case


def _store_receipt(*, pulled: PulledDocument, parsed: ParsedDocument) -> OutboundDispatch:
    order = parsed.receipt.get("IdentyfikatorZlecenia", "")
    dispatch = (
        OutboundDispatch.objects.select_for_update()
        .filter(order_id=order, method=OutboundDispatch.Method.DELIVER)
        .first()
        if order
        else None
    )
    if dispatch is None:
        raise DocumentError(
            _("Poświadczenie doręczenia (UPD) dotyczy nieznanej wysyłki: %(order)s.") % {"order": order or "?"}
        )
    document = case_services.case_attach_document(
        case=dispatch.case,
        actor=None,
        kind=CaseDocument.Kind.ATTACHMENT,
        content=pulled.content,
        name=f"UPD-{dispatch.case.reference}-{dispatch.pk}.xml",
        comment=_("Poświadczenie doręczenia (UPD) z ePUAP: %(to)s") % {"to": dispatch.recipient},
    )
    delivered = parsed.receipt.get("DataDoreczenia", "")
    try:
        delivered_at = dt.datetime.fromisoformat(delivered) if delivered else timezone.now()
    except ValueError:
        delivered_at = timezone.now()
    dispatch.upd, dispatch.status, dispatch.delivered_at = document, OutboundDispatch.Status.DELIVERED, delivered_at
    dispatch.save(update_fields=["upd", "status", "delivered_at"])
    return dispatch


@transaction.atomic
def inbound_store(*, pulled: PulledDocument, unit: OrgUnit | None) -> InboundDocument:
    """Store one pulled document (a case, a UPD, or an unassigned row); idempotent on its ePUAP id."""
    existing = InboundDocument.objects.filter(epuap_id=pulled.document_id).first()
    if existing is not None:
        return existing
    record = InboundDocument(
        epuap_id=pulled.document_id,
        mailbox=pulled.mailbox,
        unit=unit,
        xml=pulled.content,
        size=len(pulled.content),
        file_name=pulled.file_name[:255],
        reply_address=pulled.reply_address[:200],
        sender_identifier=pulled.sender_identifier[:20],
        sender_name=(pulled.sender_name or f"{pulled.sender_first_name} {pulled.sender_last_name}".strip())[:255],
        sent_at=pulled.sent_at,
    )
    try:
        with transaction.atomic():  # a failure in here leaves the document for the unassigned queue
            parsed = parse_document(pulled.content, max_bytes=settings.EPUAP_MAX_DOCUMENT_BYTES)
            record.template, record.signer = parsed.template, parsed.signer[:255]
            if parsed.template == TEMPLATE_UPD:
                _store_receipt(pulled=pulled, parsed=parsed)
                record.status = Status.RECEIPT
            elif parsed.template in ("upp",):
                raise DocumentError(_("Poświadczenie przedłożenia (UPP) nie jest sprawą."))
            else:
                if unit is None:
                    raise DocumentError(_("Skrytka %(box)s nie należy do żadnej jednostki.") % {"box": pulled.mailbox})
                record.case = _open_case(pulled=pulled, parsed=parsed, unit=unit)
                record.unit = record.case.unit
                record.status = Status.CASE
                if parsed.signed and not parsed.signature_valid:
                    record.reason = _("Podpis dokumentu nie zgadza się z jego treścią lub certyfikatem.")
    except DocumentError as error:
        record.status, record.reason, record.case = Status.UNASSIGNED, str(error), None
    record.save()
    return record


def _mailbox_state(address: str, **fields) -> None:
    MailboxState.objects.update_or_create(address=address, defaults=fields)


def mailbox_pull(*, unit: OrgUnit, gateway=None, limit: int | None = None) -> PullResult:
    """Pull up to ``limit`` documents from the unit's mailbox: store each, then confirm it.

    A ``GatewayError`` is recorded on the mailbox (the admin shows it) and raised, so the task can
    retry when it is transient; what was stored and confirmed before it stays done.
    """
    address = unit.epuap_address
    gateway = gateway or get_gateway()
    limit = limit or settings.EPUAP_PULL_BATCH
    result = PullResult(mailbox=address)
    _mailbox_state(address, last_pull_at=timezone.now())
    try:
        for _i in range(limit):
            pulled = gateway.fetch_next(mailbox=address)
            if pulled is None:
                break
            result.fetched += 1
            try:
                record = inbound_store(pulled=pulled, unit=unit)
            except IntegrityError:  # another worker stored the same document a moment ago
                record = InboundDocument.objects.get(epuap_id=pulled.document_id)
            if record.confirmed_at is not None:
                result.already_stored += 1
            gateway.confirm(mailbox=address, document=pulled)
            InboundDocument.objects.filter(pk=record.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
            if record.status == Status.CASE:
                result.cases += 1
            elif record.status == Status.RECEIPT:
                result.receipts += 1
            else:
                result.unassigned += 1
    except GatewayError as error:
        _mailbox_state(address, last_error=str(error))
        MailboxState.objects.filter(address=address).update(fetched_total=F("fetched_total") + result.fetched)
        raise
    _mailbox_state(address, last_error="", last_success_at=timezone.now())
    MailboxState.objects.filter(address=address).update(fetched_total=F("fetched_total") + result.fetched)
    return result


def mailboxes_to_pull():
    """Units with an ePUAP mailbox address."""
    return OrgUnit.objects.exclude(epuap_address="").order_by("code")


@transaction.atomic
def unassigned_open_case(*, document: InboundDocument, unit: OrgUnit, title: str, actor) -> Case:
    """A clerk turns an unassigned document into a case of ``unit`` (the original XML is attached)."""
    locked = InboundDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status != Status.UNASSIGNED:
        raise DocumentError(_("Ten dokument został już rozpatrzony."))
    case = case_services.case_open(
        unit=unit,
        title=(title or _("Pismo z ePUAP"))[:255],
        applicant_name=(locked.sender_name or _("nadawca ePUAP"))[:200],
        applicant_pesel=locked.sender_identifier if len(locked.sender_identifier) == 11 else "",
        answers={"epuap_adres_odpowiedzi": locked.reply_address, "epuap_identyfikator": locked.epuap_id},
        channel=Case.Channel.EPUAP,
        actor=actor,
        received_at=locked.sent_at or locked.received_at,
    )
    case_services.case_attach_document(
        case=case,
        actor=actor,
        kind=CaseDocument.Kind.ATTACHMENT,
        content=bytes(locked.xml),
        name=locked.file_name or f"{locked.epuap_id}.xml",
        comment=_("Oryginalny dokument ePUAP"),
    )
    locked.status, locked.case, locked.unit, locked.resolved_by = Status.RESOLVED, case, unit, actor
    locked.save(update_fields=["status", "case", "unit", "resolved_by"])
    return case


@transaction.atomic
def unassigned_dismiss(*, document: InboundDocument, actor, comment: str) -> InboundDocument:
    """Mark an unassigned document as handled without a case (the reason is kept)."""
    if not (comment or "").strip():
        raise DocumentError(_("Podaj, jak załatwiono dokument."))
    locked = InboundDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status != Status.UNASSIGNED:
        raise DocumentError(_("Ten dokument został już rozpatrzony."))
    locked.status, locked.resolved_by = Status.RESOLVED, actor
    locked.reason = f"{locked.reason}\n{_('Rozpatrzono')}: {comment.strip()}"
    locked.save(update_fields=["status", "resolved_by", "reason"])
    return locked

"""Outbound: a case document sent to an ePUAP mailbox, with the receipts stored on the case.

``dispatch_create`` (the clerk's click) writes an ``OutboundDispatch`` and queues ``epuap.send`` on
commit; ``dispatch_send`` (the task) wraps the case document in a ``wnio:Dokument`` (general letter,
the PDF attached, sealed with the office's XAdES signature) and calls ``nadaj`` — or ``dorecz`` where
a delivery receipt is required. The UPP is stored on the case at once; the UPD arrives later in the
unit's mailbox and the inbound pull attaches it (``inbound._store_receipt``).

A transient failure (timeout, 5xx, a busy ePUAP) leaves the dispatch *pending* with the error and the
attempt count, and the task retries with backoff; after ``EPUAP_SEND_MAX_ATTEMPTS`` or a permanent
refusal it is *failed* — shown on the case with the reason and a "retry" button.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eservices.cases import services as case_services
from eservices.cases.models import Case, CaseDocument
from eservices.cases.workflow import CaseError

from .documents import Attachment, Party, build_document
from .gateway import GatewayError, get_gateway, split_address
from .models import InboundDocument, OutboundDispatch

Status = OutboundDispatch.Status


def reply_address_for(*, case: Case) -> str:
    """Where a reply goes: the address the applicant's ePUAP document gave, if the case came that way."""
    answers = case.answers or {}
    address = str(answers.get("epuap_adres_odpowiedzi") or "")
    if not address:
        record = InboundDocument.objects.filter(case=case).exclude(reply_address="").first()
        address = record.reply_address if record else ""
    return address


def office_keypair():
    from .gateway.soap import _office_keypair

    return _office_keypair(
        str(settings.EPUAP_KEY_FILE), str(settings.EPUAP_CERT_FILE), bool(settings.EPUAP_GENERATE_DEV_KEYS)
    )


@transaction.atomic
def dispatch_create(
    *, case: Case, document: CaseDocument, recipient: str, method: str, title: str, actor
) -> OutboundDispatch:
    """Queue ``document`` of ``case`` for ``recipient`` (``/podmiot/skrytka``); raises ``CaseError``."""
    recipient = (recipient or "").strip()
    try:
        split_address(recipient)
    except GatewayError as error:
        raise CaseError(str(error), field="recipient") from None
    if document.case_id != case.pk:
        raise CaseError(_("Ten dokument należy do innej sprawy."), field="document")
    if not case.unit.epuap_address:
        raise CaseError(_("Jednostka %(unit)s nie ma skrytki ePUAP — uzupełnij jej adres.") % {"unit": case.unit})
    if method not in OutboundDispatch.Method.values:
        raise CaseError(_("Wybierz sposób wysyłki."), field="method")
    dispatch = OutboundDispatch.objects.create(
        case=case,
        document=document,
        recipient=recipient,
        sender_mailbox=case.unit.epuap_address,
        method=method,
        title=(title or document.name)[:255],
        created_by=actor,
    )
    pk = dispatch.pk

    def _queue():
        from .tasks import send_dispatch

        send_dispatch.delay(pk)

    transaction.on_commit(_queue, robust=True)
    return dispatch


@transaction.atomic
def dispatch_retry(*, dispatch: OutboundDispatch, actor) -> OutboundDispatch:
    """A failed dispatch goes back to *pending* with a fresh attempt budget and is queued again."""
    locked = OutboundDispatch.objects.select_for_update().get(pk=dispatch.pk)
    if locked.status != Status.FAILED:
        raise CaseError(_("Ponowić można tylko wysyłkę, która się nie udała."))
    locked.status, locked.attempts = Status.PENDING, 0
    locked.save(update_fields=["status", "attempts"])
    pk = locked.pk

    def _queue():
        from .tasks import send_dispatch

        send_dispatch.delay(pk)

    transaction.on_commit(_queue, robust=True)
    return locked


def build_outbound_xml(*, dispatch: OutboundDispatch) -> bytes:
    case, document = dispatch.case, dispatch.document
    with document.file.open("rb") as handle:
        pdf = handle.read()
    addressee = (
        Party(name=case.applicant_name)
        if not case.applicant_pesel
        else Party(
            pesel=case.applicant_pesel,
            first_name=case.applicant_name.split(" ")[0],
            last_name=" ".join(case.applicant_name.split(" ")[1:]),
        )
    )
    return build_document(
        title=dispatch.title,
        body=_("W załączeniu %(name)s w sprawie %(ref)s.") % {"name": document.name, "ref": case.reference},
        sender=Party(name=case.unit.name, nip=case.unit.nip),
        addressee=addressee,
        attachments=[Attachment(name=document.name, content_type=document.content_type, content=pdf)],
        keypair=office_keypair(),
    )


def dispatch_send(*, dispatch_id: int, gateway=None) -> OutboundDispatch:
    """Send one pending dispatch; store the UPP on the case. Raises ``GatewayError`` if transient.

    The row is locked while sending so two workers never send the same dispatch twice.
    """
    with transaction.atomic():
        dispatch = (
            OutboundDispatch.objects.select_for_update(of=("self",))
            .select_related("case__unit", "document")
            .get(pk=dispatch_id)
        )
        if dispatch.status != Status.PENDING:
            return dispatch
        dispatch.attempts += 1
        try:
            content = build_outbound_xml(dispatch=dispatch)
            gateway = gateway or get_gateway()
            name = f"{dispatch.case.reference}-{dispatch.pk}.xml"
            if dispatch.method == OutboundDispatch.Method.DELIVER:
                result = gateway.deliver(
                    sender=dispatch.sender_mailbox,
                    recipient=dispatch.recipient,
                    file_name=name,
                    content=content,
                    document_id=f"ratusz-{dispatch.pk}",
                    case_reference=dispatch.case.reference,
                )
            else:
                result = gateway.send(
                    sender=dispatch.sender_mailbox, recipient=dispatch.recipient, file_name=name, content=content
                )
        except GatewayError as error:
            dispatch.last_error = str(error)
            final = not error.transient or dispatch.attempts >= settings.EPUAP_SEND_MAX_ATTEMPTS
            dispatch.status = Status.FAILED if final else Status.PENDING
            dispatch.save(update_fields=["attempts", "last_error", "status"])
            if final:
                return dispatch
            pending_error = error
        else:
            pending_error = None
            dispatch.epuap_document_id, dispatch.upp_number = result.document_id, result.upp_id
            dispatch.order_id = result.order_id
            dispatch.status, dispatch.sent_at, dispatch.last_error = Status.SENT, timezone.now(), ""
            if result.upp:
                dispatch.upp = case_services.case_attach_document(
                    case=dispatch.case,
                    actor=None,
                    kind=CaseDocument.Kind.ATTACHMENT,
                    content=result.upp,
                    name=f"UPP-{dispatch.case.reference}-{dispatch.pk}.xml",
                    comment=_("Wysłano przez ePUAP do %(to)s: %(title)s — poświadczenie przedłożenia (UPP)")
                    % {"to": dispatch.recipient, "title": dispatch.title},
                )
            dispatch.save()
    if pending_error is not None:
        raise pending_error
    return dispatch

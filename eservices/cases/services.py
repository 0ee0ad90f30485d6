"""Writes on cases. Every entry point is keyword-only, atomic, locks the case row, records a
``CaseEvent`` and queues the applicant's e-mail on commit (``notifications``).

A refused action raises ``CaseError`` (``workflow``) with a Polish message *before* anything is
written, so the case is left unchanged. Authorisation (who may do it) is the caller's job, with the
``staff_can_*`` selectors; services only check what the domain itself forbids (a clerk from another
unit, a resident answering someone else's case).

``now``/``today`` parameters exist so tests can fix the clock without a time-freezing library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications
from .deadlines import due_date_for, handling_months_for
from .models import Case, CaseCounter, CaseDocument, CaseEvent, CaseWorker, SupplementRequest
from .verification import new_code
from .workflow import FINAL_STATUSES, SUSPENDED_STATUSES, Action, CaseError, Status, next_status

Kind = CaseEvent.Kind
DocKind = CaseDocument.Kind


# --- helpers ----------------------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _copy_back(source: Case, target: Case) -> Case:
    """Let the caller's instance see what the service wrote on the locked copy."""
    if source is not target:
        for f in Case._meta.concrete_fields:
            setattr(target, f.attname, getattr(source, f.attname))
    return target


def _record(
    case: Case,
    *,
    kind: str,
    actor=None,
    comment: str = "",
    internal: bool = False,
    from_applicant: bool = False,
    status_from: str = "",
    status_to: str = "",
    data: dict | None = None,
    now: dt.datetime | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        comment=comment,
        internal=internal,
        from_applicant=from_applicant,
        status_from=status_from,
        status_to=status_to,
        data=data or {},
        created_at=now or timezone.now(),
    )


def _today(today: dt.date | None, now: dt.datetime | None = None) -> dt.date:
    if today is not None:
        return today
    return timezone.localdate(now) if now is not None else timezone.localdate()


def _apply_transition(case: Case, action: str, *, today: dt.date, now: dt.datetime) -> tuple[str, str]:
    """Move ``case`` (locked) by ``action``: status, the stopped clock, ``closed_at``. Not saved."""
    old = case.status
    new = next_status(action, old)
    if new in SUSPENDED_STATUSES and old not in SUSPENDED_STATUSES:
        case.suspended_since = today
    if old in SUSPENDED_STATUSES and new not in SUSPENDED_STATUSES and case.suspended_since:
        case.suspended_days_total += max((today - case.suspended_since).days, 0)
        case.suspended_since = None
        case.due_date = due_date_for(
            start=timezone.localdate(case.received_at),
            months=case.handling_months,
            suspended_days=case.suspended_days_total,
        )
    if new in FINAL_STATUSES:
        case.closed_at = now
    case.status = new
    return old, new


def _upload_limit_mb() -> int:
    return int(getattr(settings, "RATUSZ_CASES_UPLOAD_MAX_MB", 10))


def _allowed_types() -> list[str]:
    return list(getattr(settings, "RATUSZ_CASES_UPLOAD_TYPES", ["pdf", "jpg", "jpeg", "png", "odt", "docx", "txt"]))


def validate_uploads(uploads) -> None:
    """Every file is of an allowed type, its content matches its name, and it is within the limit.

    Raises ``CaseError`` (field ``files``) naming the file, before anything is stored.
    """
    from eservices.forms.validators import validate_upload

    for upload in uploads:
        try:
            validate_upload(upload, allowed=_allowed_types(), max_mb=_upload_limit_mb())
        except ValidationError as error:
            raise CaseError(f"{upload.name}: {error.messages[0]}", field="files") from None


def _store_document(
    case: Case,
    *,
    kind: str,
    name: str,
    content: bytes | None = None,
    upload=None,
    event: CaseEvent | None = None,
    actor=None,
    visible: bool = True,
    content_type: str = "",
) -> CaseDocument:
    if upload is not None:
        digest, size = hashlib.sha256(), 0
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
        upload.seek(0)
        file, sha = upload, digest.hexdigest()
        content_type = content_type or getattr(upload, "content_type", "") or ""
    else:
        file, sha, size = ContentFile(content, name=name), hashlib.sha256(content).hexdigest(), len(content)
    document = CaseDocument(
        case=case,
        event=event,
        kind=kind,
        name=name,
        size=size,
        sha256=sha,
        visible_to_applicant=visible,
        created_by=actor,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    document.file.save(name, file, save=False)
    document.save()
    return document


def _check_worker(case: Case, user) -> None:
    if not CaseWorker.objects.filter(user=user, unit_id=case.unit_id).exists():
        raise CaseError(
            _("%(person)s nie pracuje w jednostce %(unit)s, więc nie może prowadzić tej sprawy.")
            % {"person": user, "unit": case.unit},
            field="clerk",
        )


# --- opening ----------------------------------------------------------------------------------------


def _next_number(*, unit, symbol: str, year: int) -> int:
    """Next gapless number: the counter row is created if missing, then locked until commit."""
    CaseCounter.objects.bulk_create([CaseCounter(unit=unit, symbol=symbol, year=year)], ignore_conflicts=True)
    counter = CaseCounter.objects.select_for_update().get(unit=unit, symbol=symbol, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _unique_code() -> str:
    while True:
        code = new_code()
        if not Case.objects.filter(verification_code=code).exists():
            return code


@transaction.atomic
def case_open(
    *,
    unit,
    title: str,
    applicant_name: str,
    service=None,
    applicant=None,
    applicant_email: str = "",
    applicant_phone: str = "",
    applicant_pesel: str = "",
    applicant_address: str = "",
    answers: dict | None = None,
    form_snapshot: dict | None = None,
    files: dict | None = None,
    channel: str = Case.Channel.WEB,
    submission=None,
    actor=None,
    jrwa_symbol: str = "",
    received_at: dt.datetime | None = None,
) -> Case:
    """Open a case with the next reference ``<unit>.<JRWA>.<number>.<year>`` and status *złożona*.

    ``actor`` is the clerk who registers a counter application on the applicant's behalf (None when the
    applicant submitted it). Queues the receipt (UPO) task on commit: the PDF is stored on the case and
    e-mailed to the applicant.
    """
    received_at = received_at or timezone.now()
    local_day = timezone.localdate(received_at)
    symbol = jrwa_symbol or (service.jrwa_symbol if service is not None else "") or settings.RATUSZ_CASES_DEFAULT_JRWA
    number = _next_number(unit=unit, symbol=symbol, year=local_day.year)
    months = handling_months_for(service)
    case = Case.objects.create(
        reference=f"{unit.code.upper()}.{symbol}.{number}.{local_day.year}",
        unit=unit,
        jrwa_symbol=symbol,
        number=number,
        year=local_day.year,
        service=service,
        title=title[:255],
        submission=submission,
        channel=channel,
        applicant=applicant,
        applicant_name=applicant_name,
        applicant_email=applicant_email,
        applicant_phone=applicant_phone,
        applicant_pesel=applicant_pesel,
        applicant_address=applicant_address,
        answers=answers or {},
        form_snapshot=form_snapshot or {},
        files=files or {},
        created_by=actor,
        received_at=received_at,
        handling_months=months,
        due_date=due_date_for(start=local_day, months=months),
        verification_code=_unique_code(),
    )
    _record(
        case,
        kind=Kind.SUBMITTED,
        actor=actor or applicant,
        from_applicant=actor is None,
        status_to=Status.SUBMITTED,
        now=received_at,
        data={"channel": channel},
    )
    case_pk = case.pk

    def _queue_receipt():
        from .tasks import generate_receipt

        generate_receipt.delay(case_pk)

    # robust: with eager tasks (no Redis) a failing PDF must not fail the resident's request; the
    # case is committed and the receipt can be regenerated.
    transaction.on_commit(_queue_receipt, robust=True)
    return case


def _address_of(user, answers: dict) -> str:
    parts = [f"{user.street} {user.house_number}".strip(), f"{user.postal_code} {user.locality}".strip()]
    return ", ".join(p for p in parts if p)


def case_open_from_submission(*, submission) -> Case:
    """The case of an online submission; called inside the submission's transaction (idempotent).

    The applicant's name, e-mail, PESEL and address are a snapshot: the answers where the form asked
    for them (``imie``, ``nazwisko``, ``email``, ``pesel``), the account's profile otherwise.
    """
    existing = Case.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    user, answers, service = submission.user, submission.answers or {}, submission.service
    name = " ".join(str(answers.get(k, "")).strip() for k in ("imie", "nazwisko")).strip()
    from cms.units.models import OrgUnit

    unit = service.unit or OrgUnit.objects.get(code__iexact=submission.unit_code)
    return case_open(
        unit=unit,
        service=service,
        title=service.title,
        applicant=user,
        applicant_name=name or user.get_full_name() or user.email,
        applicant_email=str(answers.get("email") or user.email),
        applicant_phone=str(answers.get("telefon") or user.phone),
        applicant_pesel=str(answers.get("pesel") or user.pesel),
        applicant_address=_address_of(user, answers),
        answers=answers,
        form_snapshot=submission.form_snapshot,
        files=submission.files,
        submission=submission,
        channel=Case.Channel.WEB,
        received_at=submission.created_at,
    )


@transaction.atomic
def case_receipt_generate(*, case_id: int) -> CaseDocument:
    """Render the receipt (UPO), store it on the case and e-mail it; once per case.

    Idempotent: a retried task finds the document (the case row is locked, and a unique constraint
    allows one receipt per case) and the e-mail's idempotency key ``case:<id>:receipt`` sends it once.
    """
    from .receipts import render_receipt
    from .selectors import receipt_data_for

    case = Case.objects.select_for_update(of=("self",)).select_related("unit", "service").get(pk=case_id)
    document = case.documents.filter(kind=DocKind.RECEIPT).first()
    if document is None:
        pdf = render_receipt(receipt_data_for(case=case))
        document = _store_document(
            case, kind=DocKind.RECEIPT, name=f"UPO-{case.reference}.pdf", content=pdf, content_type="application/pdf"
        )
    else:
        with document.file.open("rb") as handle:
            pdf = handle.read()
    notifications.receipt(case=case, document=document, pdf=pdf)
    return document


# --- staff actions ----------------------------------------------------------------------------------


@transaction.atomic
def case_register(*, case: Case, clerk, actor, comment: str = "", now: dt.datetime | None = None) -> Case:
    """*złożona* → *zarejestrowana*, assigned to ``clerk`` (a worker of the case's unit)."""
    locked = _lock(case)
    _check_worker(locked, clerk)
    now = now or timezone.now()
    old, new = _apply_transition(locked, Action.REGISTER, today=_today(None, now), now=now)
    locked.assigned_to, locked.registered_at = clerk, now
    locked.save()
    event = _record(
        locked,
        kind=Kind.REGISTERED,
        actor=actor,
        comment=comment,
        status_from=old,
        status_to=new,
        now=now,
        data={"assigned_to": clerk.pk, "assigned_name": str(clerk)},
    )
    notifications.status_changed(case=locked, event=event)
    return _copy_back(locked, case)


@transaction.atomic
def case_assign(*, case: Case, clerk, actor, comment: str = "") -> Case:
    """Reassign an open, registered case to another clerk of its unit (no status change)."""
    locked = _lock(case)
    if locked.status == Status.SUBMITTED:
        raise CaseError(_("Sprawę trzeba najpierw zarejestrować."))
    if locked.is_final:
        raise CaseError(_("Sprawa jest zakończona; nie można jej przydzielić."))
    _check_worker(locked, clerk)
    previous = locked.assigned_to_id
    locked.assigned_to = clerk
    locked.save(update_fields=["assigned_to", "updated_at"])
    _record(
        locked,
        kind=Kind.ASSIGNED,
        actor=actor,
        comment=comment,
        data={"assigned_to": clerk.pk, "assigned_name": str(clerk), "previous": previous},
    )
    return _copy_back(locked, case)


@transaction.atomic
def case_start(*, case: Case, actor, comment: str = "") -> Case:
    """*zarejestrowana* → *w toku*."""
    return _simple_transition(case, Action.START, actor=actor, comment=comment)


def _simple_transition(
    case: Case,
    action: str,
    *,
    actor,
    comment: str,
    kind: str = Kind.STATUS,
    from_applicant: bool = False,
    today: dt.date | None = None,
    internal: bool = False,
    data: dict | None = None,
) -> Case:
    locked = _lock(case)
    now = timezone.now()
    old, new = _apply_transition(locked, action, today=_today(today, now), now=now)
    locked.save()
    event = _record(
        locked,
        kind=kind,
        actor=actor,
        comment=comment,
        from_applicant=from_applicant,
        status_from=old,
        status_to=new,
        internal=internal,
        data=data,
    )
    notifications.status_changed(case=locked, event=event)
    return _copy_back(locked, case)


@transaction.atomic
def case_request_supplement(
    *, case: Case, actor, text: str, deadline: dt.date | None = None, today: dt.date | None = None
) -> SupplementRequest:
    """Call the applicant to supply something (KPA art. 64 § 2); the art. 35 clock stops.

    ``deadline`` defaults to 7 days (``RATUSZ_CASES_SUPPLEMENT_DAYS``) and must be after today.
    """
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Napisz, czego brakuje we wniosku."), field="text")
    today = _today(today)
    deadline = deadline or today + dt.timedelta(days=int(getattr(settings, "RATUSZ_CASES_SUPPLEMENT_DAYS", 7)))
    if deadline <= today:
        raise CaseError(_("Termin uzupełnienia musi przypadać po dzisiejszym dniu."), field="deadline")
    locked = _lock(case)
    now = timezone.now()
    old, new = _apply_transition(locked, Action.REQUEST_SUPPLEMENT, today=today, now=now)
    locked.save()
    event = _record(
        locked,
        kind=Kind.SUPPLEMENT_REQUESTED,
        actor=actor,
        comment=text,
        status_from=old,
        status_to=new,
        data={"deadline": deadline.isoformat()},
    )
    request = SupplementRequest.objects.create(
        case=locked, event=event, text=text, deadline=deadline, requested_by=actor
    )
    notifications.supplement_requested(case=locked, event=event, request=request)
    _copy_back(locked, case)
    return request


@transaction.atomic
def case_resume(*, case: Case, actor, comment: str = "", today: dt.date | None = None) -> Case:
    """The clerk resumes a case awaiting a supplement without one (the request is closed)."""
    locked = _lock(case)
    result = _simple_transition(locked, Action.RESUME, actor=actor, comment=comment, today=today)
    SupplementRequest.objects.filter(case=locked, answered_at__isnull=True, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    return _copy_back(result, case)


@transaction.atomic
def case_add_note(*, case: Case, actor, text: str) -> CaseEvent:
    """An internal note: in the timeline for staff, never shown or sent to the applicant."""
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Notatka nie może być pusta."), field="text")
    return _record(_lock(case), kind=Kind.NOTE, actor=actor, comment=text, internal=True)


@transaction.atomic
def case_message_to_applicant(*, case: Case, actor, text: str, uploads=()) -> CaseEvent:
    """A message from the office to the applicant, with attachments; e-mailed to the applicant."""
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Wiadomość nie może być pusta."), field="text")
    validate_uploads(uploads)
    locked = _lock(case)
    if locked.anonymised_at:
        raise CaseError(_("Sprawa została zanonimizowana."))
    event = _record(locked, kind=Kind.MESSAGE, actor=actor, comment=text)
    for upload in uploads:
        _store_document(locked, kind=DocKind.ATTACHMENT, name=upload.name, upload=upload, event=event, actor=actor)
    notifications.message_to_applicant(case=locked, event=event)
    return event


def _check_applicant(case: Case, user) -> None:
    if case.applicant_id is None or case.applicant_id != user.pk:
        raise CaseError(_("To nie jest Twoja sprawa."))


@transaction.atomic
def case_message_from_applicant(*, case: Case, user, text: str, uploads=()) -> CaseEvent:
    """A message from the applicant to the clerk, with attachments; not in a closed case."""
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Wiadomość nie może być pusta."), field="text")
    validate_uploads(uploads)
    locked = _lock(case)
    _check_applicant(locked, user)
    if locked.is_final:
        raise CaseError(_("Sprawa jest zakończona; napisz do urzędu w nowym wniosku lub zadzwoń."))
    event = _record(locked, kind=Kind.MESSAGE, actor=user, comment=text, from_applicant=True)
    for upload in uploads:
        _store_document(locked, kind=DocKind.ATTACHMENT, name=upload.name, upload=upload, event=event, actor=user)
    notifications.message_to_clerk(case=locked, event=event)
    return event


@transaction.atomic
def case_supplement_reply(*, case: Case, user, text: str, uploads=(), today: dt.date | None = None) -> CaseEvent:
    """The applicant supplies what was asked for: *oczekuje na uzupełnienie* → *w toku*, clock resumes.

    Refused (case unchanged) when there is no open request or its deadline has passed.
    """
    text = (text or "").strip()
    today = _today(today)
    locked = _lock(case)
    _check_applicant(locked, user)
    request = locked.supplement_requests.filter(answered_at__isnull=True, closed_at__isnull=True).first()
    if request is None or locked.status != Status.AWAITING_SUPPLEMENT:
        raise CaseError(_("W tej sprawie urząd nie czeka na uzupełnienie."))
    if today > request.deadline:
        raise CaseError(
            _("Termin uzupełnienia minął %(date)s. Skontaktuj się z urzędem, który prowadzi sprawę.")
            % {"date": request.deadline.strftime("%d.%m.%Y")}
        )
    if not text and not uploads:
        raise CaseError(_("Napisz odpowiedź albo dołącz plik."), field="text")
    validate_uploads(uploads)
    now = timezone.now()
    old, new = _apply_transition(locked, Action.RECEIVE_SUPPLEMENT, today=today, now=now)
    locked.save()
    event = _record(
        locked,
        kind=Kind.SUPPLEMENT_RECEIVED,
        actor=user,
        comment=text,
        from_applicant=True,
        status_from=old,
        status_to=new,
        data={"request": request.pk},
    )
    for upload in uploads:
        _store_document(locked, kind=DocKind.SUPPLEMENT, name=upload.name, upload=upload, event=event, actor=user)
    request.answered_at, request.answer_event = now, event
    request.save(update_fields=["answered_at", "answer_event"])
    notifications.supplement_received(case=locked, event=event)
    _copy_back(locked, case)
    return event


@transaction.atomic
def case_attach_document(
    *,
    case: Case,
    actor,
    kind: str = DocKind.ATTACHMENT,
    upload=None,
    content: bytes | None = None,
    name: str = "",
    visible_to_applicant: bool = True,
    comment: str = "",
) -> CaseDocument:
    """Add a document (uploaded file or generated bytes) to the case, with a timeline entry."""
    if upload is None and content is None:
        raise CaseError(_("Wybierz plik."), field="file")
    if upload is not None:
        validate_uploads([upload])
    locked = _lock(case)
    if locked.anonymised_at:
        raise CaseError(_("Sprawa została zanonimizowana."))
    name = name or (upload.name if upload is not None else "dokument.pdf")
    event = _record(locked, kind=Kind.DOCUMENT, actor=actor, comment=comment or name, internal=not visible_to_applicant)
    return _store_document(
        locked,
        kind=kind,
        name=name,
        upload=upload,
        content=content,
        event=event,
        actor=actor,
        visible=visible_to_applicant,
    )


@transaction.atomic
def case_generate_letter(
    *,
    case: Case,
    actor,
    title: str,
    body: str,
    kind: str = DocKind.DECISION,
    signer_name: str = "",
    signer_title: str = "",
    today: dt.date | None = None,
) -> CaseDocument:
    """Render a decision or reply letter (``render_letter``) and attach it (visible to the applicant)."""
    from .receipts import render_letter
    from .selectors import letter_data_for

    if not (title or "").strip() or not (body or "").strip():
        raise CaseError(_("Pismo musi mieć tytuł i treść."), field="body")
    data = letter_data_for(
        case=case,
        title=title,
        body=body,
        signer_name=signer_name or str(actor),
        signer_title=signer_title,
        today=_today(today),
    )
    pdf = render_letter(data)
    slug = "decyzja" if kind == DocKind.DECISION else "pismo"
    return case_attach_document(
        case=case, actor=actor, kind=kind, content=pdf, name=f"{slug}-{case.reference}.pdf", comment=title
    )


@transaction.atomic
def case_decide(*, case: Case, actor, comment: str = "", document: CaseDocument | None = None, upload=None) -> Case:
    """Close the case as *załatwiona*; a decision or reply document is required.

    Give an uploaded file (``upload``), or a document already on the case (``document``, e.g. from
    :func:`case_generate_letter`), which is made visible to the applicant.
    """
    locked = _lock(case)
    next_status(Action.DECIDE, locked.status)  # a final case refuses before any file is stored
    if document is None and upload is None:
        raise CaseError(
            _("Aby załatwić sprawę, dołącz decyzję lub odpowiedź (plik albo wygenerowane pismo)."), field="file"
        )
    if document is not None and document.case_id != locked.pk:
        raise CaseError(_("Ten dokument należy do innej sprawy."), field="file")
    if document is not None and document.kind not in (DocKind.DECISION, DocKind.REPLY):
        raise CaseError(_("Wybierz dokument rodzaju „decyzja” lub „odpowiedź”."), field="file")
    if upload is not None:
        document = case_attach_document(case=locked, actor=actor, kind=DocKind.DECISION, upload=upload)
    now = timezone.now()
    old, new = _apply_transition(locked, Action.DECIDE, today=_today(None, now), now=now)
    locked.save()
    event = _record(
        locked,
        kind=Kind.DECISION,
        actor=actor,
        comment=comment,
        status_from=old,
        status_to=new,
        data={"document": document.pk, "document_name": document.name},
    )
    notifications.status_changed(case=locked, event=event)
    return _copy_back(locked, case)


@transaction.atomic
def case_refuse(*, case: Case, actor, comment: str, document: CaseDocument | None = None) -> Case:
    """*odmowa*: the reason is required (it is shown to the applicant)."""
    if not (comment or "").strip():
        raise CaseError(_("Podaj uzasadnienie odmowy."), field="comment")
    data = {"document": document.pk, "document_name": document.name} if document is not None else None
    return _simple_transition(case, Action.REFUSE, actor=actor, comment=comment, kind=Kind.DECISION, data=data)


@transaction.atomic
def case_leave_unexamined(*, case: Case, actor, comment: str) -> Case:
    """*pozostawiona bez rozpatrzenia* (KPA art. 64 § 2); the reason is required."""
    if not (comment or "").strip():
        raise CaseError(_("Podaj powód pozostawienia wniosku bez rozpatrzenia."), field="comment")
    result = _simple_transition(case, Action.LEAVE_UNEXAMINED, actor=actor, comment=comment, kind=Kind.DECISION)
    SupplementRequest.objects.filter(case_id=case.pk, answered_at__isnull=True, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    return result


@transaction.atomic
def case_withdraw(*, case: Case, user, comment: str = "") -> Case:
    """The applicant withdraws the application (KPA art. 105 § 1); not from a final status."""
    locked = _lock(case)
    _check_applicant(locked, user)
    result = _simple_transition(
        locked, Action.WITHDRAW, actor=user, comment=comment, kind=Kind.WITHDRAWN, from_applicant=True
    )
    SupplementRequest.objects.filter(case=locked, answered_at__isnull=True, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    return _copy_back(result, case)


@transaction.atomic
def case_route(*, case: Case, actor, unit, comment: str = "") -> Case:
    """The secretary sends the case to ``unit``; it returns to *złożona* there, unassigned.

    The reference stays: the applicant's receipt names it (the new unit's register keeps the link).
    """
    locked = _lock(case)
    if unit.pk == locked.unit_id:
        raise CaseError(_("Sprawa jest już w tej jednostce."), field="unit")
    previous = locked.unit
    old, new = _apply_transition(locked, Action.ROUTE, today=timezone.localdate(), now=timezone.now())
    locked.unit, locked.assigned_to, locked.registered_at = unit, None, None
    locked.save()
    _record(
        locked,
        kind=Kind.ROUTED,
        actor=actor,
        comment=comment,
        status_from=old,
        status_to=new,
        data={"from_unit": previous.pk, "from_name": str(previous), "to_unit": unit.pk, "to_name": str(unit)},
    )
    return _copy_back(locked, case)


@transaction.atomic
def case_register_counter(
    *,
    unit,
    service,
    actor,
    applicant_name: str,
    applicant=None,
    applicant_email: str = "",
    applicant_phone: str = "",
    applicant_pesel: str = "",
    applicant_address: str = "",
    title: str = "",
    answers: dict | None = None,
    uploads=(),
) -> Case:
    """A clerk registers an application brought on paper (or received by ePUAP) for a resident."""
    if not (applicant_name or "").strip():
        raise CaseError(_("Podaj imię i nazwisko wnioskodawcy."), field="applicant_name")
    if service is None and not (title or "").strip():
        raise CaseError(_("Wybierz usługę albo wpisz tytuł sprawy."), field="title")
    validate_uploads(uploads)
    case = case_open(
        unit=unit,
        service=service,
        title=title or service.title,
        applicant=applicant,
        applicant_name=applicant_name,
        applicant_email=applicant_email,
        applicant_phone=applicant_phone,
        applicant_pesel=applicant_pesel,
        applicant_address=applicant_address,
        answers=answers,
        channel=Case.Channel.COUNTER,
        actor=actor,
    )
    for upload in uploads:
        document = _store_document(case, kind=DocKind.ATTACHMENT, name=upload.name, upload=upload, actor=actor)
        case.files[f"skan-{document.pk}"] = {
            "document": document.pk,
            "name": document.name,
            "size": document.size,
            "sha256": document.sha256,
        }
    if uploads:
        case.save(update_fields=["files", "updated_at"])
    return case

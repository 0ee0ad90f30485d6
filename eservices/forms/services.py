"""Writes of application forms: drafts saved step by step, resume links, the final submission, cleanup."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .fields import data_from_answers, step_form, steps_of
from .models import ApplicationForm, Draft, Submission

logger = logging.getLogger(__name__)

RESUME_SALT = "eforms.resume-link"
STORAGE_PREFIX = "eforms/"
ORPHAN_MIN_AGE = dt.timedelta(days=1)


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=getattr(settings, "RATUSZ_DRAFT_DAYS", 30))


def draft_get_or_start(*, user, form: ApplicationForm) -> tuple[Draft, bool]:
    """The person's draft of ``form``; an expired one is discarded. Returns ``(draft, expired)``."""
    draft = Draft.objects.filter(user=user, form=form).first()
    expired = False
    if draft is not None and draft.is_expired:
        draft_discard(draft=draft)
        draft, expired = None, True
    if draft is None:
        draft = Draft.objects.create(user=user, form=form, expires_at=_expiry())
    return draft, expired


def draft_discard(*, draft: Draft) -> None:
    for meta in draft.files.values():
        _delete_stored(meta)
    draft.delete()


def _delete_stored(meta: dict | list) -> None:
    """Delete a field's stored file(s): one meta dict, or a list of them (``max_files`` > 1)."""
    for one in meta if isinstance(meta, list) else [meta]:
        default_storage.delete(one["path"])


def _store_upload(*, draft: Draft, name: str, upload) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    path = default_storage.save(f"eforms/{draft.submission_token}/{name}/{upload.name}", upload)
    return {"path": path, "name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def draft_save_step(*, draft: Draft, step_number: int, step_names: list[str], answers: dict, uploads: dict,
                    total_steps: int) -> Draft:  # fmt: skip
    """Replace the step's answers (fields hidden now are dropped), keep files, move on, extend expiry."""
    for name in step_names:
        draft.answers.pop(name, None)
    draft.answers.update(answers)
    for name, upload in uploads.items():
        old = draft.files.get(name)
        if old:
            _delete_stored(old)  # a new choice replaces the field's whole set
        if isinstance(upload, list):
            draft.files[name] = [_store_upload(draft=draft, name=name, upload=one) for one in upload]
        else:
            draft.files[name] = _store_upload(draft=draft, name=name, upload=upload)
    draft.current_step = min(max(draft.current_step, step_number + 1), total_steps + 1)
    draft.expires_at = _expiry()
    draft.save()
    return draft


def draft_save_partial(*, draft: Draft, answers: dict) -> None:
    """Keep what the person typed even when the step did not validate (nothing is lost)."""
    draft.answers.update({k: v for k, v in answers.items() if v not in (None, "")})
    draft.expires_at = _expiry()
    draft.save(update_fields=["answers", "expires_at", "updated_at"])


def draft_final_answers(*, definition: dict, draft: Draft) -> tuple[dict, dict, int | None]:
    """Re-check every step with the stored answers: ``(answers, files, first_invalid_step)``.

    Only the fields shown under the final answers are kept, so a field hidden by a later change of an
    earlier answer is not submitted.
    """
    answers, files = {}, {}
    for step in steps_of(definition):
        form = step_form(step, known=answers, draft_files=draft.files, data=data_from_answers(step, draft.answers))
        if not form.is_valid():
            return answers, files, step.number
        answers.update(form.answers())
        for item in form.visible:
            name = item["value"]["name"]
            if item["type"] == "file" and name in form.shown_names() and name in draft.files:
                files[name] = draft.files[name]
    return answers, files, None


def _lock_numbering(*, unit_code: str, year: int) -> None:
    """Serialise numbering per (unit, year) on PostgreSQL until the transaction ends.

    ``MAX(number) + 1`` alone races: two transactions read the same maximum, one insert then waits for
    the other on the unique index and fails. The advisory lock makes the second one read the maximum
    only after the first has committed. (A locked per-(unit, year) counter row would do the same and
    is the plan once the cases module owns numbering.) SQLite serialises writers by itself.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"eforms.number:{unit_code}:{year}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])


def _next_number(*, unit_code: str, year: int) -> int:
    last = Submission.objects.filter(unit_code=unit_code, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def submission_create(*, user, token: str, definition: dict, answers: dict, files: dict) -> Submission:
    """Submit the draft with ``token`` once; a second call (a double click) returns the first submission.

    The draft row is locked and deleted in the same transaction as the submission is created, so two
    concurrent requests cannot both find it.
    """
    draft = (
        Draft.objects.select_for_update(of=("self",))  # lock the draft only; the joined rows may be NULL
        .filter(submission_token=token, user=user)
        .select_related("form__service__unit")
        .first()
    )
    if draft is None:
        return Submission.objects.get(token=token, user=user)
    service = draft.form.service
    unit_code = (service.unit.code if service.unit else "UG").upper()
    year = timezone.localdate().year
    _lock_numbering(unit_code=unit_code, year=year)
    for _attempt in range(3):
        number = _next_number(unit_code=unit_code, year=year)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    user=user, service=service, form=draft.form, answers=answers, files=files,
                    form_snapshot=definition, unit_code=unit_code, year=year, number=number,
                    reference=f"{unit_code}-WN-{number}/{year}", token=token,
                )  # fmt: skip
            break
        except IntegrityError:
            if Submission.objects.filter(token=token).exists():
                return Submission.objects.get(token=token, user=user)
    else:
        raise IntegrityError("no free submission number")
    # The cases module takes the submission over in the same transaction: no submission without a case.
    from eservices.cases.services import case_open_from_submission

    case_open_from_submission(submission=submission)
    draft.delete()  # the files stay: the submission refers to them
    return submission


# --- resume link ("Zapisz i dokończ później") ---------------------------------------------------------


class ResumeLinkError(Exception):
    """A resume link that cannot be used; ``str()`` is the Polish message for the resident."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def _resume_max_age() -> int:
    return int(getattr(settings, "RATUSZ_DRAFT_DAYS", 30)) * 24 * 3600


def resume_token_make(*, draft: Draft) -> str:
    """A signed, timestamped token carrying the draft id (``TimestampSigner``, salted)."""
    return signing.TimestampSigner(salt=RESUME_SALT).sign(str(draft.pk))


def draft_from_resume_token(*, token: str, user) -> Draft:
    """The signed-in person's live draft named by ``token``; :class:`ResumeLinkError` otherwise.

    The link is valid as long as the draft is: the signature for at most ``RATUSZ_DRAFT_DAYS`` days,
    and the draft itself until its ``expires_at`` (extended by every save). Nothing is written here.
    """
    try:
        draft_id = signing.TimestampSigner(salt=RESUME_SALT).unsign(token, max_age=_resume_max_age())
    except signing.SignatureExpired:
        raise ResumeLinkError(_("Ten link wygasł. Wniosek roboczy nie był zmieniany zbyt długo.")) from None
    except signing.BadSignature:
        raise ResumeLinkError(
            _("Ten link jest nieprawidłowy. Sprawdź, czy skopiowano go w całości z wiadomości e-mail.")
        ) from None
    draft = Draft.objects.filter(pk=draft_id).select_related("form__service").first()
    if draft is None:
        raise ResumeLinkError(_("Tego wniosku roboczego już nie ma: wygasł, został usunięty albo wysłany."), status=404)
    if draft.user_id != user.pk:
        raise ResumeLinkError(
            _("Ten link prowadzi do wniosku innej osoby. Zaloguj się na konto, na które wysłaliśmy link."),
            status=403,
        )
    if draft.is_expired:
        raise ResumeLinkError(_("Ten link wygasł razem z wnioskiem roboczym. Wypełnij formularz od nowa."))
    return draft


def resume_link_request(*, draft: Draft, link_for) -> str:
    """Queue the e-mail with the resume link after the surrounding transaction commits.

    ``link_for(token)`` turns the signed token into an absolute address (the view knows the host).
    Returns the address the e-mail goes to, for the confirmation.
    """
    from .tasks import send_resume_link

    link = link_for(resume_token_make(draft=draft))
    draft_id = draft.pk
    # robust: a broker or (eager mode) mail-server failure is logged and must not turn the saved draft
    # into an error page; the resident still has the draft on /konto/ and can ask again.
    transaction.on_commit(lambda: send_resume_link.delay(draft_id=draft_id, link=link), robust=True)
    return draft.user.email


def resume_link_send(*, draft_id: int, link: str) -> bool:
    """Send the resume e-mail (Polish). ``False`` when the draft is gone; mail errors propagate (retry)."""
    draft = Draft.objects.filter(pk=draft_id).select_related("user", "form").first()
    if draft is None or not draft.user.email:
        logger.info("resume link for draft %s not sent: the draft or the address is gone", draft_id)
        return False
    context = {"draft": draft, "link": link, "form_title": draft.form.title,
               "expires": timezone.localtime(draft.expires_at)}  # fmt: skip
    subject = "".join(render_to_string("eforms/email/resume_link_subject.txt", context).splitlines())
    body = render_to_string("eforms/email/resume_link_body.txt", context)
    send_mail(subject, body, None, [draft.user.email])
    return True


# --- cleanup (Celery beat, daily) ----------------------------------------------------------------------


def _paths_in(value) -> Iterable[str]:
    """Every ``path`` in a ``files`` JSON, whatever its shape (one file per field or a list)."""
    if isinstance(value, dict):
        if isinstance(value.get("path"), str):
            yield value["path"]
        for item in value.values():
            if isinstance(item, dict | list):
                yield from _paths_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _paths_in(item)


def _walk(prefix: str) -> Iterable[str]:
    try:
        directories, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix}{name}"
    for name in directories:
        yield from _walk(f"{prefix}{name}/")


def _remove_empty_directories(prefix: str) -> None:
    """FileSystemStorage leaves a directory per draft behind; other storages have no directories."""
    try:
        root = default_storage.path(prefix.rstrip("/"))
    except NotImplementedError:
        return
    for directory, _dirs, _files in sorted(os.walk(root), key=lambda row: -len(row[0])):
        if directory != root and not os.listdir(directory):
            os.rmdir(directory)


def drafts_cleanup(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete expired drafts with their files, then files under ``eforms/`` nobody refers to.

    An unreferenced file younger than a day is kept: it may be an upload whose draft is being saved
    right now. Safe to run twice (the second run finds nothing). Returns the counts it logs.
    """
    now = now or timezone.now()
    drafts = files = 0
    expired = Draft.objects.filter(expires_at__lte=now)
    while rows := list(expired.values_list("pk", "files")[:500]):
        for _pk, meta in rows:
            for path in _paths_in(meta):
                if default_storage.exists(path):
                    default_storage.delete(path)
                    files += 1
        deleted = Draft.objects.filter(pk__in=[pk for pk, _meta in rows], expires_at__lte=now).delete()[1]
        drafts += deleted.get(Draft._meta.label, 0)
    referenced = set()
    for model in (Draft, Submission):
        for meta in model.objects.values_list("files", flat=True).iterator(chunk_size=1000):
            referenced.update(_paths_in(meta))
    orphans = 0
    for path in _walk(STORAGE_PREFIX):
        if path in referenced:
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except (NotImplementedError, FileNotFoundError):
            continue
        if now - modified >= ORPHAN_MIN_AGE:
            default_storage.delete(path)
            orphans += 1
    _remove_empty_directories(STORAGE_PREFIX)
    counts = {"drafts": drafts, "draft_files": files, "orphan_files": orphans}
    logger.info("eforms cleanup: %(drafts)d expired drafts, %(draft_files)d of their files, "
                "%(orphan_files)d orphaned files deleted", counts)  # fmt: skip
    return counts

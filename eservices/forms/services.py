"""Writes of application forms: drafts saved step by step and the final submission."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .fields import data_from_answers, step_form, steps_of
from .models import ApplicationForm, Draft, Submission


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
        default_storage.delete(meta["path"])
    draft.delete()


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
            default_storage.delete(old["path"])
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
    draft.delete()  # the files stay: the submission refers to them
    return submission

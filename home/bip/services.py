"""Writes of the BIP module: recording a publication in the change register."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import BipChangeRecord


def person_name(user) -> str:
    """How a person is named in the metryczka: full name, else e-mail (``User.__str__``)."""
    return str(user) if user is not None else ""


@transaction.atomic
def bip_record_publication(*, page, revision, user) -> BipChangeRecord:
    """Append the publication of ``revision`` of ``page`` to the change register.

    ``page`` is the published specific page (its fields are the revision's content, so
    ``bip_change_note`` is the note typed for this version); ``user`` is the person who made the
    change (see ``receivers``). Idempotent per revision: a second call for the same revision returns
    the existing entry and changes nothing, also when two processes race (the unique ``revision_id``
    decides, the loser reads the winner's row).
    """
    existing = BipChangeRecord.objects.filter(revision_id=revision.pk).first()
    if existing is not None:
        return existing
    record = BipChangeRecord(
        page_id=page.pk,
        page_ref=page.pk,
        page_title=page.title[:255],
        revision_id=revision.pk,
        published_at=page.last_published_at or timezone.now(),
        user_name=person_name(user)[:255],
        change_note=(getattr(page, "bip_change_note", "") or "").strip()[:300],
        in_bip=bool(getattr(page, "in_bip", False)),
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        return BipChangeRecord.objects.get(revision_id=revision.pk)
    return record

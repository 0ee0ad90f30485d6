"""Writes of the outbox: queue a message, deliver it once, re-enqueue what was lost.

Delivery is at least once towards the gateway and exactly once in our records: a message is claimed
(``queued`` → ``sending``) under a row lock in a short transaction, sent with no transaction open,
then marked ``sent``. A second task for the same row (a Celery redelivery, a flush) finds it
``sending`` or ``sent`` and does nothing. Only a worker killed after the gateway accepted the
message but before ``sent`` was written can send it twice; the stable Message-ID header makes mail
clients show such a duplicate once, and for SMS the gateway itself refuses the repeated ``idx``
(SMSAPI's ``check_idx``, see ``backends/smsapi.py``). A ``PermanentDeliveryError`` (an invalid number)
fails the message at once; every other error is retried with exponential backoff.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .backends import PermanentDeliveryError, get_backend
from .models import OutboundMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first try and 5 retries
RETRY_BASE_SECONDS = 60  # 1, 2, 4, 8, 16 minutes between tries: about half an hour in all
FLUSH_AFTER = timedelta(minutes=2)  # a queued message this much past due has lost its task
SENDING_STALE_AFTER = timedelta(minutes=15)  # well past the task's hard time limit: its worker died
FLUSH_BATCH = 500
# A Polish number in E.164: +48 and nine digits. SMS to other countries is not offered.
SMS_NUMBER_RE = re.compile(r"\+48[0-9]{9}")


class DeliveryFailed(Exception):
    """The backend did not accept the message; ``retry_in`` seconds until the next try, or ``None``
    when the message has used up its attempts and is now ``failed``."""

    def __init__(self, message: str, *, retry_in: int | None):
        super().__init__(message)
        self.retry_in = retry_in


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    key: str,
    html: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    topic: str = "",
) -> OutboundMessage:
    """Put an e-mail in the outbox; it is sent after the caller's transaction commits.

    ``key`` makes the call idempotent: if a message with this key exists it is returned unchanged and
    nothing new is sent. ``attachments`` are ``(file name, bytes, MIME type)`` triples, stored in the
    default storage under ``messaging/<id>/``. A bad address raises ``ValidationError`` and writes nothing.
    """
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError(_("Nieprawidłowy adres e-mail odbiorcy: „%(to)s”.") % {"to": to}) from None
    return _queue(
        channel=OutboundMessage.Channel.EMAIL,
        recipient=to,
        subject=subject,
        body=body,
        html=html or "",
        key=key,
        attachments=attachments or [],
        topic=topic,
    )


def queue_sms(*, to: str, body: str, key: str, topic: str = "") -> OutboundMessage:
    """Put an SMS in the outbox; it is sent after the caller's transaction commits.

    ``to`` must be a Polish number in E.164 form (``+48`` and nine digits, e.g. ``+48601234567``);
    anything else raises ``ValidationError`` and writes nothing. ``body`` is sent as given: shortening
    or transliterating it (GSM-7) is the caller's business. ``key`` makes the call idempotent exactly
    as for ``queue_email``: a second call with the same key returns the first message unchanged.
    """
    to = (to or "").strip()
    if not SMS_NUMBER_RE.fullmatch(to):
        raise ValidationError(
            _("Nieprawidłowy numer telefonu odbiorcy: „%(to)s”. Podaj numer w formacie +48 i 9 cyfr.") % {"to": to}
        )
    if not (body or "").strip():
        raise ValidationError(_("Treść SMS nie może być pusta."))
    return _queue(
        channel=OutboundMessage.Channel.SMS,
        recipient=to,
        subject="",
        body=body,
        html="",
        key=key,
        attachments=[],
        topic=topic,
    )


def _queue(*, channel, recipient, subject, body, html, key, attachments, topic) -> OutboundMessage:
    if not key:
        raise ValueError("queue_email/queue_sms need an idempotency key")
    existing = OutboundMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                channel=channel,
                recipient=recipient,
                subject=subject[:255],
                body=body,
                html=html,
                key=key,
                topic=topic,
                next_attempt_at=timezone.now(),
            )
            if attachments:
                message.attachments = [_store_attachment(message, *item) for item in attachments]
                message.save(update_fields=["attachments"])
    except IntegrityError:
        # Another transaction queued the same key between our look-up and insert.
        return OutboundMessage.objects.get(key=key)
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _store_attachment(message: OutboundMessage, name: str, content: bytes, mimetype: str) -> dict:
    name = PurePath(name).name or "zalacznik"
    path = default_storage.save(f"messaging/{message.pk}/{get_valid_filename(name)}", ContentFile(content))
    return {"name": name, "mimetype": mimetype or "application/octet-stream", "path": path, "size": len(content)}


def _enqueue(message_id: int) -> None:
    from .tasks import send_message

    send_message.delay(message_id)


def message_send(*, message_id: int) -> bool:
    """Deliver one message if it still needs delivering; ``True`` when this call sent it.

    Raises ``DeliveryFailed`` when the backend refused; the row then holds the error, one more attempt
    and either ``queued`` with the time of the next try or, after ``MAX_ATTEMPTS``, ``failed``.
    """
    now = timezone.now()
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or not _claimable(message, now):
            return False
        message.status = OutboundMessage.Status.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        message.save(update_fields=["status", "attempts", "last_attempt_at"])

    try:
        get_backend(message.channel).send(message)
    except Exception as exc:  # noqa: BLE001 - any gateway error is recorded on the row and retried
        permanent = isinstance(exc, PermanentDeliveryError)
        _record_failure(message, exc, permanent=permanent)
        raise DeliveryFailed(str(exc), retry_in=None if permanent else _retry_in(message)) from exc

    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.SENT, sent_at=timezone.now())
    return True


def _claimable(message: OutboundMessage, now) -> bool:
    if message.status == OutboundMessage.Status.QUEUED:
        return True
    # A row left ``sending`` long past the task's time limit belongs to a worker that died.
    return (
        message.status == OutboundMessage.Status.SENDING
        and message.last_attempt_at is not None
        and message.last_attempt_at < now - SENDING_STALE_AFTER
    )


def _retry_in(message: OutboundMessage) -> int | None:
    if message.attempts >= MAX_ATTEMPTS:
        return None
    return RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)


def _record_failure(message: OutboundMessage, exc: Exception, *, permanent: bool = False) -> None:
    retry_in = None if permanent else _retry_in(message)
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if retry_in is None:
        status, next_attempt_at = OutboundMessage.Status.FAILED, None
        logger.error(
            "Message %s failed for good after %s attempt(s)%s: %s",
            message.pk,
            message.attempts,
            " (refused by the gateway)" if permanent else "",
            error,
        )
    else:
        status, next_attempt_at = OutboundMessage.Status.QUEUED, timezone.now() + timedelta(seconds=retry_in)
        logger.warning(
            "Message %s not sent (attempt %s), retry in %ss: %s", message.pk, message.attempts, retry_in, error
        )
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=status, next_attempt_at=next_attempt_at, last_error=error
    )
    message.status, message.next_attempt_at, message.last_error = status, next_attempt_at, error


def outbox_flush(*, limit: int = FLUSH_BATCH) -> int:
    """Re-enqueue messages whose task was lost; returns how many.

    A message still ``queued`` ``FLUSH_AFTER`` past its due time had its enqueue lost (the broker was
    down at commit, or a worker crashed); one left ``sending`` past ``SENDING_STALE_AFTER`` belongs to a
    dead worker. Each is pushed back with a fresh due time, so a backed-up queue is not flooded with
    copies every minute; a duplicate task is harmless anyway (see ``message_send``).
    """
    now = timezone.now()
    due = Q(status=OutboundMessage.Status.QUEUED, next_attempt_at__lt=now - FLUSH_AFTER) | Q(
        status=OutboundMessage.Status.SENDING, last_attempt_at__lt=now - SENDING_STALE_AFTER
    )
    ids = list(OutboundMessage.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    OutboundMessage.objects.filter(pk__in=ids, status=OutboundMessage.Status.QUEUED).update(next_attempt_at=now)
    for message_id in ids:
        _enqueue(message_id)
    return len(ids)

"""Celery tasks of the crisis broadcast: thin wrappers of ``crisis.services.broadcast``.

``broadcast_start`` → ``fan_out`` (re-enqueues itself every ``FAN_OUT_CHUNKS_PER_TASK`` chunks, so
no task runs for long) → ``send_batch`` per batch of delivery ids. All are ``acks_late``: a task
lost with its worker comes back from the broker, and ``start_due_broadcasts`` (beat, every minute)
starts scheduled alerts and repairs broadcasts whose worker died (``broadcast_recover``). Every task
is idempotent (claims, the fan-out cursor), so running one twice costs time, never a message.
"""

import logging

from celery import shared_task
from django.db import transaction

from .services import broadcast as service

logger = logging.getLogger(__name__)

FAN_OUT_CHUNKS_PER_TASK = 500  # 1,000,000 recipients; the continuation would wait behind every send task
SEND_SOFT_TIME_LIMIT = 90
SEND_TIME_LIMIT = 120  # keep RATUSZ_CRISIS_STALE_SENDING_SECONDS well above this


@shared_task(name="crisis.broadcast_start", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def broadcast_start(alert_id: int) -> None:
    """Start (or resume) the broadcast of an approved alert whose time has come."""
    broadcast = service.broadcast_start(alert_id=alert_id)
    if broadcast is not None:
        transaction.on_commit(lambda: fan_out.delay(broadcast.pk))


@shared_task(name="crisis.fan_out", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def fan_out(broadcast_id: int) -> None:
    """Create deliveries chunk by chunk and enqueue their send batches as each chunk commits."""
    for _ in range(FAN_OUT_CHUNKS_PER_TASK):
        batches = service.fan_out_chunk(broadcast_id=broadcast_id)
        if batches is None:
            break
        enqueue(batches)
    else:
        fan_out.delay(broadcast_id)
        return
    from crisis.models import Broadcast

    alert_id = Broadcast.objects.filter(pk=broadcast_id).values_list("alert_id", flat=True).first()
    if alert_id:
        service.maybe_finish(alert_id=alert_id)  # an alert with no recipients (website only) ends here


def enqueue(batches: list[tuple[str, list[int]]], *, countdown: float | None = None) -> None:
    for channel, ids in batches:
        send_batch.apply_async(args=[channel, ids], countdown=countdown)


@shared_task(
    bind=True,
    name="crisis.send_batch",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SEND_SOFT_TIME_LIMIT,
    time_limit=SEND_TIME_LIMIT,
    ignore_result=True,
)
def send_batch(self, channel: str, delivery_ids: list[int]) -> int:
    """Hand one batch to its gateway; deliveries that hit a transient error come back after a backoff.

    The attempt count and the backoff live on the rows, so the re-enqueued task is a fresh one;
    run eagerly (tests, no broker) the retry is left to the beat task instead of blocking.
    """
    outcome = service.send_batch(channel=channel, delivery_ids=delivery_ids)
    if outcome.retry_ids and not self.request.is_eager:
        send_batch.apply_async(args=[channel, outcome.retry_ids], countdown=outcome.retry_in)
    return outcome.sent


@shared_task(name="crisis.start_due_broadcasts", ignore_result=True)
def start_due_broadcasts() -> None:
    """Every minute (beat): start scheduled alerts whose time has come; recover stalled broadcasts."""
    for alert_id in service.due_alert_ids():
        broadcast_start.delay(alert_id)
    for broadcast in service.broadcasts_to_recover():
        resume(broadcast, force=False)


def resume(broadcast, *, force: bool, stale_seconds: float | None = None):
    """Recover one broadcast and enqueue what it needs (used by the beat task and ``broadcast_resume``)."""
    recovery = service.broadcast_recover(broadcast=broadcast, stale_seconds=stale_seconds, force=force)
    if recovery.fan_out:
        fan_out.delay(broadcast.pk)
    enqueue(recovery.batches)
    if not recovery.fan_out and not recovery.batches:
        service.maybe_finish(alert_id=broadcast.alert_id)
    return recovery


@shared_task(name="crisis.broadcast_resume", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def broadcast_resume(alert_id: int, stale_seconds: float | None = None) -> None:
    """An operator's (or a test's) resume after lost workers: re-queue stale claims, finish the
    fan-out, enqueue every due queued delivery. ``stale_seconds=0`` only when no worker is alive."""
    from crisis.models import Broadcast

    broadcast = Broadcast.objects.filter(alert_id=alert_id).first()
    if broadcast is not None:
        resume(broadcast, force=True, stale_seconds=stale_seconds)

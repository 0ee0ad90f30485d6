"""Celery tasks of the outbox: thin wrappers around ``services``."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="messaging.send_message",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=services.MAX_ATTEMPTS,
    soft_time_limit=90,
    time_limit=120,
    ignore_result=True,
)
def send_message(self, message_id: int) -> bool:
    """Send one queued message; on a gateway error retry with exponential backoff.

    The attempt count lives on the row, not in Celery, so a message re-enqueued by the flush keeps its
    history. Run eagerly (no broker) or called as a function, a failure is not retried inline, which
    would block the web request: the row stays ``queued`` and ``flush_outbox`` picks it up.
    """
    try:
        return services.message_send(message_id=message_id)
    except services.DeliveryFailed as exc:
        if exc.retry_in is None or self.request.is_eager or self.request.called_directly:
            return False
        raise self.retry(countdown=exc.retry_in, exc=exc) from exc


@shared_task(name="messaging.flush_outbox", ignore_result=True)
def flush_outbox() -> int:
    """Every minute (beat): re-enqueue messages whose task was lost."""
    count = services.outbox_flush()
    if count:
        logger.info("Re-enqueued %s outbound messages", count)
    return count

"""Celery tasks of cases: thin wrappers around services, queued on commit, retried."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="cases.generate_receipt", bind=True, max_retries=8, acks_late=True)
def generate_receipt(self, case_id: int) -> int:
    """Store the UPO on the case and e-mail it; idempotent (one document, one e-mail per case)."""
    from . import services

    try:
        return services.case_receipt_generate(case_id=case_id).pk
    except Exception as error:  # noqa: BLE001 — any failure is retried with backoff; the row stays
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error


@shared_task(name="cases.deadline_digest")
def deadline_digest() -> int:
    """Daily: e-mail each clerk their overdue and due-soon cases. Returns the number of e-mails."""
    from django.db import transaction

    from . import notifications, selectors

    today = timezone.localdate()
    digest = selectors.deadline_digest(today=today)
    with transaction.atomic():
        for bucket in digest.values():
            notifications.deadline_digest(
                clerk=bucket["clerk"], overdue=bucket["overdue"], due_soon=bucket["due_soon"], today=today
            )
    return len(digest)


from . import tasks_retention  # noqa: E402, F401 — Celery discovers tasks in ``tasks`` modules only

"""Celery tasks of the resident office: thin wrappers around services (payments: ``payments/tasks.py``)."""

from celery import shared_task


@shared_task(name="finance.send_due_reminders", bind=True, max_retries=3, acks_late=True)
def send_due_reminders(self) -> int:
    """Daily: e-mail the reminders before due dates. Idempotent, so a retry or a rerun sends nothing twice."""
    from django.db import DatabaseError

    from . import reminders

    try:
        return reminders.send_due_reminders()
    except DatabaseError as error:
        raise self.retry(exc=error, countdown=300 * 2**self.request.retries) from error


# Celery discovers ``<app>.tasks`` only: load the online payments' tasks (another module) from here.
from .payments import tasks as _payments_tasks  # noqa: E402, F401 — Celery discovers ``<app>.tasks`` only

"""Celery tasks of online payments: thin wrappers around ``services`` and ``export``.

Imported by ``payments.models`` so the worker registers them (Celery discovers ``<app>.tasks`` only).
"""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="finance.check_pending_payments")
def check_pending_payments() -> dict:
    """Every 5 minutes: ask the provider about transactions still pending, expire the abandoned."""
    from .services import transactions_check_pending

    return transactions_check_pending()


@shared_task(name="finance.export_online_payments", bind=True, max_retries=5)
def export_online_payments(self, day: str | None = None) -> str:
    """Daily: yesterday's online payments as CSV into the export folder for the finance system."""
    from .export import export_to_storage

    date = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(days=1)
    try:
        name, _count = export_to_storage(day=date)
    except OSError as error:
        raise self.retry(exc=error, countdown=600) from error
    return name

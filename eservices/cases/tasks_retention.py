"""Celery task of retention: thin wrapper around ``retention.anonymise_expired`` (beat, nightly)."""

from celery import shared_task


@shared_task(name="cases.anonymise_expired", acks_late=True)
def anonymise_expired() -> int:
    """Nightly: fold expired closed cases into the statistics, then anonymise them. Returns the count.

    Idempotent (only cases without ``anonymised_at`` are taken, under a row lock), so a retried or
    overlapping run does no harm.
    """
    from . import retention

    return retention.anonymise_expired().anonymised

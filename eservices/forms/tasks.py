"""Background jobs of application forms: the resume-link e-mail and the daily cleanup of drafts."""

import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="eforms.send_resume_link",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
    ignore_result=True,
)
def send_resume_link(*, draft_id: int, link: str) -> bool:
    """E-mail the resident the link to their draft; queued on commit, retried while the mail server fails."""
    return services.resume_link_send(draft_id=draft_id, link=link)


@shared_task(name="eforms.cleanup_drafts", ignore_result=True)
def cleanup_drafts() -> dict:
    """Daily (``CELERY_BEAT_SCHEDULE["eforms-cleanup-drafts"]``): expired drafts and orphaned files.

    Not retried: it is idempotent and the next day's run picks up whatever this one left.
    """
    return services.drafts_cleanup()

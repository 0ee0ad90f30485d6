"""Background jobs of the public site."""

import logging
from io import StringIO

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command

logger = logging.getLogger(__name__)

PUBLISH_SCHEDULED_LOCK = "home:publish-scheduled:lock"
PUBLISH_SCHEDULED_LOCK_SECONDS = 300


@shared_task(name="home.publish_scheduled_pages", ignore_result=True)
def publish_scheduled_pages() -> bool:
    """Publish revisions whose ``go_live_at`` has come and unpublish pages past ``expire_at``.

    Run every minute by Celery beat (``CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]``); it wraps
    Wagtail's ``publish_scheduled`` command. Not retried: the next run a minute later is the retry.
    A cache lock keeps two runs (a slow one and the next beat, or two workers) from publishing the
    same revision twice; returns ``False`` when another run holds it.
    """
    if not cache.add(PUBLISH_SCHEDULED_LOCK, 1, PUBLISH_SCHEDULED_LOCK_SECONDS):
        logger.info("publish_scheduled is already running; skipped")
        return False
    try:
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
    finally:
        cache.delete(PUBLISH_SCHEDULED_LOCK)
    return True

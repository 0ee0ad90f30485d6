"""Publishing a non-public school notice e-mails its guardians (once, on first publication)."""

from django.db import transaction
from wagtail.signals import page_published

from .models import SchoolNoticePage


def _on_publish(sender, instance, **kwargs):
    from .notices import notice_notify_guardians, notice_restriction_sync

    notice_restriction_sync(notice=instance)
    if instance.audience == SchoolNoticePage.Audience.PUBLIC or instance.guardians_notified_at:
        return
    page_id = instance.pk
    transaction.on_commit(lambda: notice_notify_guardians(page_id=page_id))


page_published.connect(_on_publish, sender=SchoolNoticePage)

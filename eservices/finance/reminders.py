"""E-mail reminders before due dates (Celery beat, daily: ``finance.send_due_reminders``).

Each person with access to a taxpayer gets one e-mail per unpaid instalment whose due date falls
within ``FINANCE_REMINDER_DAYS`` days (7 by default) — a window rather than one exact day, so a
missed beat run or a liability imported three days before its due date still gets its reminder.
The messaging outbox key ``finance:reminder:<user>:<instalment>`` makes every rerun a no-op for
what was already sent. A spouse is reminded only of the joint liability, as on the page.

Reads are bulk: one query for the instalments, one for the people with access, one for the keys
already in the outbox; then one insert per new e-mail (``queue_email``).

SMS: when ``FINANCE_REMINDER_SMS_HOOK`` names a callable (dotted path), it is called for every new
reminder as ``hook(user=..., instalment=..., text=..., key=...)`` after the e-mail is queued. The
crisis issue brings SMS subscriptions and ``queue_sms``; its hook checks the person's consent and
number and queues the SMS under ``key`` + ``":sms"``. Without the setting nothing is sent by SMS.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from cms.messaging.models import OutboundMessage
from cms.messaging.services import queue_email

from .access import visible_kinds
from .ical import unpaid_instalments
from .models import TaxpayerAccess

logger = logging.getLogger(__name__)
KEY_CHUNK = 1000


def reminder_key(*, user_id: int, instalment_id: int) -> str:
    return f"finance:reminder:{user_id}:{instalment_id}"


def reminder_days() -> int:
    return int(getattr(settings, "FINANCE_REMINDER_DAYS", 7))


def send_due_reminders(*, today: dt.date | None = None, days: int | None = None) -> int:
    """Queue the reminders due today; returns how many new e-mails were queued (0 on a rerun)."""
    today = today or timezone.localdate()
    days = reminder_days() if days is None else days
    instalments = unpaid_instalments(today=today, until=today + dt.timedelta(days=days))
    if not instalments:
        return 0
    by_taxpayer = defaultdict(list)
    for instalment in instalments:
        by_taxpayer[instalment.liability.taxpayer_id].append(instalment)
    accesses = TaxpayerAccess.objects.filter(taxpayer_id__in=by_taxpayer, user__is_active=True).select_related("user")
    pending = []
    for access in accesses:
        kinds = visible_kinds(access.relation)
        for instalment in by_taxpayer[access.taxpayer_id]:
            if kinds is None or instalment.liability.kind in kinds:
                pending.append((access.user, instalment))
    keys = [reminder_key(user_id=user.pk, instalment_id=instalment.pk) for user, instalment in pending]
    sent = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        sent.update(OutboundMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
    hook = _sms_hook()
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    page_url = f"{base_url}{reverse('finance:balances')}"
    queued = 0
    with transaction.atomic():
        for (user, instalment), key in zip(pending, keys, strict=True):
            if key in sent:
                continue
            context = {
                "user": user,
                "instalment": instalment,
                "liability": instalment.liability,
                "taxpayer": instalment.liability.taxpayer,
                "outstanding": instalment.outstanding,
                "page_url": page_url,
            }
            subject = render_to_string("finance/email/reminder_subject.txt", context).strip()
            body = render_to_string("finance/email/reminder_body.txt", context)
            try:
                queue_email(to=user.email, subject=subject, body=body, key=key, topic="finance")
            except ValidationError:
                logger.warning("Reminder not queued: bad e-mail address of user %s", user.pk)
                continue
            queued += 1
            if hook is not None:
                hook(user=user, instalment=instalment, text=subject, key=key)
    return queued


def _sms_hook():
    path = getattr(settings, "FINANCE_REMINDER_SMS_HOOK", "")
    return import_string(path) if path else None

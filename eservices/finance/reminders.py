"""E-mail reminders before due dates (Celery beat, daily: ``finance.send_due_reminders``).

Each person with access to a taxpayer gets one e-mail per unpaid instalment whose due date falls
within ``FINANCE_REMINDER_DAYS`` days (7 by default) — a window rather than one exact day, so a
missed beat run or a liability imported three days before its due date still gets its reminder.
The messaging outbox key ``finance:reminder:<user>:<instalment>`` makes every rerun a no-op for
what was already sent. A spouse is reminded only of the joint liability, as on the page.

Reads are bulk: one query for the instalments, one for the people with access, one for the keys
already in the outbox; then one insert per new e-mail (``queue_email``).

Each person chooses on ``/konto/naleznosci/`` (``ReminderPreference``, ``preferences``): e-mail on
(the default) or off, SMS off (the default) or on to a Polish mobile number. An SMS goes through
``cms.messaging.services.queue_sms`` under the key ``finance:reminder:<user>:<instalment>:sms``, in
plain ASCII (no Polish letters: one GSM-7 segment) and at most 160 characters (``sms_text``).

``FINANCE_REMINDER_SMS_HOOK`` (a dotted path, optional) is still called for every new e-mail
reminder as ``hook(user=..., instalment=..., text=..., key=...)``, for other channels; a hook that
queues an SMS under ``key + ":sms"`` meets the outbox's unique key and sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from cms.messaging import services as messaging
from cms.messaging.selectors import existing_keys
from cms.messaging.services import queue_email

from .access import visible_kinds
from .ical import unpaid_instalments
from .models import ReminderPreference, TaxpayerAccess
from .templatetags.finance_tags import format_pln

# Another change adds ``queue_sms``; until it is there, the SMS path is skipped with a log line.
queue_sms = getattr(messaging, "queue_sms", None)
SMS_MAX = 160
_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "\u00a0": " ", "–": "-", "—": "-", "„": '"', "”": '"'})

logger = logging.getLogger(__name__)


def reminder_key(*, user_id: int, instalment_id: int) -> str:
    return f"finance:reminder:{user_id}:{instalment_id}"


def reminder_days() -> int:
    return int(getattr(settings, "FINANCE_REMINDER_DAYS", 7))


def send_due_reminders(*, today: dt.date | None = None, days: int | None = None) -> int:
    """Queue the reminders due today; returns how many new messages (e-mails and SMS) were queued
    (0 on a rerun)."""
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
    preferences = {
        p.user_id: p for p in ReminderPreference.objects.filter(user_id__in={user.pk for user, _i in pending})
    }
    wanted = keys + [f"{key}:sms" for key in keys]
    sent = existing_keys(keys=wanted)
    hook = _sms_hook()
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    page_url = f"{base_url}{reverse('finance:balances')}"
    queued = 0
    with transaction.atomic():
        for (user, instalment), key in zip(pending, keys, strict=True):
            preference = preferences.get(user.pk)
            if preference is not None and preference.sms and preference.phone and f"{key}:sms" not in sent:
                queued += _queue_sms(user=user, instalment=instalment, phone=preference.phone, key=f"{key}:sms")
            if key in sent or (preference is not None and not preference.email):
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


def sms_text(*, instalment) -> str:
    """The SMS: plain ASCII (Polish letters without their marks), at most 160 characters."""
    liability = instalment.liability
    amount = format_pln(instalment.outstanding, currency=False, separator=" ")
    tail = f" rata {instalment.number}: {amount} zl, termin {instalment.due_date:%d.%m.%Y}."
    tail += f" Rachunek {liability.taxpayer.account_number}."
    head = f"Przypomnienie: {liability.get_kind_display()} {liability.year}"
    text = _ascii(head[: SMS_MAX - len(tail)] + tail)
    return text[:SMS_MAX]


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).translate(_ASCII_EXTRA))
    return text.encode("ascii", "ignore").decode("ascii")


def _queue_sms(*, user, instalment, phone: str, key: str) -> int:
    if queue_sms is None:
        logger.info("SMS reminder skipped: cms.messaging.services.queue_sms is not available (user %s)", user.pk)
        return 0
    try:
        queue_sms(to=phone, body=sms_text(instalment=instalment), key=key, topic="finance")
    except ValidationError:
        logger.warning("SMS reminder not queued: bad phone number of user %s", user.pk)
        return 0
    return 1


def _sms_hook():
    path = getattr(settings, "FINANCE_REMINDER_SMS_HOOK", "")
    return import_string(path) if path else None

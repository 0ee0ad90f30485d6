"""What a resident receives: the SMS text and the e-mail (subject, plain text, HTML), rendered once
per batch; only the personal unsubscribe link differs between recipients and is put in by string
replacement (rendering two templates for each of 100,000 e-mails would cost more than sending them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from crisis.models import Alert

UNSUBSCRIBE_MARK = "__RATUSZ_UNSUBSCRIBE_URL__"


def status_prefix(alert: Alert) -> str:
    """ "ĆWICZENIA: " or "TEST: " for such alerts (``crisis.sms.status_prefix``)."""
    from crisis.sms import status_prefix as _prefix

    return _prefix(alert.status)


def sms_text(alert: Alert) -> str:
    """The SMS body: ``crisis.sms.compose_sms`` (status prefix, text, unsubscribe hint), transliterated
    when the alert says so — the same text the compose form previewed and validated."""
    from crisis.sms import compose_sms, sms_info

    raw = compose_sms(alert.sms_text or alert.headline, status=alert.status)
    return sms_info(raw, transliterate=alert.sms_transliterate).text


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str

    def personal(self, unsubscribe_url: str) -> tuple[str, str]:
        return (
            self.text.replace(UNSUBSCRIBE_MARK, unsubscribe_url),
            self.html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe_url)),
        )


def email_content(alert: Alert) -> EmailContent:
    context = {
        "alert": alert,
        "prefix": status_prefix(alert),
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    subject = f"{status_prefix(alert)}{alert.get_level_display().capitalize()}: {alert.headline}"
    return EmailContent(
        subject=" ".join(subject.split()),
        text=render_to_string("crisis/email/alert.txt", context),
        html=render_to_string("crisis/email/alert.html", context),
    )


def unsubscribe_url_maker():
    """H3's signed one-click link (RFC 8058), an absolute URL: a function of the subscription, made
    once per batch (``crisis.services.subscriptions.unsubscribe_url_maker``)."""
    from crisis.services.subscriptions import unsubscribe_url_maker as maker

    return maker()

"""E-mail through Django's configured ``EMAIL_BACKEND`` (SMTP in production, console in development)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection

from .base import MessageBackend

if TYPE_CHECKING:
    from ..models import OutboundMessage


class DjangoEmailBackend(MessageBackend):
    channel = "email"

    def send(self, message: OutboundMessage) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            # A stable Message-ID: should a crash make us send twice, mail clients show it once.
            headers={"Message-ID": f"<ratusz-message-{message.pk}@{_domain()}>"},
            connection=get_connection(fail_silently=False),
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        for attachment in message.attachments:
            with default_storage.open(attachment["path"], "rb") as fh:
                email.attach(attachment["name"], fh.read(), attachment["mimetype"])
        email.send(fail_silently=False)


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"

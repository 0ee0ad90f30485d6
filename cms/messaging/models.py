"""The outbox: one row per message to send, written in the caller's transaction.

The row is the source of truth for delivery: a Celery task claims it, hands it to the channel's
backend and records the outcome; a lost task is made good by ``messaging.flush_outbox``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("w kolejce")
        SENDING = "sending", _("wysyłanie")
        SENT = "sent", _("wysłana")
        FAILED = "failed", _("nieudana")

    channel = models.CharField(_("kanał"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("odbiorca"), max_length=254)
    subject = models.CharField(_("temat"), max_length=255, blank=True)
    body = models.TextField(_("treść"))
    html = models.TextField(_("treść HTML"), blank=True)
    # [{"name": "UPO.pdf", "mimetype": "application/pdf", "path": "messaging/12/UPO.pdf", "size": 1234}]
    attachments = models.JSONField(_("załączniki"), default=list, blank=True)
    key = models.CharField(
        _("klucz"),
        max_length=200,
        unique=True,
        help_text=_("Klucz idempotencji: druga wiadomość z tym samym kluczem nie powstaje."),
    )
    topic = models.CharField(_("temat systemowy"), max_length=50, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    last_error = models.TextField(_("ostatni błąd"), blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    # When the next try is due (now on queueing, later after a failure); the outbox flush compares it.
    next_attempt_at = models.DateTimeField(_("następna próba"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("ostatnia próba"), null=True, blank=True)
    sent_at = models.DateTimeField(_("wysłano"), null=True, blank=True)

    class Meta:
        verbose_name = _("wiadomość wychodząca")
        verbose_name_plural = _("wiadomości wychodzące")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="messaging_status_due_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"

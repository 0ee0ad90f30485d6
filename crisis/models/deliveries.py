"""A broadcast of an alert and its deliveries: one row per recipient and channel.

The unique ``(alert, subscription)`` pair is what makes a broadcast exactly-once in our records: the
fan-out may be repeated after a crash (``bulk_create(ignore_conflicts=True)`` from the saved
``Broadcast.cursor``) without creating a second delivery, and a delivery is claimed
``queued`` → ``sending`` under a lock before it is handed to a gateway. ``idempotency_key`` goes to
the gateway with the message (SMSAPI's ``idx``, the e-mail's Message-ID), so that a hand-over
repeated after a worker was killed mid-send is recognised by the gateway or the mail client.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .alerts import Alert
from .subscriptions import Subscription


class Broadcast(models.Model):
    """Progress of the fan-out of one alert (one per alert)."""

    class State(models.TextChoices):
        FANNING_OUT = "fanning_out", _("tworzenie listy odbiorców")
        SENDING = "sending", _("wysyłanie")
        DONE = "done", _("zakończone")

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="broadcast")
    state = models.CharField(_("stan"), max_length=12, choices=State.choices, default=State.FANNING_OUT)
    cursor = models.BigIntegerField(_("ostatnia subskrypcja na liście"), default=0)
    recipients = models.PositiveIntegerField(_("odbiorców"), default=0)
    started_at = models.DateTimeField(_("rozpoczęto"), auto_now_add=True)
    fanned_out_at = models.DateTimeField(_("lista odbiorców gotowa"), null=True, blank=True)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)

    class Meta:
        verbose_name = _("rozsyłanie")
        verbose_name_plural = _("rozsyłania")


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        QUEUED = "queued", _("w kolejce")
        SENDING = "sending", _("przekazywana")
        SENT = "sent", _("przekazana operatorowi")
        DELIVERED = "delivered", _("doręczona")
        FAILED = "failed", _("nieudana")

    # No index of its own: the two below start with ``alert`` (each index is one more write per
    # delivery state change — three per recipient in a broadcast).
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    subscription = models.ForeignKey(Subscription, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    channel = models.CharField(_("kanał"), max_length=5, choices=Channel.choices)
    address = models.CharField(_("adres"), max_length=254)
    state = models.CharField(_("stan"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    idempotency_key = models.CharField(_("klucz idempotencji"), max_length=64, unique=True)
    provider_message_id = models.CharField(_("identyfikator u operatora"), max_length=100, blank=True, db_index=True)
    error = models.TextField(_("błąd"), blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("następna próba"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("pobrano do wysłania"), null=True, blank=True)
    sent_at = models.DateTimeField(_("przekazano"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("doręczono"), null=True, blank=True)

    class Meta:
        verbose_name = _("doręczenie")
        verbose_name_plural = _("doręczenia")
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscription"], name="crisis_delivery_once_per_subscription"),
        ]
        indexes = [models.Index(fields=["alert", "state"], name="crisis_delivery_alert_state")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.address} ({self.get_state_display()})"

"""Subscriptions to alerts: one contact (an e-mail address or a Polish mobile number) per row.

A row is ``pending`` until its owner proves the contact is theirs (a link for e-mail, a code for
SMS), and nothing is sent to it before that. Consent is recorded with its wording and time (GDPR art.
7 (1): the office must be able to show it). Unsubscribing keeps the row as ``unsubscribed`` so a
broadcast already in progress skips it and the consent history stays.

Targeting is a set query, not a loop: ``all_areas`` or an ``areas`` row for one of the alert's areas,
and the alert's category bit set in ``categories_mask`` (``Category.bit``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .alerts import ALL_CATEGORIES_MASK, AlertArea


class Subscription(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("czeka na potwierdzenie")
        CONFIRMED = "confirmed", _("aktywna")
        UNSUBSCRIBED = "unsubscribed", _("wypisana")

    class Source(models.TextChoices):
        WEB = "web", _("formularz na stronie")
        ACCOUNT = "account", _("konto mieszkańca")
        IMPORT = "import", _("import przez urząd")

    channel = models.CharField(_("kanał"), max_length=5, choices=Channel.choices)
    address = models.CharField(
        _("adres"), max_length=254, help_text=_("Adres e-mail (małymi literami) albo numer w formacie E.164 (+48…).")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_subscriptions",
    )
    all_areas = models.BooleanField(_("cała gmina"), default=False)
    areas = models.ManyToManyField(AlertArea, verbose_name=_("obszary"), blank=True, related_name="subscriptions")
    categories_mask = models.PositiveIntegerField(
        _("kategorie"), default=ALL_CATEGORIES_MASK, help_text=_("Bity kategorii CAP (Category.bit).")
    )
    state = models.CharField(_("stan"), max_length=12, choices=State.choices, default=State.PENDING)
    source = models.CharField(_("źródło"), max_length=8, choices=Source.choices, default=Source.WEB)

    consent_text = models.TextField(_("treść zgody"))
    consent_at = models.DateTimeField(_("zgoda wyrażona"))
    consent_note = models.CharField(
        _("uwagi o zgodzie"), max_length=255, blank=True, help_text=_("Przy imporcie: skąd pochodzi zgoda.")
    )
    confirm_secret = models.CharField(
        _("skrót kodu potwierdzenia"),
        max_length=128,
        blank=True,
        help_text=_("Skrót HMAC kodu z SMS; pusty po potwierdzeniu."),
    )
    confirm_attempts = models.PositiveSmallIntegerField(_("próby potwierdzenia"), default=0)
    confirm_sent_at = models.DateTimeField(_("wysłano potwierdzenie"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("potwierdzono"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("wypisano"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("subskrypcja ostrzeżeń")
        verbose_name_plural = _("subskrypcje ostrzeżeń")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="crisis_subscription_unique_address"),
        ]
        indexes = [models.Index(fields=["state", "channel"], name="crisis_sub_state_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.address}"

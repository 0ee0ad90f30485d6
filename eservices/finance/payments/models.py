"""Online payments: a transaction with a payment gateway, the notifications it sent, and the state of
the built-in sandbox gateway.

``PaymentTransaction`` moves started → pending → paid / failed / cancelled / expired; the only place
that changes ``status`` is ``services.transaction_transition`` (the table ``TRANSITIONS`` below). A paid
transaction has exactly one finance ``Payment`` (``payment`` is one-to-one, and the payment's
``bank_reference`` is the transaction's ``external_id``, unique per taxpayer), so a notification
delivered twice or concurrently can never book twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Instalment, MoneyField, Payment, Taxpayer

__all__ = ["FINAL_STATUSES", "TRANSITIONS", "PaymentNotification", "PaymentTransaction", "SandboxPayment"]


class PaymentTransaction(models.Model):
    """One attempt to pay selected instalments online through a provider (payment gateway)."""

    class Status(models.TextChoices):
        STARTED = "started", _("rozpoczęta")
        PENDING = "pending", _("oczekuje na potwierdzenie")
        PAID = "paid", _("opłacona")
        FAILED = "failed", _("odrzucona")
        CANCELLED = "cancelled", _("anulowana")
        EXPIRED = "expired", _("wygasła")

    taxpayer = models.ForeignKey(
        Taxpayer, verbose_name=_("podatnik"), on_delete=models.PROTECT, related_name="payment_transactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payment_transactions",
    )
    instalments = models.ManyToManyField(Instalment, verbose_name=_("raty"), related_name="payment_transactions")
    breakdown = models.JSONField(
        _("rozbicie kwoty"), default=list, help_text=_("Raty: identyfikator, należność główna i odsetki.")
    )
    amount = MoneyField(_("kwota"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(_("waluta"), max_length=3, default="PLN")
    title = models.CharField(_("tytuł"), max_length=255, blank=True)
    provider = models.CharField(_("operator płatności"), max_length=32)
    external_id = models.CharField(_("identyfikator transakcji"), max_length=64, unique=True)
    provider_reference = models.CharField(_("identyfikator u operatora"), max_length=128, blank=True)
    redirect_url = models.URLField(_("adres płatności u operatora"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STARTED)
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("wpłata"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_transaction",
    )
    paid_at = models.DateTimeField(_("opłacono"), null=True, blank=True)
    checked_at = models.DateTimeField(_("ostatnio sprawdzono u operatora"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("płatność online")
        verbose_name_plural = _("płatności online")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="finance_paytx_status_created")]

    def __str__(self) -> str:
        return f"{self.external_id} {self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


FINAL_STATUSES = frozenset(
    {
        PaymentTransaction.Status.PAID,
        PaymentTransaction.Status.FAILED,
        PaymentTransaction.Status.CANCELLED,
        PaymentTransaction.Status.EXPIRED,
    }
)

# The transaction's life, in one place: from → the statuses it may move to. Final statuses go nowhere:
# a paid transaction is never "unpaid" by a late failure, an expired one is never booked.
TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentTransaction.Status.STARTED: frozenset(
        {
            PaymentTransaction.Status.PENDING,
            PaymentTransaction.Status.FAILED,
            PaymentTransaction.Status.CANCELLED,
            PaymentTransaction.Status.EXPIRED,
        }
    ),
    PaymentTransaction.Status.PENDING: frozenset(
        {
            PaymentTransaction.Status.PAID,
            PaymentTransaction.Status.FAILED,
            PaymentTransaction.Status.CANCELLED,
            PaymentTransaction.Status.EXPIRED,
        }
    ),
    **{status: frozenset() for status in FINAL_STATUSES},
}


class PaymentNotification(models.Model):
    """Every notification a provider sent (or a status check returned), accepted or not: the raw body,
    the headers that matter, whether its signature was verified and why it was rejected."""

    transaction = models.ForeignKey(
        PaymentTransaction,
        verbose_name=_("transakcja"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    provider = models.CharField(_("operator płatności"), max_length=32)
    source = models.CharField(
        _("źródło"),
        max_length=10,
        choices=[("notify", _("powiadomienie")), ("check", _("sprawdzenie statusu"))],
        default="notify",
    )
    body = models.TextField(_("treść"), blank=True)
    headers = models.JSONField(_("nagłówki"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    verified = models.BooleanField(_("podpis zweryfikowany"), default=False)
    accepted = models.BooleanField(_("przyjęte"), default=False)
    reason = models.CharField(_("powód odrzucenia / wynik"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("otrzymano"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("powiadomienie o płatności")
        verbose_name_plural = _("powiadomienia o płatnościach")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        state = _("przyjęte") if self.accepted else _("odrzucone")
        return f"{self.provider} {self.received_at:%Y-%m-%d %H:%M} ({state})"


class SandboxPayment(models.Model):
    """The built-in sandbox gateway's own book: what it was asked to collect and what the tester decided.
    A real gateway keeps this on its side; the portal's transaction only knows what it was told."""

    class Status(models.TextChoices):
        NEW = "new", _("nowa")
        PAID = "paid", _("zapłacona")
        REJECTED = "rejected", _("odrzucona")
        CANCELLED = "cancelled", _("anulowana")

    token = models.CharField(_("token"), max_length=64, unique=True)
    order_id = models.CharField(_("identyfikator zamówienia"), max_length=64)
    amount = MoneyField(_("kwota"))
    currency = models.CharField(_("waluta"), max_length=3, default="PLN")
    description = models.CharField(_("opis"), max_length=255, blank=True)
    notify_url = models.URLField(_("adres powiadomień"), max_length=500)
    return_url = models.URLField(_("adres powrotu"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    notified = models.BooleanField(_("powiadomienie doręczone"), default=False)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    expires_at = models.DateTimeField(_("ważna do"))
    decided_at = models.DateTimeField(_("decyzja"), null=True, blank=True)

    class Meta:
        verbose_name = _("płatność w bramce testowej")
        verbose_name_plural = _("płatności w bramce testowej")

    def __str__(self) -> str:
        return f"{self.token} {self.amount} {self.currency} ({self.get_status_display()})"

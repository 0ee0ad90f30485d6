"""The payment provider interface: one class per gateway, chosen by ``FINANCE_PAYMENT_PROVIDER``.

A provider is stateless apart from its settings (``FINANCE_PAYMENT_PROVIDER_SETTINGS[name]``: merchant
id, keys, the gateway's address). The portal calls:

* ``start(transaction, *, return_url, notify_url) -> str`` — register the transaction with the gateway
  and return the address to send the payer to (Przelewy24 ``transaction/register``, PayU ``orders``);
* ``verify_notification(body, headers) -> Notification`` — check the signature of a server-to-server
  notification and parse it, or raise ``NotificationError`` with the reason;
* ``check_status(transaction) -> Notification`` — ask the gateway what happened to a transaction that
  is still pending (the periodic task); its ``status`` is one of ``PaymentTransaction.Status``.

What the provider says is checked again by ``services`` (amount, currency, transaction, transition):
a provider only proves that the gateway said it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings


class ProviderError(Exception):
    """The gateway could not be reached or refused a request (transient: retry later)."""


class NotificationError(ValueError):
    """A notification that cannot be trusted or understood; ``str(error)`` is the reason logged."""


@dataclass(frozen=True)
class Notification:
    """What the gateway says about one transaction (a notification or a status check)."""

    external_id: str  # our PaymentTransaction.external_id (the gateway's "order id" / "session id")
    status: str  # PaymentTransaction.Status value: paid / failed / cancelled / pending
    amount: Decimal
    currency: str = "PLN"
    provider_reference: str = ""  # the gateway's own id of the payment
    raw: dict = field(default_factory=dict, compare=False)


class PaymentProvider:
    """Base class of providers. ``name`` appears in the notification address
    ``/platnosci/powiadomienie/<name>/`` and in ``PaymentTransaction.provider``."""

    name = "base"
    verbose_name = "base"
    # The headers kept in the notification log (lower case); never anything secret.
    logged_headers: tuple[str, ...] = ("content-type", "user-agent")

    def __init__(self, options: dict | None = None):
        if options is None:
            options = getattr(settings, "FINANCE_PAYMENT_PROVIDER_SETTINGS", {}).get(self.name, {})
        self.options = dict(options)

    def start(self, transaction, *, return_url: str, notify_url: str) -> str:
        raise NotImplementedError

    def verify_notification(self, body: bytes, headers) -> Notification:
        raise NotImplementedError

    def check_status(self, transaction) -> Notification:
        raise NotImplementedError

    def notification_response(self):
        """The body the gateway expects after an accepted notification (some want ``OK``)."""
        from django.http import HttpResponse

        return HttpResponse("OK", content_type="text/plain")

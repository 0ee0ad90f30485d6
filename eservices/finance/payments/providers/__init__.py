"""Registry of payment providers: the active one is ``settings.FINANCE_PAYMENT_PROVIDER`` (dotted path
to a ``PaymentProvider`` subclass), its options ``FINANCE_PAYMENT_PROVIDER_SETTINGS[<name>]``."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Notification, NotificationError, PaymentProvider, ProviderError

DEFAULT_PROVIDER = "eservices.finance.payments.providers.sandbox.SandboxProvider"

__all__ = ["Notification", "NotificationError", "PaymentProvider", "ProviderError", "get_provider"]


def get_provider(name: str | None = None) -> PaymentProvider | None:
    """The configured provider; with ``name``, only if it is the configured one (else ``None``), so a
    notification for a provider that is not switched on is refused and the sandbox is off in production
    unless chosen explicitly."""
    provider = import_string(getattr(settings, "FINANCE_PAYMENT_PROVIDER", DEFAULT_PROVIDER))()
    if name is not None and provider.name != name:
        return None
    return provider

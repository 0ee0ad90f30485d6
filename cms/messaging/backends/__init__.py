"""Channel backends, one per channel, chosen by ``RATUSZ_MESSAGING_BACKENDS`` (channel → dotted path).

A channel missing from the setting falls back to ``DEFAULT_BACKENDS``: real SMTP-or-console e-mail
through Django's ``EMAIL_BACKEND``, and SMS to the console/file (``console_sms``). Production sets
``"sms": "cms.messaging.backends.smsapi.SmsapiBackend"`` (``RATUSZ_SMS_BACKEND``, docs/messaging.md).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import MessageBackend, PermanentDeliveryError

DEFAULT_BACKENDS = {
    "email": "cms.messaging.backends.email.DjangoEmailBackend",
    "sms": "cms.messaging.backends.console_sms.ConsoleSmsBackend",
}


def get_backend(channel: str) -> MessageBackend:
    """The configured backend for ``channel``; a channel without one is a configuration error."""
    backends = {**DEFAULT_BACKENDS, **getattr(settings, "RATUSZ_MESSAGING_BACKENDS", {})}
    try:
        path = backends[channel]
    except KeyError:
        raise ImproperlyConfigured(
            f"No messaging backend for channel {channel!r} in RATUSZ_MESSAGING_BACKENDS"
        ) from None
    return import_string(path)()


__all__ = ["MessageBackend", "PermanentDeliveryError", "get_backend"]

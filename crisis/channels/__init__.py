"""Channel backends of the crisis broadcast, chosen by the setting ``RATUSZ_CRISIS_CHANNELS``.

``{"email": "crisis.channels.email.EmailChannel", "sms": "crisis.channels.sms.SmsapiChannel"}`` in
production; the console backend (``crisis.channels.console.ConsoleChannel``) writes to the log in
development and is the SMS default while ``RATUSZ_SMSAPI["token"]`` is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import FAILED, RETRY, SENT, Channel, ChannelConfigError, ChannelError, ChannelTransientError, SendResult

DEFAULT_CHANNELS = {
    "email": "crisis.channels.email.EmailChannel",
    "sms": "crisis.channels.console.ConsoleChannel",
}

__all__ = [
    "FAILED",
    "RETRY",
    "SENT",
    "Channel",
    "ChannelConfigError",
    "ChannelError",
    "ChannelTransientError",
    "SendResult",
    "get_channel",
]


def get_channel(channel: str) -> Channel:
    """A fresh backend instance for ``"email"`` or ``"sms"`` (backends keep no state between batches)."""
    paths = {**DEFAULT_CHANNELS, **getattr(settings, "RATUSZ_CRISIS_CHANNELS", {})}
    backend = import_string(paths[channel])()
    backend.channel = channel
    return backend

"""The interface every channel backend implements (e-mail through Django, SMS through a gateway)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import OutboundMessage


class PermanentDeliveryError(Exception):
    """The gateway refused the message for good (an invalid number, a text it will never accept).

    The outbox marks such a message ``failed`` at once instead of retrying it; any other exception is
    taken as transient and retried with backoff.
    """


class MessageBackend:
    """Delivers one ``OutboundMessage`` over its channel.

    ``send`` returns when the gateway (SMTP server, SMS provider) has accepted the message and raises
    any exception when it has not; the caller records the error and retries later, unless it is a
    ``PermanentDeliveryError``, which fails the message at once. A backend keeps no
    state between calls and must not touch the message row: status bookkeeping is the service's job.
    """

    channel: str = ""

    def send(self, message: OutboundMessage) -> None:
        raise NotImplementedError

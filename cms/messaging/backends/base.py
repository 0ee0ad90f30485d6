"""The interface every channel backend implements (e-mail now; an SMS gateway is another backend)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import OutboundMessage


class MessageBackend:
    """Delivers one ``OutboundMessage`` over its channel.

    ``send`` returns when the gateway (SMTP server, SMS provider) has accepted the message and raises
    any exception when it has not; the caller records the error and retries later. A backend keeps no
    state between calls and must not touch the message row: status bookkeeping is the service's job.
    """

    channel: str = ""

    def send(self, message: OutboundMessage) -> None:
        raise NotImplementedError

"""The interface of a broadcast channel backend (e-mail, SMS, console) and its result type.

A channel hands a batch of claimed deliveries to its gateway and *yields* one ``SendResult`` per
delivery as soon as the gateway has answered for it. Yielding (rather than returning a list) lets
the service write ``sent`` right after each e-mail is accepted, which keeps the window in which a
killed worker can repeat an e-mail to one message (docs/crisis-broadcast.md, "Exactly once").

A backend never touches ``Delivery`` rows: the bookkeeping is ``crisis.services.broadcast``'s job.
An error that concerns the whole batch (the gateway is down, times out, refuses our credentials)
is raised as ``ChannelTransientError`` or ``ChannelConfigError``; the deliveries not yet reported
go back to the queue with a backoff.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crisis.models import Alert, Delivery

SENT = "sent"
FAILED = "failed"  # permanent: an invalid number, a mailbox that does not exist
RETRY = "retry"  # transient for this one message: a 4xx SMTP reply to its recipient


@dataclass(frozen=True)
class SendResult:
    delivery_id: int
    outcome: str  # SENT | FAILED | RETRY
    provider_message_id: str = ""
    error: str = ""


class ChannelError(Exception):
    """The whole batch was not handed over; nothing after the last yielded result was sent."""


class ChannelTransientError(ChannelError):
    """A timeout, a connection error, a 5xx or rate-limit answer of the gateway: try again later."""


class ChannelConfigError(ChannelError):
    """The gateway refuses our credentials or configuration: retried (an operator may fix it), logged loudly."""


class Channel:
    """One backend per channel, chosen by ``RATUSZ_CRISIS_CHANNELS`` (``crisis.channels.get_channel``)."""

    channel: str = ""

    def send_batch(self, deliveries: Sequence[Delivery], alert: Alert) -> Iterator[SendResult]:
        raise NotImplementedError

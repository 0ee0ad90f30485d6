"""SMS through SMSAPI.pl (``cms.messaging.backends.smsapi``): one HTTP request per batch.

Every message carries its delivery's idempotency key as SMSAPI's ``idx`` with ``check_idx=1``: a
batch sent again after a worker was killed mid-send is refused by the gateway for the messages it
had accepted (error 53), which the client reports as ``duplicate`` and we record as sent. That is
what makes SMS exactly-once across a kill (docs/crisis-broadcast.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from cms.messaging.backends.smsapi import SmsOut, SmsPermanentError, SmsTransientError, client_from_settings

from .base import FAILED, SENT, Channel, ChannelConfigError, ChannelTransientError, SendResult
from .content import sms_text

logger = logging.getLogger(__name__)


class SmsapiChannel(Channel):
    channel = "sms"

    def send_batch(self, deliveries: Sequence, alert) -> Iterator[SendResult]:
        text = sms_text(alert)
        try:
            client = client_from_settings()
            results = client.send_many([SmsOut(to=d.address, text=text, idx=d.idempotency_key) for d in deliveries])
        except SmsTransientError as exc:
            raise ChannelTransientError(str(exc)) from exc
        except SmsPermanentError as exc:
            logger.error("SMSAPI refuses the broadcast of alert %s: %s", alert.pk, exc)
            raise ChannelConfigError(str(exc)) from exc
        for delivery, result in zip(deliveries, results, strict=True):
            if result.duplicate:
                # Accepted by an earlier attempt (killed worker, lost answer): sent once already.
                yield SendResult(delivery.pk, SENT, provider_message_id=result.message_id, error="")
            elif result.error:
                yield SendResult(delivery.pk, FAILED, error=result.error)
            else:
                yield SendResult(delivery.pk, SENT, provider_message_id=result.message_id)

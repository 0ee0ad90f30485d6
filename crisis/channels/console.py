"""Development backend: "sends" by writing each message to the log (and to a file when
``RATUSZ_CRISIS_CONSOLE_FILE`` is set). The SMS default while no SMSAPI token is configured."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from django.conf import settings

from .base import SENT, Channel, SendResult
from .content import email_content, sms_text

logger = logging.getLogger(__name__)


class ConsoleChannel(Channel):
    def send_batch(self, deliveries: Sequence, alert) -> Iterator[SendResult]:
        body = sms_text(alert) if self.channel == "sms" else email_content(alert).subject
        path = getattr(settings, "RATUSZ_CRISIS_CONSOLE_FILE", "")
        lines = [f"[{self.channel}] {d.idempotency_key} → {d.address}: {body}" for d in deliveries]
        for line in lines:
            logger.info("%s", line)
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")
        for delivery in deliveries:
            yield SendResult(delivery.pk, SENT, provider_message_id=f"console-{delivery.idempotency_key}")

"""SMS for development and tests: nothing leaves the machine.

``ConsoleSmsBackend`` writes each SMS to the log (logger ``cms.messaging.sms``) and appends it as one
JSON line to ``RATUSZ_SMS_FILE`` (default ``VAR_DIR/sms-outbox.jsonl``; empty: log only), so a
developer can read the confirmation code a resident would have received. ``LocmemSmsBackend`` keeps
the messages in ``outbox`` (like ``django.core.mail.outbox``) for tests that want to inspect them.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from .base import MessageBackend

if TYPE_CHECKING:
    from ..models import OutboundMessage

logger = logging.getLogger("cms.messaging.sms")
_file_lock = threading.Lock()

# Filled by LocmemSmsBackend: [{"to", "body", "key", "message_id"}]; tests clear it themselves.
outbox: list[dict] = []


class ConsoleSmsBackend(MessageBackend):
    channel = "sms"

    def send(self, message: OutboundMessage) -> None:
        logger.info("SMS to %s (message %s): %s", message.recipient, message.pk, message.body)
        path = getattr(settings, "RATUSZ_SMS_FILE", "")
        if not path:
            return
        record = {
            "at": timezone.now().isoformat(),
            "message_id": message.pk,
            "key": message.key,
            "to": message.recipient,
            "body": message.body,
        }
        path = Path(path)
        with _file_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class LocmemSmsBackend(MessageBackend):
    channel = "sms"

    def send(self, message: OutboundMessage) -> None:
        outbox.append({"to": message.recipient, "body": message.body, "key": message.key, "message_id": message.pk})

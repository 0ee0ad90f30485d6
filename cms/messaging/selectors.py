"""Reads of the outbox for other apps, which must not query ``OutboundMessage`` themselves."""

from __future__ import annotations

from collections.abc import Iterable

from .models import OutboundMessage

KEY_CHUNK = 1000  # keys per query: a daily reminder run may check tens of thousands


def existing_keys(*, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` already have a message in the outbox (queued, sent or failed): a caller that
    sends one message per key skips these without building them (``queue_email`` would return the
    existing row anyway)."""
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(OutboundMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found

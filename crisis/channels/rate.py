"""Per-channel rate limit shared by all workers: a fixed one-second window counted in the cache.

``RATUSZ_CRISIS_RATE = {"sms": 100, "email": 200}`` messages a second for the whole installation
(the cache is Redis in production, so every worker process counts in the same window; with the
in-process cache of a single worker it is per process). A batch larger than the limit takes several
windows. ``0``/missing means no limit. The clock and the sleep are injectable so tests count windows
instead of measuring time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache


def limit_for(channel: str) -> int:
    return int(getattr(settings, "RATUSZ_CRISIS_RATE", {}).get(channel) or 0)


def acquire(
    channel: str,
    n: int,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Block until ``n`` messages may go out on ``channel``; returns the number of windows waited."""
    limit = limit_for(channel)
    waited = 0
    remaining = n
    while remaining > 0 and limit > 0:
        now = clock()
        window = math.floor(now)
        key = f"crisis:rate:{channel}:{window}"
        take = min(remaining, limit)
        cache.add(key, 0, timeout=5)
        try:
            count = cache.incr(key, take)
        except ValueError:  # the key expired between add and incr
            cache.set(key, take, timeout=5)
            count = take
        granted = max(0, min(take, limit - (count - take)))
        remaining -= granted
        if remaining > 0:
            waited += 1
            sleep(max(0.0, window + 1 - now))
    return waited

"""A rate limit on public form submissions by client IP address (issue 11).

Sign-in has its own, per e-mail address and per IP (``cms.accounts.throttle``); crisis subscriptions
limit the messages sent to one address (``crisis.services.subscriptions``). This one caps how many
times one IP address may *submit* a public form (registration, password reset, a new confirmation
link, an alert subscription) in a window, so a script cannot use the office's mail server to flood
strangers' inboxes or fill the user table. Counters live in the shared cache (Redis in production), so
every web process sees the same count; GET requests are never counted.

Limits come from ``RATUSZ_FORM_RATE_LIMITS`` = ``{scope: (submissions, window_seconds)}``; a scope
missing there is not limited.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from .log import client_address, security_refusal

PREFIX = "form-rate"


def _key(scope: str, ip: str) -> str:
    return f"{PREFIX}:{scope}:" + hashlib.sha256(ip.encode()).hexdigest()[:32]


def limit_for(scope: str) -> tuple[int, int] | None:
    limits = getattr(settings, "RATUSZ_FORM_RATE_LIMITS", {}) or {}
    value = limits.get(scope)
    return (int(value[0]), int(value[1])) if value else None


def rate_limit_hit(*, scope: str, ip: str) -> bool:
    """Count one submission; True when this one is over the limit (and must be refused)."""
    limit = limit_for(scope)
    if not limit or not ip:
        return False
    count_max, window = limit
    key = _key(scope, ip)
    cache.add(key, 0, timeout=window)  # add() opens the window; incr() never moves its expiry
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > count_max


def rate_limited(scope: str):
    """Decorator for a public form view: a POST over the limit gets a 429 page saying when to retry,
    is logged on ``ratusz.security``, and never reaches the view (nothing is stored or sent)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and rate_limit_hit(scope=scope, ip=client_address(request)):
                security_refusal(request=request, event="rate_limit", scope=scope)
                minutes = max(1, (limit_for(scope) or (0, 60))[1] // 60)
                response = render(
                    request,
                    "security/rate_limited.html",
                    {
                        "message": _(
                            "Z tego adresu wysłano zbyt wiele formularzy. Spróbuj ponownie za %(minutes)d min."
                        )
                        % {"minutes": minutes}
                    },
                    status=429,
                )
                response["Retry-After"] = str(minutes * 60)
                response["Cache-Control"] = "no-store, private"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

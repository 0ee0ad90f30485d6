"""Sign-in throttling: a limit on password guesses per e-mail address and per IP address.

After ``RATUSZ_LOGIN_THROTTLE_EMAIL_LIMIT`` failed attempts for one e-mail address, or
``RATUSZ_LOGIN_THROTTLE_IP_LIMIT`` from one IP address, within ``RATUSZ_LOGIN_THROTTLE_WINDOW``
seconds, further attempts are refused for ``RATUSZ_LOGIN_THROTTLE_LOCKOUT`` seconds, even with the
right password (otherwise the lock would tell a guesser when they hit it).

Counters live in the shared cache (Redis in production), so every web process sees the same counts.
Failures are counted from Django's ``user_login_failed`` signal and the lock is enforced by
``ThrottledModelBackend``, so the Wagtail admin's sign-in page and Wagtail's front-end one are
throttled as well as ``/konto/logowanie/``.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PREFIX = "login-throttle"


@dataclass(frozen=True)
class ThrottleSettings:
    email_limit: int
    ip_limit: int
    window: int
    lockout: int


def throttle_settings() -> ThrottleSettings:
    return ThrottleSettings(
        email_limit=getattr(settings, "RATUSZ_LOGIN_THROTTLE_EMAIL_LIMIT", 5),
        ip_limit=getattr(settings, "RATUSZ_LOGIN_THROTTLE_IP_LIMIT", 20),
        window=getattr(settings, "RATUSZ_LOGIN_THROTTLE_WINDOW", 15 * 60),
        lockout=getattr(settings, "RATUSZ_LOGIN_THROTTLE_LOCKOUT", 15 * 60),
    )


def _digest(value: str) -> str:
    # Hashed, so the cache never holds e-mail addresses in clear text.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _keys(kind: str, value: str) -> tuple[str, str]:
    digest = _digest(value)
    return f"{PREFIX}:{kind}:count:{digest}", f"{PREFIX}:{kind}:lock:{digest}"


def client_ip(request) -> str:
    """The client's address as the web server saw it (the proxy must set ``REMOTE_ADDR`` right)."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


def _subjects(*, email: str, ip: str) -> list[tuple[str, str, int]]:
    config = throttle_settings()
    subjects = []
    if email:
        subjects.append(("email", email.strip().lower(), config.email_limit))
    if ip:
        subjects.append(("ip", ip, config.ip_limit))
    return subjects


def login_is_locked(*, email: str, ip: str) -> bool:
    """Whether sign-in attempts for this e-mail address or from this IP address are refused now."""
    lock_keys = [_keys(kind, value)[1] for kind, value, _limit in _subjects(email=email, ip=ip)]
    return bool(lock_keys) and bool(cache.get_many(lock_keys))


def login_failure_record(*, email: str, ip: str) -> None:
    """Count one failed attempt; lock the e-mail address or the IP address that reached its limit."""
    config = throttle_settings()
    if login_is_locked(email=email, ip=ip):
        return  # attempts during a lock are refused anyway; they do not extend it
    for kind, value, limit in _subjects(email=email, ip=ip):
        count_key, lock_key = _keys(kind, value)
        # add() starts the window on the first failure; incr() never moves its expiry.
        cache.add(count_key, 0, timeout=config.window)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window expired between add() and incr()
            cache.set(count_key, 1, timeout=config.window)
            count = 1
        if count >= limit:
            cache.set(lock_key, True, timeout=config.lockout)
            cache.delete(count_key)


def login_success_record(*, email: str) -> None:
    """A successful sign-in clears the e-mail address's failure count (not the IP's: one right
    password must not reset a guesser who tries many accounts from one address)."""
    if email:
        count_key, _lock_key = _keys("email", email.strip().lower())
        cache.delete(count_key)

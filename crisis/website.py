"""The alerts on the public website: the banner's data and keeping cached pages honest about alerts.

Anonymous pages are cached whole (``cms.cache``), and every page carries the banner. Two kinds of
change must reach cached pages at once:

- **Events** (an alert approved and broadcast, cancelled, updated): the services call
  ``alerts_changed()`` on commit, which forgets the cached alerts state and bumps the page-cache
  generation (every cached page, including ``/ostrzezenia/`` and its feeds, is rendered afresh).
- **The clock** (an alert's ``effective`` time arrives or its ``expires`` time passes while pages are
  cached, with nobody calling anything): the page-cache key includes an *alerts version*, a hash of
  the set of messages in effect (``page_cache_variant``). The set is computed with two small queries
  and kept in the shared cache until the next *boundary* — the soonest future ``effective`` or
  ``expires`` of a published alert — or ``RATUSZ_ALERTS_STATE_MAX_SECONDS`` (a safety net for a change
  made without ``alerts_changed()``), whichever comes first. In steady state a request costs one cache
  read and no query; the first request after a boundary recomputes the set, gets a new version, and
  so misses every page cached under the old one.

The banner's context processor (``crisis.context_processors.alerts_banner``) reads the same state,
from the request when the page-cache middleware already fetched it, so the banner and the cache key
always agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from cms.cache import invalidate_pages

from .models.alerts import Alert, Level, Severity
from .selectors import alert_tone, alerts_in_effect, messages_in_effect, published_alerts

logger = logging.getLogger(__name__)

STATE_KEY = "crisis:alerts:state"
REQUEST_ATTR = "_crisis_alerts_state"
DEFAULT_MAX_SECONDS = 60


@dataclass(frozen=True)
class BannerAlert:
    """What the banner shows of one alert (kept small: it lives in the shared cache)."""

    pk: int
    headline: str
    level: str
    severity: str

    @property
    def tone(self) -> str:
        return alert_tone(level=self.level, severity=self.severity)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label) if self.severity in Severity.values else self.severity


def _max_seconds() -> int:
    return int(getattr(settings, "RATUSZ_ALERTS_STATE_MAX_SECONDS", DEFAULT_MAX_SECONDS))


def compute_state(*, now: dt.datetime | None = None) -> dict:
    """The alerts state at ``now``: ``version``, ``banner`` (tuple of BannerAlert) and ``valid_until``
    (a Unix time: the next boundary, capped by the safety net). Two queries."""
    now = now or timezone.now()
    rows = list(
        messages_in_effect(now=now).order_by("pk").values_list("pk", "updated_at", "msg_type", "status", "show_banner")
    )
    raw = "|".join(f"{pk}:{updated.isoformat()}" for pk, updated, *_rest in rows)
    version = hashlib.sha256(raw.encode()).hexdigest()[:16] if rows else "none"

    banner: tuple[BannerAlert, ...] = ()
    if any(m != Alert.MsgType.CANCEL and s == Alert.Status.ACTUAL and b for _pk, _u, m, s, b in rows):
        banner = tuple(
            BannerAlert(pk=a.pk, headline=a.headline, level=a.level, severity=a.severity)
            for a in alerts_in_effect(now=now, banner=True).prefetch_related(None)
        )

    boundary = (
        published_alerts()
        .filter(cancelled_at__isnull=True, expires__gt=now)
        .aggregate(next_start=Min("effective", filter=Q(effective__gt=now)), next_end=Min("expires"))
    )
    valid_until = now.timestamp() + _max_seconds()
    for moment in (boundary["next_start"], boundary["next_end"]):
        if moment is not None:
            valid_until = min(valid_until, moment.timestamp())
    return {"version": version, "banner": banner, "valid_until": valid_until}


def alerts_state(request=None) -> dict:
    """The current alerts state: from the request if already read, else from the shared cache, else
    computed and cached until its boundary. A cache outage degrades to computing it (queries, no error)."""
    if request is not None and hasattr(request, REQUEST_ATTR):
        return getattr(request, REQUEST_ATTR)
    try:
        state = cache.get(STATE_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not take the banner (or the site) down
        logger.warning("alerts state: cache unavailable", exc_info=True)
        state = None
    if state is None or timezone.now().timestamp() >= state["valid_until"]:
        state = compute_state()
        _store(state)
    if request is not None:
        setattr(request, REQUEST_ATTR, state)
    return state


def page_cache_variant(request) -> str:
    """Part of every page-cache key (``RATUSZ_PAGE_CACHE_VARIANTS`` in settings): the alerts version.

    When an alert starts or stops being in effect, the version changes and pages cached before are
    never served again.
    """
    return f"alerts={alerts_state(request)['version']}"


def alerts_changed() -> None:
    """Call (on commit) after any change that may add or remove an alert from the website: approval and
    broadcast start, cancel, update, a change of text. Stores the fresh alerts state and makes every
    cached page stale, so the next request of every page shows the change.

    Residual race: a request that read the database just before the commit may store the old state
    after this call; the safety net (``RATUSZ_ALERTS_STATE_MAX_SECONDS``) bounds how long it can last.
    """
    try:
        _store(compute_state())
    except Exception:  # noqa: BLE001 - e.g. the database away: recompute on the next request instead
        logger.error("alerts_changed: could not compute the alerts state", exc_info=True)
        _forget()
    try:
        invalidate_pages()
    except Exception:  # noqa: BLE001 - without a cache no page is cached either; nothing can be stale
        logger.error("alerts_changed: the page cache is unavailable", exc_info=True)


def _store(state: dict) -> None:
    timeout = max(1, math.ceil(state["valid_until"] - timezone.now().timestamp()))
    try:
        cache.set(STATE_KEY, state, timeout)
    except Exception:  # noqa: BLE001
        logger.warning("alerts state: could not store in cache", exc_info=True)


def _forget() -> None:
    try:
        cache.delete(STATE_KEY)
    except Exception:  # noqa: BLE001
        logger.warning("alerts state: could not delete from cache", exc_info=True)

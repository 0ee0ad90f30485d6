"""Public reads of alerts: what the website, the banner and the CAP/RSS feeds show.

What is public (decided for issue 7, see docs/crisis-website.md):

- only alerts the office has published: workflow state ``broadcasting`` or ``sent`` (never a draft, a
  submitted, approved-but-scheduled or rejected alert), CAP scope ``Public`` and CAP status Actual,
  Exercise or Test (never ``Draft``);
- the **banner** and the **feeds** (cap.xml, rss.xml) carry ``Actual`` alerts only: an exercise or a
  technical test must never look like a real threat on every page or reach an aggregator that
  re-broadcasts it. Exercise and Test alerts are listed on ``/ostrzezenia/`` and have a detail page,
  clearly marked "ĆWICZENIA"/"TEST", because subscribers received them and may look them up;
- an alert is *in effect* while ``effective <= now < expires``, it is not cancelled (``cancelled_at``,
  set when a Cancel or Update referencing it is approved) and it is not itself a Cancel message.

Every list prefetches the areas, so a page of 3 or 30 alerts costs the same number of queries.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from cms.units.places import Locality

from .models import Alert, AlertArea
from .models.alerts import Level, Severity

PUBLISHED_STATES = (Alert.State.BROADCASTING, Alert.State.SENT)
PUBLIC_STATUSES = (Alert.Status.ACTUAL, Alert.Status.EXERCISE, Alert.Status.TEST)
PAST_PER_PAGE = 10

# Plain-string keys: a TextChoices member does not hash like its value.
_LEVEL_RANK = {Level.ALARM.value: 3, Level.WARNING.value: 2, Level.NOTIFICATION.value: 1}
_SEVERITY_RANK = {Severity.EXTREME.value: 3, Severity.SEVERE.value: 2}


def published_alerts() -> QuerySet[Alert]:
    """Every alert message the public may see (including Cancel and Update messages, exercises, tests)."""
    return Alert.objects.filter(state__in=PUBLISHED_STATES, scope=Alert.Scope.PUBLIC, status__in=PUBLIC_STATUSES)


def messages_in_effect(*, now: dt.datetime | None = None) -> QuerySet[Alert]:
    """Published messages within their effective..expires window and not cancelled — Cancel messages
    included (the CAP feed carries them so that aggregators withdraw the original)."""
    now = now or timezone.now()
    return published_alerts().filter(cancelled_at__isnull=True, effective__lte=now, expires__gt=now)


def _ranked(queryset: QuerySet[Alert]) -> QuerySet[Alert]:
    """Most serious first: RSO level, then CAP severity, then the newest."""
    return queryset.annotate(
        level_rank=Case(
            *[When(level=level, then=Value(rank)) for level, rank in _LEVEL_RANK.items()],
            default=Value(0),
            output_field=IntegerField(),
        ),
        severity_rank=Case(
            *[When(severity=severity, then=Value(rank)) for severity, rank in _SEVERITY_RANK.items()],
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("-level_rank", "-severity_rank", "-effective", "-pk")


def _with_areas(queryset: QuerySet[Alert], *, localities: bool = False) -> QuerySet[Alert]:
    areas = AlertArea.objects.order_by("sort_order", "name")
    if localities:
        areas = areas.prefetch_related(Prefetch("localities", queryset=Locality.objects.order_by("name")))
    return queryset.select_related("references").prefetch_related(Prefetch("areas", queryset=areas))


def _with_followup_flags(queryset: QuerySet[Alert]) -> QuerySet[Alert]:
    """``was_updated``/``was_cancelled``: whether a published Update or Cancel refers to the alert."""
    followups = published_alerts().filter(references=OuterRef("pk"))
    return queryset.annotate(
        was_updated=Exists(followups.filter(msg_type=Alert.MsgType.UPDATE)),
        was_cancelled=Exists(followups.filter(msg_type=Alert.MsgType.CANCEL)),
    )


def alerts_in_effect(
    *, now: dt.datetime | None = None, banner: bool = False, include_exercises: bool = False
) -> QuerySet[Alert]:
    """Alerts in effect now, most serious first, areas prefetched.

    ``banner=True``: only those the office chose to show in the banner (``show_banner``). By default
    Actual alerts only (the banner, cap.xml); ``include_exercises=True`` adds Exercise and Test ones
    (the list on ``/ostrzezenia/``, where they are marked).
    """
    queryset = messages_in_effect(now=now).exclude(msg_type=Alert.MsgType.CANCEL)
    if not include_exercises:
        queryset = queryset.filter(status=Alert.Status.ACTUAL)
    if banner:
        queryset = queryset.filter(show_banner=True)
    return _with_areas(_ranked(queryset))


def alerts_upcoming(*, now: dt.datetime | None = None) -> QuerySet[Alert]:
    """Published alerts whose ``effective`` time is still ahead (announced in advance)."""
    now = now or timezone.now()
    queryset = (
        published_alerts()
        .exclude(msg_type=Alert.MsgType.CANCEL)
        .filter(cancelled_at__isnull=True, effective__gt=now)
        .order_by("effective", "pk")
    )
    return _with_areas(queryset)


def _paginate(items, page_param, per_page: int) -> Page:
    """A page past the end gives the last page, a non-number the first: bad input is never a 500."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(page_param or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def alerts_past(*, now: dt.datetime | None = None, page=None, per_page: int = PAST_PER_PAGE) -> Page:
    """Alerts no longer in effect (expired, cancelled or replaced by an update), newest first, paginated.

    Cancel messages are not listed on their own: they appear in the history of the alert they cancel.
    """
    now = now or timezone.now()
    queryset = (
        published_alerts()
        .exclude(msg_type=Alert.MsgType.CANCEL)
        .filter(Q(expires__lte=now) | Q(cancelled_at__isnull=False))
        .order_by("-effective", "-pk")
    )
    return _paginate(_with_followup_flags(_with_areas(queryset)), page, per_page)


def alerts_for_feed(*, limit: int = 30) -> QuerySet[Alert]:
    """The latest Actual messages (alerts, updates, cancellations) for the RSS feed, newest first."""
    queryset = published_alerts().filter(status=Alert.Status.ACTUAL).order_by("-effective", "-pk")
    return _with_areas(queryset)[:limit]


def cap_feed_messages(*, now: dt.datetime | None = None) -> list[Alert]:
    """What ``/ostrzezenia/cap.xml`` carries: Actual alerts in effect and the Actual Cancel messages in
    effect (so that a CAP aggregator withdraws what was cancelled), areas and localities prefetched."""
    queryset = messages_in_effect(now=now).filter(status=Alert.Status.ACTUAL)
    return list(_with_areas(_ranked(queryset), localities=True))


def alert_public_detail(*, pk: int | None = None, identifier: str | None = None) -> Alert | None:
    """One published alert (any status but Draft, scope Public) with its areas and localities, or None.

    The result carries ``history``: the earlier messages it refers to (oldest first) and the published
    updates and cancellations that refer to it, each a published Alert.
    """
    if pk is None and not identifier:
        return None
    lookup = {"pk": pk} if pk is not None else {"identifier": identifier}
    alert = _with_areas(published_alerts(), localities=True).filter(**lookup).first()
    if alert is None:
        return None
    alert.earlier = _earlier_messages(alert)
    alert.followups_public = list(published_alerts().filter(references=alert).order_by("effective", "pk"))
    return alert


def _earlier_messages(alert: Alert, *, limit: int = 20) -> list[Alert]:
    """The chain of ``references`` back to the first alert, oldest first (bounded: a chain is short)."""
    chain: list[Alert] = []
    seen = {alert.pk}
    current = alert.references
    while current is not None and current.pk not in seen and len(chain) < limit:
        if current.state in PUBLISHED_STATES and current.scope == Alert.Scope.PUBLIC:
            chain.append(current)
        seen.add(current.pk)
        current = current.references
    return list(reversed(chain))


def alert_tone(*, level: str, severity: str) -> str:
    """The banner and list colour: the more serious of the RSO level and the CAP severity.

    ``alarm`` (red) for the alarm level or Extreme severity, ``warning`` (orange) for the warning level
    or Severe severity, otherwise ``notice`` (blue).
    """
    rank = max(_LEVEL_RANK.get(level, 0), _SEVERITY_RANK.get(severity, 0))
    return {3: "alarm", 2: "warning"}.get(rank, "notice")

"""The public alerts pages and feeds. Thin: the reads are in ``crisis.selectors``, the XML in ``crisis.cap``.

Every response here is the same for every anonymous visitor, so the page cache stores them; the
alerts version in its key (``crisis.website``) keeps them current when an alert starts or ends.
"""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import cap
from .feeds import AlertsFeed
from .selectors import (
    alert_public_detail,
    alert_tone,
    alerts_in_effect,
    alerts_past,
    alerts_upcoming,
    cap_feed_messages,
)

XML_CONTENT_TYPE = "application/xml; charset=utf-8"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def _decorate(alerts):
    """Add ``tone`` (the colour class) to each alert, for the templates."""
    alerts = list(alerts)
    for alert in alerts:
        alert.tone = alert_tone(level=alert.level, severity=alert.severity)
    return alerts


@require_GET
def alert_list(request):
    """``/ostrzezenia/``: alerts in effect (most serious first), announced ones, then past ones, paginated."""
    now = timezone.now()
    past = alerts_past(now=now, page=request.GET.get("page"))
    return TemplateResponse(
        request,
        "crisis/public/alert_list.html",
        {
            "current_alerts": _decorate(alerts_in_effect(now=now, include_exercises=True)),
            "upcoming_alerts": _decorate(alerts_upcoming(now=now)),
            "past_alerts": _decorate(past.object_list),
            "page_obj": past,
            "now": now,
        },
    )


@require_GET
def alert_detail(request, pk: int):
    """``/ostrzezenia/<id>/``: one published alert with its areas, times, texts and history."""
    alert = alert_public_detail(pk=pk)
    if alert is None:
        raise Http404(_("Nie ma takiego ostrzeżenia."))
    alert.tone = alert_tone(level=alert.level, severity=alert.severity)
    now = timezone.now()
    return TemplateResponse(
        request,
        "crisis/public/alert_detail.html",
        {
            "alert": alert,
            "in_effect": alert.is_in_effect(now) and alert.msg_type != alert.MsgType.CANCEL,
            "not_yet": alert.effective > now and alert.cancelled_at is None,
            "was_updated": any(f.msg_type == f.MsgType.UPDATE for f in alert.followups_public),
            "now": now,
        },
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def alert_cap(request, pk: int):
    """``/ostrzezenia/<id>/cap.xml``: the alert as one CAP 1.2 document (whatever its status; an
    exercise says so in ``status`` and ``note``)."""
    alert = alert_public_detail(pk=pk)
    if alert is None:
        raise Http404(_("Nie ma takiego ostrzeżenia."))
    return HttpResponse(cap.alert_document(alert, base_url=_base_url(request)), content_type=XML_CONTENT_TYPE)


@require_GET
def cap_feed(request):
    """``/ostrzezenia/cap.xml``: an Atom feed of the Actual alerts in effect (and the cancellations in
    effect), each entry carrying its full CAP 1.2 ``alert``."""
    body = cap.atom_feed(
        cap_feed_messages(),
        base_url=_base_url(request),
        feed_path=reverse("crisis_public:cap_feed"),
        html_path=reverse("crisis_public:list"),
        title=_("Ostrzeżenia obowiązujące — %(name)s (CAP 1.2)") % {"name": cap.sender_name()},
    )
    return HttpResponse(body, content_type=ATOM_CONTENT_TYPE)


@require_GET
def rss_feed(request):
    """``/ostrzezenia/rss.xml``: RSS 2.0 of the latest Actual messages."""
    return AlertsFeed()(request)

"""The broadcast's progress in the admin (``/admin/kryzys/rozsylanie/<alert id>/``) and its CSV report.

Counts per channel and status (one aggregate query), a ``<progress>`` bar, the failed deliveries with
their errors, and a streamed CSV of every delivery (keyset pages of 2,000 rows, never all at once).
While the alert is broadcasting the page reloads itself every few seconds with a ``<meta
http-equiv="refresh">`` (no script); ``?odswiezanie=0`` turns that off (WCAG 2.2.1: a person using a
screen reader must be able to stop it). A person with ``crisis.approve_alert`` may resume a broadcast
whose worker died (POST).

Imported by H2's ``crisis/wagtail_hooks.py``, so the hooks below register when Wagtail loads hooks.
"""

from __future__ import annotations

import csv
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Alert, Broadcast, Delivery
from .targeting import recipient_counts

REFRESH_SECONDS = 5
FAILED_SHOWN = 100
CSV_PAGE = 2000
FINAL = (Delivery.State.SENT, Delivery.State.DELIVERED, Delivery.State.FAILED)


def _allowed(user) -> bool:
    return user.has_perm("crisis.view_alert") or user.has_perm("crisis.view_delivery")


def broadcast_progress(*, alert: Alert) -> dict:
    """Counts ``{channel: {state: n}}``, totals and the finished share (reads only)."""
    rows = Delivery.objects.filter(alert=alert).order_by().values("channel", "state").annotate(n=Count("pk"))
    channels = {c: dict.fromkeys(Delivery.State.values, 0) for c in Delivery.Channel.values}
    for row in rows:
        channels[row["channel"]][row["state"]] = row["n"]
    broadcast = Broadcast.objects.filter(alert=alert).first()
    created = sum(sum(states.values()) for states in channels.values())
    if broadcast is not None and broadcast.state == Broadcast.State.FANNING_OUT:
        expected = max(created, sum(recipient_counts(alert=alert).values()))
    else:
        expected = created
    finished = sum(states[s] for states in channels.values() for s in FINAL)
    table = [
        {
            "channel": label,
            "states": [channels[value][s] for s in Delivery.State.values],
            "total": sum(channels[value].values()),
        }
        for value, label in Delivery.Channel.choices
    ]
    totals = [sum(channels[c][s] for c in channels) for s in Delivery.State.values]
    return {
        "broadcast": broadcast,
        "state_labels": Delivery.State.labels,
        "table": table,
        "totals": totals,
        "total": created,
        "expected": expected,
        "finished": finished,
        "percent": int(100 * finished / expected) if expected else (100 if broadcast else 0),
    }


class ProgressView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "crisis/admin_broadcast/progress.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not _allowed(request.user):
            raise PermissionDenied
        self.alert = get_object_or_404(Alert, pk=kwargs["alert_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Rozsyłanie: %(headline)s") % {"headline": self.alert.headline}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        alert, request = self.alert, self.request
        live = alert.state in (Alert.State.APPROVED, Alert.State.BROADCASTING) and request.GET.get("odswiezanie") != "0"
        failed = (
            Delivery.objects.filter(alert=alert, state=Delivery.State.FAILED)
            .order_by("pk")
            .values("channel", "address", "attempts", "error")[:FAILED_SHOWN]
        )
        return super().get_context_data(
            alert=alert,
            live=live,
            refresh_seconds=REFRESH_SECONDS,
            failed=list(failed),
            failed_shown=FAILED_SHOWN,
            can_resume=request.user.has_perm("crisis.approve_alert") and alert.state == Alert.State.BROADCASTING,
            **broadcast_progress(alert=alert),
            **kwargs,
        )


@require_POST
def resume_view(request, alert_id: int):
    """Resume after lost workers: stale claims back to the queue, the rest re-enqueued (idempotent)."""
    if not request.user.has_perm("crisis.approve_alert"):
        raise PermissionDenied
    alert = get_object_or_404(Alert, pk=alert_id)
    from .tasks import broadcast_resume

    broadcast_resume.delay(alert.pk)
    messages.success(request, _("Wznowiono rozsyłanie: wiadomości z przerwanych wysyłek wrócą do kolejki."))
    return redirect("crisis_broadcast:progress", alert_id=alert.pk)


class _Echo:
    def write(self, value):
        return value


_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![0-9]+$)")


def _cell(value) -> str:
    """A CSV cell that no spreadsheet runs as a formula (a phone number ``+48…`` stays as it is)."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def csv_view(request, alert_id: int):
    """Every delivery of the alert, streamed (semicolon-separated, UTF-8 with BOM for Polish Excel)."""
    if not _allowed(request.user):
        raise PermissionDenied
    alert = get_object_or_404(Alert, pk=alert_id)
    writer = csv.writer(_Echo(), delimiter=";")
    states = dict(Delivery.State.choices)
    fields = ("pk", "channel", "address", "state", "attempts", "provider_message_id", "error")
    times = ("created_at", "sent_at", "delivered_at")

    def rows():
        yield "\ufeff" + writer.writerow(
            [
                _("kanał"),
                _("adres"),
                _("stan"),
                _("próby"),
                _("identyfikator u operatora"),
                _("błąd"),
                _("utworzono"),
                _("przekazano"),
                _("doręczono"),
            ]
        )
        last = 0
        while True:
            page = list(
                Delivery.objects.filter(alert=alert, pk__gt=last).order_by("pk").values_list(*fields, *times)[:CSV_PAGE]
            )
            if not page:
                return
            for pk, channel, address, state, attempts, mid, error, *stamps in page:
                yield writer.writerow(
                    [channel, _cell(address), states.get(state, state), attempts, _cell(mid), _cell(error)]
                    + [_when(s) for s in stamps]
                )
                last = pk

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rozsylanie-{alert.pk}.csv"'
    return response


@hooks.register("register_admin_urls")
def register_broadcast_urls():
    urls = [
        path("<int:alert_id>/", ProgressView.as_view(), name="progress"),
        path("<int:alert_id>/raport.csv", csv_view, name="csv"),
        path("<int:alert_id>/wznow/", resume_view, name="resume"),
    ]
    return [path("kryzys/rozsylanie/", include((urls, "crisis_broadcast"), namespace="crisis_broadcast"))]

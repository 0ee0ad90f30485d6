"""Delivery reports from the SMS gateway: a crisis ``Delivery`` becomes ``delivered`` or ``failed``.

SMSAPI.pl calls our ``notify_url`` (``crisis.views_webhooks``) with one or many reports; each carries
the gateway's message id (``MsgId``), our ``idx`` (the delivery's ``idempotency_key``), a ``status``
code and the time it was reached (``donedate``, Unix time). Several reports in one request come as
comma-separated lists, position by position. Status codes (SMSAPI's list of delivery reports):

* 404 DELIVERED → ``delivered`` (with ``delivered_at``);
* 401 NOT_FOUND, 402 EXPIRED, 405 UNDELIVERED, 406 FAILED, 407 REJECTED → ``failed`` with the reason;
* 403 SENT, 408 UNKNOWN, 409 QUEUE, 410 ACCEPTED, 411 RENEWAL and others: not final, ignored.

A delivered message stays delivered (a late "expired" does not undo it); a report may arrive before
the broadcast wrote ``sent`` (the gateway is fast), so any not-final state may become final here.
Reports for ids we do not know (an outbox SMS, another system on the same account) are logged and
ignored.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from crisis.models import Delivery

logger = logging.getLogger(__name__)

DELIVERED_STATUSES = {404: "DELIVERED"}
FAILED_STATUSES = {401: "NOT_FOUND", 402: "EXPIRED", 405: "UNDELIVERED", 406: "FAILED", 407: "REJECTED"}
_BY_NAME = {name: code for code, name in {**DELIVERED_STATUSES, **FAILED_STATUSES}.items()}


@dataclass(frozen=True)
class DeliveryReport:
    message_id: str
    idx: str
    status: int | None
    done_at: dt.datetime | None = None
    to: str = ""

    @property
    def outcome(self) -> str:
        """``delivered``, ``failed`` or ``""`` (not final)."""
        if self.status in DELIVERED_STATUSES:
            return Delivery.State.DELIVERED
        if self.status in FAILED_STATUSES:
            return Delivery.State.FAILED
        return ""


@dataclass(frozen=True)
class ReportOutcome:
    delivered: int = 0
    failed: int = 0
    unchanged: int = 0
    unknown: int = 0


def parse_smsapi_reports(params) -> list[DeliveryReport]:
    """The reports in SMSAPI's callback parameters (a ``QueryDict`` or a dict of strings).

    ``MsgId``, ``idx``, ``status``, ``status_name``, ``donedate`` and ``to`` are comma-separated lists of
    the same length; a missing or shorter list counts as empty values.
    """

    def column(name: str) -> list[str]:
        value = params.get(name) or ""
        return [part.strip() for part in value.split(",")] if value else []

    ids, idxs, statuses, names, dates, numbers = (
        column(name) for name in ("MsgId", "idx", "status", "status_name", "donedate", "to")
    )
    count = max(len(ids), len(idxs))
    reports = []
    for i in range(count):
        message_id, idx = _at(ids, i), _at(idxs, i)
        if not message_id and not idx:
            continue
        reports.append(
            DeliveryReport(
                message_id=message_id,
                idx=idx,
                status=_status(_at(statuses, i), _at(names, i)),
                done_at=_timestamp(_at(dates, i)),
                to=_at(numbers, i),
            )
        )
    return reports


@transaction.atomic
def delivery_reports_apply(*, reports: list[DeliveryReport]) -> ReportOutcome:
    """Apply the reports to the matching SMS deliveries in three queries (two reads, one bulk update).

    A delivery is found by ``provider_message_id`` (``MsgId``), else by ``idempotency_key`` (``idx``);
    its missing ``provider_message_id`` is filled in from the report.
    """
    if not reports:
        return ReportOutcome()
    sms = Delivery.objects.select_for_update().filter(channel=Delivery.Channel.SMS)
    by_id = {
        d.provider_message_id: d
        for d in sms.filter(provider_message_id__in={r.message_id for r in reports if r.message_id})
    }
    wanted_idx = {r.idx for r in reports if r.idx and r.message_id not in by_id}
    by_idx = {d.idempotency_key: d for d in sms.filter(idempotency_key__in=wanted_idx)} if wanted_idx else {}

    changed: dict[int, Delivery] = {}
    delivered = failed = unchanged = 0
    unknown: list[str] = []
    now = timezone.now()
    for report in reports:
        delivery = by_id.get(report.message_id) or by_idx.get(report.idx)
        if delivery is None:
            unknown.append(report.message_id or report.idx)
            continue
        if not delivery.provider_message_id and report.message_id:
            delivery.provider_message_id = report.message_id
            changed[delivery.pk] = delivery
        outcome = report.outcome
        if outcome == Delivery.State.DELIVERED and delivery.state != Delivery.State.DELIVERED:
            delivery.state, delivery.delivered_at, delivery.error = outcome, report.done_at or now, ""
            changed[delivery.pk] = delivery
            delivered += 1
        elif outcome == Delivery.State.FAILED and delivery.state not in (
            Delivery.State.DELIVERED,
            Delivery.State.FAILED,
        ):
            name = FAILED_STATUSES[report.status]
            delivery.state, delivery.error = outcome, f"SMSAPI {report.status} {name}"
            changed[delivery.pk] = delivery
            failed += 1
        else:
            unchanged += 1
    if changed:
        Delivery.objects.bulk_update(list(changed.values()), ["state", "delivered_at", "error", "provider_message_id"])
    if unknown:
        logger.info("SMS delivery reports for %s unknown message(s) ignored, e.g. %s", len(unknown), unknown[:5])
    return ReportOutcome(delivered=delivered, failed=failed, unchanged=unchanged, unknown=len(unknown))


def _at(values: list[str], i: int) -> str:
    return values[i] if i < len(values) else ""


def _status(code: str, name: str) -> int | None:
    try:
        return int(code)
    except ValueError:
        return _BY_NAME.get(name.upper())


def _timestamp(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None

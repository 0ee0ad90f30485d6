"""The broadcast of an approved alert: fan-out to ``Delivery`` rows, claims, hand-over, retries, finish.

Exactly once, in three steps (docs/crisis-broadcast.md has the full argument):

1. **Fan-out** walks ``recipients_for_alert`` by keyset (``pk > Broadcast.cursor``) in chunks; each
   chunk inserts its deliveries (``ignore_conflicts`` on the unique ``(alert, subscription)`` pair)
   and moves the cursor *in one transaction*, under a row lock on the broadcast. A fan-out repeated
   after a crash, or run twice at once, neither skips nor doubles a recipient.
2. **Claim**: a send task takes ``queued`` rows to ``sending`` atomically (``FOR UPDATE SKIP LOCKED``
   then an update), so two tasks for the same ids (a Celery redelivery, a recovery) never hand the
   same delivery to a gateway together.
3. **Hand-over and mark**: the gateway gets the delivery's ``idempotency_key`` (SMSAPI ``idx`` with
   ``check_idx=1``; the e-mail's ``Message-ID``). A worker killed between the gateway's acceptance
   and our ``sent`` leaves rows in ``sending``; ``broadcast_recover`` returns them to ``queued`` once
   they are older than ``RATUSZ_CRISIS_STALE_SENDING_SECONDS`` and the re-send is refused by SMSAPI
   as a repeated ``idx`` (recorded as sent). E-mail has no such gateway check: it is marked sent one
   message at a time (``RATUSZ_CRISIS_EMAIL_MARK_EVERY``), so at most that many messages per killed
   process can be repeated, with the same Message-ID.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crisis import website
from crisis.channels import FAILED, RETRY, SENT, ChannelError, SendResult, get_channel
from crisis.channels.rate import acquire as rate_acquire
from crisis.models import Alert, AlertDecision, Broadcast, Delivery, Subscription
from crisis.targeting import recipients_for_alert

logger = logging.getLogger(__name__)

ACTIVE_STATES = (Delivery.State.QUEUED, Delivery.State.SENDING)


def _setting(name: str, default):
    return getattr(settings, name, default)


def chunk_size() -> int:
    return int(_setting("RATUSZ_CRISIS_FANOUT_CHUNK", 2000))


def batch_size(channel: str) -> int:
    return int(_setting("RATUSZ_CRISIS_BATCH", {}).get(channel, 100))


def max_attempts() -> int:
    return int(_setting("RATUSZ_CRISIS_MAX_ATTEMPTS", 5))


def retry_base_seconds() -> int:
    return int(_setting("RATUSZ_CRISIS_RETRY_BASE_SECONDS", 30))


def stale_after() -> timedelta:
    return timedelta(seconds=int(_setting("RATUSZ_CRISIS_STALE_SENDING_SECONDS", 300)))


def idempotency_key(*, alert: Alert, subscription_id: int) -> str:
    """``a<alert>-s<subscription>-<8 hex of the CAP identifier>``: readable in the gateway's panel and
    unique across databases that share one SMSAPI account (SMSAPI refuses a repeated idx)."""
    digest = hashlib.blake2s(alert.identifier.encode(), digest_size=4).hexdigest()
    return f"a{alert.pk}-s{subscription_id}-{digest}"


# --- start -----------------------------------------------------------------------------------------


def broadcast_start(*, alert_id: int) -> Broadcast | None:
    """Start (or resume) the broadcast of an ``approved`` alert whose ``send_at`` is empty or past.

    Returns the broadcast, or ``None`` when there is nothing to do (a future ``send_at`` — the beat
    task ``crisis.start_due_broadcasts`` starts it later — or an alert not approved). Idempotent: a
    second call for a broadcasting alert only resumes the fan-out. The caller (the task) fans out.
    """
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            return None
        if alert.state == Alert.State.BROADCASTING:
            return Broadcast.objects.filter(alert=alert).first()
        if alert.state != Alert.State.APPROVED or (alert.send_at and alert.send_at > now):
            return None
        if alert.cancelled_at is not None:
            # Withdrawn (an approved Cancel or Update) while it waited for its sending time.
            logger.info("Alert %s was cancelled before its sending time; not broadcast", alert.pk)
            return None
        broadcast, _created = Broadcast.objects.get_or_create(alert=alert)
        alert.state = Alert.State.BROADCASTING
        if alert.sent is None:
            alert.sent = now
        alert.save(update_fields=["state", "sent", "updated_at"])
        AlertDecision.objects.create(alert=alert, action=AlertDecision.Action.BROADCAST_STARTED, at=now)
        transaction.on_commit(website.alerts_changed)
    logger.info("Broadcast of alert %s started", alert.pk)
    return broadcast


def due_alert_ids() -> list[int]:
    """Approved alerts whose sending time has come (the beat task starts them)."""
    now = timezone.now()
    return list(
        Alert.objects.filter(state=Alert.State.APPROVED, cancelled_at__isnull=True)
        .filter(Q(send_at__isnull=True) | Q(send_at__lte=now))
        .values_list("pk", flat=True)
    )


# --- fan-out ---------------------------------------------------------------------------------------


def fan_out_chunk(*, broadcast_id: int, size: int | None = None) -> list[tuple[str, list[int]]] | None:
    """Fan out the next chunk of recipients; returns the send batches ``[(channel, [delivery ids])]``
    to enqueue once this call has returned (its transaction is committed), or ``None`` when the
    fan-out is complete (the broadcast moves to ``sending``).

    The insert and the cursor move commit together under the broadcast's row lock, so a chunk is
    either wholly fanned out or not at all; a constant number of queries per chunk.
    """
    size = size or chunk_size()
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().select_related("alert").get(pk=broadcast_id)
        if broadcast.state != Broadcast.State.FANNING_OUT:
            return None
        alert = broadcast.alert
        start = broadcast.cursor
        recipients = recipients_for_alert(alert=alert)
        ids = list(recipients.filter(pk__gt=start).values_list("pk", flat=True)[:size])
        if not ids:
            broadcast.state = Broadcast.State.SENDING
            broadcast.fanned_out_at = timezone.now()
            broadcast.save(update_fields=["state", "fanned_out_at"])
            return None
        end = ids[-1]
        _insert_deliveries(alert=alert, recipients=recipients.filter(pk__gt=start, pk__lte=end))
        created = list(
            Delivery.objects.filter(
                alert=alert, subscription_id__gt=start, subscription_id__lte=end, state=Delivery.State.QUEUED
            )
            .order_by("pk")
            .values_list("pk", "channel")
        )
        broadcast.cursor = end
        broadcast.recipients += len(ids)
        broadcast.save(update_fields=["cursor", "recipients"])
    return _batches(created)


def _insert_deliveries(*, alert: Alert, recipients) -> None:
    """``INSERT … SELECT`` the chunk's deliveries in the database, skipping those that exist.

    The rows never pass through Python: building 2,000 ``Delivery`` objects and their keys per chunk
    was a third of the worker's CPU per delivery (docs/benchmarks.md, #7). The idempotency key is
    ``idempotency_key()``'s, assembled in SQL (tests compare the two). Portable SQL (PostgreSQL and
    SQLite ≥ 3.24); the ``WHERE`` keeps SQLite's parser from reading ``ON CONFLICT`` as a join's ``ON``.
    """
    prefix, _sep, suffix = idempotency_key(alert=alert, subscription_id=0).partition("-s0-")
    select_sql, select_params = recipients.values("id", "channel", "address").query.sql_with_params()
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(c)
        for c in (
            "alert_id", "subscription_id", "channel", "address", "state", "attempts", "idempotency_key",
            "provider_message_id", "error", "created_at",
        )
    )
    sql = (
        f"INSERT INTO {qn(Delivery._meta.db_table)} ({columns}) "
        "SELECT %s, r.id, r.channel, r.address, %s, 0, "
        "CAST(%s AS TEXT) || CAST(r.id AS TEXT) || CAST(%s AS TEXT), '', '', %s "
        f"FROM ({select_sql}) r WHERE r.id IS NOT NULL ON CONFLICT DO NOTHING"
    )
    params = [alert.pk, Delivery.State.QUEUED.value, f"{prefix}-s", f"-{suffix}", timezone.now(), *select_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _batches(rows: Iterable[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    by_channel: dict[str, list[int]] = {}
    for pk, channel in rows:
        by_channel.setdefault(channel, []).append(pk)
    batches = []
    for channel, ids in sorted(by_channel.items()):
        n = batch_size(channel)
        batches.extend((channel, ids[i : i + n]) for i in range(0, len(ids), n))
    return batches


# --- sending ---------------------------------------------------------------------------------------


def claim(*, delivery_ids: list[int]) -> list[Delivery]:
    """Take those of the given deliveries that are ``queued`` and due to ``sending`` (``attempts`` + 1).

    Rows another task holds (locked now, or already ``sending``/``sent``) are skipped, so the same
    batch enqueued twice (a Celery redelivery, a recovery) is handed over once.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=delivery_ids, state=Delivery.State.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .select_related("subscription")
            .order_by("pk")
        )
        if rows:
            Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
                state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            for row in rows:
                row.state, row.claimed_at, row.attempts = Delivery.State.SENDING, now, row.attempts + 1
    return rows


@dataclass
class BatchOutcome:
    sent: int = 0
    failed: int = 0
    retry_ids: list[int] = field(default_factory=list)
    retry_in: float = 0.0


def send_batch(*, channel: str, delivery_ids: list[int]) -> BatchOutcome:
    """Claim, hand over and record one batch of deliveries of one channel.

    Results are written as the channel yields them, in groups of ``mark_every`` (e-mail: 1 by
    default — the exactly-once window, docs/crisis-broadcast.md). A batch-level error (gateway down,
    timeout) sends the deliveries not yet reported back to ``queued`` with an exponential backoff,
    or to ``failed`` after ``RATUSZ_CRISIS_MAX_ATTEMPTS``. Returns what the task must re-enqueue.
    """
    with _commits_without_disk_wait():
        outcome = BatchOutcome()
        rows = claim(delivery_ids=delivery_ids)
        if not rows:
            return outcome
        alert = Alert.objects.get(pk=rows[0].alert_id)
        by_pk = {row.pk: row for row in rows}
        sendable = []
        for row in rows:
            if row.subscription is None or row.subscription.state != Subscription.State.CONFIRMED:
                # Unsubscribed (or erased) after the fan-out: nobody gets an alert they opted out of.
                failed = SendResult(row.pk, FAILED, error=_("Odbiorca wypisał się przed wysłaniem."))
                _record(channel, [failed], by_pk)
                outcome.failed += 1
            else:
                sendable.append(row)
        if sendable:
            rate_acquire(channel, len(sendable))
            _hand_over_results(channel, sendable, alert, outcome)
        maybe_finish(alert_id=alert.pk)
    return outcome


@contextmanager
def _commits_without_disk_wait():
    """``synchronous_commit = off`` for one send task: its commits do not wait for a WAL flush.

    Writing ``sent`` after every single e-mail is what bounds the repeat-after-kill window; with
    PostgreSQL's default each of those commits (and the claim's) waits for a disk sync. Off, the
    writes stay atomic and durable against a *worker* crash (the server has them); only a crash of
    the database server itself could lose the last fraction of a second of claims and marks, and
    those rows then look ``queued`` or ``sending`` and are sent again by the recovery (SMS refused
    by idx). docs/crisis-broadcast.md. Reset at the end: the worker keeps its connection.
    """
    postgres = connection.vendor == "postgresql" and not connection.in_atomic_block
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def _hand_over_results(channel: str, rows: list[Delivery], alert: Alert, outcome: BatchOutcome) -> None:
    every = mark_every(channel)
    by_pk = {row.pk: row for row in rows}
    pending: list[SendResult] = []
    reported: set[int] = set()
    try:
        for result in get_channel(channel).send_batch(rows, alert):
            pending.append(result)
            reported.add(result.delivery_id)
            if len(pending) >= every:
                _record(channel, pending, by_pk, outcome)
                pending = []
    except ChannelError as exc:
        _record(channel, pending, by_pk, outcome)
        pending = []
        logger.warning("Alert %s, %s batch: %s", alert.pk, channel, exc)
        rest = [SendResult(row.pk, RETRY, error=str(exc)[:1000]) for row in rows if row.pk not in reported]
        _record(channel, rest, by_pk, outcome)
    _record(channel, pending, by_pk, outcome)


def mark_every(channel: str) -> int:
    return max(1, int(_setting("RATUSZ_CRISIS_MARK_EVERY", {}).get(channel, 1 if channel == "email" else 1000)))


def _record(channel: str, results: list[SendResult], by_pk: dict[int, Delivery], outcome: BatchOutcome | None = None):
    """Write results: ``sent`` (bulk), ``failed``, or back to ``queued`` with a backoff."""
    if not results:
        return
    now = timezone.now()
    sent, done = [], []
    for result in results:
        row = by_pk[result.delivery_id]
        if result.outcome == SENT:
            row.state, row.sent_at = Delivery.State.SENT, now
            row.provider_message_id, row.error = result.provider_message_id[:100], ""
            sent.append(row)
            if outcome:
                outcome.sent += 1
            continue
        row.error = result.error
        if result.outcome == RETRY and row.attempts < max_attempts():
            delay = retry_base_seconds() * 2 ** (row.attempts - 1)
            row.state, row.next_attempt_at = Delivery.State.QUEUED, now + timedelta(seconds=delay)
            if outcome:
                outcome.retry_ids.append(row.pk)
                outcome.retry_in = max(outcome.retry_in, delay)
        else:
            row.state = Delivery.State.FAILED
            if outcome:
                outcome.failed += 1
        done.append(row)
    if sent:
        # One plain statement per row, pipelined by psycopg's executemany: ``bulk_update``'s CASE
        # expressions cost more CPU than the hand-over itself (docs/benchmarks.md, #7).
        table = connection.ops.quote_name(Delivery._meta.db_table)
        sql = f"UPDATE {table} SET state = %s, sent_at = %s, provider_message_id = %s, error = '' WHERE id = %s"
        params = [(Delivery.State.SENT.value, now, row.provider_message_id, row.pk) for row in sent]
        with connection.cursor() as cursor:
            if len(params) == 1:
                cursor.execute(sql, params[0])  # executemany's pipeline costs ms for a single row
            else:
                cursor.executemany(sql, params)
    if done:
        Delivery.objects.bulk_update(done, ["state", "error", "next_attempt_at"])


# --- finish and recovery ---------------------------------------------------------------------------


def maybe_finish(*, alert_id: int) -> bool:
    """When the fan-out is complete and no delivery is queued or sending: broadcast ``done``, alert
    ``sent``, a BROADCAST_FINISHED decision. Safe to call from many tasks at once."""
    if Delivery.objects.filter(alert_id=alert_id, state__in=ACTIVE_STATES).exists():
        return False
    now = timezone.now()
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().filter(alert_id=alert_id).first()
        if broadcast is None or broadcast.state != Broadcast.State.SENDING:
            return False
        if Delivery.objects.filter(alert_id=alert_id, state__in=ACTIVE_STATES).exists():
            return False
        broadcast.state, broadcast.finished_at = Broadcast.State.DONE, now
        broadcast.save(update_fields=["state", "finished_at"])
        Alert.objects.filter(pk=alert_id, state=Alert.State.BROADCASTING).update(state=Alert.State.SENT, updated_at=now)
        AlertDecision.objects.create(alert_id=alert_id, action=AlertDecision.Action.BROADCAST_FINISHED, at=now)
    logger.info("Broadcast of alert %s finished", alert_id)
    return True


@dataclass
class Recovery:
    broadcast_id: int
    fan_out: bool = False
    requeued: int = 0
    batches: list[tuple[str, list[int]]] = field(default_factory=list)


def broadcast_recover(*, broadcast: Broadcast, stale_seconds: float | None = None, force: bool = False) -> Recovery:
    """Repair a broadcast after a lost worker; what to enqueue is returned (the task enqueues it).

    * ``sending`` rows claimed more than ``stale_seconds`` ago (default
      ``RATUSZ_CRISIS_STALE_SENDING_SECONDS``, longer than the send task's time limit, so a live
      worker is never overtaken) go back to ``queued`` — or to ``failed`` after the last attempt.
      Their re-send is safe for SMS (the gateway refuses a repeated ``idx``).
    * An unfinished fan-out is resumed from its cursor.
    * Due ``queued`` rows are enqueued again when the broadcast has stalled (nothing claimed for the
      stale period: their tasks were lost with a worker), or always with ``force`` (an operator's
      resume). A row enqueued twice is still claimed once.
    """
    stale = timedelta(seconds=stale_seconds) if stale_seconds is not None else stale_after()
    now = timezone.now()
    recovery = Recovery(broadcast_id=broadcast.pk)
    stuck = Delivery.objects.filter(
        alert_id=broadcast.alert_id, state=Delivery.State.SENDING, claimed_at__lte=now - stale
    )
    with transaction.atomic():
        exhausted = stuck.filter(attempts__gte=max_attempts()).update(
            state=Delivery.State.FAILED, error=_("Przerwane wysyłanie, wyczerpany limit prób.")
        )
        recovery.requeued = stuck.update(state=Delivery.State.QUEUED, next_attempt_at=None)
    if exhausted or recovery.requeued:
        logger.warning(
            "Alert %s: %s stale deliveries re-queued, %s failed", broadcast.alert_id, recovery.requeued, exhausted
        )
    broadcast.refresh_from_db()
    recovery.fan_out = broadcast.state == Broadcast.State.FANNING_OUT
    if not force:
        last_claim = Delivery.objects.filter(alert_id=broadcast.alert_id).aggregate(m=Max("claimed_at"))["m"]
        stalled = (last_claim is None or last_claim < now - stale) and broadcast.started_at < now - stale
        if not stalled and not recovery.requeued:
            return recovery
    due = (
        Delivery.objects.filter(alert_id=broadcast.alert_id, state=Delivery.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", "channel")
    )
    recovery.batches = _batches(due.iterator(chunk_size=5000))
    return recovery


def broadcasts_to_recover() -> list[Broadcast]:
    return list(Broadcast.objects.exclude(state=Broadcast.State.DONE).select_related("alert"))

"""The broadcast: who gets a delivery, no duplicates on a repeated fan-out, claims, finish, limits.

Channels here are the in-memory ones (Django's locmem mail backend, the console SMS backend); the
gateway stand-ins over real HTTP/SMTP are in ``test_broadcast_gateways.py`` and the killed worker in
``test_broadcast_worker.py``.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crisis import tasks
from crisis.channels import rate
from crisis.models import Alert, AlertDecision, Broadcast, Category, Delivery, Subscription
from crisis.services import broadcast as service

pytestmark = pytest.mark.django_db


_capture = None


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    """``transaction.on_commit`` callbacks (the task chain) run when each ``committed()`` block ends."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def committed():
    return _capture(execute=True)


@pytest.fixture
def approved(make_alert):
    def make(**fields):
        fields.setdefault("state", Alert.State.APPROVED)
        return make_alert(**fields)

    return make


def run_broadcast(alert):
    with committed():
        tasks.broadcast_start.delay(alert.pk)
    alert.refresh_from_db()
    return alert


def delivered_to(alert) -> set[str]:
    return set(Delivery.objects.filter(alert=alert).values_list("address", flat=True))


def test_targets_the_alerts_areas_and_category_only(make_area, approved, make_subscription):
    north, south = make_area("Północ"), make_area("Południe")
    make_subscription("north@example.pl", areas=[north])
    make_subscription("+48600000001", areas=[north])
    make_subscription("south@example.pl", areas=[south])
    make_subscription("all@example.pl", all_areas=True)
    make_subscription("fire-only@example.pl", areas=[north], categories=[Category.FIRE])
    alert = approved(areas=[north], category=Category.MET)

    alert = run_broadcast(alert)

    assert delivered_to(alert) == {"north@example.pl", "+48600000001", "all@example.pl"}
    assert alert.state == Alert.State.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["all@example.pl", "north@example.pl"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}
    actions = list(alert.decisions.values_list("action", flat=True))
    assert actions == [AlertDecision.Action.BROADCAST_STARTED, AlertDecision.Action.BROADCAST_FINISHED]
    assert alert.broadcast.state == Broadcast.State.DONE and alert.broadcast.recipients == 3


def test_pending_and_unsubscribed_contacts_get_nothing(make_area, approved, make_subscription):
    area = make_area()
    make_subscription("ok@example.pl", areas=[area])
    make_subscription("pending@example.pl", areas=[area], state=Subscription.State.PENDING)
    make_subscription("gone@example.pl", areas=[area], state=Subscription.State.UNSUBSCRIBED)
    make_subscription("+48600000002", areas=[area], state=Subscription.State.PENDING)

    alert = run_broadcast(approved(areas=[area]))

    assert delivered_to(alert) == {"ok@example.pl"}
    assert [m.to for m in mail.outbox] == [["ok@example.pl"]]


def test_unsubscribed_after_the_fan_out_is_not_sent(make_area, approved, make_subscription):
    area = make_area()
    sub = make_subscription("late@example.pl", areas=[area])
    alert = approved(areas=[area])
    broadcast = service.broadcast_start(alert_id=alert.pk)
    batches = service.fan_out_chunk(broadcast_id=broadcast.pk)
    Subscription.objects.filter(pk=sub.pk).update(state=Subscription.State.UNSUBSCRIBED)

    for channel, ids in batches:
        service.send_batch(channel=channel, delivery_ids=ids)

    delivery = Delivery.objects.get(alert=alert)
    assert delivery.state == Delivery.State.FAILED
    assert "wypisał" in delivery.error
    assert mail.outbox == []


def test_a_repeated_fan_out_creates_no_duplicates(make_area, approved, make_subscription, settings):
    settings.RATUSZ_CRISIS_FANOUT_CHUNK = 3
    area = make_area()
    for i in range(7):
        make_subscription(f"r{i}@example.pl", areas=[area])
    alert = approved(areas=[area])
    broadcast = service.broadcast_start(alert_id=alert.pk)
    service.fan_out_chunk(broadcast_id=broadcast.pk)
    # A crash after the first chunk: the cursor is saved; a second worker also starts from zero.
    Broadcast.objects.filter(pk=broadcast.pk).update(cursor=0)
    while service.fan_out_chunk(broadcast_id=broadcast.pk) is not None:
        pass

    assert Delivery.objects.filter(alert=alert).count() == 7
    assert service.fan_out_chunk(broadcast_id=broadcast.pk) is None  # a third run: nothing to do
    assert Delivery.objects.filter(alert=alert).count() == 7
    assert Delivery.objects.filter(alert=alert).values("idempotency_key").distinct().count() == 7


def test_broadcast_start_twice_starts_once(make_area, approved, make_subscription):
    area = make_area()
    make_subscription("once@example.pl", areas=[area])
    alert = approved(areas=[area])
    run_broadcast(alert)
    run_broadcast(alert)

    assert len(mail.outbox) == 1
    assert Broadcast.objects.filter(alert=alert).count() == 1
    assert alert.decisions.filter(action=AlertDecision.Action.BROADCAST_STARTED).count() == 1


def test_fan_out_queries_per_chunk_are_constant(make_area, approved, make_subscription, settings):
    settings.RATUSZ_CRISIS_FANOUT_CHUNK = 5
    area = make_area()
    for i in range(20):
        make_subscription(f"q{i}@example.pl" if i % 2 else f"+4860000{i:04d}", areas=[area])
    alert = approved(areas=[area])
    broadcast = service.broadcast_start(alert_id=alert.pk)
    counts = []
    for _ in range(4):
        with CaptureQueriesContext(connection) as ctx:
            service.fan_out_chunk(broadcast_id=broadcast.pk)
        counts.append(len(ctx.captured_queries))
    assert len(set(counts)) == 1, counts
    assert Delivery.objects.filter(alert=alert).count() == 20


def test_a_future_send_at_waits_for_the_beat(make_area, approved, make_subscription):
    import datetime as dt

    from django.utils import timezone

    area = make_area()
    make_subscription("later@example.pl", areas=[area])
    alert = approved(areas=[area], send_at=timezone.now() + dt.timedelta(hours=1))
    run_broadcast(alert)
    alert.refresh_from_db()
    assert alert.state == Alert.State.APPROVED and not Delivery.objects.exists()

    Alert.objects.filter(pk=alert.pk).update(send_at=timezone.now() - dt.timedelta(seconds=1))
    with committed():
        tasks.start_due_broadcasts.delay()
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT
    assert [m.to for m in mail.outbox] == [["later@example.pl"]]


def test_a_scheduled_alert_cancelled_before_its_time_is_never_sent(make_area, approved, make_subscription):
    """Regression: a Cancel approved while the original waited for its ``send_at`` must stop it."""
    import datetime as dt

    from django.utils import timezone

    area = make_area()
    make_subscription("odwolane@example.pl", areas=[area])
    alert = approved(areas=[area], send_at=timezone.now() - dt.timedelta(seconds=1), cancelled_at=timezone.now())
    with committed():
        tasks.start_due_broadcasts.delay()
    run_broadcast(alert)
    alert.refresh_from_db()
    assert alert.state == Alert.State.APPROVED
    assert not Delivery.objects.exists() and mail.outbox == []


def test_a_website_only_alert_completes_at_once(make_area, approved, make_subscription):
    area = make_area()
    make_subscription("web@example.pl", areas=[area])
    alert = run_broadcast(approved(areas=[area], send_sms=False, send_email=False))
    assert alert.state == Alert.State.SENT
    assert not Delivery.objects.exists() and mail.outbox == []


def test_not_approved_alerts_are_not_broadcast(make_area, make_alert, make_subscription):
    area = make_area()
    make_subscription("x@example.pl", areas=[area])
    for state in (Alert.State.DRAFT, Alert.State.SUBMITTED, Alert.State.REJECTED):
        run_broadcast(make_alert(areas=[area], state=state))
    assert not Delivery.objects.exists() and not Broadcast.objects.exists()


def test_email_has_stable_message_id_and_one_click_unsubscribe(make_area, approved, make_subscription):
    area = make_area()
    sub = make_subscription("headers@example.pl", areas=[area])
    alert = run_broadcast(approved(areas=[area], status=Alert.Status.EXERCISE))
    message = mail.outbox[0]
    delivery = Delivery.objects.get(alert=alert)
    assert message.extra_headers["Message-ID"] == f"<{delivery.provider_message_id}>"
    assert delivery.idempotency_key in message.extra_headers["Message-ID"]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://testserver/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url.replace("&", "&amp;") in message.alternatives[0][0]
    assert message.subject.startswith("ĆWICZENIA: ")
    assert sub.pk  # the link is the subscription's own


def test_stale_sending_rows_are_recovered_and_sent_once(make_area, approved, make_subscription):
    area = make_area()
    for i in range(3):
        make_subscription(f"s{i}@example.pl", areas=[area])
    alert = approved(areas=[area])
    broadcast = service.broadcast_start(alert_id=alert.pk)
    batches = service.fan_out_chunk(broadcast_id=broadcast.pk)
    service.fan_out_chunk(broadcast_id=broadcast.pk)
    claimed = service.claim(delivery_ids=batches[0][1])  # a worker claims, then dies
    assert len(claimed) == 3
    assert service.claim(delivery_ids=batches[0][1]) == []  # a second task for the same batch: nothing

    broadcast.refresh_from_db()
    with committed():
        tasks.resume(broadcast, force=False)  # claimed just now: not stale, nothing re-queued
    assert mail.outbox == []
    with committed():
        tasks.resume(broadcast, force=True, stale_seconds=0)

    assert len(mail.outbox) == 3
    assert set(Delivery.objects.values_list("state", "attempts")) == {(Delivery.State.SENT, 2)}
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT


def test_rate_limit_spreads_a_batch_over_windows(settings):
    settings.RATUSZ_CRISIS_RATE = {"sms": 10}
    clock = iter([100.0, 101.0, 102.2]).__next__
    sleeps = []
    assert rate.acquire("sms", 25, clock=clock, sleep=sleeps.append) == 2
    assert sleeps == [1.0, 1.0]  # 10 in window 100, 10 in 101, 5 in 102
    # The windows were filled to the limit: a second caller in window 102 gets 5 more, then waits.
    clock2 = iter([102.3, 103.0]).__next__
    assert rate.acquire("sms", 10, clock=clock2, sleep=sleeps.append) == 1
    assert rate.acquire("email", 10_000, clock=clock2, sleep=sleeps.append) == 0  # no limit set

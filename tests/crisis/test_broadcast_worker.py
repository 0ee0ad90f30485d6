"""A real Celery worker on Redis, killed with SIGKILL mid-broadcast and replaced: every SMS is
accepted by the stand-in gateway exactly once and every delivery ends ``sent`` (issue 7, "Exactly once").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from cms.messaging.standins.smsapi import SmsapiStandin
from cms.messaging.standins.smtp import SmtpStandin
from crisis.channels.email import message_id
from crisis.models import Alert, Delivery, Subscription

ROOT = Path(__file__).resolve().parents[2]
# Three batches per channel (RATUSZ_CRISIS_BATCH = 100): the e-mails go first and the kill comes during the
# first SMSAPI request, with e-mails and SMS still to send — what 1000 each showed, with a third of the messages.
N_SMS = N_EMAIL = 300

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool children too
    )


def _wait(predicate, timeout: float, worker: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker is not None and worker.poll() is not None:
            pytest.fail("the worker exited:\n" + (log.read_text()[-3000:] if log else ""))
        time.sleep(0.1)
    pytest.fail("timed out:\n" + (log.read_text()[-3000:] if log else ""))


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_a_killed_worker_neither_skips_nor_doubles_a_message(tmp_path, make_area, make_alert):
    import redis

    redis_url = os.environ["REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()  # this test's own Redis database: no stale tasks
    smsapi, smtp = SmsapiStandin(token="kill-test"), SmtpStandin()
    sms_url = smsapi.start()
    smtp_host, smtp_port = smtp.start()
    smsapi.delay_seconds = 0.25  # slow enough to kill the worker in the middle of an SMSAPI request

    now = timezone.now()
    common = {"all_areas": True, "state": Subscription.State.CONFIRMED, "consent_text": "zgoda", "consent_at": now}
    Subscription.objects.bulk_create(
        [Subscription(channel="sms", address=f"+48500{i:06d}", **common) for i in range(N_SMS)]
        + [Subscription(channel="email", address=f"m{i}@example.pl", **common) for i in range(N_EMAIL)]
    )
    alert = make_alert(areas=[make_area()], state=Alert.State.APPROVED)

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "kill-test-secret",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "RATUSZ_VAR_DIR": str(tmp_path),
        "WAGTAILADMIN_BASE_URL": "https://glogow-mlp.example",
        "EMAIL_HOST": smtp_host,
        "EMAIL_PORT": str(smtp_port),
        "RATUSZ_SMSAPI_BASE_URL": sms_url,
        "RATUSZ_SMSAPI_TOKEN": "kill-test",
        "RATUSZ_CRISIS_RATE_EMAIL": "400",  # spread the e-mails over a few seconds, through Redis
        "RATUSZ_CRISIS_RATE_SMS": "0",
        "RATUSZ_CRISIS_SMS_BATCH": "100",  # three batches per channel: see the note at the top
        "RATUSZ_CRISIS_EMAIL_BATCH": "100",
    }
    log = tmp_path / "worker.log"
    client = Celery("probe", broker=redis_url, set_as_current=False)  # never the app of later tests
    first = second = None
    try:
        first = _worker(env, log)
        client.send_task("crisis.broadcast_start", args=[alert.pk])
        sent = Delivery.objects.filter(alert=alert, state=Delivery.State.SENT)
        _wait(lambda: sent.count() >= 120, 120, first, log)
        # Kill while an SMSAPI request is in flight: the stand-in accepts it after its delay, but the
        # worker never learns it; those deliveries stay "sending" until the recovery re-sends them.
        requests_before = smsapi.requests
        _wait(lambda: smsapi.requests > requests_before, 60, first, log)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        at_kill = {
            "sent": sent.count(),
            "sending": Delivery.objects.filter(alert=alert, state=Delivery.State.SENDING).count(),
        }
        assert at_kill["sent"] < N_SMS + N_EMAIL, "the broadcast ended before the kill: nothing was tested"

        second = _worker(env, log)
        client.send_task("crisis.broadcast_resume", args=[alert.pk, 0])
        _wait(lambda: Alert.objects.get(pk=alert.pk).state == Alert.State.SENT, 180, second, log)
    finally:
        for worker in (first, second):
            if worker is not None:
                _stop(worker)
        smsapi.stop()
        smtp.stop()

    deliveries = Delivery.objects.filter(alert=alert)
    assert deliveries.count() == N_SMS + N_EMAIL
    assert set(deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}, at_kill
    sms_keys = set(deliveries.filter(channel="sms").values_list("idempotency_key", flat=True))
    # SMS: exactly once. The gateway holds each idx once and refused every repeat (counted in ``duplicates``).
    assert set(smsapi.accepted) == sms_keys and len(smsapi.accepted) == N_SMS
    assert smsapi.duplicates >= 1, "the batch in flight at the kill was re-sent and refused by idx"
    # E-mail: everyone got it; a repeat is possible only for a message accepted by SMTP in the instant
    # before its "sent" was written, at most one per killed process (RATUSZ_CRISIS_MARK_EVERY = 1),
    # and it carries the same Message-ID (docs/crisis-broadcast.md).
    keys = deliveries.filter(channel="email").values_list("idempotency_key", flat=True)
    expected_ids = {message_id(k) for k in keys}
    assert set(smtp.message_ids) == expected_ids
    repeats = sum(n - 1 for n in smtp.message_ids.values())
    assert repeats <= 2, (repeats, at_kill)
    print(f"at kill: {at_kill}; SMS repeats refused by idx: {smsapi.duplicates}; e-mail repeats: {repeats}")  # noqa: T201

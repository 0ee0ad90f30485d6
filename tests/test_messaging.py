"""The outbox (cms.messaging, issue 5): queued in the caller's transaction, sent once, retried, never lost."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cms.messaging.models import OutboundMessage
from cms.messaging.services import MAX_ATTEMPTS, queue_email
from cms.messaging.tasks import flush_outbox, send_message
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def failing_smtp(monkeypatch):
    """The SMTP server refuses every message until ``calls["fail"]`` is set to False."""
    from django.core.mail.backends.locmem import EmailBackend

    calls = {"fail": True, "count": 0}
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["count"] += 1
        if calls["fail"]:
            raise ConnectionRefusedError("SMTP niedostępny")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return calls


def _queue(key="case:1:submitted", **kwargs):
    params = {
        "to": "jan.kowalski@example.com",
        "subject": "Potwierdzenie złożenia wniosku",
        "body": "Dzień dobry, Pański wniosek został złożony.",
        "key": key,
        "topic": "cases",
    }
    params.update(kwargs)
    return queue_email(**params)


def test_a_message_queued_in_a_transaction_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = _queue(html="<p>Dzień dobry</p>")
            assert mail.outbox == [], "nothing may leave before the transaction commits"
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["jan.kowalski@example.com"]
    assert sent.subject == "Potwierdzenie złożenia wniosku"
    assert sent.alternatives[0][0] == "<p>Dzień dobry</p>"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue()
            raise RuntimeError("the case could not be saved")
    assert mail.outbox == []
    assert not OutboundMessage.objects.exists()


def test_the_same_key_twice_gives_one_message_and_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(key="case:7:submitted")
    with django_capture_on_commit_callbacks(execute=True):
        second = _queue(key="case:7:submitted", subject="Inny temat")
    assert second.pk == first.pk
    assert OutboundMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Potwierdzenie złożenia wniosku"


def test_a_retried_task_after_success_sends_nothing_more(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
    send_message.delay(message.pk)
    send_message(message.pk)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 1


def test_a_failure_is_recorded_and_a_later_run_sends_it(django_capture_on_commit_callbacks, failing_smtp):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
    message.refresh_from_db()
    assert mail.outbox == []
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.attempts == 1
    assert "SMTP niedostępny" in message.last_error
    assert message.next_attempt_at > timezone.now(), "the next try waits for the backoff"

    failing_smtp["fail"] = False
    send_message.delay(message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_message_is_failed_and_stays_failed(
    django_capture_on_commit_callbacks, failing_smtp
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
    for _ in range(MAX_ATTEMPTS - 1):
        send_message(message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert "ConnectionRefusedError" in message.last_error

    failing_smtp["fail"] = False
    send_message(message.pk)
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert flush_outbox() == 0
    assert mail.outbox == []
    assert failing_smtp["count"] == MAX_ATTEMPTS


def test_flush_outbox_sends_a_message_whose_enqueue_was_lost(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the commit happened, the enqueue never did
        lost = _queue(key="case:1:lost")
        fresh = _queue(key="case:2:fresh")
    three_minutes_ago = timezone.now() - timedelta(minutes=3)
    OutboundMessage.objects.filter(pk=lost.pk).update(created_at=three_minutes_ago, next_attempt_at=three_minutes_ago)

    assert flush_outbox() == 1
    assert [m.to for m in mail.outbox] == [["jan.kowalski@example.com"]]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == OutboundMessage.Status.SENT
    assert fresh.status == OutboundMessage.Status.QUEUED, "a message queued a moment ago still has its task coming"


def test_flush_outbox_takes_back_a_message_left_sending_by_a_dead_worker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = _queue()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, attempts=1, last_attempt_at=an_hour_ago
    )
    assert flush_outbox() == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_being_sent_by_another_worker_is_not_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = _queue()
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, attempts=1, last_attempt_at=timezone.now()
    )
    send_message(message.pk)
    assert flush_outbox() == 0
    assert mail.outbox == []


def test_attachments_arrive_with_the_email(django_capture_on_commit_callbacks):
    pdf = b"%PDF-1.4 potwierdzenie"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(
            attachments=[("UPO-UM.6220.1.2026.pdf", pdf, "application/pdf"), ("dane.csv", b"a;b\n", "text/csv")]
        )
    assert mail.outbox[0].attachments == [
        ("UPO-UM.6220.1.2026.pdf", pdf, "application/pdf"),
        ("dane.csv", "a;b\n", "text/csv"),
    ]
    message.refresh_from_db()
    assert [a["name"] for a in message.attachments] == ["UPO-UM.6220.1.2026.pdf", "dane.csv"]
    assert all(a["path"].startswith(f"messaging/{message.pk}/") for a in message.attachments)


def test_a_bad_address_is_refused_in_polish_and_nothing_is_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as excinfo:
        _queue(to="to-nie-jest-adres")
    assert "Nieprawidłowy adres e-mail odbiorcy" in excinfo.value.messages[0]
    assert not OutboundMessage.objects.exists()
    assert mail.outbox == []


# --- The admin list -----------------------------------------------------------------------------------

LIST_URL = "/admin/wiadomosci-wychodzace/"


def _staff(*codenames):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"Grupa {uuid.uuid4().hex[:6]}")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="messaging", codename__in=codenames),
    )
    user.groups.add(group)
    return user


def test_a_superuser_lists_filters_searches_and_inspects_messages(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(to="anna.nowak@example.com", key="k1")
        _queue(to="piotr@example.com", key="k2", topic="alerts")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "anna.nowak@example.com" in response.content.decode()

    response = client.get(LIST_URL, {"q": "anna"})
    assert "anna.nowak@example.com" in response.content.decode()
    assert "piotr@example.com" not in response.content.decode()

    response = client.get(LIST_URL, {"topic": "alerts"})
    assert "piotr@example.com" in response.content.decode()
    assert "anna.nowak@example.com" not in response.content.decode()

    response = client.get(LIST_URL, {"status": "failed"})
    assert "anna.nowak@example.com" not in response.content.decode()

    response = client.get(f"{LIST_URL}inspect/{message.pk}/")
    assert response.status_code == 200
    assert "Pański wniosek został złożony" in response.content.decode()


def test_nobody_adds_or_edits_messages_by_hand(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"{LIST_URL}add/").status_code in (302, 403, 404)
    assert client.get(f"{LIST_URL}edit/{message.pk}/").status_code in (302, 403, 404)
    response = client.post(f"{LIST_URL}delete/{message.pk}/")
    assert response.status_code in (302, 403, 404)
    assert OutboundMessage.objects.filter(pk=message.pk).exists()


def test_staff_without_the_view_permission_cannot_see_the_outbox(client):
    client.force_login(_staff())
    assert client.get(LIST_URL).status_code in (302, 403)


def test_an_administrator_with_the_view_permission_sees_the_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(to="anna.nowak@example.com")
    client.force_login(_staff("view_outboundmessage"))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "anna.nowak@example.com" in response.content.decode()


# --- Through a real broker and worker -----------------------------------------------------------------


@pytest.mark.celery
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_queued_message_through_redis(tmp_path, settings):
    """The whole path: commit → on_commit enqueue to Redis → a worker process sends and marks it sent."""
    from cms.celery import app

    redis_url = os.environ["REDIS_URL"]
    queue = f"test-messaging-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"  # the worker's RATUSZ_VAR_DIR/media: it reads the attachment
    database_url = urlunparse(
        urlparse(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    )
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "RATUSZ_VAR_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"]
        + ["--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_routes")}
    app.conf.update(task_always_eager=False, broker_url=redis_url, task_routes={"messaging.*": {"queue": queue}})
    token = uuid.uuid4().hex
    try:
        with transaction.atomic():
            message = _queue(subject=f"Probe {token}", attachments=[("UPO.pdf", b"%PDF-1.4", "application/pdf")])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            message.refresh_from_db()
            if message.status == OutboundMessage.Status.SENT:
                break
            time.sleep(0.3)
        assert worker.poll() is None, "the worker exited early:\n" + (worker.stdout.read() if worker.stdout else "")
        assert message.status == OutboundMessage.Status.SENT
        assert message.attempts == 1
    finally:
        app.conf.update(saved)
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert f"Subject: Probe {token}" in output, "the dev settings print e-mail to the worker's console"

"""The broadcast against the gateway stand-ins on 127.0.0.1 (real HTTP to the SMSAPI stand-in, real
SMTP to an aiosmtpd server): retries of transient errors, permanent failures, the e-mail headers."""

from __future__ import annotations

import email.policy
import smtplib
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from cms.messaging.standins.smsapi import SmsapiStandin
from cms.messaging.standins.smtp import SmtpStandin
from crisis.models import Alert, Delivery
from crisis.services import broadcast as service

pytestmark = pytest.mark.django_db


@pytest.fixture
def smsapi(settings):
    standin = SmsapiStandin(token="t0ken")
    base_url = standin.start()
    settings.RATUSZ_SMSAPI = {"base_url": base_url, "token": "t0ken", "sender": "Gmina", "timeout": 5}
    settings.RATUSZ_CRISIS_CHANNELS = {"sms": "crisis.channels.sms.SmsapiChannel"}
    yield standin
    standin.stop()


@pytest.fixture
def smtp(settings):
    standin = SmtpStandin()
    host, port = standin.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = host, port
    settings.EMAIL_USE_TLS = False
    yield standin
    standin.stop()


def fan_out(alert) -> list[tuple[str, list[int]]]:
    broadcast = service.broadcast_start(alert_id=alert.pk)
    batches = []
    while (chunk := service.fan_out_chunk(broadcast_id=broadcast.pk)) is not None:
        batches.extend(chunk)
    return batches


def test_sms_batch_is_one_request_with_idx_and_a_transient_error_is_retried(
    smsapi, make_area, make_alert, make_subscription
):
    area = make_area()
    numbers = [f"+4860100{i:04d}" for i in range(5)]
    for number in numbers:
        make_subscription(number, areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_email=False)
    [(channel, ids)] = fan_out(alert)

    smsapi.fail_next(1, status=503)
    outcome = service.send_batch(channel=channel, delivery_ids=ids)
    assert outcome.sent == 0 and sorted(outcome.retry_ids) == sorted(ids)
    rows = Delivery.objects.filter(alert=alert)
    assert {(r.state, r.attempts) for r in rows} == {(Delivery.State.QUEUED, 1)}
    assert all(r.next_attempt_at and "503" in r.error for r in rows)
    assert smsapi.count == 0

    assert service.send_batch(channel=channel, delivery_ids=ids).sent == 0  # backoff not over: not claimed
    rows.update(next_attempt_at=None)
    outcome = service.send_batch(channel=channel, delivery_ids=ids)

    assert outcome.sent == 5
    assert smsapi.requests == 2  # the refused one and one for the whole batch
    assert {r["to"] for r in smsapi.accepted.values()} == set(numbers)
    assert set(smsapi.accepted) == set(rows.values_list("idempotency_key", flat=True))
    assert {(r.state, r.attempts, r.error) for r in rows} == {(Delivery.State.SENT, 2, "")}
    assert all(r.provider_message_id == smsapi.accepted[r.idempotency_key]["id"] for r in rows)
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT


def test_invalid_number_fails_at_once_the_others_are_sent(smsapi, make_area, make_alert, make_subscription):
    area = make_area()
    make_subscription("+48601000001", areas=[area])
    bad = make_subscription("+48601000002", areas=[area])
    smsapi.invalid_numbers.add("+48601000002")
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_email=False)
    [(channel, ids)] = fan_out(alert)

    outcome = service.send_batch(channel=channel, delivery_ids=ids)

    assert (outcome.sent, outcome.failed, outcome.retry_ids) == (1, 1, [])
    failed = Delivery.objects.get(subscription=bad)
    assert failed.state == Delivery.State.FAILED and "Invalid phone number" in failed.error
    assert failed.attempts == 1


def test_transient_errors_give_up_after_max_attempts(smsapi, make_area, make_alert, make_subscription, settings):
    settings.RATUSZ_CRISIS_MAX_ATTEMPTS = 3
    area = make_area()
    make_subscription("+48601000003", areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_email=False)
    [(channel, ids)] = fan_out(alert)
    smsapi.fail_next(10, status=502)
    delays = []
    for _ in range(3):
        outcome = service.send_batch(channel=channel, delivery_ids=ids)
        delays.append(outcome.retry_in)
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=None)

    delivery = Delivery.objects.get(pk=ids[0])
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 3 and "502" in delivery.error
    assert delays[:2] == [30, 60]  # exponential backoff
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT  # finished: nothing is left queued


def test_resending_an_accepted_batch_is_refused_by_idx_and_counted_as_sent(
    smsapi, make_area, make_alert, make_subscription
):
    """A worker killed after SMSAPI accepted a batch but before ``sent`` was written: the recovery
    sends it again and the gateway refuses the repeated idx; nobody gets the SMS twice."""
    area = make_area()
    for i in range(4):
        make_subscription(f"+4860200{i:04d}", areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_email=False)
    [(channel, ids)] = fan_out(alert)
    half = ids[:2]
    service.send_batch(channel=channel, delivery_ids=half)
    Delivery.objects.filter(pk__in=half).update(state=Delivery.State.QUEUED)  # as if "sent" was never written

    outcome = service.send_batch(channel=channel, delivery_ids=ids)

    assert outcome.sent == 4
    assert smsapi.count == 4 and smsapi.duplicates >= 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_email_through_smtp_carries_list_unsubscribe_on_one_connection(smtp, make_area, make_alert, make_subscription):
    area = make_area()
    subs = [make_subscription(f"mieszkaniec{i}@example.pl", areas=[area]) for i in range(3)]
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_sms=False)
    [(channel, ids)] = fan_out(alert)

    assert service.send_batch(channel=channel, delivery_ids=ids).sent == 3

    assert smtp.messages == 3 and smtp.connections == 1
    assert all(n == 1 for n in smtp.message_ids.values())
    parsed = smtp.parsed()
    from crisis.services.subscriptions import unsubscribe_url

    expected = {f"<{unsubscribe_url(subscription=s)}>" for s in subs}
    assert {m["List-Unsubscribe"].strip() for m in parsed} == expected  # folded: a leading space
    assert {m["List-Unsubscribe-Post"] for m in parsed} == {"List-Unsubscribe=One-Click"}
    assert {m.get_content_type() for m in parsed} == {"multipart/alternative"}
    assert {str(m["Subject"]) for m in parsed} == {f"Ostrzeżenie: {alert.headline}"}
    for m in parsed:
        url = m["List-Unsubscribe"].strip()[1:-1]
        assert url in m.get_body(("plain",)).get_content()
        html = m.get_body(("html",)).get_content()
        assert url.replace("&", "&amp;") in html and alert.headline in html
    keys = set(Delivery.objects.values_list("idempotency_key", flat=True))
    assert {m["Message-ID"].split("ratusz-alert-")[1].split("@")[0] for m in parsed} == keys


class _Refusing:
    """An SMTP server that refuses one mailbox for good (550) and greylists another (451); it offers
    ``PIPELINING`` (RFC 2920) or not."""

    def __init__(self, pipelining: bool = False):
        self.accepted = []
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        if address.startswith("grey@"):
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted.append(message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.mark.parametrize("pipelining", [False, True], ids=["plain", "pipelined"])
def test_smtp_5xx_recipient_fails_4xx_is_retried(settings, make_area, make_alert, make_subscription, pipelining):
    handler = _Refusing(pipelining)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        area = make_area()
        ok = make_subscription("ok@example.pl", areas=[area])
        nobody = make_subscription("nobody@example.pl", areas=[area])
        grey = make_subscription("grey@example.pl", areas=[area])
        after = make_subscription("after@example.pl", areas=[area])  # a refusal does not disturb the next one
        alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_sms=False)
        [(channel, ids)] = fan_out(alert)

        outcome = service.send_batch(channel=channel, delivery_ids=ids)
    finally:
        controller.stop()

    assert (outcome.sent, outcome.failed) == (2, 1)
    states = {d.subscription_id: d for d in Delivery.objects.all()}
    assert states[ok.pk].state == states[after.pk].state == Delivery.State.SENT
    assert states[nobody.pk].state == Delivery.State.FAILED and "550" in states[nobody.pk].error
    assert states[grey.pk].state == Delivery.State.QUEUED and "451" in states[grey.pk].error
    assert [m["To"] for m in handler.accepted] == ["ok@example.pl", "after@example.pl"]


def test_pipelining_takes_one_round_trip_a_message_and_keeps_messages_intact(
    smtp, make_area, make_alert, make_subscription, monkeypatch
):
    """With a server that offers PIPELINING, each message's content goes out together with the next
    message's envelope: one write (and one wait) per message instead of four."""
    writes = []
    original = smtplib.SMTP.send
    monkeypatch.setattr(smtplib.SMTP, "send", lambda self, data: writes.append(data) or original(self, data))
    area = make_area()
    for i in range(5):
        make_subscription(f"potok{i}@example.pl", areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_sms=False)
    [(channel, ids)] = fan_out(alert)

    assert service.send_batch(channel=channel, delivery_ids=ids).sent == 5

    assert smtp.messages == 5 and smtp.connections == 1 and len(smtp.message_ids) == 5
    writes = [w for w in writes if isinstance(w, bytes)]  # smtplib sends its own commands as str
    transactions = [w for w in writes if w.startswith(b"MAIL FROM") or b"\r\n.\r\nMAIL FROM" in w]
    assert len(transactions) == 5  # the first envelope alone, then content + the next envelope
    assert len([w for w in writes if w.endswith(b"\r\n.\r\n")]) == 1  # the last content alone
    assert all(alert.headline in m.get_body(("plain",)).get_content() for m in smtp.parsed())
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_fan_out_builds_the_same_idempotency_keys_as_the_service(make_area, make_alert, make_subscription):
    area = make_area()
    subs = [make_subscription(f"klucz{i}@example.pl", areas=[area]) for i in range(3)]
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_sms=False)
    fan_out(alert)

    keys = dict(Delivery.objects.values_list("subscription_id", "idempotency_key"))
    assert keys == {s.pk: service.idempotency_key(alert=alert, subscription_id=s.pk) for s in subs}


def test_smtp_server_down_puts_the_batch_back(settings, make_area, make_alert, make_subscription):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    area = make_area()
    make_subscription("down@example.pl", areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, send_sms=False)
    [(channel, ids)] = fan_out(alert)

    outcome = service.send_batch(channel=channel, delivery_ids=ids)

    assert outcome.retry_ids == ids
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.QUEUED and delivery.error.startswith("SMTP")
    assert smtplib  # imported for the error classes the channel maps

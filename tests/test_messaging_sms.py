"""SMS in the outbox (issue 7): queue_sms, the console backend and SMSAPI.pl over real HTTP.

The SMSAPI tests run the real ``requests`` client against the stand-in server on 127.0.0.1, so the
protocol (form fields, idx/check_idx, error codes, timeouts) is exercised end to end.
"""

import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cms.messaging.backends import get_backend
from cms.messaging.backends.smsapi import (
    SmsapiClient,
    SmsOut,
    SmsPermanentError,
    SmsTransientError,
)
from cms.messaging.models import OutboundMessage
from cms.messaging.services import DeliveryFailed, message_send, queue_sms
from cms.messaging.standins.smsapi import SmsapiStandin

pytestmark = pytest.mark.django_db

TOKEN = "token-testowy"


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.RATUSZ_SMS_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


@pytest.fixture
def standin():
    server = SmsapiStandin(token=TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smsapi(settings, standin):
    """The outbox sends SMS through SMSAPI, pointed at the stand-in."""
    settings.RATUSZ_MESSAGING_BACKENDS = {
        **settings.RATUSZ_MESSAGING_BACKENDS,
        "sms": "cms.messaging.backends.smsapi.SmsapiBackend",
    }
    settings.RATUSZ_SMSAPI = {
        "base_url": standin.base_url,
        "token": TOKEN,
        "sender": "GminaGlogow",
        "notify_url": "",
        "callback_secret": "",
        "timeout": 0.5,
        "max_parts": 3,
        "test": False,
    }
    return standin


def _queue(key="sms:1", to="+48600123456", body="Kod potwierdzenia: 123456"):
    with transaction.atomic():
        return queue_sms(to=to, body=body, key=key, topic="test")


# --- queue_sms ---


def test_an_sms_is_queued_and_sent_to_the_console_file_after_commit(sms_file, django_capture_on_commit_callbacks):
    assert get_backend("sms").__class__.__name__ == "ConsoleSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
        assert not sms_file.exists(), "nothing may leave before the transaction commits"
    message.refresh_from_db()
    assert message.channel == OutboundMessage.Channel.SMS
    assert message.status == OutboundMessage.Status.SENT
    lines = [json.loads(line) for line in sms_file.read_text().splitlines()]
    assert [(line["to"], line["body"]) for line in lines] == [("+48600123456", "Kod potwierdzenia: 123456")]


def test_tests_can_keep_sms_in_memory(settings, django_capture_on_commit_callbacks):
    from cms.messaging.backends import console_sms

    settings.RATUSZ_MESSAGING_BACKENDS = {
        **settings.RATUSZ_MESSAGING_BACKENDS,
        "sms": "cms.messaging.backends.console_sms.LocmemSmsBackend",
    }
    console_sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(key="sms:locmem")
    assert console_sms.outbox == [
        {"to": "+48600123456", "body": "Kod potwierdzenia: 123456", "key": "sms:locmem", "message_id": message.pk}
    ]
    console_sms.outbox.clear()


def test_the_same_key_queues_one_sms(sms_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(key="finance:reminder:7")
        second = _queue(key="finance:reminder:7", body="Inna treść")
    assert first.pk == second.pk
    assert OutboundMessage.objects.count() == 1
    assert len(sms_file.read_text().splitlines()) == 1


@pytest.mark.parametrize(
    "number",
    [
        "600123456",
        "48600123456",
        "+48 600 123 456",
        "+4860012345",
        "+486001234567",
        "+49600123456",
        "",
        "+48abcdefghi",
        "+48６００１２３４５６",
    ],
)
def test_an_invalid_number_is_refused_with_a_clear_message_and_nothing_stored(number):
    with pytest.raises(ValidationError) as excinfo:
        queue_sms(to=number, body="Treść", key="sms:bad")
    assert "Nieprawidłowy numer telefonu" in str(excinfo.value)
    assert "+48 i 9 cyfr" in str(excinfo.value)
    assert not OutboundMessage.objects.exists()


def test_an_empty_text_is_refused_and_nothing_stored():
    with pytest.raises(ValidationError, match="Treść SMS nie może być pusta"):
        queue_sms(to="+48600123456", body="   ", key="sms:empty")
    assert not OutboundMessage.objects.exists()


def test_a_key_is_required():
    with pytest.raises(ValueError):
        queue_sms(to="+48600123456", body="Treść", key="")
    assert not OutboundMessage.objects.exists()


# --- SmsapiBackend through the outbox, against the stand-in ---


def test_an_sms_goes_to_smsapi_with_its_idx_and_sender(smsapi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(body="Zażółć gęślą jaźń")
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    accepted = smsapi.accepted[f"out-{message.pk}"]
    assert accepted["to"] == "+48600123456"
    assert accepted["text"] == "Zażółć gęślą jaźń"
    assert accepted["from"] == "GminaGlogow"
    assert smsapi.requests == 1


def test_a_repeated_idx_is_refused_by_the_gateway_and_not_sent_twice(smsapi):
    """A worker killed after the gateway accepted the SMS but before ``sent`` was written."""
    message = _queue()
    assert message_send(message_id=message.pk) is True
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.QUEUED)

    assert message_send(message_id=message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert smsapi.count == 1
    assert smsapi.duplicates == 1


def test_a_gateway_5xx_is_transient_and_the_outbox_retries(smsapi):
    message = _queue()
    smsapi.fail_next(1, status=503)
    with pytest.raises(DeliveryFailed) as excinfo:
        message_send(message_id=message.pk)
    assert excinfo.value.retry_in == 60
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at > message.last_attempt_at
    assert "SmsTransientError" in message.last_error and "503" in message.last_error
    assert smsapi.count == 0

    assert message_send(message_id=message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 2
    assert smsapi.count == 1


def test_a_number_the_gateway_refuses_fails_at_once(smsapi):
    smsapi.invalid_numbers.add("+48600123456")
    message = _queue()
    with pytest.raises(DeliveryFailed) as excinfo:
        message_send(message_id=message.pk)
    assert excinfo.value.retry_in is None
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == 1
    assert message.next_attempt_at is None
    assert "Invalid phone number" in message.last_error
    assert smsapi.count == 0


def test_a_gateway_that_times_out_is_transient_and_the_retry_is_not_a_second_sms(smsapi):
    smsapi.delay_seconds = 1.5  # the client waits 0.5 s
    message = _queue()
    with pytest.raises(DeliveryFailed) as excinfo:
        message_send(message_id=message.pk)
    assert excinfo.value.retry_in is not None
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert "did not answer in time" in message.last_error

    # The gateway did take the message in the end; the retry carries the same idx.
    _wait_for(lambda: smsapi.count == 1)
    smsapi.delay_seconds = 0
    assert message_send(message_id=message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert smsapi.count == 1
    assert smsapi.duplicates == 1


def test_a_wrong_token_fails_the_message_without_retries(smsapi, settings):
    settings.RATUSZ_SMSAPI = {**settings.RATUSZ_SMSAPI, "token": "zly-token"}
    message = _queue()
    with pytest.raises(DeliveryFailed) as excinfo:
        message_send(message_id=message.pk)
    assert excinfo.value.retry_in is None
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert "101" in message.last_error


def test_a_missing_token_is_a_configuration_error(smsapi, settings):
    settings.RATUSZ_SMSAPI = {**settings.RATUSZ_SMSAPI, "token": ""}
    message = _queue()
    with pytest.raises(DeliveryFailed):
        message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert "RATUSZ_SMSAPI_TOKEN" in message.last_error
    assert smsapi.requests == 0


# --- SmsapiClient.send_many (the broadcast's batches) ---


@pytest.fixture
def client(standin):
    c = SmsapiClient(base_url=standin.base_url, token=TOKEN, sender="Gmina", timeout=2)
    yield c
    c.close()


def _batch(n, start=0, text="Ostrzezenie: burza"):
    return [SmsOut(to=f"+4860{start + i:07d}", text=text, idx=f"a1-s{start + i}") for i in range(n)]


def test_a_batch_is_one_request_and_each_message_gets_its_id(client, standin):
    results = client.send_many(_batch(100))
    assert standin.requests == 1
    assert standin.count == 100
    assert [r.idx for r in results] == [f"a1-s{i}" for i in range(100)]
    assert all(r.accepted and r.message_id and r.parts == 1 and not r.duplicate for r in results)
    assert len({r.message_id for r in results}) == 100


def test_an_invalid_number_in_a_batch_fails_only_that_message(client, standin):
    standin.invalid_numbers.add("+48600000001")
    results = client.send_many(_batch(3))
    assert [bool(r.error) for r in results] == [False, True, False]
    assert "Invalid phone number" in results[1].error
    assert standin.count == 2


def test_a_batch_with_only_invalid_numbers_returns_errors(client, standin):
    standin.invalid_numbers.update({"+48600000000", "+48600000001"})
    results = client.send_many(_batch(2))
    assert all(r.error for r in results)
    assert standin.count == 0


def test_a_batch_partly_sent_before_is_completed_without_doubles(client, standin):
    client.send_many(_batch(2))
    results = client.send_many(_batch(4))  # a retry after a crash, batched differently
    assert [r.duplicate for r in results] == [True, True, False, False]
    assert all(r.accepted for r in results)
    assert standin.count == 4


def test_a_text_over_max_parts_is_refused_per_message(standin):
    client = SmsapiClient(base_url=standin.base_url, token=TOKEN, sender="", max_parts=1, timeout=2)
    results = client.send_many(_batch(2, text="x" * 200))
    assert all("SMSAPI 12" in r.error for r in results)
    assert standin.count == 0


def test_rate_limiting_and_5xx_raise_transient_errors(client, standin):
    standin.fail_next(1, status=429)
    with pytest.raises(SmsTransientError):
        client.send_many(_batch(2))
    standin.fail_next(1, status=502)
    with pytest.raises(SmsTransientError):
        client.send_many(_batch(2))
    assert standin.count == 0


def test_a_wrong_token_raises_a_permanent_error(standin):
    client = SmsapiClient(base_url=standin.base_url, token="zly", sender="", timeout=2)
    with pytest.raises(SmsPermanentError) as excinfo:
        client.send_many(_batch(1))
    assert excinfo.value.code == 101


def test_an_unreachable_gateway_is_transient(standin):
    base_url = standin.base_url
    standin.stop()
    client = SmsapiClient(base_url=base_url, token=TOKEN, sender="", timeout=1)
    with pytest.raises(SmsTransientError):
        client.send_many(_batch(1))


def test_an_idx_the_gateway_cannot_carry_is_refused_before_sending(client, standin):
    with pytest.raises(ValueError, match="idx"):
        client.send_many([SmsOut(to="+48600000000", text="x", idx="alert:1|sms")])
    assert standin.requests == 0


def _wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the stand-in did not get there in time"
        time.sleep(0.02)

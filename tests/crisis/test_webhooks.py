"""SMSAPI's delivery-report callback (crisis.views_webhooks): authenticated, batched, never forged."""

import datetime as dt
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from cms.messaging.backends.smsapi import SmsapiClient, SmsOut
from cms.messaging.standins.smsapi import SmsapiStandin
from crisis.models import Delivery

pytestmark = pytest.mark.django_db

SECRET = "tajny-klucz-raportow-123"
URL = f"/ostrzezenia/raporty/smsapi/{SECRET}/"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.RATUSZ_SMSAPI = {**settings.RATUSZ_SMSAPI, "callback_secret": SECRET}


@pytest.fixture
def deliveries(make_alert, make_subscription):
    """Three SMS deliveries handed to the gateway; the third has no gateway id yet."""
    alert = make_alert()
    rows = []
    for i in range(3):
        sub = make_subscription(f"+4860000000{i}")
        rows.append(
            Delivery.objects.create(
                alert=alert,
                subscription=sub,
                channel=Delivery.Channel.SMS,
                address=sub.address,
                state=Delivery.State.SENT,
                attempts=1,
                idempotency_key=f"a{alert.pk}-s{sub.pk}-sms",
                provider_message_id=f"MSG{i}" if i < 2 else "",
            )
        )
    return rows


def _states(rows):
    return [Delivery.objects.get(pk=row.pk).state for row in rows]


def test_a_report_marks_the_delivery_delivered(client, deliveries):
    first = deliveries[0]
    response = client.get(
        URL,
        {"MsgId": "MSG0", "status": "404", "idx": first.idempotency_key, "donedate": "1764450000", "to": "48600000000"},
    )
    assert response.status_code == 200
    assert response.content == b"OK"
    first.refresh_from_db()
    assert first.state == Delivery.State.DELIVERED
    assert first.delivered_at == dt.datetime.fromtimestamp(1764450000, tz=dt.UTC)
    assert _states(deliveries[1:]) == [Delivery.State.SENT, Delivery.State.SENT]


def test_a_forged_report_is_refused_logged_and_changes_nothing(client, deliveries, caplog):
    with caplog.at_level(logging.WARNING, logger="crisis.views_webhooks"):
        response = client.post("/ostrzezenia/raporty/smsapi/zgadywany-klucz/", {"MsgId": "MSG0", "status": "404"})
    assert response.status_code == 403
    assert _states(deliveries) == [Delivery.State.SENT] * 3
    assert "Forged" in caplog.text
    # Without a secret at all, and with the secret's prefix only.
    assert client.post("/ostrzezenia/raporty/smsapi/", {"MsgId": "MSG0", "status": "404"}).status_code == 403
    assert (
        client.post(f"/ostrzezenia/raporty/smsapi/{SECRET[:-1]}/", {"MsgId": "MSG0", "status": "404"}).status_code
        == 403
    )
    assert _states(deliveries) == [Delivery.State.SENT] * 3


def test_no_configured_secret_refuses_every_report(client, deliveries, settings):
    settings.RATUSZ_SMSAPI = {**settings.RATUSZ_SMSAPI, "callback_secret": ""}
    assert (
        client.get("/ostrzezenia/raporty/smsapi/", {"secret": "", "MsgId": "MSG0", "status": "404"}).status_code == 403
    )
    assert _states(deliveries) == [Delivery.State.SENT] * 3


def test_the_secret_may_come_as_a_query_parameter(client, deliveries):
    response = client.get("/ostrzezenia/raporty/smsapi/", {"secret": SECRET, "MsgId": "MSG1", "status": "404"})
    assert response.status_code == 200
    assert _states(deliveries) == [Delivery.State.SENT, Delivery.State.DELIVERED, Delivery.State.SENT]


def test_a_batch_report_updates_every_delivery_in_a_few_queries(client, deliveries, django_assert_max_num_queries):
    third = deliveries[2]
    data = {
        "MsgId": "MSG0,MSG1,MSG2",
        "status": "404,405,404",
        "status_name": "DELIVERED,UNDELIVERED,DELIVERED",
        "idx": ",".join(d.idempotency_key for d in deliveries),
        "donedate": "1764450000,1764450001,1764450002",
        "to": "48600000000,48600000001,48600000002",
    }
    with django_assert_max_num_queries(6):  # two reads, one bulk update, savepoints
        response = client.post(URL, data)
    assert response.status_code == 200
    assert _states(deliveries) == [Delivery.State.DELIVERED, Delivery.State.FAILED, Delivery.State.DELIVERED]
    failed = Delivery.objects.get(pk=deliveries[1].pk)
    assert failed.error == "SMSAPI 405 UNDELIVERED"
    assert failed.delivered_at is None
    third.refresh_from_db()
    assert third.provider_message_id == "MSG2", "found by idx, the gateway id is filled in"


def test_an_unknown_message_is_ignored_and_logged(client, deliveries, caplog):
    with caplog.at_level(logging.INFO, logger="crisis.services.delivery_reports"):
        response = client.get(URL, {"MsgId": "NIEZNANY", "status": "404", "idx": "out-17"})
    assert response.status_code == 200
    assert response.content == b"OK"
    assert _states(deliveries) == [Delivery.State.SENT] * 3
    assert "unknown" in caplog.text and "NIEZNANY" in caplog.text


def test_delivered_is_not_undone_and_interim_statuses_change_nothing(client, deliveries):
    client.get(URL, {"MsgId": "MSG0", "status": "404"})
    client.get(URL, {"MsgId": "MSG0,MSG1", "status": "402,403"})  # a late EXPIRED; SENT is not final
    assert _states(deliveries) == [Delivery.State.DELIVERED, Delivery.State.SENT, Delivery.State.SENT]


def test_a_report_may_come_before_the_broadcast_wrote_sent(client, deliveries):
    sending = deliveries[2]
    Delivery.objects.filter(pk=sending.pk).update(state=Delivery.State.SENDING)
    client.get(URL, {"MsgId": "MSG9", "status": "404", "idx": sending.idempotency_key})
    sending.refresh_from_db()
    assert sending.state == Delivery.State.DELIVERED
    assert sending.provider_message_id == "MSG9"


def test_an_e_mail_delivery_is_not_touched_by_an_sms_report(client, deliveries):
    email = deliveries[0]
    Delivery.objects.filter(pk=email.pk).update(channel=Delivery.Channel.EMAIL)
    client.get(URL, {"MsgId": "MSG0", "status": "404"})
    assert Delivery.objects.get(pk=email.pk).state == Delivery.State.SENT


def test_reports_from_the_stand_in_gateway_are_understood(client, deliveries):
    """The stand-in's real callback (as SMSAPI sends it), replayed into the view."""
    captured = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            captured.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"OK")

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    standin = SmsapiStandin()
    standin.report_delivery = True
    standin.start()
    try:
        gateway = SmsapiClient(
            base_url=standin.base_url,
            token="t",
            sender="",
            notify_url=f"http://127.0.0.1:{receiver.server_address[1]}{URL}",
        )
        results = gateway.send_many([SmsOut(to=d.address, text="Burza", idx=d.idempotency_key) for d in deliveries])
        assert standin.wait_for_reports()
    finally:
        standin.stop()
        receiver.shutdown()
        receiver.server_close()
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(provider_message_id="")
    for body in captured:
        data = {k: v[0] for k, v in parse_qs(body).items()}
        assert client.post(URL, data).status_code == 200
    assert _states(deliveries) == [Delivery.State.DELIVERED] * 3
    assert sorted(Delivery.objects.values_list("provider_message_id", flat=True)) == sorted(
        r.message_id for r in results
    )


def test_a_post_with_the_report_in_the_query_string_is_read(client, deliveries):
    assert client.post(f"{URL}?MsgId=MSG1&status=404").status_code == 200
    assert _states(deliveries) == [Delivery.State.SENT, Delivery.State.DELIVERED, Delivery.State.SENT]

"""The gateway stand-ins on 127.0.0.1 (cms.messaging.standins): real protocols, counted, nothing sent."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from cms.messaging.backends.smsapi import SmsapiClient, SmsOut
from cms.messaging.models import OutboundMessage
from cms.messaging.services import queue_email
from cms.messaging.standins.smsapi import SmsapiStandin, sms_parts
from cms.messaging.standins.smtp import SmtpStandin

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def smtp():
    server = SmtpStandin()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
    settings.EMAIL_USE_TLS = False
    return smtp


# --- SMTP ---


def test_django_smtp_backend_delivers_to_the_stand_in_over_one_connection(smtp_settings):
    smtp = smtp_settings
    with get_connection() as connection:
        for i in range(20):
            EmailMessage(
                "Ostrzeżenie: burza",
                "Treść",
                "kryzys@glogow-mlp.pl",
                [f"mieszkaniec{i}@example.com"],
                headers={"Message-ID": f"<alert-1-{i}@glogow-mlp.pl>"},
                connection=connection,
            ).send()
    assert smtp.messages == 20
    assert smtp.recipients == 20
    assert smtp.connections == 1
    assert set(smtp.message_ids.values()) == {1}
    first = smtp.parsed()[0]
    assert first["Subject"] == "Ostrzeżenie: burza"
    assert first["To"] == "mieszkaniec0@example.com"


def test_a_repeated_message_id_is_counted(smtp_settings):
    smtp = smtp_settings
    for _ in range(2):
        EmailMessage(
            "T", "B", "a@glogow-mlp.pl", ["b@example.com"], headers={"Message-ID": "<x-1@glogow-mlp.pl>"}
        ).send()
    assert smtp.message_ids["<x-1@glogow-mlp.pl>"] == 2
    assert smtp.stats()["duplicate_message_ids"] == 1


@pytest.mark.django_db
def test_the_outbox_sends_e_mail_to_the_stand_in(smtp_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = queue_email(to="jan@example.com", subject="Temat", body="Treść", key="standin:1")
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert list(smtp_settings.message_ids) == [f"<ratusz-message-{message.pk}@glogow-mlp.pl>"]


def test_the_smtp_stand_in_runs_as_a_process(tmp_path):
    port = _free_port()
    stats = tmp_path / "smtp.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cms.messaging.standins.smtp", "--port", str(port), "--stats-file", str(stats)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        connection = get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port)
        EmailMessage("T", "B", "a@glogow-mlp.pl", ["b@example.com"], connection=connection).send()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    assert json.loads(stats.read_text())["messages"] == 1


# --- SMSAPI ---


class _Receiver:
    """A notify_url: records the parameters of every delivery report."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                received.append({k: v[0] for k, v in parse_qs(body).items()})
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ostrzezenia/raporty/smsapi/sekret/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def standin():
    server = SmsapiStandin()
    server.start()
    yield server
    server.stop()


def test_delivery_reports_are_pushed_to_notify_url_in_smsapi_format(standin):
    receiver = _Receiver()
    try:
        standin.report_delivery = True
        client = SmsapiClient(base_url=standin.base_url, token="t", sender="", notify_url=receiver.url)
        results = client.send_many([SmsOut(to=f"+4860000000{i}", text="Burza", idx=f"a1-s{i}") for i in range(3)])
        assert standin.wait_for_reports()
    finally:
        receiver.close()
    reports = receiver.received
    ids = [i for report in reports for i in report["MsgId"].split(",")]
    assert ids == [r.message_id for r in results]
    assert [i for report in reports for i in report["idx"].split(",")] == ["a1-s0", "a1-s1", "a1-s2"]
    assert {s for report in reports for s in report["status"].split(",")} == {"404"}
    assert {s for report in reports for s in report["status_name"].split(",")} == {"DELIVERED"}
    assert all(report["donedate"].split(",")[0].isdigit() for report in reports)
    assert standin.reports_sent == 3


def test_concurrent_batches_are_all_counted_once(standin):
    def send(batch):
        client = SmsapiClient(base_url=standin.base_url, token="t", sender="")
        for round_ in range(5):
            client.send_many(
                [
                    SmsOut(to=f"+486{batch:02d}{round_:02d}{i:04d}", text="Burza", idx=f"b{batch}-{round_}-{i}")
                    for i in range(100)
                ]
            )

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(send, range(8)))
    assert standin.count == 4000
    assert standin.requests == 40
    assert standin.duplicates == 0


def test_stats_over_http_and_reset(standin):
    SmsapiClient(base_url=standin.base_url, token="t", sender="").send_many(
        [SmsOut(to="+48600000000", text="x", idx="s1")]
    )
    with urllib.request.urlopen(f"{standin.base_url}/_standin/stats") as response:
        assert json.load(response)["accepted"] == 1
    request = urllib.request.Request(f"{standin.base_url}/_standin/reset", method="POST")
    urllib.request.urlopen(request).close()
    assert standin.count == 0


def test_the_smsapi_stand_in_runs_as_a_process():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cms.messaging.standins.smsapi", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        results = SmsapiClient(base_url=f"http://127.0.0.1:{port}", token="t", sender="").send_many(
            [SmsOut(to="+48600000000", text="x", idx="p1")]
        )
        assert results[0].accepted
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_standin/stats") as response:
            assert json.load(response)["accepted"] == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("ą" * 70, 1),
        ("ą" * 71, 2),
        ("{" * 80, 1),
        ("{" * 81, 2),
    ],
)
def test_the_stand_in_counts_parts_like_the_gateway(text, parts):
    assert sms_parts(text) == parts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")

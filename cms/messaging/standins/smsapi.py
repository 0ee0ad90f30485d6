"""A stand-in for SMSAPI.pl on 127.0.0.1: the same ``sms.do`` protocol, nothing sent, everything counted.

For tests and the crisis bench (``bench/crisis_bench.py``): it accepts what the real gateway accepts,
refuses a repeated ``idx`` with the real error 53 when ``check_idx=1`` (the message is not counted
twice), answers invalid numbers with ``invalid_numbers`` / error 13, and can fail on purpose
(``fail_next``, ``delay_seconds``). With ``report_delivery`` it pushes delivery reports to the
request's ``notify_url`` the way SMSAPI does: ``MsgId``, ``status`` (404 = DELIVERED), ``status_name``,
``idx``, ``donedate`` (Unix time), ``to``, ``points``, ``username`` — several reports in one POST, each
parameter a comma-separated list in the same order.

In-process::

    standin = SmsapiStandin()
    base_url = standin.start()      # http://127.0.0.1:<port>
    ...
    standin.stop()

As a process (the bench)::

    python -m cms.messaging.standins.smsapi --port 8025 [--report] [--token T]

and ``GET /_standin/stats`` (JSON counters), ``POST /_standin/reset`` over HTTP.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import queue
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests

logger = logging.getLogger(__name__)

NUMBER_RE = re.compile(r"\+?48[0-9]{9}")
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = set("^{}\\[~]|€\f")
STATUS_NAMES = {
    401: "NOT_FOUND",
    402: "EXPIRED",
    403: "SENT",
    404: "DELIVERED",
    405: "UNDELIVERED",
    406: "FAILED",
    407: "REJECTED",
    408: "UNKNOWN",
    409: "QUEUE",
    410: "ACCEPTED",
}
REPORT_BATCH = 100


def sms_parts(text: str) -> int:
    """How many SMS parts SMSAPI bills for ``text``: GSM-7 160/153 characters, otherwise UCS-2 70/67."""
    if all(ch in GSM7 or ch in GSM7_EXT for ch in text):
        length = sum(2 if ch in GSM7_EXT else 1 for ch in text)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if length <= single else -(-length // multi)


class SmsapiStandin:
    """The stand-in server; knobs and counters are plain attributes, safe to change while it runs.

    ``accepted``: idx (or message id when sent without idx) → ``{"id", "to", "text", "idx", "from",
    "parts"}``. ``requests``: HTTP requests to ``sms.do``. ``duplicates``: requests refused for a
    repeated idx. ``reports_sent``: delivery reports the notify URL answered with 2xx.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, token: str | None = None):
        self.host, self.port, self.token = host, port, token
        self.lock = threading.Lock()
        self.delay_seconds = 0.0
        self.invalid_numbers: set[str] = set()
        self.report_delivery = False
        self.report_status = 404
        self.reset()
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    def reset(self) -> None:
        with self.lock:
            self.accepted: dict[str, dict] = {}
            self.requests = 0
            self.duplicates = 0
            self.refused = 0
            self.reports_sent = 0
            self.report_errors = 0
            self._fail = 0
            self._fail_status = 503
            self._ids = itertools.count(1)
            self._reports: queue.Queue = queue.Queue()
            self._reports_pending = 0

    # --- knobs ---
    def fail_next(self, n: int = 1, status: int = 503) -> None:
        """Answer the next ``n`` requests with HTTP ``status`` and accept nothing."""
        with self.lock:
            self._fail, self._fail_status = n, status

    @property
    def count(self) -> int:
        return len(self.accepted)

    def stats(self) -> dict:
        with self.lock:
            return {
                "accepted": len(self.accepted),
                "requests": self.requests,
                "duplicates": self.duplicates,
                "refused": self.refused,
                "reports_sent": self.reports_sent,
                "report_errors": self.report_errors,
                "reports_pending": self._reports_pending,
            }

    # --- life cycle ---
    def start(self) -> str:
        handler = type("Handler", (_Handler,), {"standin": self})
        self._server = ThreadingHTTPServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
            threading.Thread(target=self._report_loop, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is None:
            return
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server = None

    def wait_for_reports(self, timeout: float = 5.0) -> bool:
        """Wait until every queued delivery report was pushed; ``True`` when none is left."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._reports_pending == 0:
                return True
            time.sleep(0.02)
        return self._reports_pending == 0

    # --- the protocol ---
    def handle_send(self, params: dict[str, str], authorization: str) -> tuple[int, dict | str]:
        """One ``sms.do`` request → (HTTP status, JSON body or plain text)."""
        with self.lock:
            self.requests += 1
            if self._fail > 0:
                self._fail -= 1
                return self._fail_status, "Service Unavailable"
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.token is not None and authorization != f"Bearer {self.token}":
            return 401, {"error": 101, "message": "Authorization failed"}
        text = params.get("message", "")
        numbers = [n.strip() for n in params.get("to", "").split(",") if n.strip()]
        idxs = params["idx"].split("|") if params.get("idx") else []
        if not text:
            return 200, {"error": 11, "message": "Message is empty"}
        if not numbers:
            return 200, {"error": 13, "message": "No valid phone numbers"}
        if idxs and len(idxs) != len(numbers):
            return 200, {"error": 18, "message": "Number of idx values does not match the number of recipients"}
        parts = sms_parts(text)
        if params.get("max_parts") and parts > int(params["max_parts"]):
            return 200, {"error": 12, "message": f"Message has {parts} parts, more than max_parts"}
        invalid = [n for n in numbers if not NUMBER_RE.fullmatch(n) or _e164(n) in self.invalid_numbers]
        pairs = [(n, idxs[i] if idxs else "") for i, n in enumerate(numbers) if n not in invalid]
        invalid_list = [
            {"number": n.lstrip("+"), "submitted_number": n, "message": "Invalid phone number"} for n in invalid
        ]
        if not pairs:
            with self.lock:
                self.refused += len(invalid)
            return 200, {"error": 13, "message": "No valid phone numbers", "invalid_numbers": invalid_list}
        accepted = []
        with self.lock:
            if params.get("check_idx") == "1" and idxs:
                batch = [idx for _, idx in pairs]
                if len(set(batch)) != len(batch) or any(idx in self.accepted for idx in batch):
                    self.duplicates += 1
                    return 200, {
                        "error": 53,
                        "message": "Not unique idx parameter, message with the same idx was already sent",
                    }
            self.refused += len(invalid)
            now = int(time.time())
            for number, idx in pairs:
                message_id = f"{next(self._ids):020X}"
                record = {
                    "id": message_id,
                    "to": _e164(number),
                    "submitted": number,
                    "text": text,
                    "idx": idx,
                    "from": params.get("from", ""),
                    "parts": parts,
                }
                self.accepted[idx or message_id] = record
                accepted.append(record)
            notify_url = params.get("notify_url", "")
            if self.report_delivery and notify_url:
                for record in accepted:
                    self._reports.put((notify_url, record))
                self._reports_pending += len(accepted)
        body = {
            "count": len(accepted),
            "list": [
                {
                    "id": r["id"],
                    "points": round(0.16 * parts, 2),
                    "number": r["to"].lstrip("+"),
                    "date_sent": now,
                    "submitted_number": r["submitted"],
                    "status": "QUEUE",
                    "error": None,
                    "idx": r["idx"] or None,
                    "parts": parts,
                }
                for r in accepted
            ],
        }
        if invalid_list:
            body["invalid_numbers"] = invalid_list
        return 200, body

    def _report_loop(self) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            try:
                first = self._reports.get(timeout=0.05)
            except queue.Empty:
                continue
            batch = [first]
            while len(batch) < REPORT_BATCH:
                try:
                    batch.append(self._reports.get_nowait())
                except queue.Empty:
                    break
            by_url: dict[str, list[dict]] = {}
            for url, record in batch:
                by_url.setdefault(url, []).append(record)
            for url, records in by_url.items():
                self._push(session, url, records)
            with self.lock:
                self._reports_pending -= len(batch)
        session.close()

    def _push(self, session: requests.Session, url: str, records: list[dict]) -> None:
        status = self.report_status
        data = {
            "MsgId": ",".join(r["id"] for r in records),
            "status": ",".join(str(status) for _ in records),
            "status_name": ",".join(STATUS_NAMES.get(status, "UNKNOWN") for _ in records),
            "idx": ",".join(r["idx"] for r in records),
            "donedate": ",".join(str(int(time.time())) for _ in records),
            "to": ",".join(r["to"].lstrip("+") for r in records),
            "points": ",".join(f"{0.16 * r['parts']:.2f}" for r in records),
            "username": "standin",
        }
        try:
            response = session.post(url, data=data, timeout=10)
            ok = 200 <= response.status_code < 300
        except requests.RequestException as exc:
            logger.warning("Delivery report to %s failed: %s", url, exc)
            ok = False
        with self.lock:
            if ok:
                self.reports_sent += len(records)
            else:
                self.report_errors += len(records)


def _e164(number: str) -> str:
    return "+" + number.strip().lstrip("+")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client reuses its connections
    standin: SmsapiStandin

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        params.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
        if url.path == "/sms.do":
            status, payload = self.standin.handle_send(params, self.headers.get("Authorization", ""))
        elif url.path == "/_standin/stats":
            status, payload = 200, self.standin.stats()
        elif url.path == "/_standin/reset" and self.command == "POST":
            self.standin.reset()
            status, payload = 200, {"reset": True}
        else:
            status, payload = 404, {"error": 404, "message": "Not found"}
        data = (json.dumps(payload) if isinstance(payload, dict) else payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if isinstance(payload, dict) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        logger.debug("%s - %s", self.address_string(), format % args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SMSAPI.pl stand-in on 127.0.0.1 (nothing is sent).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--token", default=None, help="require this Bearer token (default: accept any)")
    parser.add_argument("--report", action="store_true", help="push delivery reports to notify_url")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    standin = SmsapiStandin(args.host, args.port, token=args.token)
    standin.report_delivery, standin.delay_seconds = args.report, args.delay
    logger.info("SMSAPI stand-in listening on %s", standin.start())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(10)
            logger.info("stats %s", json.dumps(standin.stats()))
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()


if __name__ == "__main__":
    main()

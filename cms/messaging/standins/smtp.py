"""An SMTP stand-in on 127.0.0.1 (aiosmtpd): accepts every message, counts it, delivers nothing.

For tests and the crisis bench: Django's SMTP backend talks to it exactly as to a real relay
(EHLO, MAIL, RCPT, DATA over a reused connection, pipelined when the client
supports RFC 2920 — offered unless ``pipelining=False``). ``messages`` counts accepted messages (DATA
transactions), ``recipients`` their envelope recipients, ``connections`` the client connections that sent them
(connection reuse shows as few connections) and ``message_ids`` the ``Message-ID``
headers, so a test can see that nobody got the same message twice. The last ``keep`` messages are
kept whole in ``received`` for tests that look at headers (``List-Unsubscribe``…).

In-process::

    standin = SmtpStandin()
    host, port = standin.start()
    ...
    standin.stop()

As a process (the bench)::

    python -m cms.messaging.standins.smtp --port 8026 --stats-file var/smtp-stats.json

The stats file (JSON counters) is rewritten every second and on exit.
"""

from __future__ import annotations

import argparse
import collections
import email
import email.policy
import json
import logging
import re
import signal
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

logger = logging.getLogger(__name__)

# The header block ends at the first empty line; "\s*" also crosses a folded header line.
MESSAGE_ID_RE = re.compile(rb"^message-id:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
ANGLE_ADDR_RE = re.compile(r"\s*<([^<>\s]*)>(.*)\Z", re.DOTALL)


class _FastSMTP(SMTP):
    """aiosmtpd's SMTP session with a cheap address parser.

    The stock ``_getaddr`` builds a ``typing.Protocol`` class and runs the full RFC 5322 header parser
    for every MAIL and RCPT: most of the server's CPU time per message. A stand-in only needs the
    address between the angle brackets.
    """

    def _getaddr(self, arg: str):
        if not arg:
            return "", ""
        match = ANGLE_ADDR_RE.match(arg)
        if match:
            return match.group(1), match.group(2)
        address, _, rest = arg.strip().partition(" ")
        return (address or None), rest


class _Controller(Controller):
    """aiosmtpd's controller, able to listen on port 0 (a free port chosen by the system)."""

    def factory(self):
        return _FastSMTP(self.handler, **self.SMTP_kwargs)

    def _create_server(self):
        return self._create()

    async def _create(self):
        server = await self.loop.create_server(
            self._factory_invoker, host=self.hostname, port=self.port, ssl=self.ssl_context
        )
        self.port = server.sockets[0].getsockname()[1]
        return server


class _Handler:
    def __init__(self, standin: SmtpStandin):
        self.standin = standin

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """Offer ``PIPELINING`` (RFC 2920) as production relays do. aiosmtpd reads commands one after
        another from a buffered stream, so commands sent together are answered in order."""
        session.host_name = hostname
        if self.standin.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.standin._record(
            session.peer, envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content
        )
        return "250 2.0.0 Message accepted"


class SmtpStandin:
    """The stand-in server; counters are plain attributes (read them after the client is done)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, keep: int = 1000, pipelining: bool = True):
        self.host, self.port = host, port
        self.pipelining = pipelining
        self.lock = threading.Lock()
        self.keep = keep
        self.reset()
        self._controller: _Controller | None = None

    def reset(self) -> None:
        with self.lock:
            self.messages = 0
            self.recipients = 0
            self.message_ids: collections.Counter[str] = collections.Counter()
            self.received: collections.deque = collections.deque(maxlen=self.keep or None)
            self._peers: set = set()

    def start(self) -> tuple[str, int]:
        # aiosmtpd logs every command at INFO: at 1,000 messages a second that is the bottleneck.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self._controller = _Controller(_Handler(self), hostname=self.host, port=self.port, ready_timeout=10)
        self._controller.start()
        self.port = self._controller.port
        return self.host, self.port

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def connections(self) -> int:
        """Client connections (address, port) that delivered at least one message."""
        return len(self._peers)

    def stats(self) -> dict:
        with self.lock:
            return {
                "messages": self.messages,
                "connections": len(self._peers),
                "recipients": self.recipients,
                "distinct_message_ids": len(self.message_ids),
                "duplicate_message_ids": sum(n - 1 for n in self.message_ids.values() if n > 1),
            }

    def parsed(self) -> list[email.message.EmailMessage]:
        """The kept messages, parsed (for tests)."""
        with self.lock:
            raw = [item["content"] for item in self.received]
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    def _record(self, peer, mail_from: str, rcpt_tos: list[str], content: bytes) -> None:
        head = content.split(b"\r\n\r\n", 1)[0]
        match = MESSAGE_ID_RE.search(head)
        message_id = match.group(1).decode("ascii", "replace") if match else ""
        with self.lock:
            self.messages += 1
            self.recipients += len(rcpt_tos)
            self._peers.add(tuple(peer) if peer else None)
            self.message_ids[message_id] += 1
            if self.keep:
                self.received.append({"from": mail_from, "to": rcpt_tos, "content": content})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SMTP stand-in on 127.0.0.1 (nothing is delivered).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8026)
    parser.add_argument("--stats-file", default="", help="rewrite this JSON file with the counters every second")
    parser.add_argument("--no-pipelining", action="store_true", help="do not offer PIPELINING (RFC 2920)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    standin = SmtpStandin(args.host, args.port, keep=0, pipelining=not args.no_pipelining)
    host, port = standin.start()
    logger.info("SMTP stand-in listening on %s:%s", host, port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def write_stats():
        if args.stats_file:
            path = Path(args.stats_file)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(standin.stats()))
            tmp.replace(path)

    try:
        while True:
            time.sleep(1)
            write_stats()
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
        write_stats()
        logger.info("stats %s", json.dumps(standin.stats()))


if __name__ == "__main__":
    main()

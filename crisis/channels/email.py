"""E-mail through Django's mail backend (SMTP in production): one connection per batch.

Each message carries a stable ``Message-ID`` built from the delivery's idempotency key, so a
message repeated after a killed worker is the same message to the receiving side, and the RFC 8058
headers (``List-Unsubscribe`` with H3's signed link, ``List-Unsubscribe-Post``). Messages go one at a
time over the open connection and each is reported as soon as the server accepted it (see ``base``);
a refused recipient is a result, a lost connection ends the batch.

With Django's SMTP backend the MIME message is assembled once per batch (``BatchMime``): per recipient
only the ``To``, ``Message-ID`` and unsubscribe link change, and the two bodies are base64-encoded
after the link is put in. Building each message with ``EmailMultiAlternatives`` cost ~4 ms of CPU, a
quarter of a core at 1,000 e-mails a second (docs/benchmarks.md, #7). Other backends (console, the
tests' locmem) get ordinary ``EmailMultiAlternatives`` messages.
"""

from __future__ import annotations

import base64
import re
import secrets
import smtplib
from collections.abc import Iterator, Sequence
from email.header import Header
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.utils.html import escape

from .base import FAILED, RETRY, SENT, Channel, ChannelTransientError, SendResult
from .content import UNSUBSCRIBE_MARK, EmailContent, email_content, unsubscribe_url_maker

DOT_LINE = re.compile(rb"^\.", re.MULTILINE)  # SMTP dot-stuffing (RFC 5321 §4.5.2)


def message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<ratusz-alert-{key}@{domain}>"


def _headers(mid: str, url: str) -> dict[str, str]:
    return {
        "Message-ID": mid,
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


class BatchMime:
    """The batch's e-mail as bytes, assembled once; ``render`` fills in one recipient (ASCII address)."""

    def __init__(self, content: EmailContent, from_email: str):
        self.boundary = f"=_ratusz_{secrets.token_hex(12)}"
        self.from_header = sanitize_address(from_email, "utf-8")
        subject = Header(content.subject, "utf-8", header_name="Subject").encode(linesep="\r\n")
        self.head = (
            f"From: {self.from_header}\r\nSubject: {subject}\r\nDate: {formatdate()}\r\n"
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"\r\n'
        )
        self.text, self.html = content.text, content.html

    def render(self, *, to: str, mid: str, url: str) -> bytes:
        headers = "".join(f"{name}: {value}\r\n" for name, value in _headers(mid, url).items())
        parts = []
        for subtype, body in (
            ("plain", self.text.replace(UNSUBSCRIBE_MARK, url)),
            ("html", self.html.replace(UNSUBSCRIBE_MARK, escape(url))),
        ):
            encoded = base64.encodebytes(body.encode()).decode("ascii").replace("\n", "\r\n")
            parts.append(
                f'--{self.boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
                f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}"
            )
        return (f"{self.head}To: {to}\r\n{headers}\r\n" + "".join(parts) + f"--{self.boundary}--\r\n").encode("ascii")


class EmailChannel(Channel):
    channel = "email"

    def send_batch(self, deliveries: Sequence, alert) -> Iterator[SendResult]:
        content = email_content(alert)
        connection = get_connection(getattr(settings, "RATUSZ_CRISIS_EMAIL_BACKEND", None), fail_silently=False)
        try:
            connection.open()
        except OSError as exc:  # smtplib's errors are OSErrors too: refused, timed out, TLS
            raise ChannelTransientError(f"SMTP: {exc}") from exc
        raw = BatchMime(content, settings.DEFAULT_FROM_EMAIL) if isinstance(connection, SmtpBackend) else None
        unsubscribe_url = unsubscribe_url_maker()
        try:
            if raw is not None and _can_pipeline(connection.connection):
                yield from _pipelined(connection, raw, content, deliveries, unsubscribe_url)
                return
            for delivery in deliveries:
                mid = message_id(delivery.idempotency_key)
                url = unsubscribe_url(delivery.subscription)
                if raw is not None and delivery.address.isascii():
                    send = _raw_sender(connection, raw, delivery.address, mid, url)
                else:
                    send = _django_sender(connection, content, delivery.address, mid, url)
                yield _send_one(send, delivery.pk, mid)
        finally:
            try:
                connection.close()
            except OSError:  # the server hung up first; the messages it accepted stay accepted
                pass


def _can_pipeline(smtp: smtplib.SMTP) -> bool:
    try:
        smtp.ehlo_or_helo_if_needed()
    except OSError as exc:
        raise ChannelTransientError(f"SMTP: {exc}") from exc
    return smtp.has_extn("pipelining")


def _pipelined(connection, raw: BatchMime, content: EmailContent, deliveries: Sequence, unsubscribe_url):
    """RFC 2920 pipelining: one round trip per message instead of four.

    With a server that offers ``PIPELINING`` (every production relay does), message *n*'s content
    and its final dot go out together with message *n + 1*'s ``MAIL``, ``RCPT`` and ``DATA``. The
    server's answer to the content is read first, so message *n* is reported (and marked ``sent``)
    exactly when the server has accepted it, as with plain SMTP; then the three envelope answers
    of the next message. A refused envelope is followed by ``RSET``. Saves three quarters of the
    waiting and most of the system calls on both sides (docs/benchmarks.md, #7).
    """
    smtp = connection.connection
    sender = parseaddr(raw.from_header)[1]
    rows = list(deliveries)

    def envelope(row) -> bytes:
        return f"MAIL FROM:<{sender}>\r\nRCPT TO:<{row.address}>\r\nDATA\r\n".encode("ascii")

    in_flight = False  # the envelope of rows[i] was sent with the previous message's content
    for i, row in enumerate(rows):
        mid = message_id(row.idempotency_key)
        url = unsubscribe_url(row.subscription)
        if not row.address.isascii():  # SMTPUTF8 is the ordinary backend's business
            yield _send_one(_django_sender(connection, content, row.address, mid, url), row.pk, mid)
            continue
        try:
            if not in_flight:
                smtp.send(envelope(row))
            in_flight = False
            refusal = _read_envelope(smtp)
            if refusal is not None:
                yield _refused(row.pk, *refusal)
                continue
            following = rows[i + 1] if i + 1 < len(rows) and rows[i + 1].address.isascii() else None
            body = DOT_LINE.sub(b"..", raw.render(to=row.address, mid=mid, url=url)) + b".\r\n"
            smtp.send(body + envelope(following) if following is not None else body)
            in_flight = following is not None
            code, reply = smtp.getreply()
        except OSError as exc:  # disconnected, timed out: this and the rest of the batch go back
            raise ChannelTransientError(f"SMTP: {exc}") from exc
        yield SendResult(row.pk, SENT, provider_message_id=mid.strip("<>")) if code == 250 else _refused(
            row.pk, code, reply
        )


def _read_envelope(smtp: smtplib.SMTP) -> tuple[int, bytes] | None:
    """The answers to a pipelined ``MAIL``, ``RCPT``, ``DATA``: ``None`` when the server waits for the
    content (354), else the first refusal, after which the transaction is reset."""
    replies = [smtp.getreply() for _ in range(3)]
    (mail_code, _), (rcpt_code, _), (data_code, _) = replies
    if mail_code == 250 and rcpt_code in (250, 251) and data_code == 354:
        return None
    if data_code == 354:  # refused envelope but the server still wants content: send an empty one
        smtp.send(b".\r\n")
        smtp.getreply()
    smtp.rset()
    return next((code, reply) for code, reply in replies if code not in (250, 251, 354))


def _raw_sender(connection, raw: BatchMime, to: str, mid: str, url: str):
    def send():
        connection.connection.sendmail(raw.from_header, [to], raw.render(to=to, mid=mid, url=url))

    return send


def _django_sender(connection, content: EmailContent, to: str, mid: str, url: str):
    text, html = content.personal(url)
    email = EmailMultiAlternatives(
        subject=content.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=_headers(mid, url),
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    return lambda: connection.send_messages([email])


def _send_one(send, delivery_id: int, mid: str) -> SendResult:
    try:
        send()
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()), (550, b""))
        return _refused(delivery_id, code, reply)
    except smtplib.SMTPResponseException as exc:
        return _refused(delivery_id, exc.smtp_code, exc.smtp_error)
    except OSError as exc:  # disconnected, timed out: this and the rest of the batch go back
        raise ChannelTransientError(f"SMTP: {exc}") from exc
    return SendResult(delivery_id, SENT, provider_message_id=mid.strip("<>"))


def _refused(delivery_id: int, code: int, reply) -> SendResult:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    error = f"SMTP {code} {text}".strip()
    # 4xx: try this recipient again later (greylisting, mailbox full); 5xx: it will not work.
    return SendResult(delivery_id, FAILED if code >= 500 else RETRY, error=error)

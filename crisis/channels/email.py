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
import secrets
import smtplib
from collections.abc import Iterator, Sequence
from email.header import Header
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.utils.html import escape

from .base import FAILED, RETRY, SENT, Channel, ChannelTransientError, SendResult
from .content import UNSUBSCRIBE_MARK, EmailContent, email_content, unsubscribe_url


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
        try:
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

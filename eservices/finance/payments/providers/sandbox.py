"""The built-in sandbox gateway: behaves like a real one, over real HTTP, without moving money.

``start`` registers the payment in the sandbox's own book (``SandboxPayment``) and sends the payer to
its page on the portal (``/platnosci/sandbox/<token>/``), where a tester chooses "Zapłać", "Odrzuć" or
"Anuluj". The gateway then POSTs a JSON notification to the portal's notification address with
``requests`` — a real HTTP call, like Przelewy24 or PayU would make — signed with HMAC-SHA256 over
the raw body (header ``X-Sandbox-Signature``), and sends the payer back to the return page.
``check_status`` asks the sandbox's status endpoint over HTTP (``…/status.json``), whose answer is
signed the same way.

Only when ``FINANCE_PAYMENT_PROVIDER`` points here are the sandbox pages served (404 otherwise): a
sandbox in production would let anyone "pay" without money.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .base import Notification, NotificationError, PaymentProvider, ProviderError

SIGNATURE_HEADER = "X-Sandbox-Signature"
STATUS_MAP = {"new": "pending", "paid": "paid", "rejected": "failed", "cancelled": "cancelled"}
TIMEOUT = 10


def _secret(options: dict) -> bytes:
    secret = options.get("secret") or hmac.new(settings.SECRET_KEY.encode(), b"sandbox", hashlib.sha256).hexdigest()
    return secret.encode()


def sign(body: bytes, options: dict | None = None) -> str:
    """``sha256=<hex HMAC-SHA256 of body>`` with the shared secret."""
    options = SandboxProvider().options if options is None else options
    return "sha256=" + hmac.new(_secret(options), body, hashlib.sha256).hexdigest()


def _http() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # the sandbox speaks to the portal itself, never through a proxy
    return session


class SandboxProvider(PaymentProvider):
    name = "sandbox"
    verbose_name = "Bramka testowa"
    logged_headers = ("content-type", "user-agent", SIGNATURE_HEADER.lower())

    # --- the portal's side (what any provider implements) --------------------------------------

    def start(self, transaction, *, return_url: str, notify_url: str) -> str:
        from ..models import SandboxPayment

        expire = int(getattr(settings, "FINANCE_PAYMENT_EXPIRE_MINUTES", 60))
        payment = SandboxPayment.objects.create(
            token=secrets.token_urlsafe(24),
            order_id=transaction.external_id,
            amount=transaction.amount,
            currency=transaction.currency,
            description=transaction.title[:255],
            notify_url=notify_url,
            return_url=return_url,
            expires_at=timezone.now() + dt.timedelta(minutes=expire),
        )
        transaction.provider_reference = payment.token
        base = self.options.get("base_url") or "{0.scheme}://{0.netloc}/".format(urlsplit(notify_url))
        return urljoin(base, reverse("finance_pay:sandbox", args=[payment.token]))

    def verify_notification(self, body: bytes, headers) -> Notification:
        signature = headers.get(SIGNATURE_HEADER, "")
        if not signature or not hmac.compare_digest(signature, sign(body, self.options)):
            raise NotificationError("nieprawidłowy podpis (HMAC)")
        return self._parse(body)

    def check_status(self, transaction) -> Notification:
        url = transaction.redirect_url.rstrip("/") + "/status.json"
        try:
            response = _http().get(url, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ProviderError(f"bramka testowa nie odpowiada: {error}") from error
        if response.status_code != 200:
            raise ProviderError(f"bramka testowa odpowiedziała {response.status_code}")
        return self.verify_notification(response.content, response.headers)

    @staticmethod
    def _parse(body: bytes) -> Notification:
        try:
            data = json.loads(body)
            amount = Decimal(str(data["amount"]))
            status = STATUS_MAP[data["status"]]
            return Notification(
                external_id=str(data["order_id"]),
                status=status,
                amount=amount,
                currency=str(data.get("currency", "")),
                provider_reference=str(data.get("token", "")),
                raw=data,
            )
        except (ValueError, KeyError, TypeError, InvalidOperation) as error:
            raise NotificationError(f"nieczytelne powiadomienie: {error!r}") from error

    # --- the gateway's side (what a real gateway does on its servers) --------------------------

    @staticmethod
    def payload(payment) -> bytes:
        """The gateway's message about ``payment`` (a ``SandboxPayment``): notification and status."""
        return json.dumps(
            {
                "order_id": payment.order_id,
                "token": payment.token,
                "status": payment.status,
                "amount": str(payment.amount),
                "currency": payment.currency,
            },
            sort_keys=True,
        ).encode()

    def send_notification(self, payment) -> bool:
        """POST the signed notification to the portal; ``True`` when it answered 200. An undelivered
        notification is not lost: the portal's periodic status check finds the payment."""
        body = self.payload(payment)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self.options)}
        try:
            response = _http().post(payment.notify_url, data=body, headers=headers, timeout=TIMEOUT)
        except requests.RequestException:
            return False
        return response.status_code == 200

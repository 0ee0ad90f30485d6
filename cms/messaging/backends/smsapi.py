"""SMS through SMSAPI.pl (https://www.smsapi.pl), the Polish gateway: a ``requests`` client and the outbox backend.

Why SMSAPI: a Polish operator with direct connections to the Polish networks, registered alphanumeric
sender names, an idempotency key of its own (``idx`` with ``check_idx=1``: a repeated ``idx`` is
refused, not sent twice) and delivery reports pushed to a URL we choose per request (``notify_url``).
Another gateway plugs in as another ``MessageBackend`` (docs/messaging.md).

The protocol (``POST {base_url}/sms.do``, form-encoded, ``Authorization: Bearer <token>``):
``to`` numbers separated by commas, ``message``, ``from``, ``format=json``, ``encoding=utf-8``,
``idx`` values separated by ``|`` in the order of ``to``, ``check_idx=1``, ``notify_url``,
``max_parts``, ``test``. Success: ``{"count": n, "list": [{"id", "points", "number",
"submitted_number", "status", "idx", "parts"?}], "invalid_numbers"?: [{"number", "submitted_number",
"message"}]}``. Failure: ``{"error": code, "message": text}`` (HTTP 200, or 401 for a bad token).

Error codes and what we do with them (SMSAPI's list of error codes):

* 11 (text too long / empty), 12 (more parts than ``max_parts``), 13 (no valid number) — the messages
  are refused for good: returned as per-message errors;
* 14 (sender name not registered), 101/102 (authorisation), 103 (no points left), 105 (IP not
  allowed), 110 (action not allowed) — our configuration is wrong: ``SmsPermanentError``;
* 53 (``idx`` already used, ``check_idx``) — the gateway accepted this message before (a retry after a
  timeout or a killed worker): reported as ``duplicate``, counted as accepted, not sent again;
* 201, 202, 203 (gateway busy, too many requests), 999 (internal error), HTTP 429 and 5xx, timeouts
  and broken connections — ``SmsTransientError``: try again later (with the same ``idx``).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter

from .base import MessageBackend, PermanentDeliveryError

logger = logging.getLogger(__name__)

# SMSAPI takes numbers with the country code and without "+" (it adds "48" to 9-digit numbers).
# ``idx``: letters, digits, "-" and "_", at most 255 (it is returned in the delivery report, where
# several reports are joined with commas).
IDX_RE = re.compile(r"[A-Za-z0-9_-]{1,255}")
PER_MESSAGE_ERRORS = {11, 12, 13, 57}  # text or number refused: the message, not the account
CONFIG_ERRORS = {14, 101, 102, 103, 105, 110}  # our setup: every message would fail the same way
TRANSIENT_ERRORS = {8, 201, 202, 203, 300, 999}  # the gateway's trouble: retry later
DUPLICATE_IDX = 53


class SmsError(Exception):
    """An SMS gateway error; ``code`` is the gateway's error code, when it gave one."""

    def __init__(self, message: str, *, code: int | None = None, payload: dict | None = None):
        super().__init__(message)
        self.code = code
        self.payload = payload or {}


class SmsTransientError(SmsError):
    """Nothing (or not everything) was accepted, for a reason that passes: retry with the same idx."""


class SmsPermanentError(SmsError, PermanentDeliveryError):
    """The gateway refuses us (authorisation, sender name, no points): retrying will not help."""


@dataclass(frozen=True)
class SmsOut:
    """One SMS to send: ``to`` in E.164 (``+48…``), ``idx`` our idempotency key (see ``IDX_RE``)."""

    to: str
    text: str
    idx: str


@dataclass(frozen=True)
class SmsResult:
    """The gateway's answer for one ``SmsOut``.

    Accepted: ``message_id`` set (the id delivery reports carry as ``MsgId``) and ``error`` empty.
    ``duplicate``: refused because its ``idx`` was accepted before — it was sent then, so count it as
    handed over (``message_id`` is unknown here; the delivery report still carries the ``idx``).
    ``error`` non-empty: refused for good (an invalid number, a text too long); do not retry.
    """

    idx: str
    message_id: str = ""
    points: float = 0.0
    parts: int = 0
    error: str = ""
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        return not self.error


class SmsapiClient:
    """A thin, thread-safe client of SMSAPI's ``sms.do`` with one pooled ``requests.Session``.

    ``send_many`` hands a list of messages to the gateway in one HTTP request per distinct text (a
    broadcast batch shares one text: one request). It returns one ``SmsResult`` per message, in
    order, or raises ``SmsTransientError`` / ``SmsPermanentError`` for the whole batch.
    """

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        sender: str,
        notify_url: str = "",
        timeout: float = 10,
        max_parts: int | None = None,
        test: bool = False,
        pool_size: int = 10,
    ):
        self.url = base_url.rstrip("/") + "/sms.do"
        self.sender = sender
        self.notify_url = notify_url
        # (connect, read): a gateway that does not answer in time is a transient error.
        self.timeout = (min(timeout, 5.0), timeout)
        self.max_parts = max_parts
        self.test = test
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({"Authorization": f"Bearer {token}", "User-Agent": "ratusz-cms/1.0"})

    def close(self) -> None:
        self.session.close()

    def send_many(self, messages: list[SmsOut]) -> list[SmsResult]:
        for message in messages:
            if not IDX_RE.fullmatch(message.idx or ""):
                raise ValueError(f"SMSAPI idx must match {IDX_RE.pattern}: {message.idx!r}")
        if len({m.idx for m in messages}) != len(messages):
            raise ValueError("Every message in one call needs its own idx")
        results: dict[str, SmsResult] = {}
        for text, group in _group_by_text(messages).items():
            results.update(self._send_group(text, group))
        return [results[m.idx] for m in messages]

    def _send_group(self, text: str, group: list[SmsOut]) -> dict[str, SmsResult]:
        data = self._params(text, group)
        try:
            payload = self._post(data)
        except SmsError as exc:
            if exc.code == DUPLICATE_IDX and len(group) > 1:
                # SMSAPI refuses the whole request when any idx was used. Some of the batch may be new
                # (a batch split differently before a crash): ask again one by one.
                logger.info("SMSAPI refused a repeated idx in a batch of %s; sending one by one", len(group))
                results = {}
                for message in group:
                    results.update(self._send_group(text, [message]))
                return results
            if exc.code == DUPLICATE_IDX:
                return {group[0].idx: SmsResult(idx=group[0].idx, duplicate=True)}
            if exc.code in PER_MESSAGE_ERRORS:
                reasons = _invalid_reasons(exc.payload)
                return {
                    m.idx: SmsResult(idx=m.idx, error=reasons.get(_digits(m.to)) or f"SMSAPI {exc.code}: {exc}")
                    for m in group
                }
            raise
        return self._match(group, payload)

    def _params(self, text: str, group: list[SmsOut]) -> dict:
        data = {
            "to": ",".join(_digits(m.to) for m in group),
            "message": text,
            "format": "json",
            "encoding": "utf-8",
            "idx": "|".join(m.idx for m in group),
            "check_idx": "1",
        }
        if self.sender:
            data["from"] = self.sender
        if self.notify_url:
            data["notify_url"] = self.notify_url
        if self.max_parts:
            data["max_parts"] = str(self.max_parts)
        if self.test:
            data["test"] = "1"
        return data

    def _post(self, data: dict) -> dict:
        try:
            response = self.session.post(self.url, data=data, timeout=self.timeout)
        except requests.Timeout as exc:
            raise SmsTransientError(f"SMSAPI did not answer in time: {exc}") from exc
        except requests.RequestException as exc:
            raise SmsTransientError(f"SMSAPI unreachable: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise SmsTransientError(f"SMSAPI answered HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError as exc:
            if response.status_code in (401, 403):
                raise SmsPermanentError(f"SMSAPI refused authorisation (HTTP {response.status_code})") from exc
            raise SmsTransientError(f"SMSAPI answered HTTP {response.status_code} without JSON") from exc
        if not isinstance(payload, dict):
            raise SmsTransientError("SMSAPI answered an unexpected JSON document")
        if payload.get("error"):
            raise _error(payload)
        if response.status_code >= 400:
            raise SmsPermanentError(f"SMSAPI answered HTTP {response.status_code}")
        return payload

    def _match(self, group: list[SmsOut], payload: dict) -> dict[str, SmsResult]:
        by_idx = {str(item.get("idx") or ""): item for item in payload.get("list") or []}
        by_number = {
            _digits(str(item.get("submitted_number") or item.get("number") or "")): item
            for item in payload.get("list") or []
        }
        invalid = _invalid_reasons(payload)
        results, missing = {}, []
        for message in group:
            item = by_idx.get(message.idx) or (by_number.get(_digits(message.to)) if len(group) == 1 else None)
            if item is not None:
                results[message.idx] = SmsResult(
                    idx=message.idx,
                    message_id=str(item.get("id") or ""),
                    points=float(item.get("points") or 0),
                    parts=int(item.get("parts") or 1),
                )
            elif _digits(message.to) in invalid:
                results[message.idx] = SmsResult(idx=message.idx, error=invalid[_digits(message.to)])
            else:
                missing.append(message.idx)
        if missing:
            # Accepted or not? We cannot tell; a retry with the same idx settles it (check_idx).
            raise SmsTransientError(f"SMSAPI's answer does not mention {len(missing)} message(s), e.g. {missing[0]}")
        return results


def _group_by_text(messages: list[SmsOut]) -> dict[str, list[SmsOut]]:
    groups: dict[str, list[SmsOut]] = {}
    for message in messages:
        groups.setdefault(message.text, []).append(message)
    return groups


def _digits(number: str) -> str:
    return number.strip().lstrip("+")


def _invalid_reasons(payload: dict) -> dict[str, str]:
    reasons = {}
    for item in payload.get("invalid_numbers") or []:
        reason = str(item.get("message") or "invalid number")
        for key in (item.get("submitted_number"), item.get("number")):
            if key:
                reasons[_digits(str(key))] = f"SMSAPI: {reason}"
    return reasons


def _error(payload: dict) -> SmsError:
    try:
        code = int(payload.get("error"))
    except (TypeError, ValueError):
        code = None
    text = str(payload.get("message") or "error")
    if code in TRANSIENT_ERRORS:
        return SmsTransientError(f"SMSAPI {code}: {text}", code=code, payload=payload)
    # Our configuration (CONFIG_ERRORS), per-message refusals and a repeated idx (both handled by
    # the caller) and codes we do not know: retrying the same request would not help.
    return SmsPermanentError(f"SMSAPI {code}: {text}", code=code, payload=payload)


_clients: dict[tuple, SmsapiClient] = {}
_clients_lock = threading.Lock()


def client_from_settings() -> SmsapiClient:
    """The client for ``settings.RATUSZ_SMSAPI``, one per process and configuration (the pooled
    connections are reused from message to message)."""
    config = settings.RATUSZ_SMSAPI
    if not config.get("token"):
        raise SmsPermanentError("RATUSZ_SMSAPI['token'] is empty: set RATUSZ_SMSAPI_TOKEN")
    key = tuple(sorted((k, str(v)) for k, v in config.items()))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = SmsapiClient(
                base_url=config["base_url"],
                token=config["token"],
                sender=config.get("sender", ""),
                notify_url=config.get("notify_url", ""),
                timeout=float(config.get("timeout", 10)),
                max_parts=config.get("max_parts") or None,
                test=bool(config.get("test")),
            )
        return client


class SmsapiBackend(MessageBackend):
    """The outbox's SMS channel: one message per request, ``idx`` = ``out-<message id>``.

    A retry after a timeout reuses the idx, so a message the gateway did accept is refused as a
    duplicate and counted as sent. Outbox SMS end at ``sent``: their delivery reports (if the account
    has a ``notify_url``) reach the crisis webhook, which logs and ignores ids it does not know.
    """

    channel = "sms"

    def send(self, message) -> None:
        result = client_from_settings().send_many(
            [SmsOut(to=message.recipient, text=message.body, idx=f"out-{message.pk}")]
        )[0]
        if result.error:
            raise SmsPermanentError(result.error)
        if result.duplicate:
            logger.info("SMS %s was accepted by SMSAPI before (repeated idx): not sent again", message.pk)

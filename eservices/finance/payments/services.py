"""The online payment workflow: quote → start → notification / status check → booked exactly once.

* ``payment_quote`` — what the selected instalments cost today (remaining principal + late interest to
  today, from ``balances.balance_for_taxpayer``); refuses someone else's or paid instalments.
* ``transaction_start`` — a ``PaymentTransaction`` registered with the provider, the payer's redirect.
* ``notification_receive`` — verify (provider: signature), check (here: transaction, currency, amount,
  transition), book, log. Booking locks the transaction row (``select_for_update``) so two deliveries
  of one notification, even at the same moment, book one ``Payment``; the one-to-one ``payment`` and
  the payment's unique ``bank_reference`` make a second booking impossible at the database too.
* ``transactions_check_pending`` — the periodic task: ask the provider, expire the abandoned.

Every status change goes through ``transaction_transition`` (rules in ``models.TRANSITIONS``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction as db_transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..balances import balance_for_taxpayer
from ..models import Instalment, Payment, Taxpayer
from ..services import FinanceError, payment_create
from .models import TRANSITIONS, PaymentNotification, PaymentTransaction
from .providers import Notification, NotificationError, PaymentProvider, ProviderError, get_provider

ZERO = Decimal("0.00")
Status = PaymentTransaction.Status


class PaymentRefused(FinanceError):
    """The payment cannot be started; the message is for the resident (Polish)."""


class TransitionError(ValueError):
    """A status change the transaction's life does not allow."""


def check_after_minutes() -> int:
    return int(getattr(settings, "FINANCE_PAYMENT_CHECK_AFTER_MINUTES", 15))


def expire_minutes() -> int:
    return int(getattr(settings, "FINANCE_PAYMENT_EXPIRE_MINUTES", 60))


# --- quote -----------------------------------------------------------------------------------------


@dataclass
class QuoteLine:
    instalment: Instalment
    principal: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


@dataclass
class Quote:
    taxpayer: Taxpayer
    today: dt.date
    lines: list[QuoteLine] = field(default_factory=list)
    fees: Decimal = ZERO  # unpaid costs of upomnienia: a payment covers them first (art. 55 § 1)

    @property
    def amount(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO) + self.fees

    @property
    def interest(self) -> Decimal:
        return sum((line.interest for line in self.lines), ZERO)

    @property
    def title(self) -> str:
        parts = []
        for line in self.lines:
            liability = line.instalment.liability
            parts.append(f"{liability.get_kind_display()} {liability.year} rata {line.instalment.number}")
        return f"{self.taxpayer.identifier} " + "; ".join(parts)

    @property
    def instalment_ids(self) -> list[int]:
        return [line.instalment.pk for line in self.lines]


def parse_instalment_ids(value: str | None) -> list[int]:
    """``"12,13"`` → ``[12, 13]`` (order kept, duplicates dropped); ``PaymentRefused`` on anything else."""
    ids: list[int] = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise PaymentRefused(_("Nie rozpoznano wybranych rat. Wróć do należności i wybierz raty do zapłaty."))
        if int(part) not in ids:
            ids.append(int(part))
    if not ids:
        raise PaymentRefused(_("Nie wybrano żadnej raty do zapłaty."))
    return ids


def payment_quote(*, taxpayer: Taxpayer, instalment_ids: Iterable[int], today: dt.date | None = None) -> Quote:
    """What paying ``instalment_ids`` of ``taxpayer`` costs on ``today``: each instalment's remaining
    principal and the late interest on it to today (whole złoty, art. 63; none under the threshold).

    ``taxpayer`` comes from ``access.taxpayer_for_user`` (its ``visible_kinds`` limit a spouse to the
    joint liability). An instalment of anyone else — or one the viewer may not see — refuses the whole
    quote with the same message, so the portal does not reveal whose it is. Paid ones are refused too.
    """
    ids = list(instalment_ids)
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=today, kinds=getattr(taxpayer, "visible_kinds", None))
    rows = {row.instalment.pk: row for item in balance.liabilities for row in item.instalments}
    if not ids:
        raise PaymentRefused(_("Nie wybrano żadnej raty do zapłaty."))
    if any(pk not in rows for pk in ids):
        raise PaymentRefused(
            _(
                "Nie można zapłacić za cudze należności: wybrane raty nie należą do tego podatnika. "
                "Nie rozpoczęto żadnej płatności."
            )
        )
    quote = Quote(taxpayer=taxpayer, today=balance.today, fees=balance.fees)
    for pk in ids:
        row = rows[pk]
        if row.outstanding <= ZERO:
            raise PaymentRefused(
                _("Rata %(number)s (%(liability)s) jest już opłacona. Nie rozpoczęto żadnej płatności.")
                % {"number": row.instalment.number, "liability": row.instalment.liability}
            )
        quote.lines.append(QuoteLine(instalment=row.instalment, principal=row.outstanding, interest=row.interest))
    quote.lines.sort(key=lambda line: (line.instalment.due_date, line.instalment.pk))
    return quote


# --- start -----------------------------------------------------------------------------------------


def transaction_transition(tx: PaymentTransaction, status: str, *, extra_fields: Iterable[str] = ()) -> None:
    """Move ``tx`` to ``status`` if ``TRANSITIONS`` allows it, and save. The only writer of ``status``."""
    if status not in TRANSITIONS[tx.status]:
        raise TransitionError(f"{tx.status} → {status}")
    tx.status = status
    tx.save(update_fields=["status", "updated_at", *extra_fields])


def _new_external_id() -> str:
    return "EBOM-" + timezone.localdate().strftime("%Y%m%d") + "-" + secrets.token_hex(6).upper()


def transaction_start(
    *, user, quote: Quote, base_url: str, provider: PaymentProvider | None = None
) -> PaymentTransaction:
    """Create the transaction for ``quote`` and register it with the provider; its ``redirect_url`` is
    where the payer goes next. ``base_url`` is the portal's public address (the gateway calls back).

    The transaction row is committed before the gateway is called (a crash in between leaves a
    ``started`` transaction that the periodic task expires, never a payment without a trace). A gateway
    that refuses or does not answer marks it ``failed`` and raises ``PaymentRefused``.
    """
    provider = provider or get_provider()
    with db_transaction.atomic():
        tx = PaymentTransaction.objects.create(
            taxpayer=quote.taxpayer,
            user=user,
            amount=quote.amount,
            currency="PLN",
            title=quote.title[:255],
            provider=provider.name,
            external_id=_new_external_id(),
            breakdown=[
                {"instalment": line.instalment.pk, "principal": str(line.principal), "interest": str(line.interest)}
                for line in quote.lines
            ],
        )
        tx.instalments.set(quote.instalment_ids)
    return_url = urljoin(base_url, reverse("finance_pay:status", args=[tx.external_id]))
    notify_url = urljoin(base_url, reverse("finance_pay:notify", args=[provider.name]))
    try:
        redirect_url = provider.start(tx, return_url=return_url, notify_url=notify_url)
    except ProviderError as error:
        transaction_transition(tx, Status.FAILED)
        raise PaymentRefused(
            _("Operator płatności jest chwilowo niedostępny. Spróbuj ponownie za kilka minut.")
        ) from error
    tx.redirect_url = redirect_url
    transaction_transition(tx, Status.PENDING, extra_fields=["redirect_url", "provider_reference"])
    return tx


# --- notifications ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    accepted: bool
    reason: str
    transaction: PaymentTransaction | None = None
    booked: bool = False


def _book(tx: PaymentTransaction, notification: Notification) -> None:
    """A finance ``Payment`` (channel online, bank reference = our transaction id), allocated by the
    ledger's rules (``payment_book``: oldest arrears first, art. 55 § 2), in the caller's transaction."""
    payment = payment_create(
        taxpayer=tx.taxpayer,
        paid_on=timezone.localdate(),
        amount=tx.amount,
        channel=Payment.Channel.ONLINE,
        bank_reference=tx.external_id,
        title=tx.title,
        book=True,
    )
    tx.payment = payment
    tx.paid_at = timezone.now()
    if notification.provider_reference and not tx.provider_reference:
        tx.provider_reference = notification.provider_reference


def notification_apply(*, provider: PaymentProvider, notification: Notification) -> Outcome:
    """Apply what the gateway said (already verified by the provider) to our transaction, once.

    Rejected (nothing written): an unknown transaction, another currency or amount, a status change the
    transaction may not make (e.g. "paid" for an expired one). Repeated (same status again): accepted,
    nothing written — the gateway may deliver a notification several times.
    """
    with db_transaction.atomic():
        tx = (
            PaymentTransaction.objects.select_for_update()
            .select_related("taxpayer")
            .filter(external_id=notification.external_id, provider=provider.name)
            .first()
        )
        if tx is None:
            return Outcome(False, f"nieznana transakcja {notification.external_id!r}")
        if notification.currency != tx.currency:
            return Outcome(False, f"waluta {notification.currency!r} zamiast {tx.currency}", tx)
        if notification.amount != tx.amount:
            return Outcome(False, f"kwota {notification.amount} zamiast {tx.amount}", tx)
        if (
            notification.provider_reference
            and tx.provider_reference
            and notification.provider_reference != tx.provider_reference
        ):
            return Outcome(False, "identyfikator operatora nie zgadza się z transakcją", tx)
        if notification.status == tx.status:
            return Outcome(True, "powtórzone powiadomienie — bez zmian", tx)
        if notification.status == Status.PENDING:
            return Outcome(True, "płatność w toku", tx)
        if notification.status not in TRANSITIONS[tx.status]:
            if tx.status == Status.EXPIRED:
                reason = "transakcja wygasła — wpłata niezaksięgowana, do wyjaśnienia z operatorem"
            else:
                reason = f"niedozwolona zmiana statusu {tx.status} → {notification.status}"
            return Outcome(False, reason, tx)
        if notification.status == Status.PAID:
            try:
                with db_transaction.atomic():
                    _book(tx, notification)
            except FinanceError as error:
                return Outcome(False, str(error), tx)
            transaction_transition(tx, Status.PAID, extra_fields=["payment", "paid_at", "provider_reference"])
            return Outcome(True, "zaksięgowano", tx, booked=True)
        transaction_transition(tx, notification.status)
        return Outcome(True, f"status: {notification.status}", tx)


def _log(*, provider_name: str, outcome: Outcome | None, body: bytes, headers: dict, **kwargs) -> PaymentNotification:
    return PaymentNotification.objects.create(
        provider=provider_name[:32],
        transaction=outcome.transaction if outcome else None,
        body=body.decode("utf-8", errors="replace")[:20000],
        headers=headers,
        accepted=bool(outcome and outcome.accepted),
        reason=(outcome.reason if outcome else kwargs.pop("reason", ""))[:255],
        **kwargs,
    )


def notification_receive(
    *, provider_name: str, body: bytes, headers, remote_addr: str | None = None
) -> tuple[Outcome, PaymentProvider | None]:
    """A server-to-server notification as it arrived: verified by the provider, applied, and logged
    (accepted or not, with the reason) in ``PaymentNotification``."""
    provider = get_provider(provider_name)
    logged = {}
    if provider is not None:
        logged = {name: headers.get(name, "") for name in provider.logged_headers if headers.get(name)}
    if provider is None:
        outcome = Outcome(False, f"operator {provider_name!r} nie jest włączony")
        _log(provider_name=provider_name, outcome=outcome, body=body, headers=logged, remote_addr=remote_addr)
        return outcome, None
    try:
        notification = provider.verify_notification(body, headers)
    except NotificationError as error:
        outcome = Outcome(False, str(error))
        _log(provider_name=provider.name, outcome=outcome, body=body, headers=logged, remote_addr=remote_addr)
        return outcome, provider
    outcome = notification_apply(provider=provider, notification=notification)
    _log(
        provider_name=provider.name, outcome=outcome, body=body, headers=logged, remote_addr=remote_addr, verified=True
    )
    return outcome, provider


# --- periodic check --------------------------------------------------------------------------------


def transaction_check(*, tx: PaymentTransaction, provider: PaymentProvider) -> Outcome | None:
    """Ask the gateway about ``tx`` and apply the answer; a changed status or an error is logged."""
    try:
        notification = provider.check_status(tx)
    except (ProviderError, NotificationError) as error:
        outcome = Outcome(False, str(error), tx)
    else:
        outcome = notification_apply(provider=provider, notification=notification)
        if outcome.accepted and notification.status == Status.PENDING:
            PaymentTransaction.objects.filter(pk=tx.pk).update(checked_at=timezone.now())
            return outcome
    _log(
        provider_name=provider.name,
        outcome=outcome,
        body=b"",
        headers={},
        source="check",
        verified=outcome.accepted,
    )
    PaymentTransaction.objects.filter(pk=tx.pk).update(checked_at=timezone.now())
    return outcome


@db_transaction.atomic
def transaction_expire(*, tx_id: int) -> bool:
    """Expire a transaction that is still open (locked, so a notification arriving now wins or waits)."""
    tx = PaymentTransaction.objects.select_for_update().get(pk=tx_id)
    if tx.is_final:
        return False
    transaction_transition(tx, Status.EXPIRED)
    return True


def transactions_check_pending(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Transactions pending longer than ``FINANCE_PAYMENT_CHECK_AFTER_MINUTES``: ask the provider; those
    still open after ``FINANCE_PAYMENT_EXPIRE_MINUTES`` become expired. Returns counts."""
    now = now or timezone.now()
    provider = get_provider()
    counts = {"checked": 0, "paid": 0, "expired": 0}
    open_statuses = [Status.STARTED, Status.PENDING]
    due = PaymentTransaction.objects.filter(
        status__in=open_statuses, created_at__lte=now - dt.timedelta(minutes=check_after_minutes())
    ).order_by("created_at", "pk")[:limit]
    expire_before = now - dt.timedelta(minutes=expire_minutes())
    for tx in due:
        if tx.status == Status.PENDING and tx.provider == provider.name:
            counts["checked"] += 1
            outcome = transaction_check(tx=tx, provider=provider)
            if outcome and outcome.booked:
                counts["paid"] += 1
                continue
        if tx.created_at <= expire_before and transaction_expire(tx_id=tx.pk):
            counts["expired"] += 1
    return counts

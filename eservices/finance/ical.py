"""The iCalendar feed of a resident's upcoming due dates (RFC 5545), and its private address.

Written by hand, it is small: one VEVENT per unpaid instalment due today or later, an all-day event
(``DTSTART;VALUE=DATE``) with a stable UID, so a calendar app that polls the feed updates events in
place. Lines end with CRLF and are folded at 75 octets (never inside a UTF-8 character).

Calendar apps cannot sign in, so the feed also has a private address with a signed token. The token
is a ``django.core.signing`` signature of the user's id, salted with the user's password hash and
e-mail: changing the password (or the e-mail) revokes every address issued before, and no column
is needed. Anyone holding the address sees the due dates, so the page says to keep it private.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q, Sum
from django.utils import timezone

from .access import SPOUSE_KINDS
from .models import Instalment, TaxpayerAccess
from .templatetags.finance_tags import format_pln

PRODID = "-//Ratusz//Naleznosci//PL"
FULL_VIEW = [value for value in TaxpayerAccess.Relation.values if value != TaxpayerAccess.Relation.SPOUSE]
TOKEN_SALT = "eservices.finance.ical"
TOKEN_SEP = "."  # not in the signature's URL-safe base64 alphabet, safe in a path


@dataclass(frozen=True)
class DueEvent:
    uid: str
    day: dt.date
    summary: str
    description: str = ""


def unpaid_instalments(*, today: dt.date, until: dt.date | None = None, user=None):
    """Unpaid instalments due from ``today`` (to ``until``) with ``outstanding``, for ``user``'s
    taxpayers (respecting a spouse's joint-only view), or for everyone when ``user`` is ``None``.
    One query; each row carries ``liability`` and ``liability.taxpayer``."""
    instalments = Instalment.objects.filter(due_date__gte=today)
    if until is not None:
        instalments = instalments.filter(due_date__lte=until)
    if user is not None:
        # One filter() call, so both conditions apply to the same access row.
        instalments = instalments.filter(
            Q(liability__taxpayer__access__user=user)
            & (Q(liability__taxpayer__access__relation__in=FULL_VIEW) | Q(liability__kind__in=SPOUSE_KINDS))
        )
    instalments = (
        instalments.select_related("liability__taxpayer")
        .annotate(paid=Sum("allocations__principal"))
        .order_by("due_date", "liability_id", "number")
    )
    result = []
    for instalment in instalments:
        instalment.outstanding = instalment.amount - (instalment.paid or Decimal("0"))
        if instalment.outstanding > 0:
            result.append(instalment)
    return result


def events_for_user(*, user, today: dt.date | None = None) -> list[DueEvent]:
    today = today or timezone.localdate()
    domain = _domain()
    events = []
    for instalment in unpaid_instalments(today=today, user=user):
        liability = instalment.liability
        kind = str(liability.get_kind_display())
        events.append(
            DueEvent(
                uid=f"ratusz-rata-{instalment.pk}@{domain}",
                day=instalment.due_date,
                summary=(
                    f"Termin płatności: {kind[:1].upper()}{kind[1:]} {liability.year}, rata {instalment.number}"
                    f" — {format_pln(instalment.outstanding, separator=' ')}"
                ),
                description=(
                    f"{liability.taxpayer.name}. Do zapłaty {format_pln(instalment.outstanding, separator=' ')}"
                    f" na rachunek {liability.taxpayer.account_number}."
                ),
            )
        )
    return events


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 § 3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into CRLF-joined pieces of at most 75 octets (RFC 5545 § 3.1); each
    continuation starts with a space, and a multi-byte character is never split."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def render_calendar(events: list[DueEvent], *, now: dt.datetime | None = None, name: str = "Terminy płatności") -> str:
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Warsaw",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _signer(user) -> signing.Signer:
    return signing.Signer(salt=f"{TOKEN_SALT}:{user.pk}:{user.password}:{user.email}", sep=TOKEN_SEP)


def calendar_token(user) -> str:
    """The private feed token of ``user``: ``<id>.<signature>``."""
    return _signer(user).sign(str(user.pk))


def user_for_token(token: str):
    """The active user whose current token is ``token``, or ``None`` (forged, someone else's, or
    revoked by a password change)."""
    user_id, _sep, _signature = (token or "").partition(TOKEN_SEP)
    if not user_id.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None:
        return None
    try:
        value = _signer(user).unsign(token)
    except signing.BadSignature:
        return None
    return user if value == user_id else None


def _domain() -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "ratusz.local"
    return base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "ratusz.local"

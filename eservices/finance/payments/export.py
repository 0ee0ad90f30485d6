"""The daily export of online payments for the finance department's system (the book of record).

One CSV (UTF-8, comma-separated, header row, amounts with a dot and two places) per day of booking;
the columns are documented in docs/finance.md ("Eksport płatności online"). Written by the command
``finance_export_payments --date YYYY-MM-DD`` and by the beat task into ``export_storage()``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TextIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

from .models import PaymentTransaction

COLUMNS = [
    "transaction_id",
    "payment_date",
    "paid_at",
    "amount",
    "currency",
    "taxpayer_external_id",
    "taxpayer_name",
    "account_number",
    "provider",
    "provider_reference",
    "instalments",
    "title",
]


def paid_transactions(*, day: dt.date):
    """Online transactions booked on ``day`` (the payment's date), oldest first; 3 queries."""
    return (
        PaymentTransaction.objects.filter(status=PaymentTransaction.Status.PAID, payment__paid_on=day)
        .select_related("taxpayer", "payment")
        .prefetch_related("instalments__liability")
        .order_by("paid_at", "pk")
    )


def _instalment_ref(instalment) -> str:
    liability = instalment.liability
    return f"{liability.external_id or liability.pk}/{instalment.number}"


def write_csv(*, day: dt.date, stream: TextIO) -> int:
    """Write the export of ``day`` to ``stream``; returns the number of payment rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for tx in paid_transactions(day=day):
        instalments = sorted(tx.instalments.all(), key=lambda i: (i.due_date, i.pk))
        writer.writerow(
            [
                tx.external_id,
                tx.payment.paid_on.isoformat(),
                timezone.localtime(tx.paid_at).isoformat(timespec="seconds") if tx.paid_at else "",
                f"{tx.amount:.2f}",
                tx.currency,
                tx.taxpayer.external_id,
                tx.taxpayer.name,
                tx.taxpayer.account_number,
                tx.provider,
                tx.provider_reference,
                ";".join(_instalment_ref(i) for i in instalments),
                tx.title,
            ]
        )
        count += 1
    return count


def export_storage():
    """``STORAGES["finance_exports"]`` if configured, else ``FINANCE_PAYMENT_EXPORT_DIR`` on disk
    (default ``<VAR_DIR>/private/finance-exports``: personal data, never under MEDIA_ROOT)."""
    if "finance_exports" in settings.STORAGES:
        return storages["finance_exports"]
    location = getattr(settings, "FINANCE_PAYMENT_EXPORT_DIR", None) or (
        settings.VAR_DIR / "private" / "finance-exports"
    )
    return FileSystemStorage(location=str(location), base_url=None)


def export_file_name(day: dt.date) -> str:
    return f"platnosci-online-{day.isoformat()}.csv"


def export_to_storage(*, day: dt.date) -> tuple[str, int]:
    """Write (or rewrite: idempotent) the export of ``day`` into ``export_storage()``."""
    buffer = io.StringIO()
    count = write_csv(day=day, stream=buffer)
    storage, name = export_storage(), export_file_name(day)
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(buffer.getvalue().encode("utf-8")))
    return saved, count

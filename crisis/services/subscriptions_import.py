"""Staff import of alert subscriptions (e.g. lists from village heads), all or nothing.

Staff attest that each person on the list consented (``consent_note`` says where the consent is
kept); the contacts become confirmed at once, with source ``import``. A file with any bad line is
refused whole, with every error by line number, so a half-imported list never needs cleaning up.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crisis.models import Category, Subscription

from . import subscriptions as subs

IMPORT_CONSENT_TEXT = "Zgoda zebrana poza serwisem; jej istnienie poświadcza pracownik urzędu przy imporcie."


@dataclass
class ImportReport:
    """Outcome of an import or its dry run: errors by line (then nothing is written) or counts."""

    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    confirmed_pending: int = 0
    already_active: int = 0
    skipped_unsubscribed: int = 0
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


_EMAIL_HEADERS = {"email", "e-mail", "adres e-mail", "mail"}
_PHONE_HEADERS = {"telefon", "phone", "numer telefonu", "sms", "tel"}


def parse_import_csv(text: str) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """``([(channel, address), …], [(line, error), …])`` from a CSV with a header row naming the
    columns ``email`` and/or ``telefon`` (separator ``;`` or ``,``). Duplicates in the file count once."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [(1, _("Plik jest pusty albo nie ma wiersza nagłówka."))]
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    email_col = next((i for i, name in enumerate(header) if name in _EMAIL_HEADERS), None)
    phone_col = next((i for i, name in enumerate(header) if name in _PHONE_HEADERS), None)
    if email_col is None and phone_col is None:
        return [], [(1, _("Nagłówek musi zawierać kolumnę „email” lub „telefon”."))]
    contacts: dict[tuple[str, str], None] = {}
    errors: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        found = False
        for col, channel, normalize in (
            (email_col, Subscription.Channel.EMAIL, subs.normalize_email),
            (phone_col, Subscription.Channel.SMS, subs.normalize_phone),
        ):
            value = row[col].strip() if col is not None and col < len(row) else ""
            if not value:
                continue
            found = True
            try:
                contacts[(channel, normalize(value))] = None
            except ValidationError as error:
                errors.append((line, f"„{value}”: {error.messages[0]}"))
        if not found:
            errors.append((line, _("Brak adresu e-mail i numeru telefonu.")))
    if not contacts and not errors:
        errors.append((1, _("Plik nie zawiera żadnego kontaktu.")))
    return list(contacts), errors


@transaction.atomic
def subscriptions_import(
    *, csv_text: str, areas=(), all_areas: bool = False, categories=None, consent_note: str, user, dry_run=False
) -> ImportReport:
    """Import contacts as confirmed (source ``import``), staff attesting the consent in ``consent_note``.

    All or nothing: any bad line → an error report by line number and nothing written. Idempotent: a
    contact already active is left as its owner set it, an unsubscribed one is not re-subscribed (the
    owner withdrew consent, a list cannot override that), a pending one is confirmed.
    """
    report = ImportReport(dry_run=dry_run)
    note = (consent_note or "").strip()
    if not note:
        report.errors.append((0, _("Opisz, skąd pochodzą zgody (np. lista od sołtysa z datą).")))
    try:
        choice = subs._make_choice(
            areas=areas, all_areas=all_areas, categories=categories or Category.values, consent_text=IMPORT_CONSENT_TEXT
        )
    except ValidationError as error:
        report.errors.append((0, error.messages[0]))
    contacts, errors = parse_import_csv(csv_text)
    report.errors.extend(errors)
    report.rows = len(contacts)
    if report.errors:
        return report
    existing = {
        (sub.channel, sub.address): sub
        for sub in Subscription.objects.select_for_update().filter(
            address__in=[address for _channel, address in contacts]
        )
    }
    now = timezone.now()
    note = f"{note[:200]} — {user}"[:255]
    for channel, address in contacts:
        subscription = existing.get((channel, address))
        if subscription is None:
            report.created += 1
            subscription = Subscription(channel=channel, address=address, source=Subscription.Source.IMPORT)
        elif subscription.state == Subscription.State.CONFIRMED:
            report.already_active += 1
            continue
        elif subscription.state == Subscription.State.UNSUBSCRIBED:
            report.skipped_unsubscribed += 1
            continue
        else:
            report.confirmed_pending += 1
            subscription.source = Subscription.Source.IMPORT
        if dry_run:
            continue
        subscription.consent_at = now
        subscription.consent_note = note
        subscription.state = Subscription.State.CONFIRMED
        subscription.confirmed_at = now
        subscription.confirm_secret = ""
        subs._apply_choice(subscription, choice)
    return report

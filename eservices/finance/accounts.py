"""Individual bank account numbers (NRB): 2 check digits + 8-digit bank settlement number + 16 digits.

The gmina's bank gives it a prefix (the settlement number and the first digits of the account part,
``FINANCE_BANK_PREFIX``); the rest is the taxpayer's identifier, zero-padded. The check digits are
the IBAN ones (ISO 13616, mod 97) computed for the country code PL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban


def nrb_check_digits(bban: str) -> str:
    """The two check digits for a 24-digit BBAN: 98 − (BBAN + "PL00" as digits) mod 97."""
    number = int(bban + "2521" + "00")  # P = 25, L = 21
    return f"{98 - number % 97:02d}"


def nrb_for(identifier: int | str, *, prefix: str | None = None) -> str:
    """The NRB for ``identifier`` (digits only) under ``prefix`` (default ``FINANCE_BANK_PREFIX``)."""
    prefix = settings.FINANCE_BANK_PREFIX if prefix is None else prefix
    identifier = str(identifier)
    if not (prefix.isdigit() and identifier.isdigit()) or len(prefix) + len(identifier) > 24:
        raise ValueError(f"cannot build an NRB from prefix {prefix!r} and identifier {identifier!r}")
    bban = prefix + identifier.zfill(24 - len(prefix))
    return nrb_check_digits(bban) + bban


def is_valid_nrb(value: str) -> bool:
    compact = (value or "").replace(" ", "")
    return len(compact) == 26 and compact.isdigit() and iban.is_valid("PL" + compact)


def validate_nrb(value: str) -> None:
    if value and not is_valid_nrb(value):
        raise ValidationError(_("Numer rachunku bankowego jest nieprawidłowy (26 cyfr z poprawną sumą kontrolną)."))


def format_nrb(value: str) -> str:
    """``12 3456 7890 ...`` — how Polish banks print an account."""
    return " ".join([value[:2]] + [value[i : i + 4] for i in range(2, 26, 4)]) if len(value) == 26 else value

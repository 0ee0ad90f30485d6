"""Validators of the resident's profile: PESEL and the Polish postal code."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
# The month digits of a PESEL carry the century: +80 for 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s.
CENTURY_BY_MONTH_OFFSET = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}
POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")


def pesel_birth_date(pesel: str) -> dt.date | None:
    """The date of birth encoded in a PESEL, or ``None`` when it is not a real date."""
    year, month, day = int(pesel[0:2]), int(pesel[2:4]), int(pesel[4:6])
    offset = (month - 1) // 20 * 20
    century = CENTURY_BY_MONTH_OFFSET.get(offset)
    if century is None:
        return None
    try:
        return dt.date(century + year, month - offset, day)
    except ValueError:
        return None


def pesel_is_valid(pesel: str) -> bool:
    """11 digits, a real date of birth and the check digit (Dz.U. rozporządzenie w sprawie PESEL)."""
    if not re.fullmatch(r"\d{11}", pesel or ""):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(pesel[:10], PESEL_WEIGHTS, strict=True))
    if (10 - total % 10) % 10 != int(pesel[10]):
        return False
    return pesel_birth_date(pesel) is not None


def validate_pesel(value: str) -> None:
    if not re.fullmatch(r"\d{11}", value or ""):
        raise ValidationError(_("PESEL ma 11 cyfr. Sprawdź, czy nie brakuje cyfry."), code="pesel_length")
    if not pesel_is_valid(value):
        raise ValidationError(
            _("Ten numer PESEL jest nieprawidłowy: nie zgadza się cyfra kontrolna. Sprawdź go w dowodzie osobistym."),
            code="pesel_checksum",
        )


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.match(value or ""):
        raise ValidationError(_("Wpisz kod pocztowy w formacie 00-000, np. 36-060."), code="postal_code")

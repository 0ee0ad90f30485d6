"""Validators of application-form answers: Polish identifiers, bank accounts and uploaded files.

PESEL, NIP and REGON checksums come from python-stdnum; the NRB (Numer Rachunku Bankowego) is checked
with the IBAN mod-97 rule, the country code ``PL`` standing in front of the 26 digits.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, pesel, regon

from home.editorial.uploads import CLAIMED, content_mismatch

_SEPARATORS = re.compile(r"[\s-]")


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def validate_pesel(value: str) -> str:
    number = _digits(value)
    if not re.fullmatch(r"\d{11}", number):
        raise ValidationError(_("PESEL ma 11 cyfr. Sprawdź, czy nie brakuje cyfry."), code="pesel_length")
    try:
        return pesel.validate(number)
    except StdnumError as error:
        raise ValidationError(
            _("Ten numer PESEL jest nieprawidłowy: nie zgadza się cyfra kontrolna lub data urodzenia."),
            code="pesel_checksum",
        ) from error


def validate_nip(value: str) -> str:
    number = _digits(value).upper().removeprefix("PL")
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(_("NIP ma 10 cyfr, np. 123-456-32-18."), code="nip_length")
    try:
        return nip.validate(number)
    except StdnumError as error:
        raise ValidationError(_("Ten NIP jest nieprawidłowy: nie zgadza się cyfra kontrolna."), code="nip") from error


def validate_regon(value: str) -> str:
    number = _digits(value)
    if not re.fullmatch(r"\d{9}|\d{14}", number):
        raise ValidationError(_("REGON ma 9 albo 14 cyfr."), code="regon_length")
    try:
        return regon.validate(number)
    except StdnumError as error:
        raise ValidationError(
            _("Ten REGON jest nieprawidłowy: nie zgadza się cyfra kontrolna."), code="regon"
        ) from error


def validate_nrb(value: str) -> str:
    """26 digits whose IBAN form (``PL`` + digits) passes mod-97 (ISO 13616)."""
    number = _digits(value).upper().removeprefix("PL")
    if not re.fullmatch(r"\d{26}", number):
        raise ValidationError(_("Numer rachunku bankowego ma 26 cyfr."), code="nrb_length")
    # ``PL`` is 25 21 in the IBAN letter code; the two check digits go to the end.
    if int(number[2:] + "2521" + number[:2]) % 97 != 1:
        raise ValidationError(
            _("Ten numer rachunku jest nieprawidłowy: nie zgadzają się cyfry kontrolne. Przepisz go jeszcze raz."),
            code="nrb",
        )
    return number


def validate_upload(upload, *, allowed: list[str], max_mb: int) -> None:
    """The extension is allowed, the content matches it (magic bytes) and the file is not too large."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [kind for kind in allowed if kind in CLAIMED] or ["pdf"]
    if extension not in allowed:
        raise ValidationError(
            _("Nie przyjmujemy plików tego rodzaju. Dozwolone: %(types)s.")
            % {"types": ", ".join(kind.upper() for kind in allowed)},
            code="file_type",
        )
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("Plik jest za duży (%(size)s). Największy dozwolony rozmiar to %(max)s MB.")
            % {"size": filesizeformat(upload.size), "max": max_mb},
            code="file_size",
        )
    mismatch = content_mismatch(upload, name)
    if mismatch is not None:
        raise ValidationError(
            _("Ten plik nie jest tym, na co wskazuje jego nazwa: to %(found)s, a nie %(claimed)s.")
            % {"found": mismatch.found, "claimed": mismatch.claimed},
            code="file_content",
        )

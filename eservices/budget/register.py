"""The optional resident register of an edition: the file, its dry-run check and the writes.

The file (an export of the municipal resident register) is text in UTF-8 (a BOM is allowed), one
resident a line; the PESEL is the first column — the rest of a ``;``- or ``,``-separated line (name,
address) is ignored and never read into the database. A first line naming the column (``pesel``)
and empty lines are skipped. Every PESEL is checked (11 digits, date of birth, check digit); one bad
line refuses the whole file. Only keyed hashes (``identity.identity_hash`` of ``pesel:<PESEL>`` for
the edition) are ever stored, so the register matches a voter who gives (or whose account proves)
that PESEL, and a copy of the database holds no PESEL or name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from cms.accounts.validators import pesel_is_valid

from .identity import identity_hash, person_key
from .models import Edition, RegisterEntry

MAX_ERRORS_SHOWN = 50
_SPLIT = re.compile(r"[;,\t]")


@dataclass
class RegisterReport:
    lines: int = 0  # non-empty data lines
    hashes: list[str] = field(default_factory=list)  # unique keyed hashes, in file order
    duplicates: int = 0  # lines repeating a PESEL already in the file
    already: int = 0  # of ``hashes``, how many the edition's register already holds
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.hashes)

    @property
    def new(self) -> int:
        return len(self.hashes) - self.already

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(message)


def register_check(*, edition: Edition, data: bytes) -> RegisterReport:
    """The dry run: parse and validate the file, compute the hashes; writes nothing."""
    report = RegisterReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error(_("Plik nie jest zapisany w kodowaniu UTF-8. Zapisz go ponownie jako „CSV UTF-8” i wgraj."))
        return report
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        value = _SPLIT.split(line, maxsplit=1)[0].strip().strip('"').replace(" ", "")
        if not value or (number == 1 and value.casefold() == "pesel"):
            continue
        report.lines += 1
        if not pesel_is_valid(value):
            report.error(
                _("Wiersz %(line)d: „%(value)s” nie jest prawidłowym numerem PESEL (11 cyfr, data urodzenia, cyfra "
                  "kontrolna).") % {"line": number, "value": value[:20]}
            )  # fmt: skip
            continue
        ident = identity_hash(edition_id=edition.pk, key=person_key(pesel=value))
        if ident in seen:
            report.duplicates += 1
            continue
        seen.add(ident)
        report.hashes.append(ident)
    if not report.lines and not report.error_count:
        report.error(_("Plik nie zawiera żadnego numeru PESEL. Każdy wiersz zaczyna się od numeru PESEL mieszkańca."))
    if report.hashes:
        report.already = _count_present(edition, report.hashes)
    return report


def _count_present(edition: Edition, hashes: list[str], chunk: int = 2000) -> int:
    entries = RegisterEntry.objects.filter(edition=edition).order_by()
    return sum(entries.filter(identity_hash__in=hashes[i : i + chunk]).count() for i in range(0, len(hashes), chunk))


@transaction.atomic
def register_entries_add(*, edition: Edition, hashes: list[str]) -> int:
    """Add keyed hashes (already computed for this edition) to its register; returns the register's size."""
    RegisterEntry.objects.bulk_create(
        [RegisterEntry(edition=edition, identity_hash=h) for h in hashes], ignore_conflicts=True, batch_size=2000
    )
    return RegisterEntry.objects.filter(edition=edition).count()


@transaction.atomic
def register_clear(*, edition: Edition) -> int:
    """Remove the edition's whole register (then anyone eligible may vote again); returns how many went."""
    deleted, _detail = RegisterEntry.objects.filter(edition=edition).delete()
    return deleted

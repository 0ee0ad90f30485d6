"""Import of the finance system's ledger export (CSV): taxpayers, liabilities, instalments, payments.

The finance department's system stays the book of record; this module mirrors its export into the
portal. The format (one UTF-8 file, ``;``-separated, a header row, a ``record`` column naming the
kind of each row) is documented in ``docs/finance.md``, section "Import z systemu
finansowo-księgowego".

Two guarantees:

* **all or nothing** — the whole file is parsed and validated first (columns, dates, amounts,
  identifiers, references to taxpayers and liabilities, duplicate bank references in the file and
  against the database); one error and nothing is written, the report lists every error with its
  line number and a Polish reason;
* **idempotent** — rows are keyed by the finance system's ids (``external_id``; an instalment by its
  liability and number), compared with what is stored and only the differences are written, so
  importing the same file twice creates and updates nothing the second time.

Writes run in one transaction with bulk operations; afterwards the payments of every taxpayer whose
payments or instalments changed are allocated again (``rebook_taxpayers``, the set-based equivalent of
``services.taxpayer_rebook``). The import only adds and updates: a row missing from the export is
never deleted here (allocations protect instalments, and a partial export must not wipe history).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
import time
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from .accounts import is_valid_nrb, nrb_for
from .allocation import allocate_in_order
from .bulk import ForeignKeyGuard, insert_rows
from .interest import interest_threshold, load_rates
from .models import Allocation, Instalment, Liability, Payment, Reminder, ReminderFeeAllocation, Taxpayer
from .services import mark_fees_paid, open_fees, taxpayer_assign_accounts

ZERO = Decimal("0.00")
BATCH = 5000
ANALYZE_AFTER = 10000  # rows created or updated after which PostgreSQL's statistics are refreshed
MAX_ERRORS = 1000  # kept in the report; the count of all errors is kept too
CACHE = 100_000  # distinct amounts and dates remembered while parsing

COLUMNS = (
    "record", "id", "taxpayer", "liability", "kind", "name", "pesel", "nip", "regon", "address",
    "postal_code", "locality", "account", "year", "legal_basis", "number", "date", "amount", "channel",
    "bank_reference", "title",
)  # fmt: skip
RECORDS = ("taxpayer", "liability", "instalment", "payment")
REQUIRED = {
    "taxpayer": ("id", "kind", "name"),
    "liability": ("id", "taxpayer", "kind", "year", "amount"),
    "instalment": ("liability", "number", "date", "amount"),
    "payment": ("id", "taxpayer", "date", "amount", "bank_reference"),
}
MAX_LENGTH = {
    "id": 64, "taxpayer": 64, "liability": 64, "name": 255, "regon": 14, "address": 255, "postal_code": 6,
    "locality": 100, "legal_basis": 100, "bank_reference": 64, "title": 255,
}  # fmt: skip
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT_RE = re.compile(r"^-?\d{1,10}(?:[.,]\d{1,2})?$")
TAXPAYER_FIELDS = ("kind", "name", "pesel", "nip", "regon", "address", "postal_code", "locality", "account_number")
LIABILITY_FIELDS = ("taxpayer_id", "kind", "year", "legal_basis", "description", "total")
INSTALMENT_FIELDS = ("due_date", "amount")
PAYMENT_FIELDS = ("taxpayer_id", "paid_on", "amount", "channel", "bank_reference", "title")


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """What an import found (``errors``) or did / would do (``counts`` per record type)."""

    dry_run: bool = False
    rows: int = 0
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {record: Counts() for record in RECORDS})
    rebooked: int = 0  # taxpayers whose payments were allocated again
    written: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: parse, check, write, rebook, commit
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # the same phases, this process's CPU time

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(LineError(line, message))

    def lines(self) -> list[str]:
        """The report as plain text lines (Polish), for the management command and logs."""
        if not self.ok:
            out = [_("Błędy w pliku: %(n)d. Nic nie zaimportowano.") % {"n": self.error_count}]
            out += [_("wiersz %(line)d: %(message)s") % {"line": e.line, "message": e.message} for e in self.errors]
            if self.error_count > len(self.errors):
                out.append(_("… i %(n)d kolejnych błędów.") % {"n": self.error_count - len(self.errors)})
            return out
        head = _("Próba (nic nie zapisano)") if self.dry_run else _("Zaimportowano")
        out = [_("%(head)s: %(rows)d wierszy.") % {"head": head, "rows": self.rows}]
        for record, c in self.counts.items():
            out.append(
                _("%(record)s: nowe %(created)d, zmienione %(updated)d, bez zmian %(unchanged)d")
                % {
                    "record": RECORD_LABELS[record],
                    "created": c.created,
                    "updated": c.updated,
                    "unchanged": c.unchanged,
                }
            )
        if not self.dry_run:
            out.append(_("Podatnicy z ponownie rozliczonymi wpłatami: %(n)d") % {"n": self.rebooked})
        return out


RECORD_LABELS = {
    "taxpayer": gettext_lazy("podatnicy"),
    "liability": gettext_lazy("zobowiązania"),
    "instalment": gettext_lazy("raty"),
    "payment": gettext_lazy("wpłaty"),
}


# --- parsing ---------------------------------------------------------------------------------------


_CHOICES: dict = {}  # TextChoices class → its values (``.values`` is rebuilt on every access)


class _Row:
    """One data row: cell access by column name, errors reported with the row's line number."""

    __slots__ = ("cells", "line", "report", "index")

    def __init__(self, cells: list[str], line: int, report: ImportReport, index: dict[str, int]):
        self.cells, self.line, self.report, self.index = cells, line, report, index

    def get(self, column: str) -> str:
        return self.cells[self.index[column]].strip()

    def error(self, message: str) -> None:
        self.report.add_error(self.line, message)

    def text(self, column: str) -> str | None:
        value = self.get(column)
        limit = MAX_LENGTH.get(column)
        if limit and len(value) > limit:
            self.error(
                _("Wartość w kolumnie „%(column)s” jest dłuższa niż %(limit)d znaków.")
                % {"column": column, "limit": limit}
            )
            return None
        return value

    def date(self, column: str = "date") -> dt.date | None:
        value = self.get(column)
        try:
            if DATE_RE.match(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(
            _("Data „%(value)s” w kolumnie „%(column)s” nie jest poprawną datą w formacie RRRR-MM-DD.")
            % {"value": value, "column": column}
        )
        return None

    def amount(self, *, positive: bool = False) -> Decimal | None:
        raw = self.get("amount")
        value = raw.replace(" ", "").replace("\u00a0", "")
        if not AMOUNT_RE.match(value):
            self.error(_("Kwota „%(value)s” nie jest liczbą (np. 1234,56 lub 1234.56).") % {"value": raw})
            return None
        amount = Decimal(value.replace(",", ".")).quantize(Decimal("0.01"))
        if amount < 0:
            self.error(_("Kwota „%(value)s” jest ujemna.") % {"value": raw})
            return None
        if positive and amount == 0:
            self.error(_("Kwota wpłaty musi być większa od zera."))
            return None
        return amount

    def integer(self, column: str, low: int, high: int) -> int | None:
        value = self.get(column)
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.error(
            _("Wartość „%(value)s” w kolumnie „%(column)s” nie jest liczbą całkowitą od %(low)d do %(high)d.")
            % {"value": value, "column": column, "low": low, "high": high}
        )
        return None

    def choice(self, column: str, choices) -> str | None:
        value = self.get(column)
        values = _CHOICES.get(choices) or _CHOICES.setdefault(choices, tuple(choices.values))
        if value in values:
            return value
        allowed = ", ".join(values)
        self.error(
            _("Nieznana wartość „%(value)s” w kolumnie „%(column)s” (dozwolone: %(allowed)s).")
            % {"value": value, "column": column, "allowed": allowed}
        )
        return None


@dataclass
class _Parsed:
    taxpayers: dict[str, tuple] = field(default_factory=dict)  # ext → (line, fields dict)
    liabilities: dict[str, tuple] = field(default_factory=dict)  # ext → (line, taxpayer ext, fields)
    instalments: dict[tuple[str, int], tuple] = field(default_factory=dict)  # (liability ext, no) → (line, due, amt)
    payments: dict[str, tuple] = field(default_factory=dict)  # ext → (line, taxpayer ext, fields)


def _open_text(file) -> io.TextIOBase:
    if isinstance(file, str | Path):
        return open(file, encoding="utf-8-sig", newline="")  # noqa: SIM115  (closed by the caller)
    if hasattr(file, "seek"):
        file.seek(0)
    if isinstance(file, io.TextIOBase):
        return file
    return io.TextIOWrapper(file, encoding="utf-8-sig", newline="")


def _identifiers(row: _Row) -> dict | None:
    pesel, nip, regon = row.get("pesel"), row.get("nip").replace("-", ""), row.get("regon")
    ok = True
    if pesel and not stdnum_pesel.is_valid(pesel):
        row.error(_("Niepoprawny numer PESEL „%(value)s”.") % {"value": pesel})
        ok = False
    if nip and not stdnum_nip.is_valid(nip):
        row.error(_("Niepoprawny numer NIP „%(value)s”.") % {"value": row.get("nip")})
        ok = False
    if regon and not stdnum_regon.is_valid(regon):
        row.error(_("Niepoprawny numer REGON „%(value)s”.") % {"value": regon})
        ok = False
    account = row.get("account").replace(" ", "")
    if account and not is_valid_nrb(account):
        row.error(_("Niepoprawny numer rachunku (NRB) „%(value)s”.") % {"value": row.get("account")})
        ok = False
    return {"pesel": pesel, "nip": nip, "regon": regon, "account_number": account} if ok else None


def _parse_row(row: _Row, record: str, parsed: _Parsed) -> None:
    if record == "taxpayer":
        ext, name, kind = row.text("id"), row.text("name"), row.choice("kind", Taxpayer.Kind)
        address, postal, locality = row.text("address"), row.text("postal_code"), row.text("locality")
        ids = _identifiers(row)
        if None in (ext, name, kind, address, postal, locality, ids):
            return
        fields = {"kind": kind, "name": name, "address": address, "postal_code": postal, "locality": locality, **ids}
        _put(row, parsed.taxpayers, ext, (row.line, fields), "taxpayer")
    elif record == "liability":
        ext, taxpayer, kind = row.text("id"), row.text("taxpayer"), row.choice("kind", Liability.Kind)
        year, basis, title, total = (
            row.integer("year", 1990, 2100),
            row.text("legal_basis"),
            row.text("title"),
            row.amount(),
        )
        if None in (ext, taxpayer, kind, year, basis, title, total):
            return
        fields = {"kind": kind, "year": year, "legal_basis": basis, "description": title, "total": total}
        _put(row, parsed.liabilities, ext, (row.line, taxpayer, fields), "liability")
    elif record == "instalment":
        liability, number, due, amount = (
            row.text("liability"),
            row.integer("number", 1, 32767),
            row.date(),
            row.amount(),
        )
        if None in (liability, number, due, amount):
            return
        key = (liability, number)
        if key in parsed.instalments:
            row.error(
                _("Rata %(number)d zobowiązania „%(liability)s” powtarza się w pliku (wiersz %(first)d).")
                % {"number": number, "liability": liability, "first": parsed.instalments[key][0]}
            )
            return
        parsed.instalments[key] = (row.line, due, amount)
    else:
        ext, taxpayer, paid_on = row.text("id"), row.text("taxpayer"), row.date()
        amount, reference, title = row.amount(positive=True), row.text("bank_reference"), row.text("title")
        channel = row.choice("channel", Payment.Channel) if row.get("channel") else Payment.Channel.BANK
        if None in (ext, taxpayer, paid_on, amount, reference, title, channel):
            return
        fields = {"paid_on": paid_on, "amount": amount, "channel": channel, "bank_reference": reference, "title": title}
        _put(row, parsed.payments, ext, (row.line, taxpayer, fields), "payment")


def _put(row: _Row, target: dict, ext: str, value: tuple, record: str) -> None:
    if ext in target:
        row.error(
            _("Identyfikator „%(id)s” (%(record)s) powtarza się w pliku (wiersz %(first)d).")
            % {"id": ext, "record": record, "first": target[ext][0]}
        )
        return
    target[ext] = value


def _fast_paths(index: dict[str, int], parsed: _Parsed):
    """A check for the common cases — a well-formed instalment, payment or liability row (nearly all
    of a ledger) — with plain string tests instead of ``_Row``'s per-cell method calls. Any doubt →
    ``False`` and the row goes through ``_parse_row``, which reports the errors; so these accept a
    subset of what ``_parse_row`` accepts and store exactly what it would."""
    i_record, i_id, i_taxpayer, i_liability = index["record"], index["id"], index["taxpayer"], index["liability"]
    i_number, i_date, i_amount, i_kind, i_year = (
        index["number"],
        index["date"],
        index["amount"],
        index["kind"],
        index["year"],
    )
    i_basis, i_title, i_channel, i_reference = (
        index["legal_basis"],
        index["title"],
        index["channel"],
        index["bank_reference"],
    )
    instalments, payments, liabilities = parsed.instalments, parsed.payments, parsed.liabilities
    liability_kinds, channels = frozenset(Liability.Kind.values), frozenset(Payment.Channel.values)
    date_match, amount_match, quantum, fromisoformat = (
        DATE_RE.match,
        AMOUNT_RE.match,
        Decimal("0.01"),
        dt.date.fromisoformat,
    )

    # A ledger repeats a few dozen due dates and a few thousand amounts: each text is checked and
    # converted once (bounded caches, so a file of all-different amounts costs no more memory).
    amounts: dict[str, Decimal] = {}
    days: dict[str, dt.date] = {}

    def money(value: str) -> Decimal | None:
        amount = amounts.get(value)
        if amount is None:
            if not amount_match(value) or value[0] == "-":
                return None
            amount = Decimal(value.replace(",", ".")).quantize(quantum)
            if len(amounts) < CACHE:
                amounts[value] = amount
        return amount

    def day(value: str) -> dt.date | None:
        date = days.get(value)
        if date is None:
            if not date_match(value):
                return None
            try:
                date = fromisoformat(value)
            except ValueError:
                return None
            if len(days) < CACHE:
                days[value] = date
        return date

    def instalment(cells: list[str], line: int) -> bool:
        liability, number = cells[i_liability].strip(), cells[i_number].strip()
        if not (liability and len(liability) <= 64 and number.isdigit() and 0 < int(number) <= 32767):
            return False
        key = (liability, int(number))
        due, amount = day(cells[i_date].strip()), money(cells[i_amount].strip())
        if key in instalments or due is None or amount is None:
            return False
        instalments[key] = (line, due, amount)
        return True

    def payment(cells: list[str], line: int) -> bool:
        ext, taxpayer = cells[i_id].strip(), cells[i_taxpayer].strip()
        reference, title, channel = cells[i_reference].strip(), cells[i_title].strip(), cells[i_channel].strip()
        if not (ext and taxpayer and reference and len(ext) <= 64 and len(taxpayer) <= 64 and len(reference) <= 64):
            return False
        if ext in payments or len(title) > 255 or (channel and channel not in channels):
            return False
        paid_on, amount = day(cells[i_date].strip()), money(cells[i_amount].strip())
        if paid_on is None or not amount:  # also refuses 0: "Kwota wpłaty musi być większa od zera."
            return False
        fields = {"paid_on": paid_on, "amount": amount, "channel": channel or Payment.Channel.BANK,
                  "bank_reference": reference, "title": title}  # fmt: skip
        payments[ext] = (line, taxpayer, fields)
        return True

    def liability(cells: list[str], line: int) -> bool:
        ext, taxpayer, kind = cells[i_id].strip(), cells[i_taxpayer].strip(), cells[i_kind].strip()
        year, basis, title = cells[i_year].strip(), cells[i_basis].strip(), cells[i_title].strip()
        if not (ext and taxpayer and len(ext) <= 64 and len(taxpayer) <= 64 and kind in liability_kinds):
            return False
        if ext in liabilities or len(basis) > 100 or len(title) > 255:
            return False
        if not (year.isdigit() and 1990 <= int(year) <= 2100):
            return False
        total = money(cells[i_amount].strip())
        if total is None:
            return False
        fields = {"kind": kind, "year": int(year), "legal_basis": basis, "description": title, "total": total}
        liabilities[ext] = (line, taxpayer, fields)
        return True

    handlers = {"instalment": instalment, "payment": payment, "liability": liability}

    def parse(cells: list[str], line: int) -> bool:
        handler = handlers.get(cells[i_record].strip())
        return handler is not None and handler(cells, line)

    return parse


def parse_ledger(file, report: ImportReport) -> _Parsed:
    """Read and check every row on its own (format, values); cross-references are checked later."""
    parsed = _Parsed()
    handle = _open_text(file)
    rows = 0
    try:
        reader = csv.reader(handle, delimiter=";")
        try:
            header = [name.strip().lower() for name in next(reader)]
        except StopIteration:
            report.add_error(1, _("Plik jest pusty."))
            return parsed
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing:
            report.add_error(1, _("Brak kolumn: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            report.add_error(1, _("Nieznane kolumny: %(columns)s.") % {"columns": ", ".join(unknown)})
        if len(set(header)) != len(header):
            report.add_error(1, _("Kolumny w nagłówku powtarzają się."))
        if not report.ok:
            return parsed
        index = {name: i for i, name in enumerate(header)}
        fast_path, columns = _fast_paths(index, parsed), len(header)
        for cells in reader:
            if len(cells) == columns and fast_path(cells, reader.line_num):
                rows += 1  # a well-formed row (not empty, as many cells as the header): nearly all
                continue
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if len(cells) != len(header):
                report.add_error(
                    line,
                    _("Wiersz ma %(got)d pól zamiast %(expected)d (separator: średnik).")
                    % {"got": len(cells), "expected": len(header)},
                )
                continue
            row = _Row(cells, line, report, index)
            record = row.get("record").lower()
            if record not in RECORDS:
                row.error(
                    _("Nieznany rodzaj rekordu „%(value)s” (dozwolone: %(allowed)s).")
                    % {"value": row.get("record"), "allowed": ", ".join(RECORDS)}
                )
                continue
            empty = [c for c in REQUIRED[record] if not row.get(c)]
            if empty:
                row.error(_("Brak wartości w kolumnach: %(columns)s.") % {"columns": ", ".join(empty)})
                continue
            _parse_row(row, record, parsed)
    except UnicodeDecodeError:
        report.add_error(reader.line_num + 1, _("Plik nie jest zapisany w kodowaniu UTF-8."))
    except csv.Error as exc:
        report.add_error(reader.line_num, _("Niepoprawny format CSV: %(error)s.") % {"error": exc})
    finally:
        report.rows += rows
        if isinstance(file, str | Path):
            handle.close()
        elif isinstance(handle, io.TextIOWrapper) and handle is not file:
            handle.detach()  # leave the caller's binary file open
    return parsed


# --- what the database holds -----------------------------------------------------------------------


@dataclass
class _Stored:
    taxpayers: dict[str, tuple[int, dict]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)  # account number → taxpayer ext ("" if none)
    liabilities: dict[str, tuple[int, str, dict]] = field(default_factory=dict)  # ext → (pk, taxpayer ext, fields)
    instalments: dict[tuple[str, int], tuple[int, dt.date, Decimal]] = field(default_factory=dict)
    payments: dict[str, tuple[int, str, dict]] = field(default_factory=dict)  # ext → (pk, taxpayer ext, fields)
    references: dict[str, tuple[int, str, str, dt.date, Decimal]] = field(default_factory=dict)


def _load_stored(parsed: _Parsed) -> _Stored:
    """The stored rows the file can touch, keyed like the file (external ids), a handful of queries."""
    stored = _Stored()
    rows = Taxpayer.objects.exclude(external_id="", account_number="").values_list(
        "pk", "external_id", *TAXPAYER_FIELDS
    )
    for pk, ext, *values in rows.iterator(chunk_size=10000):
        if ext:
            stored.taxpayers[ext] = (pk, dict(zip(TAXPAYER_FIELDS, values, strict=True)))
        if values[-1]:
            stored.accounts[values[-1]] = ext
    if parsed.liabilities or parsed.instalments:
        fields = ("kind", "year", "legal_basis", "description", "total")
        rows = Liability.objects.exclude(external_id="").values_list(
            "pk", "external_id", "taxpayer__external_id", *fields
        )
        for pk, ext, taxpayer, *values in rows.iterator(chunk_size=10000):
            stored.liabilities[ext] = (pk, taxpayer, dict(zip(fields, values, strict=True)))
    if parsed.instalments:
        rows = Instalment.objects.exclude(liability__external_id="").values_list(
            "pk", "liability__external_id", "number", "due_date", "amount"
        )
        for pk, liability, number, due, amount in rows.iterator(chunk_size=10000):
            stored.instalments[(liability, number)] = (pk, due, amount)
    if parsed.payments:
        fields = ("paid_on", "amount", "channel", "bank_reference", "title")
        rows = Payment.objects.filter(~Q(external_id="") | ~Q(bank_reference="")).values_list(
            "pk", "external_id", "taxpayer__external_id", *fields
        )
        for pk, ext, taxpayer, *values in rows.iterator(chunk_size=10000):
            item = dict(zip(fields, values, strict=True))
            if ext:
                stored.payments[ext] = (pk, taxpayer or "", item)
            if item["bank_reference"]:
                stored.references[item["bank_reference"]] = (pk, ext, taxpayer or "", item["paid_on"], item["amount"])
    return stored


def _check_references(parsed: _Parsed, stored: _Stored, report: ImportReport) -> dict[str, int]:
    """Cross-row rules: known taxpayers and liabilities, unique accounts and bank references.

    Returns the stored payments without a finance-system id that the file identifies (same taxpayer,
    reference, date and amount: an online payment the finance system has booked): ext → pk."""
    known_taxpayers = parsed.taxpayers.keys() | stored.taxpayers.keys()
    accounts: dict[str, int] = {}
    for ext, (line, fields) in parsed.taxpayers.items():
        account = fields["account_number"]
        if not account:
            continue
        if account in accounts:
            report.add_error(
                line,
                _("Rachunek %(account)s powtarza się w pliku (wiersz %(first)d).")
                % {"account": account, "first": accounts[account]},
            )
        elif stored.accounts.get(account, ext) != ext:
            report.add_error(line, _("Rachunek %(account)s należy już do innego podatnika.") % {"account": account})
        accounts[account] = line
    for _ext, (line, taxpayer, _fields) in parsed.liabilities.items():
        if taxpayer not in known_taxpayers:
            report.add_error(line, _("Nieznany podatnik „%(id)s” (nie ma go w pliku ani w bazie).") % {"id": taxpayer})
    known_liabilities = parsed.liabilities.keys() | stored.liabilities.keys()
    for (liability, _number), (line, _due, _amount) in parsed.instalments.items():
        if liability not in known_liabilities:
            report.add_error(
                line, _("Nieznane zobowiązanie „%(id)s” (nie ma go w pliku ani w bazie).") % {"id": liability}
            )
    adopted: dict[str, int] = {}
    references: dict[str, int] = {}
    for ext, (line, taxpayer, fields) in parsed.payments.items():
        if taxpayer not in known_taxpayers:
            report.add_error(line, _("Nieznany podatnik „%(id)s” (nie ma go w pliku ani w bazie).") % {"id": taxpayer})
        reference = fields["bank_reference"]
        if reference in references:
            report.add_error(
                line,
                _("Referencja bankowa „%(ref)s” powtarza się w pliku (wiersz %(first)d).")
                % {"ref": reference, "first": references[reference]},
            )
            continue
        references[reference] = line
        other = stored.references.get(reference)
        if other is None or other[1] == ext:
            continue
        pk, other_ext, other_taxpayer, paid_on, amount = other
        if (
            not other_ext
            and ext not in stored.payments
            and (other_taxpayer, paid_on, amount) == (taxpayer, fields["paid_on"], fields["amount"])
        ):
            adopted[ext] = pk
            continue
        report.add_error(
            line,
            _("Wpłata z referencją bankową „%(ref)s” jest już w bazie (%(other)s z dnia %(day)s, %(amount)s zł).")
            % {
                "ref": reference,
                "other": other_ext or _("wpłata w portalu"),
                "day": f"{paid_on:%d.%m.%Y}",
                "amount": f"{amount:.2f}".replace(".", ","),
            },
        )
    return adopted


# --- differences and writing -----------------------------------------------------------------------


@dataclass
class _Plan:
    create: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    update: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    affected: set[str] = field(default_factory=set)  # taxpayer exts whose allocations must be redone
    new_payments: set[int] = field(default_factory=set)  # pks of the payments inserted (PostgreSQL)


def _diff(parsed: _Parsed, stored: _Stored, adopted: dict[str, int], report: ImportReport) -> _Plan:
    plan = _Plan()

    def sort(record: str, key, new: dict | tuple, old) -> bool:
        counts = report.counts[record]
        if old is None:
            plan.create[record].append((key, new))
            counts.created += 1
        elif old != new:
            plan.update[record].append((key, new))
            counts.updated += 1
            return True
        else:
            counts.unchanged += 1
        return old is None

    for ext, (_line, fields) in parsed.taxpayers.items():
        pk, old = stored.taxpayers.get(ext, (None, None))
        if old is not None and not fields["account_number"]:
            fields = {**fields, "account_number": old["account_number"]}  # empty: keep the stored account
        sort("taxpayer", (ext, pk), fields, old)
    liability_taxpayer = {ext: taxpayer for ext, (_pk, taxpayer, _f) in stored.liabilities.items()}
    for ext, (_line, taxpayer, fields) in parsed.liabilities.items():
        pk, old_taxpayer, old = stored.liabilities.get(ext, (None, None, None))
        new = (taxpayer, fields)
        if sort("liability", (ext, pk), new, None if old is None else (old_taxpayer, old)) and old is not None:
            if (old_taxpayer, old["year"]) != (taxpayer, fields["year"]):
                plan.affected.update((old_taxpayer, taxpayer))
        liability_taxpayer[ext] = taxpayer
    # sort() inlined: 80 % of a ledger's rows are instalments
    counts, affected, stored_instalments = report.counts["instalment"], plan.affected, stored.instalments
    create, update = plan.create["instalment"], plan.update["instalment"]
    for key, (_line, due, amount) in parsed.instalments.items():
        old = stored_instalments.get(key)
        if old is None:
            create.append(((key, None), (due, amount)))
        elif old[1] != due or old[2] != amount:
            update.append(((key, old[0]), (due, amount)))
        else:
            continue
        affected.add(liability_taxpayer[key[0]])
    counts.created += len(create)
    counts.updated += len(update)
    counts.unchanged += len(parsed.instalments) - len(create) - len(update)
    for ext, (_line, taxpayer, fields) in parsed.payments.items():
        if ext in adopted:  # a portal payment the finance system now knows: only its id is set
            plan.update["payment"].append(((ext, adopted[ext]), (taxpayer, fields)))
            report.counts["payment"].updated += 1
            continue
        pk, old_taxpayer, old = stored.payments.get(ext, (None, None, None))
        new = (taxpayer, fields)
        if sort("payment", (ext, pk), new, None if old is None else (old_taxpayer, old)):
            if old is None or (old_taxpayer, old["paid_on"], old["amount"]) != (
                taxpayer,
                fields["paid_on"],
                fields["amount"],
            ):
                plan.affected.update({taxpayer, old_taxpayer} - {None})
    return plan


def _pks(model, exts: list[str]) -> dict[str, int]:
    """external_id → pk of rows just inserted (one query, or a handful for a long list)."""
    if len(exts) > 10 * BATCH:
        rows = model.objects.exclude(external_id="").values_list("external_id", "pk")
        return dict(rows.iterator(chunk_size=10000))
    found = {}
    for start in range(0, len(exts), BATCH):
        found.update(model.objects.filter(external_id__in=exts[start : start + BATCH]).values_list("external_id", "pk"))
    return found


def _reserve_ids(model, count: int) -> list[int]:
    """``count`` ids from ``model``'s sequence (PostgreSQL), for rows inserted with their id."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _write(plan: _Plan, stored: _Stored, guard: ForeignKeyGuard | None = None) -> set[int]:
    """Apply ``plan`` (inside the caller's transaction); returns the pks of the affected taxpayers."""
    now = timezone.now()
    new = [Taxpayer(external_id=ext, **fields) for (ext, _pk), fields in plan.create["taxpayer"]]
    if connection.vendor == "postgresql" and new:
        # Ids from the sequence first, so each individual account (built from the id) goes in with the
        # row: no second pass of CASE updates over every new taxpayer.
        for taxpayer, pk in zip(new, _reserve_ids(Taxpayer, len(new)), strict=True):
            taxpayer.pk = pk
            taxpayer.account_number = taxpayer.account_number or nrb_for(pk)
    Taxpayer.objects.bulk_create(new, batch_size=BATCH)
    taxpayer_assign_accounts(taxpayers=new)  # elsewhere: ids are known only now
    changed = [Taxpayer(pk=pk, external_id=ext, updated_at=now, **f) for (ext, pk), f in plan.update["taxpayer"]]
    Taxpayer.objects.bulk_update(changed, [*TAXPAYER_FIELDS, "updated_at"], batch_size=1000)
    taxpayer_pk = {ext: pk for ext, (pk, _f) in stored.taxpayers.items()} | {t.external_id: t.pk for t in new}

    fields = ("external_id", "taxpayer_id", "kind", "year", "legal_basis", "description", "total", "created_at")
    created = plan.create["liability"]
    liability_pk = {ext: pk for ext, (pk, _t, _f) in stored.liabilities.items()}
    if connection.vendor == "postgresql":  # ids known up front: no reading 200,000 of them back
        ids = _reserve_ids(Liability, len(created))
        liability_pk.update(zip((ext for (ext, _pk), _v in created), ids, strict=True))
        insert_rows(Liability, ("id", *fields), guard=guard, rows=(
            (pk, ext, taxpayer_pk[t], f["kind"], f["year"], f["legal_basis"], f["description"], f["total"], now)
            for pk, ((ext, _pk), (t, f)) in zip(ids, created, strict=True)
        ))  # fmt: skip
    else:
        insert_rows(Liability, fields, guard=guard, rows=(
            (ext, taxpayer_pk[t], f["kind"], f["year"], f["legal_basis"], f["description"], f["total"], now)
            for (ext, _pk), (t, f) in created
        ))  # fmt: skip
        liability_pk |= _pks(Liability, [ext for (ext, _pk), _v in created])
    Liability.objects.bulk_update(
        [
            Liability(pk=pk, external_id=ext, taxpayer_id=taxpayer_pk[t], **f)
            for (ext, pk), (t, f) in plan.update["liability"]
        ],
        ["taxpayer_id", *LIABILITY_FIELDS[1:]],
        batch_size=1000,
    )

    insert_rows(Instalment, ("liability_id", "number", "due_date", "amount"), guard=guard, rows=(
        (liability_pk[liability], number, due, amount)
        for ((liability, number), _pk), (due, amount) in plan.create["instalment"]
    ))  # fmt: skip
    Instalment.objects.bulk_update(
        [Instalment(pk=pk, due_date=due, amount=amount) for (_key, pk), (due, amount) in plan.update["instalment"]],
        INSTALMENT_FIELDS,
        batch_size=1000,
    )

    # booked_at: a new payment is allocated below, in this same transaction (its taxpayer is affected)
    fields = ("external_id", "taxpayer_id", "paid_on", "amount", "channel", "bank_reference", "title", "created_at",
              "booked_at")  # fmt: skip
    created = plan.create["payment"]
    if connection.vendor == "postgresql":  # ids known: the re-allocation need not look for their allocations
        ids = _reserve_ids(Payment, len(created))
        plan.new_payments.update(ids)
        insert_rows(Payment, ("id", *fields), guard=guard, rows=(
            (pk, ext, taxpayer_pk[t], f["paid_on"], f["amount"], f["channel"], f["bank_reference"], f["title"], now,
             now)
            for pk, ((ext, _pk), (t, f)) in zip(ids, created, strict=True)
        ))  # fmt: skip
    else:
        insert_rows(Payment, fields, guard=guard, rows=(
            (ext, taxpayer_pk[t], f["paid_on"], f["amount"], f["channel"], f["bank_reference"], f["title"], now, now)
            for (ext, _pk), (t, f) in created
        ))  # fmt: skip
    Payment.objects.bulk_update(
        [
            Payment(pk=pk, external_id=ext, taxpayer_id=taxpayer_pk[t], **f)
            for (ext, pk), (t, f) in plan.update["payment"]
        ],
        ["external_id", *PAYMENT_FIELDS],
        batch_size=1000,
    )
    return {taxpayer_pk[ext] for ext in plan.affected if ext in taxpayer_pk}


def _open_instalments(taxpayer_ids: list[int]) -> dict[int, list[tuple]]:
    """The taxpayers' instalments with principal unpaid: taxpayer id → [(instalment id, due date,
    outstanding, year)] (``OpenInstalment``'s fields as plain tuples), after their own payments'
    allocations were deleted — what is paid is what other taxpayers' payments still cover (a
    liability moved between taxpayers; usually nothing).

    Three simple queries instead of joins: the liabilities, then the instalments and their remaining
    allocations by a range of ids (an index range scan) when the liabilities' ids are dense (as after
    an import: ids in the order of the file), else by the list of liabilities. Joined, PostgreSQL
    hashed the chunk's liabilities and scanned every instalment — once per chunk, 800,000 rows each
    time in a large import."""
    liabilities = {
        pk: (taxpayer_id, year)
        for pk, taxpayer_id, year in Liability.objects.filter(taxpayer_id__in=taxpayer_ids)
        .values_list("pk", "taxpayer_id", "year")
        .order_by()
    }
    if not liabilities:
        return {}
    low, high = min(liabilities), max(liabilities)
    instalments = Instalment.objects.filter(amount__gt=0).order_by()
    if high - low < 2 * len(liabilities):
        instalments = instalments.filter(liability_id__gte=low, liability_id__lte=high)
    else:
        instalments = instalments.filter(liability_id__in=liabilities)
    rows = [
        row
        for row in instalments.values_list("liability_id", "pk", "due_date", "amount").iterator(chunk_size=10000)
        if row[0] in liabilities
    ]
    paid: dict[int, Decimal] = {}
    if rows:
        first, last = min(row[1] for row in rows), max(row[1] for row in rows)
        allocations = Allocation.objects.order_by()
        if last - first < 2 * len(rows):
            allocations = allocations.filter(instalment_id__gte=first, instalment_id__lte=last)
        else:
            allocations = allocations.filter(instalment__liability_id__in=liabilities)
        for instalment_id, principal in allocations.values_list("instalment_id", "principal").iterator():
            paid[instalment_id] = paid.get(instalment_id, ZERO) + principal
    open_items: dict[int, list[tuple]] = defaultdict(list)
    for liability_id, pk, due, amount in rows:
        taxpayer_id, year = liabilities[liability_id]
        outstanding = amount - paid[pk] if paid and pk in paid else amount
        if outstanding > 0:
            open_items[taxpayer_id].append((pk, due, outstanding, year))
    return open_items


def rebook_taxpayers(
    *,
    taxpayer_ids: Iterable[int],
    chunk_size: int = 5000,
    guard: ForeignKeyGuard | None = None,
    new_payments: Collection[int] = (),
) -> int:
    """Allocate again every payment of ``taxpayer_ids``, in the order paid — the set-based equivalent
    of ``services.taxpayer_rebook`` (same rules, ``allocation.allocate_in_order``, same order), with a
    constant number of queries per chunk of taxpayers instead of per taxpayer; ``booked_at`` stays the
    time a payment was first booked. Locks the taxpayers' rows like ``payment_book`` does, so an online
    payment booked meanwhile waits. Returns allocations made.

    ``new_payments``: ids of payments the caller inserted in this transaction, which have no
    allocations yet to delete (the import's new payments: looking for them cost a scan of the
    allocations table per chunk)."""
    ids = sorted(set(taxpayer_ids))
    rates, threshold, now, made = load_rates(), interest_threshold(), timezone.now(), 0
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        with transaction.atomic():
            list(Taxpayer.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
            payments: dict[int, list] = defaultdict(list)
            rows = Payment.objects.filter(taxpayer_id__in=chunk).order_by("taxpayer_id", "paid_on", "pk")
            for pk, taxpayer_id, paid_on, amount in rows.values_list("pk", "taxpayer_id", "paid_on", "amount"):
                payments[taxpayer_id].append((pk, paid_on, amount))
            # The allocations of the chunk's payments, except those just inserted (they have none yet):
            # looking them up cost a scan of the allocations table, hundreds of thousands of rows after a
            # large import's first chunks.
            payment_ids = sorted(
                payment[0] for items in payments.values() for payment in items if payment[0] not in new_payments
            )
            for offset in range(0, len(payment_ids), BATCH):
                Allocation.objects.filter(payment_id__in=payment_ids[offset : offset + BATCH]).delete()
            reminders = list(Reminder.objects.filter(taxpayer_id__in=chunk).values_list("pk", flat=True))
            if reminders:
                ReminderFeeAllocation.objects.filter(payment__taxpayer_id__in=chunk).delete()
            fees = open_fees(chunk) if reminders else {}
            open_items = _open_instalments(chunk)
            allocations, fee_lines = [], []
            for taxpayer_id in open_items.keys() | fees.keys():
                if taxpayer_id in payments:
                    allocations += allocate_in_order(
                        payments=payments[taxpayer_id],
                        instalments=open_items.get(taxpayer_id, ()),
                        rates=rates,
                        threshold=threshold,
                        fees=fees.get(taxpayer_id, {}).values(),
                        fee_lines=fee_lines,
                    )
            insert_rows(Allocation, ("payment_id", "instalment_id", "principal", "interest"), allocations, guard)
            if reminders:
                ReminderFeeAllocation.objects.bulk_create(
                    ReminderFeeAllocation(payment_id=p, reminder_id=r, amount=a) for p, r, a in fee_lines
                )
                mark_fees_paid(reminder_ids=reminders)
            Payment.objects.filter(taxpayer_id__in=chunk, booked_at__isnull=True).update(booked_at=now)
            made += len(allocations)
    return made


def import_ledger(file, *, dry_run: bool = False) -> ImportReport:
    """Import the finance system's ledger export ``file`` (a path, or a binary/text file object).

    Everything is validated first; with any error nothing is written and the report lists the errors
    (line, Polish reason). Otherwise the differences are written in one transaction and the affected
    taxpayers' payments allocated again. ``dry_run``: validate and count, write nothing."""
    collecting = gc.isenabled()
    gc.disable()  # see _import_ledger
    try:
        return _import_ledger(file, dry_run=dry_run)
    finally:
        if collecting:
            gc.enable()


def _import_ledger(file, *, dry_run: bool) -> ImportReport:
    """``import_ledger`` with Python's cyclic garbage collector off. A large file keeps millions of
    small objects alive (parsed rows, stored rows, the plan); each full collection walks all of them
    and the collector starts one after every few hundred thousand new objects — a quarter of the
    import's CPU time at a million rows. The import creates no reference cycles of its own; what
    it allocates is freed by reference counting as usual."""
    report = ImportReport(dry_run=dry_run)
    clock, cpu = time.perf_counter(), time.process_time()

    def lap(phase: str) -> None:
        nonlocal clock, cpu
        now, cpu_now = time.perf_counter(), time.process_time()
        report.seconds[phase] = round(now - clock, 2)
        report.cpu_seconds[phase] = round(cpu_now - cpu, 2)
        clock, cpu = now, cpu_now

    parsed = parse_ledger(file, report)
    lap("parse")
    if not report.ok:
        return report
    stored = _load_stored(parsed)
    adopted = _check_references(parsed, stored, report)
    if not report.ok:
        return report
    plan = _diff(parsed, stored, adopted, report)
    lap("check")
    del parsed
    if dry_run or not report.changed:
        return report
    try:
        with transaction.atomic():
            guard = ForeignKeyGuard([Liability, Instalment, Payment, Allocation])
            affected = _write(plan, stored, guard)
            lap("write")
            # Fresh statistics for the planner before the re-allocation reads the rows back: with the
            # old ones (a tiny or empty table) its joins over a million new rows take the wrong plan.
            # ANALYZE inside the transaction counts its own new rows, and its statistics commit (or
            # roll back) with the import.
            analyze = connection.vendor == "postgresql" and report.changed >= ANALYZE_AFTER
            if analyze:
                _analyze(Taxpayer, Liability, Instalment, Payment)
                lap("analyze")
            report.rebooked = len(affected)
            rebook_taxpayers(taxpayer_ids=affected, guard=guard, new_payments=plan.new_payments)
            lap("rebook")
            guard.verify()
            lap("verify")
            if analyze:  # the resident's page joins the allocations: stale statistics made it 10× slower
                _analyze(Allocation)
                lap("analyze allocations")
        lap("commit")
    except IntegrityError:  # a row written by someone else between the check and the write
        report.add_error(
            0, _("Dane w bazie zmieniły się w trakcie importu; nic nie zapisano. Zaimportuj plik ponownie.")
        )
        report.counts = {record: Counts() for record in RECORDS}
        report.rebooked = 0
        return report
    report.written = True
    return report


def _analyze(*models) -> None:
    """PostgreSQL's ``ANALYZE`` of ``models``' tables now rather than at autovacuum's leisure."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))

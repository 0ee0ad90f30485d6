"""Bulk inserts for the ledger import: ``COPY`` on PostgreSQL, with the foreign keys checked per set.

A large import inserts about 1,800,000 rows (instalments, payments, allocations) in one transaction.
Django declares every foreign key ``DEFERRABLE INITIALLY DEFERRED``, so PostgreSQL queues one
referential-integrity trigger event per inserted row and runs them all at ``COMMIT``: one index
lookup and one row lock (``FOR KEY SHARE``) per row — 14 s of the 70 s a million-row import took.

``ForeignKeyGuard`` does the same checks once per foreign key instead of once per row: when the
database role may (a superuser, or ``GRANT SET ON PARAMETER session_replication_role`` on
PostgreSQL 15+), the ``COPY`` runs with ``session_replication_role = replica`` — which skips the
row triggers, and nothing else: unique and check constraints still apply — and afterwards
``verify()``, still inside the import's transaction, for every foreign key of every table written:

* locks the parent rows that existed before the import and are referenced by the new rows
  (``FOR KEY SHARE``, exactly the lock the trigger would take, so a concurrent delete of a parent
  waits for the import to finish and then fails on its own foreign-key check);
* counts new rows whose parent does not exist; any → ``IntegrityError``, the transaction rolls back.

Rows updated (not inserted) by the import keep the ordinary per-row checks. Without the privilege the
guard does nothing and PostgreSQL checks every row at ``COMMIT`` as before — slower, equally safe.
Elsewhere (SQLite in development and tests) ``bulk_create`` is used and the database checks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, IntegrityError, connection, models, transaction

logger = logging.getLogger(__name__)
BATCH = 5000


class ForeignKeyGuard:
    """Per-set foreign-key checks for rows ``COPY``-ed into ``tables`` (see the module docstring).

    Create it inside the transaction before the first insert (it notes each table's highest id, so
    the rows inserted afterwards are those with a higher id); call ``verify()`` before the commit."""

    def __init__(self, tables: Iterable[type[models.Model]]):
        self.tables = list(tables)
        self.marks: dict[type[models.Model], int] = {}
        self.enabled = connection.vendor == "postgresql" and connection.in_atomic_block and self._may_skip_triggers()
        if not self.enabled:
            return
        parents = {f.related_model for model in self.tables for f in _foreign_keys(model)}
        with connection.cursor() as cursor:
            for model in {*self.tables, *parents}:
                cursor.execute(f"SELECT coalesce(max({_q(model._meta.pk.column)}), 0) FROM {_q(model._meta.db_table)}")
                self.marks[model] = cursor.fetchone()[0]

    @staticmethod
    def _may_skip_triggers() -> bool:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL session_replication_role = origin")
        except DatabaseError:
            logger.info("Ledger import: no privilege to set session_replication_role; row-by-row FK checks")
            return False
        return True

    def copy(self, model: type[models.Model], fields: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """``COPY`` ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
        if model not in self.tables and self.enabled:
            raise ValueError(f"{model.__name__} is not guarded")
        columns = ", ".join(_q(model._meta.get_field(f).column) for f in fields)
        line = _line_format(model, fields)
        with connection.cursor() as cursor:
            if self.enabled:
                cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                with cursor.cursor.copy(f"COPY {_q(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                    block = []
                    for row in rows:
                        block.append(line(row))
                        if len(block) == BATCH:
                            copy.write("".join(block))
                            block.clear()
                    if block:
                        copy.write("".join(block))
            finally:
                if self.enabled:
                    cursor.execute("SET LOCAL session_replication_role = origin")

    def verify(self) -> None:
        """Check (and lock the pre-existing parents of) every foreign key of the rows inserted since
        the guard was created; ``IntegrityError`` when a parent is missing."""
        if not self.enabled:
            return
        with connection.cursor() as cursor:
            for model in self.tables:
                table, pk, mark = _q(model._meta.db_table), _q(model._meta.pk.column), self.marks[model]
                for fk in _foreign_keys(model):
                    parent = fk.related_model
                    p_table, p_pk, p_mark = _q(parent._meta.db_table), _q(parent._meta.pk.column), self.marks[parent]
                    column = _q(fk.column)
                    if p_mark:  # parents older than the import exist: lock those the new rows refer to
                        cursor.execute(
                            f"SELECT 1 FROM {p_table} p WHERE p.{p_pk} IN (SELECT {column} FROM {table} "
                            f"WHERE {pk} > %s AND {column} <= %s) FOR KEY SHARE OF p",
                            [mark, p_mark],
                        )
                    cursor.execute(
                        f"SELECT count(*) FROM {table} c WHERE c.{pk} > %s AND c.{column} IS NOT NULL "
                        f"AND NOT EXISTS (SELECT 1 FROM {p_table} p WHERE p.{p_pk} = c.{column})",
                        [mark],
                    )
                    missing = cursor.fetchone()[0]
                    if missing:
                        where = f"{model._meta.db_table}.{fk.column}"
                        raise IntegrityError(f"{where}: {missing} new rows refer to no {parent._meta.db_table}")


def insert_rows(model, fields: tuple[str, ...], rows: Iterable[tuple], guard: ForeignKeyGuard | None = None) -> None:
    """Insert plain rows: ``COPY … FROM STDIN`` on PostgreSQL (no model instances, no per-row SQL),
    ``bulk_create`` elsewhere. The caller supplies every NOT NULL column (``created_at`` included)."""
    if connection.vendor == "postgresql":
        (guard or _UNGUARDED).copy(model, fields, rows)
    else:
        model.objects.bulk_create((model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=BATCH)


class _Unguarded(ForeignKeyGuard):
    def __init__(self):
        self.tables, self.marks, self.enabled = [], {}, False


_UNGUARDED = _Unguarded()


# COPY's text format: a tab between columns, a newline after the row, \N for NULL; backslash, tab and
# line breaks inside a text value escaped with a backslash.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    return "\\N" if value is None else str(value).translate(_ESCAPES)


def _plain(value) -> str:
    """Numbers and dates: their ``str`` is what PostgreSQL reads (``int``, ``Decimal``, ``date`` and
    ``datetime`` in ISO 8601 with its time zone)."""
    return "\\N" if value is None else str(value)


def _repeated():
    """``_plain`` remembering the last value: ``created_at`` is the same instant in every row."""
    last: list = [None, "\\N"]

    def fmt(value) -> str:
        if value is not last[0]:
            last[:] = [value, _plain(value)]
        return last[1]

    return fmt


def _line_format(model, fields: tuple[str, ...]):
    """A function from a row tuple to one line of ``COPY`` text. Cheaper than psycopg's ``write_row``
    (which adapts every value through its dumpers): ~1 µs instead of ~8 µs a row, and the import
    writes 1,800,000 rows."""
    text_fields = (models.CharField, models.TextField)
    formats = [
        _text if isinstance(field, text_fields) else _repeated() if isinstance(field, models.DateTimeField) else _plain
        for field in (model._meta.get_field(f) for f in fields)
    ]
    if all(fmt is _plain for fmt in formats) and not any(model._meta.get_field(f).null for f in fields):
        return lambda row: "\t".join(map(str, row)) + "\n"  # the allocations: four numbers a row

    def line(row) -> str:
        return "\t".join([fmt(value) for fmt, value in zip(formats, row, strict=True)]) + "\n"

    return line


def _foreign_keys(model) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one and f.db_constraint]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)

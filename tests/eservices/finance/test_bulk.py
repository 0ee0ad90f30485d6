"""The ledger import's bulk writes on PostgreSQL: ``COPY`` with the foreign keys checked per set
(``bulk.ForeignKeyGuard``) still refuses a row without its parent and leaves nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from eservices.finance import services
from eservices.finance.bulk import ForeignKeyGuard, insert_rows
from eservices.finance.models import Allocation, Instalment, Liability

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_guard_is_on_for_a_superuser_and_refuses_a_missing_parent(taxpayer, property_liability):
    instalment = property_liability.instalments.first()
    payment = services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 1), amount="10", book=False)
    with pytest.raises(IntegrityError, match="finance_allocation.payment_id"), transaction.atomic():
        guard = ForeignKeyGuard([Allocation])
        assert guard.enabled  # the tests connect as the postgres superuser
        fields = ("payment_id", "instalment_id", "principal", "interest")
        insert_rows(Allocation, fields, [(payment.pk + 1000, instalment.pk, Decimal("1.00"), Decimal("0"))], guard)
        guard.verify()
    assert not Allocation.objects.exists()


def test_guard_accepts_rows_with_parents_old_and_new(taxpayer):
    with transaction.atomic():
        guard = ForeignKeyGuard([Liability, Instalment])
        insert_rows(
            Liability,
            ("taxpayer_id", "kind", "year", "legal_basis", "description", "total", "external_id", "created_at"),
            [(taxpayer.pk, "property", 2030, "", "", Decimal("100"), "L-NEW", dt.datetime.now(dt.UTC))],
            guard,
        )
        liability = Liability.objects.get(external_id="L-NEW")
        insert_rows(
            Instalment,
            ("liability_id", "number", "due_date", "amount"),
            [(liability.pk, 1, dt.date(2030, 3, 15), Decimal("100"))],
            guard,
        )
        guard.verify()
    assert Instalment.objects.filter(liability__external_id="L-NEW").count() == 1


def test_copy_keeps_text_with_tabs_backslashes_and_line_breaks_as_it_was(taxpayer):
    """``COPY``'s text format gives tab, newline and backslash a meaning; a title from a ledger may
    contain any of them (``bulk._line_format`` escapes them)."""
    awkward = "dec.\tnr 1\\2025\nkorekta\r\\N"
    insert_rows(
        Liability,
        ("taxpayer_id", "kind", "year", "legal_basis", "description", "total", "external_id", "created_at"),
        [(taxpayer.pk, "property", 2030, "", awkward, Decimal("100.5"), "L-TXT", dt.datetime.now(dt.UTC))],
    )
    liability = Liability.objects.get(external_id="L-TXT")
    assert liability.description == awkward
    assert liability.total == Decimal("100.50")

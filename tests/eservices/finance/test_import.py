"""Ledger import from the finance system (issue 6, "Ledger exchange" and "Bad input"): all or nothing,
idempotent, every bad line reported with its number and a Polish reason, the database unchanged."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from eservices.finance import services
from eservices.finance.access import finance_group
from eservices.finance.ledger_import import COLUMNS, import_ledger, rebook_taxpayers
from eservices.finance.models import Allocation, Instalment, Liability, Payment, Taxpayer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TAXPAYERS = [
    {"record": "taxpayer", "id": "T1", "kind": "person", "name": "Jan Kowalski", "pesel": "44051401359",
     "address": "ul. Rynek 1", "postal_code": "36-060", "locality": "Głogów Małopolski"},
    {"record": "taxpayer", "id": "T2", "kind": "business", "name": "Piekarnia Sp. z o.o.", "nip": "5260250274"},
]  # fmt: skip
LEDGER = [
    *TAXPAYERS,
    {"record": "liability", "id": "L1", "taxpayer": "T1", "kind": "property", "year": "2025",
     "legal_basis": "FN.3120.1.2025", "amount": "400,00"},
    {"record": "instalment", "liability": "L1", "number": "1", "date": "2025-03-17", "amount": "100,00"},
    {"record": "instalment", "liability": "L1", "number": "2", "date": "2025-05-15", "amount": "100.00"},
    {"record": "instalment", "liability": "L1", "number": "3", "date": "2025-09-15", "amount": "100"},
    {"record": "instalment", "liability": "L1", "number": "4", "date": "2025-11-17", "amount": "100,00"},
    {"record": "liability", "id": "L2", "taxpayer": "T2", "kind": "vehicle", "year": "2025", "amount": "1200,00"},
    {"record": "instalment", "liability": "L2", "number": "1", "date": "2025-02-17", "amount": "600,00"},
    {"record": "instalment", "liability": "L2", "number": "2", "date": "2025-09-15", "amount": "600,00"},
    {"record": "payment", "id": "W1", "taxpayer": "T1", "date": "2025-03-10", "amount": "150,00",
     "bank_reference": "REF-001", "title": "podatek od nieruchomości"},
    {"record": "payment", "id": "W2", "taxpayer": "T2", "date": "2025-02-14", "amount": "600,00",
     "channel": "bank", "bank_reference": "REF-002"},
]  # fmt: skip


def ledger_csv(rows, *, columns=COLUMNS) -> bytes:
    lines = [";".join(columns)] + [";".join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(rows, **kwargs):
    return import_ledger(io.BytesIO(ledger_csv(rows)), **kwargs)


def snapshot():
    return {model.__name__: model.objects.count() for model in (Taxpayer, Liability, Instalment, Payment, Allocation)}


def with_row(index, **changes):
    rows = [dict(row) for row in LEDGER]
    rows[index].update(changes)
    return rows


def counts(report):
    return {record: (c.created, c.updated, c.unchanged) for record, c in report.counts.items()}


# --- a good file -----------------------------------------------------------------------------------


def test_good_file_imports_with_counts_and_books_payments():
    report = run(LEDGER)
    assert report.ok, report.errors
    assert counts(report) == {
        "taxpayer": (2, 0, 0),
        "liability": (2, 0, 0),
        "instalment": (6, 0, 0),
        "payment": (2, 0, 0),
    }
    assert report.rebooked == 2
    jan = Taxpayer.objects.get(external_id="T1")
    assert jan.pesel == "44051401359" and len(jan.account_number) == 26  # individual NRB built
    liability = Liability.objects.get(external_id="L1")
    assert liability.total == Decimal("400.00") and liability.taxpayer == jan
    assert list(liability.instalments.order_by("number").values_list("amount", flat=True)) == [Decimal("100.00")] * 4
    payment = Payment.objects.get(external_id="W1")
    assert payment.bank_reference == "REF-001" and payment.booked_at is not None
    # 150 zł on 10.03: the March instalment paid, 50 zł towards May (same tax year).
    assert sorted(payment.allocations.values_list("instalment__number", "principal")) == [
        (1, Decimal("100.00")),
        (2, Decimal("50.00")),
    ]


def test_reimport_changes_nothing():
    run(LEDGER)
    before = snapshot()
    allocations = sorted(
        Allocation.objects.values_list("payment__external_id", "instalment_id", "principal", "interest")
    )
    report = run(LEDGER)
    assert report.ok and not report.written
    assert counts(report) == {
        "taxpayer": (0, 0, 2),
        "liability": (0, 0, 2),
        "instalment": (0, 0, 6),
        "payment": (0, 0, 2),
    }
    assert report.rebooked == 0
    assert snapshot() == before
    assert (
        sorted(Allocation.objects.values_list("payment__external_id", "instalment_id", "principal", "interest"))
        == allocations
    )


def test_changed_rows_are_updated_and_rebooked():
    run(LEDGER)
    rows = with_row(3, amount="150,00")  # instalment 1 of L1 raised to 150
    report = run(rows)
    assert report.ok
    assert counts(report)["instalment"] == (0, 1, 5)
    assert report.rebooked == 1
    payment = Payment.objects.get(external_id="W1")
    assert sorted(payment.allocations.values_list("instalment__number", "principal")) == [(1, Decimal("150.00"))]


def test_dry_run_counts_but_writes_nothing():
    before = snapshot()
    report = run(LEDGER, dry_run=True)
    assert report.ok and counts(report)["instalment"] == (6, 0, 0)
    assert snapshot() == before


def test_set_based_rebook_equals_taxpayer_rebook(taxpayer, property_liability):
    """The import's set-based allocation gives what ``services.taxpayer_rebook`` gives, late interest included."""
    services.liability_create(taxpayer=taxpayer, kind="agricultural", year=2025, total=Decimal("40000.00"))
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 8, 1), amount=Decimal("25000.00"), book=False)
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 12, 20), amount=Decimal("200.00"), book=False)
    services.taxpayer_rebook(taxpayer=taxpayer)
    expected = sorted(Allocation.objects.values_list("payment_id", "instalment_id", "principal", "interest"))
    assert any(interest > 0 for *_x, interest in expected)
    rebook_taxpayers(taxpayer_ids=[taxpayer.pk])
    assert sorted(Allocation.objects.values_list("payment_id", "instalment_id", "principal", "interest")) == expected


def test_portal_payment_known_to_finance_system_is_linked_not_duplicated(taxpayer):
    """An online payment the finance system has booked comes back with the same reference: it is linked."""
    online = services.payment_create(
        taxpayer=taxpayer,
        paid_on=dt.date(2025, 3, 1),
        amount=Decimal("100.00"),
        channel="online",
        bank_reference="ONL-1",
    )
    row = {"record": "payment", "id": "W9", "taxpayer": "P-0001", "date": "2025-03-01", "amount": "100",
           "channel": "online", "bank_reference": "ONL-1"}  # fmt: skip
    report = run([row])
    assert report.ok, report.errors
    assert counts(report)["payment"] == (0, 1, 0)
    online.refresh_from_db()
    assert online.external_id == "W9" and Payment.objects.count() == 1


# --- bad input: clear message with its line, nothing written --------------------------------------


def assert_refused(rows, line, fragment, *, columns=COLUMNS):
    before = snapshot()
    report = import_ledger(io.BytesIO(ledger_csv(rows, columns=columns)))
    assert not report.ok
    assert any(e.line == line and fragment in e.message for e in report.errors), report.errors
    assert snapshot() == before
    return report


def test_wrong_columns():
    columns = [c for c in COLUMNS if c != "amount"] + ["kwota"]
    report = assert_refused(LEDGER, 1, "Brak kolumn: amount", columns=columns)
    assert any("Nieznane kolumny: kwota" in e.message for e in report.errors)


def test_wrong_number_of_fields():
    data = ledger_csv(LEDGER) + b"payment;W7;T1\n"
    report = import_ledger(io.BytesIO(data))
    assert [(e.line, e.message) for e in report.errors] == [
        (len(LEDGER) + 2, f"Wiersz ma 3 pól zamiast {len(COLUMNS)} (separator: średnik).")
    ]
    assert Taxpayer.objects.count() == 0


def test_bad_date():
    assert_refused(with_row(4, date="2025-02-30"), 6, "Data „2025-02-30” w kolumnie „date” nie jest poprawną datą")
    assert_refused(with_row(4, date="15.05.2025"), 6, "w formacie RRRR-MM-DD")


def test_negative_amount():
    assert_refused(with_row(5, amount="-100,00"), 7, "Kwota „-100,00” jest ujemna.")


def test_non_numeric_amount():
    assert_refused(with_row(11, amount="sto złotych"), 13, "Kwota „sto złotych” nie jest liczbą")
    assert_refused(with_row(11, amount="0"), 13, "Kwota wpłaty musi być większa od zera.")


def test_unknown_taxpayer():
    assert_refused(with_row(11, taxpayer="T99"), 13, "Nieznany podatnik „T99” (nie ma go w pliku ani w bazie).")
    assert_refused(with_row(3, liability="L99"), 5, "Nieznane zobowiązanie „L99”")


def test_known_taxpayer_from_database_is_accepted(taxpayer):
    row = {"record": "payment", "id": "W5", "taxpayer": "P-0001", "date": "2025-03-01", "amount": "10",
           "bank_reference": "X-5"}  # fmt: skip
    assert run([row]).ok


def test_duplicate_payment_reference_in_file():
    rows = [*LEDGER, {**LEDGER[10], "id": "W3", "taxpayer": "T2"}]
    assert_refused(rows, 14, "Referencja bankowa „REF-001” powtarza się w pliku (wiersz 12).")


def test_duplicate_payment_reference_against_database():
    run(LEDGER)
    rows = [{**LEDGER[10], "id": "W3"}]  # another payment, the reference of W1
    assert_refused(rows, 2, "Wpłata z referencją bankową „REF-001” jest już w bazie (W1 z dnia 10.03.2025, 150,00 zł).")


def test_malformed_identifiers():
    assert_refused(with_row(0, pesel="44051401358"), 2, "Niepoprawny numer PESEL „44051401358”.")
    assert_refused(with_row(1, nip="1234567890"), 3, "Niepoprawny numer NIP „1234567890”.")
    assert_refused(with_row(0, account="12 3456"), 2, "Niepoprawny numer rachunku (NRB)")


def test_other_bad_values():
    assert_refused(with_row(2, kind="podatek"), 4, "Nieznana wartość „podatek” w kolumnie „kind”")
    assert_refused(with_row(2, year="dwa tysiące"), 4, "w kolumnie „year” nie jest liczbą całkowitą")
    assert_refused(with_row(2, record="rachunek"), 4, "Nieznany rodzaj rekordu „rachunek”")
    assert_refused([*LEDGER, LEDGER[0]], 14, "Identyfikator „T1” (taxpayer) powtarza się w pliku (wiersz 2).")
    assert_refused(with_row(11, bank_reference=""), 13, "Brak wartości w kolumnach: bank_reference.")


def test_not_utf8():
    data = ledger_csv(LEDGER).replace("Głogów".encode(), "Głogów".encode("cp1250"))
    report = import_ledger(io.BytesIO(data))
    assert not report.ok and "UTF-8" in report.errors[0].message
    assert Taxpayer.objects.count() == 0


def test_bad_line_among_good_ones_rolls_everything_back():
    run(LEDGER)
    before = snapshot()
    names = list(Taxpayer.objects.values_list("name", flat=True))
    rows = [dict(row) for row in LEDGER]
    rows[0]["name"] = "Jan Kowalski-Nowak"  # a good change …
    rows.append({"record": "taxpayer", "id": "T3", "kind": "person", "name": "Nowy"})  # … a good new row …
    rows.append({**LEDGER[10], "id": "W8", "bank_reference": "REF-008", "date": "2025-13-01"})  # … one bad line
    report = assert_refused(rows, 15, "2025-13-01")
    assert report.error_count == 1 and not report.written
    assert snapshot() == before
    assert list(Taxpayer.objects.values_list("name", flat=True)) == names


# --- the management command ------------------------------------------------------------------------


def test_command_imports_and_exits_1_on_errors(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(ledger_csv(LEDGER))
    bad.write_bytes(ledger_csv(with_row(5, amount="-1")))
    out = io.StringIO()
    call_command("finance_import", str(good), "--dry-run", stdout=out)
    assert "Próba (nic nie zapisano)" in out.getvalue() and Taxpayer.objects.count() == 0
    call_command("finance_import", str(good), stdout=out)
    assert "raty: nowe 6, zmienione 0, bez zmian 0" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("finance_import", str(bad), stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 1
    assert "wiersz 7: Kwota „-1” jest ujemna." in err.getvalue()


# --- the admin upload ------------------------------------------------------------------------------


@pytest.fixture
def officer(db, settings, tmp_path):
    settings.FINANCE_IMPORT_ROOT = tmp_path / "import"
    user = UserFactory(email="ksiegowa@example.pl", is_staff=True)
    user.groups.add(finance_group())
    return user


def upload(client, data: bytes):
    return client.post(reverse("finance_import"), {"file": io.BytesIO(data) | _named("ksiega.csv")})


class _named:  # noqa: N801  (used as ``BytesIO | _named(name)``)
    def __init__(self, name):
        self.name = name

    def __ror__(self, stream):
        stream.name = self.name
        return stream


def test_admin_upload_dry_run_then_confirm(client, officer):
    client.force_login(officer)
    response = client.get(reverse("finance_import"))
    assert response.status_code == 200 and "Import księgi" in response.text
    response = upload(client, ledger_csv(LEDGER))
    assert response.status_code == 200
    assert "nic jeszcze nie zapisano" in response.text and Taxpayer.objects.count() == 0
    token = response.context["token"]
    assert token
    response = client.post(reverse("finance_import"), {"token": token})
    assert response.status_code == 200 and "Zaimportowano" in response.text
    assert snapshot()["Instalment"] == 6 and snapshot()["Payment"] == 2
    from cms.audit.models import AccessLogEntry  # who changed the balances (issue 11)

    entry = AccessLogEntry.objects.get(subject_type="ledger")
    assert (entry.user, entry.action) == (officer, "change") and "import księgi" in entry.subject_label
    # the stored upload is gone: confirming twice imports nothing more
    response = client.post(reverse("finance_import"), {"token": token})
    assert "Plik do importu wygasł" in response.text


def test_admin_upload_shows_errors_with_line_numbers(client, officer):
    client.force_login(officer)
    response = upload(client, ledger_csv(with_row(4, date="2025-02-30")))
    assert response.status_code == 200
    assert '<th scope="row">6</th>' in response.text and "nie jest poprawną datą" in response.text
    assert "Zatwierdź import" not in response.text and not response.context["token"]
    assert Taxpayer.objects.count() == 0


@pytest.mark.parametrize("who", ["resident", "staff"])
def test_admin_upload_refused_for_others(client, who, settings, tmp_path):
    settings.FINANCE_IMPORT_ROOT = tmp_path / "import"
    user = UserFactory(email=f"{who}@example.pl", is_staff=who == "staff")
    if who == "staff":
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = upload(client, ledger_csv(LEDGER))
    # Wagtail turns the refusal into a redirect with "no permission" (staff) or to the login (resident)
    assert response.status_code == 302
    assert response.url == ("/admin/" if who == "staff" else f"/admin/login/?next={reverse('finance_import')}")
    assert Taxpayer.objects.count() == 0


def test_example_in_docs_imports():
    """The example of docs/finance.md, "Import z systemu finansowo-księgowego", is a valid file."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "finance.md").read_text(encoding="utf-8")
    section = text.split("## Import z systemu finansowo-księgowego", 1)[1]
    example = section.split("Example:\n\n```\n", 1)[1].split("```", 1)[0]
    report = import_ledger(io.BytesIO(example.encode("utf-8")))
    assert report.ok, report.errors
    assert counts(report) == {
        "taxpayer": (1, 0, 0),
        "liability": (1, 0, 0),
        "instalment": (2, 0, 0),
        "payment": (1, 0, 0),
    }

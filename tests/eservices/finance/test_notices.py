"""Upomnienia (issue 6): their fee paid first (art. 55 § 1), issuing them from the admin with a
confirmation step, idempotent per day, the PDF for the officer and the resident; bad input refused
with a clear message and nothing written."""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from eservices.finance import services
from eservices.finance.access import finance_group
from eservices.finance.allocation import OpenFee, OpenInstalment, allocate, allocate_in_order
from eservices.finance.balances import balance_for_taxpayer, balances_all
from eservices.finance.ledger_import import rebook_taxpayers
from eservices.finance.models import Allocation, Liability, Reminder, ReminderFeeAllocation, TaxpayerAccess
from eservices.finance.notices import notices_issue, overdue_for_notices
from eservices.finance.services import FinanceError
from tests.factories import UserFactory

D = dt.date
TODAY = D(2025, 6, 2)  # instalments of 17.03 and 15.05.2025 overdue (100 zł each)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages).replace("\xa0", " ")


def first_two(liability):
    return list(liability.instalments.order_by("number")[:2])


# --- the rule: the costs of upomnienia first ------------------------------------------------------


def test_allocate_pays_the_fee_first(rate_table):
    fee = OpenFee(1, D(2025, 4, 1), Decimal("16.00"))
    item = OpenInstalment(10, D(2025, 3, 17), Decimal("100.00"), 2025)
    plan = allocate(amount=Decimal("10.00"), paid_on=D(2025, 4, 10), instalments=[item], rates=rate_table, fees=[fee])
    assert plan.fee_lines == [(1, Decimal("10.00"))] and plan.lines == [] and plan.overpayment == 0
    plan = allocate(amount=Decimal("50.00"), paid_on=D(2025, 4, 10), instalments=[item], rates=rate_table, fees=[fee])
    assert plan.fee_lines == [(1, Decimal("16.00"))]
    assert [(line.instalment_id, line.principal) for line in plan.lines] == [(10, Decimal("34.00"))]
    # a payment made before the upomnienie was issued does not pay its costs
    plan = allocate(amount=Decimal("50.00"), paid_on=D(2025, 3, 31), instalments=[item], rates=rate_table, fees=[fee])
    assert plan.fee_lines == [] and plan.lines[0].principal == Decimal("50.00")


def test_allocate_in_order_equals_allocate_payment_by_payment(rate_table):
    """The import's fast path gives exactly what ``allocate`` gives, one payment after another."""
    rnd = random.Random(6)
    for _round in range(30):
        items = [
            OpenInstalment(
                i, D(2015 + i // 4, 3 + 2 * (i % 4), 15), Decimal(rnd.randrange(5000, 90000)) / 100, 2015 + i // 4
            )
            for i in range(12)
        ]
        fees = [OpenFee(100 + i, D(2016, 1 + i, 1), Decimal("16.00")) for i in range(rnd.randrange(0, 3))]
        payments = sorted(
            ((p, D(2015 + rnd.randrange(0, 4), rnd.randrange(1, 13), 10), Decimal(rnd.randrange(1000, 150000)) / 100)
             for p in range(6)),
            key=lambda x: (x[1], x[0]),
        )  # fmt: skip
        fee_lines = []
        fast = allocate_in_order(
            payments=payments, instalments=items, rates=rate_table, threshold=Decimal("8.70"), fees=fees,
            fee_lines=fee_lines,
        )  # fmt: skip
        open_items = {i.id: i for i in items}
        open_fees = {f.id: f for f in fees}
        slow, slow_fees = [], []
        for pk, paid_on, amount in payments:
            plan = allocate(
                amount=amount, paid_on=paid_on, instalments=open_items.values(), rates=rate_table,
                threshold=Decimal("8.70"), fees=open_fees.values(),
            )  # fmt: skip
            for reminder_id, part in plan.fee_lines:
                fee = open_fees[reminder_id]
                open_fees[reminder_id] = OpenFee(fee.id, fee.issued_on, fee.outstanding - part)
                slow_fees.append((pk, reminder_id, part))
            for line in plan.lines:
                item = open_items[line.instalment_id]
                open_items[item.id] = OpenInstalment(
                    item.id, item.due_date, item.outstanding - line.principal, item.year
                )
                slow.append((pk, line.instalment_id, line.principal, line.interest))
        assert fast == slow and fee_lines == slow_fees


def test_payment_after_an_upomnienie_pays_its_costs_first(taxpayer, property_liability, rate_table):
    first, _second = first_two(property_liability)
    reminder = services.reminder_issue(taxpayer=taxpayer, instalments=[first], issued_on=D(2025, 4, 1))
    assert reminder.number == f"UP/2025/{reminder.pk:06d}" and reminder.fee == Decimal("16.00")
    payment = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 4, 10), amount=Decimal("100.00"))
    assert ReminderFeeAllocation.objects.get(payment=payment).amount == Decimal("16.00")
    assert Allocation.objects.get(payment=payment).principal == Decimal("84.00")
    reminder.refresh_from_db()
    assert reminder.fee_paid_on == D(2025, 4, 10)
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=TODAY)
    assert balance.fees == 0 and balance.paid == Decimal("100.00") and balance.overpaid == 0
    assert balance.overdue == Decimal("116.00")  # 16.00 left of the 1st instalment + the 2nd


def test_unpaid_fee_is_in_the_balance_and_the_daily_report(taxpayer, property_liability, rate_table):
    first, _second = first_two(property_liability)
    services.reminder_issue(taxpayer=taxpayer, instalments=[first], issued_on=D(2025, 4, 1))
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=TODAY)
    assert balance.fees == Decimal("16.00") and balance.due_now == Decimal("216.00")
    (summary,) = [s for s in balances_all(today=TODAY) if s.taxpayer_id == taxpayer.pk]
    assert summary.fees == Decimal("16.00") and summary.due_now == Decimal("216.00")


def test_rebook_moves_the_fee_to_the_first_payment_after_the_upomnienie(taxpayer, property_liability, rate_table):
    first, _second = first_two(property_liability)
    early = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 20), amount=Decimal("50.00"))
    services.reminder_issue(taxpayer=taxpayer, instalments=[first], issued_on=D(2025, 4, 1))
    late = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 4, 20), amount=Decimal("100.00"))
    back_dated = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 4, 5), amount=Decimal("20.00"), book=False)
    services.taxpayer_rebook(taxpayer=taxpayer)
    fees = dict(ReminderFeeAllocation.objects.values_list("payment_id", "amount"))
    assert fees == {back_dated.pk: Decimal("16.00")} and early.pk not in fees and late.pk not in fees
    expected = sorted(Allocation.objects.values_list("payment_id", "instalment_id", "principal", "interest"))
    # the import's set-based re-allocation gives the same
    rebook_taxpayers(taxpayer_ids=[taxpayer.pk])
    assert sorted(Allocation.objects.values_list("payment_id", "instalment_id", "principal", "interest")) == expected
    assert dict(ReminderFeeAllocation.objects.values_list("payment_id", "amount")) == fees
    assert Reminder.objects.get().fee_paid_on == D(2025, 4, 5)


# --- issuing: the service ------------------------------------------------------------------------


def test_reminder_refused_for_an_instalment_not_overdue_or_reminded_today(taxpayer, property_liability):
    first, second = first_two(property_liability)
    with pytest.raises(FinanceError, match="tylko rat zaległych"):
        services.reminder_issue(taxpayer=taxpayer, instalments=[second], issued_on=D(2025, 4, 1))
    services.reminder_issue(taxpayer=taxpayer, instalments=[first], issued_on=D(2025, 4, 1))
    with pytest.raises(FinanceError, match="wystawiono już 01.04.2025"):
        services.reminder_issue(taxpayer=taxpayer, instalments=[first], issued_on=D(2025, 4, 1))
    assert Reminder.objects.count() == 1


def test_candidates_by_minimum_and_taxpayer(taxpayer, other_taxpayer, property_liability):
    services.liability_create(taxpayer=other_taxpayer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("80"))
    candidates, cut = overdue_for_notices(today=TODAY, min_amount=Decimal("0"))
    assert not cut
    assert {c.taxpayer.pk: c.arrears for c in candidates} == {
        taxpayer.pk: Decimal("200.00"),
        other_taxpayer.pk: Decimal("80.00"),  # at most 100 zł: all of it by 15 III
    }
    candidates, _cut = overdue_for_notices(today=TODAY, min_amount=Decimal("100"))
    assert [c.taxpayer.pk for c in candidates] == [taxpayer.pk]
    assert [i.instalment.number for i in candidates[0].items] == [1, 2]
    candidates, _cut = overdue_for_notices(today=TODAY, min_amount=Decimal("0"), taxpayer=other_taxpayer)
    assert [c.taxpayer.pk for c in candidates] == [other_taxpayer.pk]


def test_batch_refuses_another_taxpayers_instalment_and_writes_nothing(taxpayer, other_taxpayer, property_liability):
    first, second = first_two(property_liability)
    with pytest.raises(FinanceError, match="nie należy do wskazanego podatnika"):
        notices_issue(selection={taxpayer.pk: [first.pk], other_taxpayer.pk: [second.pk]}, issued_on=TODAY)
    assert not Reminder.objects.exists()
    with pytest.raises(FinanceError, match="Nie wskazano żadnej zaległej raty"):
        notices_issue(selection={}, issued_on=TODAY)


def test_batch_is_idempotent_the_same_day(taxpayer, property_liability):
    ids = [i.pk for i in first_two(property_liability)]
    result = notices_issue(selection={taxpayer.pk: ids}, issued_on=TODAY)
    assert len(result.reminders) == 1 and result.skipped == 0
    assert sorted(result.reminders[0].instalments.values_list("pk", flat=True)) == sorted(ids)
    again = notices_issue(selection={taxpayer.pk: ids}, issued_on=TODAY)
    assert again.reminders == [] and again.skipped == 2 and Reminder.objects.count() == 1
    assert overdue_for_notices(today=TODAY)[0] == []  # reminded today: not offered again
    assert len(notices_issue(selection={taxpayer.pk: ids}, issued_on=TODAY + dt.timedelta(days=1)).reminders) == 1


# --- issuing: the admin --------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    user = UserFactory(email="ksiegowa@example.pl", is_staff=True)
    user.groups.add(finance_group())
    return user


@pytest.fixture
def admin(client, officer):
    client.force_login(officer)
    return client


def test_admin_lists_first_then_issues_on_confirm(admin, officer, taxpayer, property_liability):
    url = reverse("finance_notices")
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"action": "preview", "min_amount": "150,00", "taxpayer": ""})
    assert response.status_code == 200 and "nic jeszcze nie zapisano" in response.text
    assert "Jan Podatnik" in response.text and not Reminder.objects.exists()
    pairs = [f"{taxpayer.pk}:{i.pk}" for i in first_two(property_liability)]
    assert [v for v in pairs if f'value="{v}"' in response.text] == pairs
    response = admin.post(url, {"action": "issue", "rata": pairs}, follow=True)
    assert "Wystawiono upomnienia: 1." in response.text
    reminder = Reminder.objects.get()
    assert reminder.issued_on == TODAY and reminder.issued_by == officer and reminder.instalments.count() == 2
    assert f"Pobierz upomnienie {reminder.number} (PDF)" in response.text
    # the same confirmation again (a reload, a second officer): nothing new
    response = admin.post(url, {"action": "issue", "rata": pairs}, follow=True)
    assert "Pominięto raty, dla których dziś wystawiono już upomnienie: 2." in response.text
    assert Reminder.objects.count() == 1


def test_admin_pdf_of_the_upomnienie(admin, taxpayer, property_liability):
    reminder = notices_issue(
        selection={taxpayer.pk: [i.pk for i in first_two(property_liability)]}, issued_on=TODAY
    ).reminders[0]
    response = admin.get(reverse("finance_notice_pdf", args=[reminder.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert f"UPOMNIENIE nr {reminder.number}" in text and "Jan Podatnik" in text
    assert "Koszty upomnienia: 16,00 zł" in text and "Do zapłaty na dzień wystawienia: 216,00 zł" in text


def test_admin_no_overdue_instalments_clear_message_nothing_written(admin, taxpayer):
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.PROPERTY, year=2026, total=Decimal("400"))
    response = admin.post(reverse("finance_notices"), {"action": "preview", "min_amount": "0", "taxpayer": ""})
    assert "Brak zaległych rat spełniających kryteria" in response.text and "Nic nie wystawiono." in response.text
    assert "Wystaw upomnienia" not in response.text and not Reminder.objects.exists()


def test_admin_bad_criteria(admin, taxpayer, property_liability):
    response = admin.post(reverse("finance_notices"), {"action": "preview", "min_amount": "-5", "taxpayer": ""})
    assert response.status_code == 200 and response.context["form"].errors["min_amount"]
    response = admin.post(reverse("finance_notices"), {"action": "preview", "min_amount": "abc", "taxpayer": ""})
    assert response.context["form"].errors["min_amount"]
    response = admin.post(reverse("finance_notices"), {"action": "preview", "min_amount": "0", "taxpayer": "NIKT"})
    assert "Nie znaleziono podatnika „NIKT”." in response.text
    response = admin.post(reverse("finance_notices"), {"action": "preview", "min_amount": "0", "taxpayer": "P-0001"})
    assert [c.taxpayer for c in response.context["candidates"]] == [taxpayer]
    assert not Reminder.objects.exists()


def test_admin_refuses_another_taxpayers_instalment(admin, taxpayer, other_taxpayer, property_liability):
    first, second = first_two(property_liability)
    pairs = [f"{taxpayer.pk}:{first.pk}", f"{other_taxpayer.pk}:{second.pk}"]
    response = admin.post(reverse("finance_notices"), {"action": "issue", "rata": pairs}, follow=True)
    assert "nie należy do wskazanego podatnika — nie wystawiono upomnień" in response.text
    response = admin.post(reverse("finance_notices"), {"action": "issue", "rata": ["1:x"]}, follow=True)
    assert "Niepoprawna lista rat" in response.text
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("who", ["resident", "staff"])
def test_admin_refused_for_others(client, who, taxpayer, property_liability):
    user = UserFactory(email=f"{who}@example.pl", is_staff=who == "staff")
    if who == "staff":
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    pairs = [f"{taxpayer.pk}:{i.pk}" for i in first_two(property_liability)]
    response = client.post(reverse("finance_notices"), {"action": "issue", "rata": pairs})
    assert response.status_code == 302 and not Reminder.objects.exists()


# --- the resident ---------------------------------------------------------------------------------


def test_resident_sees_the_fee_and_downloads_the_upomnienie(client, finance_user, taxpayer, property_liability):
    reminder = notices_issue(
        selection={taxpayer.pk: [i.pk for i in first_two(property_liability)]}, issued_on=TODAY
    ).reminders[0]
    client.force_login(finance_user)
    response = client.get("/konto/naleznosci/")
    assert "Koszty upomnień" in response.text and "16,00" in response.text
    url = reverse("finance:notice", args=[taxpayer.pk, reminder.pk])
    assert url in response.text
    assert response.context["accounts"][0]["balance"].due_now == Decimal("216.00")
    pdf = client.get(url)
    assert pdf.status_code == 200 and f"UPOMNIENIE nr {reminder.number}" in _text(pdf.content)
    # the slip for the arrears includes the costs (a payment covers them first)
    ids = ",".join(str(i.pk) for i in first_two(property_liability))
    slip = _text(client.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={ids}").content)
    assert "216,00 zł" in slip and "koszty upomnienia: 16,00 zł" in slip


def test_resident_cannot_get_another_taxpayers_upomnienie(client, taxpayer, other_taxpayer, property_liability):
    reminder = notices_issue(selection={taxpayer.pk: [first_two(property_liability)[0].pk]}, issued_on=TODAY).reminders[
        0
    ]
    client.force_login(other_taxpayer.access.get().user)
    assert client.get(reverse("finance:notice", args=[taxpayer.pk, reminder.pk])).status_code == 404
    assert client.get(reverse("finance:notice", args=[other_taxpayer.pk, reminder.pk])).status_code == 404


def test_spouse_does_not_see_an_upomnienie_for_other_liabilities(client, taxpayer, property_liability):
    spouse = UserFactory(email="malzonka@example.pl")
    services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.SPOUSE)
    reminder = notices_issue(selection={taxpayer.pk: [first_two(property_liability)[0].pk]}, issued_on=TODAY).reminders[
        0
    ]
    client.force_login(spouse)
    assert client.get(reverse("finance:notice", args=[taxpayer.pk, reminder.pk])).status_code == 404
    assert "Koszty upomnień" not in client.get("/konto/naleznosci/").text


def test_online_payment_includes_the_unpaid_costs(taxpayer, property_liability):
    from eservices.finance.payments.services import payment_quote

    first, second = first_two(property_liability)
    notices_issue(selection={taxpayer.pk: [first.pk, second.pk]}, issued_on=TODAY)
    quote = payment_quote(taxpayer=taxpayer, instalment_ids=[first.pk], today=TODAY)
    assert quote.fees == Decimal("16.00") and quote.amount == Decimal("116.00")

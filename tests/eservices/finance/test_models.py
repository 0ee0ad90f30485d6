"""Accounts (NRB), access, booking payments and balances of the resident office."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from stdnum import iban

from eservices.finance import services
from eservices.finance.access import FINANCE_GROUP, finance_group, taxpayer_for_user, taxpayers_for_user
from eservices.finance.accounts import format_nrb, is_valid_nrb, nrb_for
from eservices.finance.balances import balance_for_taxpayer, balances_all
from eservices.finance.models import Allocation, Liability, Payment, Taxpayer, TaxpayerAccess
from eservices.finance.services import FinanceError
from tests.factories import UserFactory

from .conftest import DUE_2025

D = dt.date
pytestmark = pytest.mark.django_db


# --- individual accounts ---------------------------------------------------------------------------


def test_generated_accounts_are_valid_nrbs_under_the_gminas_prefix(taxpayer, other_taxpayer, settings):
    for payer in (taxpayer, other_taxpayer):
        assert len(payer.account_number) == 26
        assert payer.account_number[2:14] == settings.FINANCE_BANK_PREFIX
        assert iban.is_valid("PL" + payer.account_number)
    assert taxpayer.account_number != other_taxpayer.account_number


def test_nrb_check_digits_and_validation():
    number = nrb_for(123456789, prefix="102043910000")
    assert number == nrb_for("123456789", prefix="102043910000")
    assert number.endswith("000123456789") and is_valid_nrb(number)
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not is_valid_nrb(broken)
    assert format_nrb(number).count(" ") == 6
    with pytest.raises(ValueError):
        nrb_for(10**13, prefix="102043910000")  # does not fit in 24 digits


def test_bulk_created_taxpayers_get_accounts_in_one_update(django_assert_max_num_queries):
    payers = Taxpayer.objects.bulk_create([Taxpayer(name=f"Podatnik {i}") for i in range(5)])
    payers = list(Taxpayer.objects.filter(name__startswith="Podatnik "))
    with django_assert_max_num_queries(4):
        assert services.taxpayer_assign_accounts(taxpayers=payers) == 5
    assert all(is_valid_nrb(p.account_number) for p in Taxpayer.objects.all())


# --- access ----------------------------------------------------------------------------------------


def test_a_resident_sees_only_their_taxpayers(finance_user, taxpayer, other_taxpayer):
    assert list(taxpayers_for_user(finance_user)) == [taxpayer]
    assert taxpayer_for_user(finance_user, taxpayer.pk).relation == "own"
    with pytest.raises(Http404):
        taxpayer_for_user(finance_user, other_taxpayer.pk)
    with pytest.raises(Http404):
        taxpayer_for_user(finance_user, "abc")


def test_anonymous_sees_nothing(taxpayer):
    from django.contrib.auth.models import AnonymousUser

    assert not taxpayers_for_user(AnonymousUser()).exists()


def test_a_spouse_sees_only_the_joint_liability(finance_user, other_taxpayer):
    services.taxpayer_grant_access(user=finance_user, taxpayer=other_taxpayer, relation="spouse")
    joint = services.liability_create(taxpayer=other_taxpayer, kind="joint", year=2025, total=Decimal("300.00"))
    services.liability_create(taxpayer=other_taxpayer, kind="vehicle", year=2025, total=Decimal("800.00"))
    services.payment_create(taxpayer=other_taxpayer, paid_on=D(2025, 1, 10), amount=Decimal("2000.00"))
    seen = taxpayer_for_user(finance_user, other_taxpayer.pk)
    balance = balance_for_taxpayer(taxpayer=seen, kinds=seen.visible_kinds, today=D(2025, 1, 20))
    assert [item.liability for item in balance.liabilities] == [joint]
    assert balance.overpaid == 0  # the spouse's overpayment is not shown
    assert [view.allocated for view in balance.payments] == [Decimal("1100.00")]
    assert all(a.instalment.liability_id == joint.pk for view in balance.payments for a in view.allocations)


def test_finance_group_has_admin_access_and_finance_permissions(db):
    group = finance_group()
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert group.name == FINANCE_GROUP
    assert {"access_admin", "change_interestrate", "view_taxpayer", "add_payment"} <= codenames
    assert finance_group() == group


# --- liabilities and payments ----------------------------------------------------------------------


def test_liability_has_its_instalments(property_liability):
    instalments = list(property_liability.instalments.order_by("number"))
    assert [i.due_date for i in instalments] == DUE_2025
    assert sum(i.amount for i in instalments) == property_liability.total == Decimal("400.00")


def test_booking_a_late_payment_splits_arrears_and_interest(taxpayer):
    liability = services.liability_create(taxpayer=taxpayer, kind="vehicle", year=2024, total=Decimal("2000.00"))
    first = liability.instalments.get(number=1)  # 1,000 zł due 15 II 2024
    # 15 II → 15 V 2024: 90 days at 14.5 % = 35.75 → 36 zł; 518 = (1000 + 36) / 2.
    payment = services.payment_create(taxpayer=taxpayer, paid_on=D(2024, 5, 15), amount=Decimal("518.00"))
    allocation = Allocation.objects.get(payment=payment)
    assert allocation.instalment == first
    assert (allocation.principal, allocation.interest) == (Decimal("500.00"), Decimal("18.00"))
    assert payment.booked_at is not None or Payment.objects.get(pk=payment.pk).booked_at is not None


def test_payment_book_is_idempotent(taxpayer, property_liability):
    payment = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 1), amount=Decimal("150.00"), book=False)
    first = services.payment_book(payment=payment)
    second = services.payment_book(payment=payment)
    assert Allocation.objects.filter(payment=payment).count() == 2 == len(first) == len(second)


def test_overpayment_is_what_is_left(taxpayer, property_liability):
    services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 1), amount=Decimal("450.00"))
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=D(2025, 3, 2))
    assert balance.paid == Decimal("400.00")
    assert balance.overpaid == Decimal("50.00")
    assert balance.upcoming == 0 and balance.due_now == 0


def test_duplicate_bank_reference_is_refused_and_nothing_written(taxpayer, property_liability):
    services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 1), amount=Decimal("100.00"), bank_reference="R1")
    with pytest.raises(FinanceError, match="referencją bankową R1 jest już zaksięgowana"):
        services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 2), amount=Decimal("100.00"), bank_reference="R1")
    assert Payment.objects.count() == 1 and Allocation.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"), [("0", "większa od zera"), ("-5", "większa od zera"), ("abc", "nie jest liczbą")]
)
def test_bad_amount_is_refused_with_a_polish_message(taxpayer, amount, message):
    with pytest.raises(FinanceError, match=message):
        services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 1), amount=amount)
    assert not Payment.objects.exists()


def test_rebook_allocates_back_dated_payments_in_date_order(taxpayer, property_liability):
    late = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 5, 10), amount=Decimal("100.00"))
    early = services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 10), amount=Decimal("100.00"))
    assert services.taxpayer_rebook(taxpayer=taxpayer) == 2
    first, second = property_liability.instalments.order_by("number")[:2]
    assert Allocation.objects.get(payment=early).instalment == first
    assert Allocation.objects.get(payment=late).instalment == second


def test_reminder_only_for_the_taxpayers_own_instalments(taxpayer, other_taxpayer, property_liability):
    reminder = services.reminder_issue(
        taxpayer=taxpayer, instalments=property_liability.instalments.all()[:1], issued_on=D(2025, 4, 1)
    )
    assert reminder.fee == Decimal("16.00") and reminder.instalments.count() == 1
    with pytest.raises(FinanceError, match="tylko rat tego podatnika"):
        services.reminder_issue(
            taxpayer=other_taxpayer, instalments=property_liability.instalments.all(), issued_on=D(2025, 4, 1)
        )


# --- balances --------------------------------------------------------------------------------------


def test_balance_overdue_with_interest_to_today(taxpayer, property_liability):
    services.payment_create(taxpayer=taxpayer, paid_on=D(2025, 3, 17), amount=Decimal("100.00"))
    # On 30 XI 2025 the instalments of 15 V, 15 IX and 17 XI (100 zł each) are overdue; the interest on
    # each is at most 7 zł (≤ 8.70), so none is charged.
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=D(2025, 11, 30))
    assert balance.overdue == Decimal("300.00")
    assert balance.interest == 0
    assert balance.paid == Decimal("100.00")
    later = balance_for_taxpayer(taxpayer=taxpayer, today=D(2026, 6, 30))
    assert later.interest > 0 and later.due_now == later.overdue + later.interest
    assert later.liabilities[0].instalments[0].outstanding == 0


def test_balance_year_filter_and_next_due(taxpayer, property_liability):
    services.liability_create(taxpayer=taxpayer, kind="dog", year=2026, total=Decimal("50.00"))
    balance = balance_for_taxpayer(taxpayer=taxpayer, year=2026, today=D(2026, 1, 5))
    assert [item.liability.kind for item in balance.liabilities] == ["dog"]
    assert balance.years == [2026, 2025]
    assert balance.next_due.instalment.due_date == D(2026, 3, 16)
    assert balance.upcoming == Decimal("50.00")


def _liabilities(taxpayer, count):
    for i in range(count):
        services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.WASTE, year=2015 + i, total=Decimal("120.00"))
    services.payment_create(taxpayer=taxpayer, paid_on=D(2020, 1, 1), amount=Decimal("500.00"))


def test_balance_query_count_is_constant(taxpayer, other_taxpayer, django_assert_max_num_queries):
    _liabilities(taxpayer, 2)
    _liabilities(other_taxpayer, 20)
    # 6 + the upomnienia (1, and 1 more for their instalments when there are any)
    with django_assert_max_num_queries(8) as small:
        balance_for_taxpayer(taxpayer=taxpayer, today=D(2026, 1, 1))
    with django_assert_max_num_queries(8) as large:
        big = balance_for_taxpayer(taxpayer=other_taxpayer, today=D(2026, 1, 1))
    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(big.liabilities) == 20 and sum(len(item.instalments) for item in big.liabilities) == 240


def test_balances_all_matches_the_page_and_streams_in_chunks(taxpayer, other_taxpayer, django_assert_max_num_queries):
    _liabilities(taxpayer, 2)
    _liabilities(other_taxpayer, 3)
    services.taxpayer_create(name="Bez zobowiązań")
    today = D(2026, 1, 1)
    with django_assert_max_num_queries(1 + 6 * 3 + 1):  # per chunk: ids, instalments, allocations, fees ×2, payments
        summaries = list(balances_all(today=today, chunk_size=1))
    assert len(summaries) == 3
    for payer in (taxpayer, other_taxpayer):
        page = balance_for_taxpayer(taxpayer=payer, today=today)
        summary = next(s for s in summaries if s.taxpayer_id == payer.pk)
        assert (summary.overdue, summary.interest, summary.paid, summary.overpaid) == (
            page.overdue,
            page.interest,
            page.paid,
            page.overpaid,
        )
    assert summaries[-1].due_now == 0


def test_access_row_is_unique_per_user_and_taxpayer(finance_user, taxpayer):
    services.taxpayer_grant_access(user=finance_user, taxpayer=taxpayer, relation="representative")
    assert TaxpayerAccess.objects.get(user=finance_user, taxpayer=taxpayer).relation == "representative"
    assert UserFactory().taxpayer_access.count() == 0


# --- demo ------------------------------------------------------------------------------------------


def test_seed_finance_is_idempotent_and_shows_each_case(db):
    from eservices.finance.demo import seed_finance
    from home.demo.accounts import seed_accounts

    seed_accounts()
    accounts = seed_finance()
    counts = (Taxpayer.objects.count(), Liability.objects.count(), Payment.objects.count(), Allocation.objects.count())
    assert seed_finance() == accounts
    assert counts == (
        Taxpayer.objects.count(),
        Liability.objects.count(),
        Payment.objects.count(),
        Allocation.objects.count(),
    )
    from django.contrib.auth import get_user_model

    maria = get_user_model().objects.get(email="zweryfikowany@ratusz.local")
    assert {t.relation for t in taxpayers_for_user(maria)} == {"own", "spouse", "company"}
    own = next(t for t in taxpayers_for_user(maria) if t.relation == "own")
    balance = balance_for_taxpayer(taxpayer=own, year=2025, today=D(2025, 12, 31))
    assert balance.overdue == Decimal("1200.00") and balance.interest > 0
    jan = taxpayers_for_user(get_user_model().objects.get(email="mieszkaniec@ratusz.local")).get()
    assert balance_for_taxpayer(taxpayer=jan, today=D(2025, 12, 31)).overpaid == Decimal("37.00")
    assert accounts[0][0] == "ksiegowosc@ratusz.local"


def test_finance_officer_sees_the_taxpayer_with_liabilities_in_the_admin(client, taxpayer, property_liability):
    officer = UserFactory(email="ksiegowa@example.pl", is_staff=True)
    officer.groups.add(finance_group())
    client.force_login(officer)
    response = client.get(f"/admin/snippets/finance/taxpayer/edit/{taxpayer.pk}/")
    assert response.status_code == 200
    assert "FN.3120.1.2025" in response.content.decode()
    from cms.audit.models import AccessLogEntry  # viewing a balance is in the access log (issue 11)

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.subject_type, entry.subject_id, entry.subject_label) == (
        officer, "taxpayer", str(taxpayer.pk), "Jan Podatnik")
    resident = UserFactory(email="bez-uprawnien@example.pl", is_staff=True)
    client.force_login(resident)
    assert client.get(f"/admin/snippets/finance/taxpayer/edit/{taxpayer.pk}/").status_code in (302, 403)

"""Online payment (issue 6, "Płatności online"): the sandbox gateway over real HTTP, notifications
booked exactly once, forged or mismatched ones rejected and logged, someone else's liability refused,
expiry and the periodic status check, the daily export and the read-only admin listing."""

import csv
import datetime as dt
import io
import json
import re
import threading
from decimal import Decimal

import pytest
import requests
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from eservices.finance import services as finance_services
from eservices.finance.models import Allocation, Liability, Payment
from eservices.finance.payments import services
from eservices.finance.payments.models import PaymentNotification, PaymentTransaction, SandboxPayment
from eservices.finance.payments.providers.sandbox import SIGNATURE_HEADER, SandboxProvider, sign
from eservices.finance.payments.tasks import check_pending_payments, export_online_payments

Status = PaymentTransaction.Status
SANDBOX = "eservices.finance.payments.providers.sandbox.SandboxProvider"


@pytest.fixture(autouse=True)
def _sandbox(settings, tmp_path):
    settings.FINANCE_PAYMENT_PROVIDER = SANDBOX
    settings.FINANCE_PAYMENT_PROVIDER_SETTINGS = {"sandbox": {"secret": "sekret-testowy"}}
    settings.FINANCE_PAYMENT_BASE_URL = ""
    settings.FINANCE_PAYMENT_CHECK_AFTER_MINUTES = 15
    settings.FINANCE_PAYMENT_EXPIRE_MINUTES = 60
    settings.FINANCE_PAYMENT_EXPORT_DIR = tmp_path / "eksport"


def _instalments(liability):
    return list(liability.instalments.order_by("number"))


def _start(user, taxpayer, instalments, base_url="http://testserver/"):
    taxpayer.visible_kinds = None
    quote = services.payment_quote(taxpayer=taxpayer, instalment_ids=[i.pk for i in instalments])
    return services.transaction_start(user=user, quote=quote, base_url=base_url)


def _notification(tx, **changes):
    data = {
        "order_id": tx.external_id,
        "token": tx.provider_reference,
        "status": "paid",
        "amount": str(tx.amount),
        "currency": "PLN",
    }
    data.update(changes)
    return json.dumps(data, sort_keys=True).encode()


def _post_notification(client, body, signature=None):
    signature = signature if signature is not None else sign(body, {"secret": "sekret-testowy"})
    return client.post(
        "/platnosci/powiadomienie/sandbox/",
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _browser(client, user) -> requests.Session:
    """A real HTTP client signed in as ``user`` (the session made by the test client)."""
    client.force_login(user)
    session = requests.Session()
    session.trust_env = False
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    return session


def _pl(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _ledger():
    return (Payment.objects.count(), Allocation.objects.count())


# --- the whole flow over HTTP ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_full_flow_over_http_books_the_payment_and_shows_it_paid(
    live_server, wagtail_base, rate_table, client, finance_user, taxpayer, property_liability
):
    first, second = _instalments(property_liability)[:2]
    browser = _browser(client, finance_user)
    url = f"{live_server.url}/konto/naleznosci/{taxpayer.pk}/zaplac/?raty={first.pk},{second.pk}"

    confirm = browser.get(url, timeout=30)
    assert confirm.status_code == 200
    taxpayer.visible_kinds = None
    quote = services.payment_quote(taxpayer=taxpayer, instalment_ids=[first.pk, second.pk])
    assert quote.interest > 0  # 2025 instalments are overdue: interest to today is part of the amount
    assert _pl(quote.amount) in confirm.text

    gateway = browser.post(
        url,
        data={
            "csrfmiddlewaretoken": _csrf(confirm.text),
            "raty": f"{first.pk},{second.pk}",
            "kwota": f"{quote.amount}",
        },
        timeout=30,
    )
    assert gateway.status_code == 200
    assert "/platnosci/sandbox/" in gateway.url
    assert "Bramka testowa" in gateway.text
    tx = PaymentTransaction.objects.get()
    assert tx.status == Status.PENDING and tx.amount == quote.amount
    assert Payment.objects.count() == 0

    back = browser.post(gateway.url, data={"csrfmiddlewaretoken": _csrf(gateway.text), "decision": "pay"}, timeout=30)

    assert back.status_code == 200
    assert back.url.endswith(f"/platnosci/{tx.external_id}/")
    assert "opłacone" in back.text
    tx.refresh_from_db()
    assert tx.status == Status.PAID
    payment = tx.payment
    assert payment.channel == Payment.Channel.ONLINE
    assert payment.bank_reference == tx.external_id
    assert payment.amount == quote.amount
    allocations = {a.instalment_id: a for a in payment.allocations.all()}
    assert allocations[first.pk].principal == Decimal("100.00")
    assert allocations[second.pk].principal == Decimal("100.00")
    assert sum(a.interest for a in allocations.values()) == quote.interest
    log = PaymentNotification.objects.get()
    assert log.verified and log.accepted and log.transaction == tx
    assert SandboxPayment.objects.get().notified


@pytest.mark.django_db(transaction=True)
def test_rejected_on_the_gateway_marks_the_transaction_failed(
    live_server, wagtail_base, client, finance_user, taxpayer, property_liability
):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1], base_url=live_server.url)
    browser = _browser(client, finance_user)
    page = browser.get(tx.redirect_url, timeout=30)

    back = browser.post(
        tx.redirect_url, data={"csrfmiddlewaretoken": _csrf(page.text), "decision": "reject"}, timeout=30
    )

    tx.refresh_from_db()
    assert tx.status == Status.FAILED
    assert "Płatność nie została zrealizowana" in back.text
    assert _ledger() == (0, 0)


# --- notifications ---------------------------------------------------------------------------------


def test_confirmation_page_shows_amount_with_interest(client, finance_user, taxpayer, property_liability):
    first = _instalments(property_liability)[0]
    client.force_login(finance_user)

    response = client.get(f"/konto/naleznosci/{taxpayer.pk}/zaplac/?raty={first.pk}")

    quote = response.context["quote"]
    assert quote.amount == Decimal("100.00") + quote.interest
    assert f"Zapłać {_pl(quote.amount)} zł" in response.content.decode()


def test_duplicate_notification_books_one_payment(client, finance_user, taxpayer, property_liability):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])
    body = _notification(tx)

    first = _post_notification(client, body)
    second = _post_notification(client, body)

    assert first.status_code == 200 and second.status_code == 200
    assert Payment.objects.filter(bank_reference=tx.external_id).count() == 1
    tx.refresh_from_db()
    assert tx.status == Status.PAID
    logs = list(PaymentNotification.objects.order_by("pk"))
    assert [log.accepted for log in logs] == [True, True]
    assert "powtórzone" in logs[1].reason


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_notifications_book_one_payment(finance_user, taxpayer, property_liability):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:2])
    body = _notification(tx)
    headers = {SIGNATURE_HEADER: sign(body, {"secret": "sekret-testowy"})}
    barrier, results = threading.Barrier(2), []

    def deliver():
        try:
            barrier.wait()
            outcome, _provider = services.notification_receive(provider_name="sandbox", body=body, headers=headers)
            results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(outcome.accepted for outcome in results) and len(results) == 2
    assert sorted(outcome.booked for outcome in results) == [False, True]
    assert Payment.objects.count() == 1
    assert Allocation.objects.filter(payment__bank_reference=tx.external_id).count() == 2


def test_forged_signature_is_rejected_logged_and_ledger_unchanged(client, finance_user, taxpayer, property_liability):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])
    body = _notification(tx)

    response = _post_notification(client, body, signature=sign(body, {"secret": "zgadniete"}))
    unsigned = client.post("/platnosci/powiadomienie/sandbox/", data=body, content_type="application/json")

    assert response.status_code == 400 and unsigned.status_code == 400
    assert _ledger() == (0, 0)
    tx.refresh_from_db()
    assert tx.status == Status.PENDING
    logs = list(PaymentNotification.objects.all())
    assert len(logs) == 2
    assert all(not log.verified and not log.accepted and "podpis" in log.reason for log in logs)
    assert json.loads(logs[0].body)["order_id"] == tx.external_id


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"amount": "1.00"}, "kwota 1.00 zamiast"), ({"currency": "EUR"}, "waluta"), ({"order_id": "EBOM-X"}, "nieznana")],
)
def test_mismatched_notification_is_rejected(client, finance_user, taxpayer, property_liability, changes, reason):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])

    response = _post_notification(client, _notification(tx, **changes))

    assert response.status_code == 400
    assert _ledger() == (0, 0)
    tx.refresh_from_db()
    assert tx.status == Status.PENDING
    log = PaymentNotification.objects.get()
    assert log.verified and not log.accepted and reason in log.reason


def test_notification_for_a_provider_not_switched_on_is_404(client, finance_user, taxpayer, property_liability):
    response = client.post("/platnosci/powiadomienie/przelewy24/", data=b"{}", content_type="application/json")

    assert response.status_code == 404
    assert not PaymentNotification.objects.get().accepted


# --- someone else's liability ----------------------------------------------------------------------


def test_paying_another_taxpayers_instalment_is_refused_and_nothing_created(
    client, finance_user, taxpayer, property_liability, other_taxpayer
):
    foreign = finance_services.liability_create(
        taxpayer=other_taxpayer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("200.00")
    )
    foreign_instalment = foreign.instalments.first()
    own = _instalments(property_liability)[0]
    client.force_login(finance_user)
    url = f"/konto/naleznosci/{taxpayer.pk}/zaplac/"

    shown = client.get(url, {"raty": f"{own.pk},{foreign_instalment.pk}"})
    posted = client.post(url, {"raty": str(foreign_instalment.pk), "kwota": "200.00"})
    other_pk = client.get(f"/konto/naleznosci/{other_taxpayer.pk}/zaplac/", {"raty": str(foreign_instalment.pk)})

    assert shown.status_code == 400 and posted.status_code == 400
    assert "Nie można zapłacić za cudze należności" in shown.content.decode()
    assert other_pk.status_code == 404
    assert PaymentTransaction.objects.count() == 0 and SandboxPayment.objects.count() == 0
    assert _ledger() == (0, 0)


def test_paid_instalment_and_garbage_are_refused(client, finance_user, taxpayer, property_liability):
    first = _instalments(property_liability)[0]
    finance_services.payment_create(taxpayer=taxpayer, paid_on=first.due_date, amount=Decimal("100.00"))
    client.force_login(finance_user)
    url = f"/konto/naleznosci/{taxpayer.pk}/zaplac/"

    paid = client.get(url, {"raty": str(first.pk)})
    garbage = client.get(url, {"raty": "1;drop"})
    empty = client.get(url)

    assert "jest już opłacona" in paid.content.decode()
    assert "Nie rozpoznano wybranych rat" in garbage.content.decode()
    assert "Nie wybrano żadnej raty" in empty.content.decode()
    assert PaymentTransaction.objects.count() == 0


def test_spouse_may_pay_only_the_joint_liability(client, taxpayer, property_liability):
    from tests.factories import UserFactory

    joint = finance_services.liability_create(
        taxpayer=taxpayer, kind=Liability.Kind.JOINT, year=2025, total=Decimal("300.00")
    )
    spouse = UserFactory(email="malzonka@example.pl")
    finance_services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation="spouse")
    client.force_login(spouse)
    url = f"/konto/naleznosci/{taxpayer.pk}/zaplac/"

    own_kind = client.get(url, {"raty": str(_instalments(property_liability)[0].pk)})
    joint_kind = client.get(url, {"raty": str(_instalments(joint)[0].pk)})

    assert own_kind.status_code == 400 and "cudze należności" in own_kind.content.decode()
    assert joint_kind.status_code == 200


def test_gateway_down_fails_the_transaction_with_a_message(
    client, finance_user, taxpayer, property_liability, monkeypatch
):
    from eservices.finance.payments.providers import ProviderError

    def unreachable(self, transaction, **urls):
        raise ProviderError("timeout")

    monkeypatch.setattr(SandboxProvider, "start", unreachable)
    first = _instalments(property_liability)[0]
    client.force_login(finance_user)
    url = f"/konto/naleznosci/{taxpayer.pk}/zaplac/"
    amount = client.get(url, {"raty": str(first.pk)}).context["quote"].amount

    response = client.post(url, {"raty": str(first.pk), "kwota": f"{amount:.2f}"})

    assert response.status_code == 503
    assert "Operator płatności jest chwilowo niedostępny" in response.content.decode()
    assert PaymentTransaction.objects.get().status == Status.FAILED
    assert _ledger() == (0, 0)


def test_changed_amount_asks_to_confirm_again(client, finance_user, taxpayer, property_liability):
    first = _instalments(property_liability)[0]
    client.force_login(finance_user)

    response = client.post(f"/konto/naleznosci/{taxpayer.pk}/zaplac/", {"raty": str(first.pk), "kwota": "100.00"})

    assert response.status_code == 409
    assert "Kwota do zapłaty zmieniła się" in response.content.decode()
    assert PaymentTransaction.objects.count() == 0


def test_return_page_of_someone_else_is_404(client, finance_user, taxpayer, property_liability, other_taxpayer):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])
    client.force_login(other_taxpayer.access.get().user)

    assert client.get(f"/platnosci/{tx.external_id}/").status_code == 404


# --- expiry and the periodic status check ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_expired_transaction_is_not_paid_and_late_notification_is_rejected(
    live_server, wagtail_base, client, finance_user, taxpayer, property_liability
):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1], base_url=live_server.url)
    two_hours_ago = timezone.now() - dt.timedelta(hours=2)
    PaymentTransaction.objects.filter(pk=tx.pk).update(created_at=two_hours_ago)
    SandboxPayment.objects.update(expires_at=two_hours_ago + dt.timedelta(hours=1))

    counts = check_pending_payments.delay().get()

    assert counts == {"checked": 1, "paid": 0, "expired": 1}
    tx.refresh_from_db()
    assert tx.status == Status.EXPIRED
    browser = _browser(client, finance_user)
    assert "Czas na dokonanie tej płatności minął" in browser.get(tx.redirect_url, timeout=30).text
    assert "Czas na dokonanie płatności minął" in browser.get(f"{live_server.url}/platnosci/{tx.external_id}/").text
    late = requests.post(
        f"{live_server.url}/platnosci/powiadomienie/sandbox/",
        data=_notification(tx),
        headers={SIGNATURE_HEADER: sign(_notification(tx), {"secret": "sekret-testowy"})},
        timeout=30,
    )
    assert late.status_code == 400
    assert "wygasła" in PaymentNotification.objects.get(source="notify").reason
    assert _ledger() == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_check_status_books_a_payment_whose_notification_was_lost(
    live_server, wagtail_base, finance_user, taxpayer, property_liability
):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1], base_url=live_server.url)
    # The payer paid on the gateway but its notification never arrived.
    SandboxPayment.objects.update(status=SandboxPayment.Status.PAID, decided_at=timezone.now())
    assert SandboxProvider().check_status(tx).status == "paid"
    recent = check_pending_payments.delay().get()
    assert recent == {"checked": 0, "paid": 0, "expired": 0}  # younger than 15 minutes: not asked yet
    PaymentTransaction.objects.filter(pk=tx.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))

    counts = check_pending_payments.delay().get()

    assert counts == {"checked": 1, "paid": 1, "expired": 0}
    tx.refresh_from_db()
    assert tx.status == Status.PAID and tx.payment.bank_reference == tx.external_id
    assert PaymentNotification.objects.get().source == "check"


@pytest.mark.django_db(transaction=True)
def test_check_status_of_a_still_pending_payment_changes_nothing(
    live_server, wagtail_base, finance_user, taxpayer, property_liability
):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1], base_url=live_server.url)
    PaymentTransaction.objects.filter(pk=tx.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))

    counts = check_pending_payments.delay().get()

    assert counts == {"checked": 1, "paid": 0, "expired": 0}
    tx.refresh_from_db()
    assert tx.status == Status.PENDING and tx.checked_at is not None
    assert _ledger() == (0, 0)


def test_transitions_are_final_once_paid(finance_user, taxpayer, property_liability):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])
    tx.status = Status.PAID

    with pytest.raises(services.TransitionError):
        services.transaction_transition(tx, Status.EXPIRED)


# --- export and admin ------------------------------------------------------------------------------


def test_daily_export_lists_online_payments(client, finance_user, taxpayer, property_liability, settings):
    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:2])
    _post_notification(client, _notification(tx))
    today = timezone.localdate()
    out = io.StringIO()

    call_command("finance_export_payments", "--date", today.isoformat(), stdout=out, stderr=io.StringIO())

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1
    assert rows[0]["transaction_id"] == tx.external_id
    assert rows[0]["amount"] == f"{tx.amount:.2f}"
    assert rows[0]["taxpayer_external_id"] == "P-0001"
    assert rows[0]["instalments"] == "L-2025-0001/1;L-2025-0001/2"
    name = export_online_payments.delay(today.isoformat()).get()
    assert (settings.FINANCE_PAYMENT_EXPORT_DIR / name).read_text(encoding="utf-8") == out.getvalue()
    with pytest.raises(Exception, match="Nieprawidłowa data"):
        call_command("finance_export_payments", "--date", "17.03.2025")


def test_admin_listing_is_read_only(client, finance_user, taxpayer, property_liability):
    from eservices.finance.access import finance_group
    from tests.factories import UserFactory

    tx = _start(finance_user, taxpayer, _instalments(property_liability)[:1])
    officer = UserFactory(email="ksiegowa@example.pl")
    officer.groups.add(finance_group())
    client.force_login(officer)

    listing = client.get("/admin/snippets/finance/paymenttransaction/")
    add = client.get("/admin/snippets/finance/paymenttransaction/add/")
    edit = client.get(f"/admin/snippets/finance/paymenttransaction/edit/{tx.pk}/")

    assert listing.status_code == 200 and tx.external_id in listing.content.decode()
    assert add.status_code in (302, 403) and edit.status_code in (302, 403)
    _post_notification(client, _notification(tx), signature="sha256=podrobiony")
    log = client.get("/admin/snippets/finance/paymentnotification/")
    assert log.status_code == 200 and "nieprawidłowy podpis" in log.content.decode()

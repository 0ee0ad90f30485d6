"""Reminders before due dates: who gets them, when, and never twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.messaging.models import OutboundMessage
from eservices.finance import services
from eservices.finance.models import Liability, TaxpayerAccess
from eservices.finance.reminders import reminder_key, send_due_reminders
from eservices.finance.tasks import send_due_reminders as send_due_reminders_task
from tests.factories import UserFactory

# The 2025 property tax instalment 2 is due 15 V 2025; seven days before is 8 V.
MAY_8 = dt.date(2025, 5, 8)


def test_beat_schedule_and_default_days():
    assert settings.CELERY_BEAT_SCHEDULE["finance-due-reminders"]["task"] == "finance.send_due_reminders"
    assert settings.FINANCE_REMINDER_DAYS == 7


def test_reminder_sent_once(finance_user, taxpayer, property_liability):
    second = property_liability.instalments.get(number=2)
    assert send_due_reminders(today=MAY_8) == 1
    message = OutboundMessage.objects.get()
    assert message.key == reminder_key(user_id=finance_user.pk, instalment_id=second.pk)
    assert message.key == f"finance:reminder:{finance_user.pk}:{second.pk}"
    assert message.recipient == "podatnik@example.pl"
    assert "15 maja 2025" in message.subject and "Podatek od nieruchomości 2025, rata 2" in message.subject
    assert "100,00" in message.body and taxpayer.account_number[:2] in message.body
    assert "/konto/naleznosci/" in message.body
    # a rerun the same day and the next days sends nothing more for this instalment
    assert send_due_reminders(today=MAY_8) == 0
    assert send_due_reminders(today=MAY_8 + dt.timedelta(days=1)) == 0
    assert OutboundMessage.objects.count() == 1


def test_nothing_before_the_window_and_nothing_when_paid(taxpayer, property_liability):
    assert send_due_reminders(today=dt.date(2025, 5, 7)) == 0  # 8 days before
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 1), amount=Decimal("200.00"))
    assert send_due_reminders(today=MAY_8) == 0
    assert not OutboundMessage.objects.exists()


def test_configurable_days(settings, taxpayer, property_liability):
    settings.FINANCE_REMINDER_DAYS = 14
    assert send_due_reminders(today=dt.date(2025, 5, 1)) == 1


def test_every_person_with_access_spouse_only_for_joint(finance_user, taxpayer, property_liability):
    joint = services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.JOINT, year=2025, total=Decimal("400.00"))
    spouse = UserFactory(email="malzonka@example.pl")
    services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.SPOUSE)
    inactive = UserFactory(email="nieaktywny@example.pl", is_active=False)
    services.taxpayer_grant_access(user=inactive, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.REPRESENTATIVE)
    assert send_due_reminders(today=MAY_8) == 3  # owner: property + joint; spouse: joint
    joint_second = joint.instalments.get(number=2)
    assert set(OutboundMessage.objects.filter(recipient=spouse.email).values_list("key", flat=True)) == {
        f"finance:reminder:{spouse.pk}:{joint_second.pk}"
    }
    assert not OutboundMessage.objects.filter(recipient=inactive.email).exists()


def test_another_persons_instalments_go_only_to_them(finance_user, taxpayer, other_taxpayer):
    services.liability_create(taxpayer=other_taxpayer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("400"))
    assert send_due_reminders(today=MAY_8) == 1
    assert OutboundMessage.objects.get().recipient == "inna@example.pl"


def _count(today) -> int:
    with CaptureQueriesContext(connection) as queries:
        send_due_reminders(today=today)
    return len(queries)


def test_rerun_reads_in_bulk(db):
    """A rerun (everything already queued) reads with a constant number of queries."""

    def add(n):
        for i in range(n):
            user = UserFactory(email=f"p{n}-{i}@example.pl")
            payer = services.taxpayer_create(name=f"P {n} {i}")
            services.taxpayer_grant_access(user=user, taxpayer=payer)
            services.liability_create(taxpayer=payer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("400"))

    add(2)
    send_due_reminders(today=MAY_8)
    few = _count(MAY_8)
    add(8)
    assert send_due_reminders(today=MAY_8) == 8
    assert _count(MAY_8) == few


def test_sms_hook_called_for_new_reminders_only(settings, taxpayer, property_liability):
    calls.clear()
    settings.FINANCE_REMINDER_SMS_HOOK = f"{__name__}.record_sms"
    send_due_reminders(today=MAY_8)
    send_due_reminders(today=MAY_8)
    assert len(calls) == 1 and calls[0]["key"].startswith("finance:reminder:")


calls: list[dict] = []


def record_sms(**kwargs):
    calls.append(kwargs)


def test_task_runs_the_service(monkeypatch, taxpayer, property_liability):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: MAY_8)
    assert send_due_reminders_task.delay().get() == 1


@pytest.mark.django_db
def test_e_mail_delivered_once(
    django_capture_on_commit_callbacks, mailoutbox, finance_user, taxpayer, property_liability
):
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=MAY_8)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=MAY_8)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["podatnik@example.pl"]

"""Due-date reminders by e-mail and SMS as the resident chose on /konto/naleznosci/, and the system
check that keeps the sandbox payment gateway out of production."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from cms.messaging.models import OutboundMessage
from eservices.finance import reminders
from eservices.finance.checks import check_payment_provider
from eservices.finance.models import ReminderPreference
from eservices.finance.preferences import normalise_mobile
from eservices.finance.reminders import reminder_key, send_due_reminders, sms_text

MAY_8 = dt.date(2025, 5, 8)  # 7 days before the 2nd instalment (15.05.2025, 100 zł)


@pytest.fixture
def signed_in(client, finance_user):
    client.force_login(finance_user)
    return client


# --- the preference form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("+48 601 234 567", "+48601234567"), ("601-234-567", "+48601234567"), ("0048601234567", "+48601234567")],
)
def test_mobile_numbers_accepted(raw, stored):
    assert normalise_mobile(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "+49 601 234 567", "+48 601 234 56", "601 234 5678", "tel. 601234567"])
def test_mobile_numbers_refused(raw):
    assert normalise_mobile(raw) is None


def test_page_shows_the_form_and_saves_the_choice(signed_in, finance_user, taxpayer):
    page = signed_in.get("/konto/naleznosci/")
    assert "Przypominaj mi SMS-em" in page.text and reverse("finance:reminder_preferences") in page.text
    response = signed_in.post(
        reverse("finance:reminder_preferences"), {"email": "", "sms": "on", "phone": "601 234 567"}, follow=True
    )
    assert "Zapisano ustawienia przypomnień" in response.text
    preference = ReminderPreference.objects.get(user=finance_user)
    assert (preference.email, preference.sms, preference.phone) == (False, True, "+48601234567")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sms": "on", "phone": "12345"}, "Podaj polski numer komórkowy: +48 i 9 cyfr"),
        ({"sms": "on", "phone": ""}, "Aby dostawać SMS-y, podaj numer telefonu."),
    ],
)
def test_bad_phone_clear_message_nothing_stored(signed_in, finance_user, taxpayer, data, message):
    response = signed_in.post(reverse("finance:reminder_preferences"), {"email": "on", **data})
    assert response.status_code == 200
    assert "Popraw błędy w formularzu" in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not ReminderPreference.objects.filter(user=finance_user).exists()


def test_preferences_only_for_people_with_a_taxpayer(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="nikt@example.pl"))
    assert client.post(reverse("finance:reminder_preferences"), {"email": "on"}).status_code == 404
    assert not ReminderPreference.objects.exists()


# --- sending -------------------------------------------------------------------------------------


def test_sms_when_subscribed_plain_ascii_and_short(finance_user, taxpayer, property_liability):
    ReminderPreference.objects.create(user=finance_user, email=True, sms=True, phone="+48601234567")
    assert send_due_reminders(today=MAY_8) == 2
    second = property_liability.instalments.get(number=2)
    sms = OutboundMessage.objects.get(key=reminder_key(user_id=finance_user.pk, instalment_id=second.pk) + ":sms")
    assert sms.recipient == "+48601234567" and sms.topic == "finance"
    assert sms.body.isascii() and len(sms.body) <= 160
    assert "podatek od nieruchomosci 2025 rata 2: 100,00 zl, termin 15.05.2025" in sms.body
    assert taxpayer.account_number in sms.body
    assert send_due_reminders(today=MAY_8) == 0  # rerun: nothing twice
    assert OutboundMessage.objects.count() == 2


def test_email_off_sms_only(finance_user, taxpayer, property_liability):
    ReminderPreference.objects.create(user=finance_user, email=False, sms=True, phone="+48601234567")
    assert send_due_reminders(today=MAY_8) == 1
    assert list(OutboundMessage.objects.values_list("channel", flat=True)) == [OutboundMessage.Channel.SMS]


def test_both_off_nothing_sent(finance_user, taxpayer, property_liability):
    ReminderPreference.objects.create(user=finance_user, email=False, sms=False)
    assert send_due_reminders(today=MAY_8) == 0 and not OutboundMessage.objects.exists()


def test_without_queue_sms_the_sms_is_skipped_with_a_log_line(
    monkeypatch, caplog, finance_user, taxpayer, property_liability
):
    monkeypatch.setattr(reminders, "queue_sms", None)
    ReminderPreference.objects.create(user=finance_user, email=True, sms=True, phone="+48601234567")
    assert send_due_reminders(today=MAY_8) == 1
    assert "queue_sms is not available" in caplog.text
    assert OutboundMessage.objects.get().channel == OutboundMessage.Channel.EMAIL


def test_sms_text_of_a_long_kind_stays_within_160(taxpayer):
    from eservices.finance import services
    from eservices.finance.models import Liability

    liability = services.liability_create(
        taxpayer=taxpayer, kind=Liability.Kind.JOINT, year=2025, total=Decimal("123456.78")
    )
    instalment = liability.instalments.order_by("number").first()
    instalment.outstanding = instalment.amount
    text = sms_text(instalment=instalment)
    assert text.isascii() and len(text) <= 160 and "zl, termin" in text


# --- the sandbox in production -------------------------------------------------------------------


SANDBOX = "eservices.finance.payments.providers.sandbox.SandboxProvider"


def test_sandbox_refused_with_debug_off(settings):
    settings.DEBUG = False
    settings.FINANCE_PAYMENT_PROVIDER = SANDBOX
    settings.FINANCE_ALLOW_SANDBOX = False
    (error,) = check_payment_provider()
    assert error.id == "finance.E001" and "FINANCE_ALLOW_SANDBOX=1" in error.hint
    assert "finance.E001" in [e.id for e in run_checks()]


def test_sandbox_allowed_explicitly_or_in_debug(settings):
    settings.FINANCE_PAYMENT_PROVIDER = SANDBOX
    settings.DEBUG, settings.FINANCE_ALLOW_SANDBOX = False, True
    assert check_payment_provider() == []
    settings.DEBUG, settings.FINANCE_ALLOW_SANDBOX = True, False
    assert check_payment_provider() == []


def test_real_provider_passes_and_a_wrong_path_is_an_error(settings):
    settings.DEBUG, settings.FINANCE_ALLOW_SANDBOX = False, False
    settings.FINANCE_PAYMENT_PROVIDER = "eservices.finance.payments.providers.base.PaymentProvider"
    assert check_payment_provider() == []
    settings.FINANCE_PAYMENT_PROVIDER = "eservices.finance.payments.providers.nowhere.Gateway"
    assert [e.id for e in check_payment_provider()] == ["finance.E002"]

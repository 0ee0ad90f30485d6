"""The resident's /konto/powiadomienia/, the dashboard panel and the staff import (issue 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.messaging.models import OutboundMessage
from crisis.models import Category, Subscription
from crisis.services import subscriptions as services
from tests.factories import UserFactory

ACCOUNT = "/konto/powiadomienia/"
IMPORT = "/admin/ostrzezenia-import/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", email_confirmed_at=timezone.now())


# --- /konto/powiadomienia/ -------------------------------------------------------------------------


def test_account_page_needs_sign_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]


def test_account_shows_only_own_subscriptions(client, resident, make_area, make_subscription):
    area = make_area("Rudna Mała")
    own_by_user = make_subscription("+48600123456", areas=[area], user=resident)
    own_by_email = make_subscription("jan@example.pl", areas=[area])
    stranger = make_subscription("obcy@example.pl", areas=[area], user=UserFactory())
    make_subscription("+48600999888", areas=[area])  # not linked: the profile phone proves nothing
    resident.phone = "600 999 888"
    resident.save()
    client.force_login(resident)
    html = client.get(ACCOUNT).content.decode()
    assert own_by_user.address in html and own_by_email.address in html
    assert stranger.address not in html and "+48600999888" not in html
    assert client.get(f"{ACCOUNT}{own_by_email.pk}/").status_code == 200
    assert client.get(f"{ACCOUNT}{stranger.pk}/").status_code == 404
    assert client.post(f"{ACCOUNT}{stranger.pk}/wypisz/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.state == "confirmed"


def test_unverified_account_email_does_not_match(client, make_area, make_subscription):
    user = UserFactory(email="niepotwierdzony@example.pl")
    sub = make_subscription("niepotwierdzony@example.pl", all_areas=True)
    client.force_login(user)
    assert "Nie masz jeszcze żadnej subskrypcji" in client.get(ACCOUNT).content.decode()
    assert client.get(f"{ACCOUNT}{sub.pk}/").status_code == 404


def test_owner_changes_areas_and_categories(client, resident, make_area, make_subscription):
    first, second = make_area("Wola Cicha"), make_area("Styki")
    sub = make_subscription("jan@example.pl", areas=[first])
    client.force_login(resident)
    response = client.post(f"{ACCOUNT}{sub.pk}/", {"areas": [second.pk], "categories": [Category.INFRA]})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert list(sub.areas.all()) == [second] and sub.categories_mask == Category.bit(Category.INFRA)


def test_change_without_area_is_refused(client, resident, make_area, make_subscription):
    area = make_area()
    sub = make_subscription("jan@example.pl", areas=[area])
    client.force_login(resident)
    response = client.post(f"{ACCOUNT}{sub.pk}/", {"categories": [Category.INFRA]})
    assert "Wybierz co najmniej jeden obszar" in response.content.decode()
    sub.refresh_from_db()
    assert list(sub.areas.all()) == [area]


def test_owner_unsubscribes(client, resident, make_area, make_subscription):
    sub = make_subscription("+48600123456", all_areas=True, user=resident)
    client.force_login(resident)
    assert client.post(f"{ACCOUNT}{sub.pk}/wypisz/").status_code == 302
    sub.refresh_from_db()
    assert sub.state == "unsubscribed"


def test_verified_account_email_is_confirmed_at_once(client, resident, make_area):
    area = make_area()
    client.force_login(resident)
    response = client.post(ACCOUNT, {"areas": [area.pk], "categories": Category.values, "consent": "on"})
    assert response.status_code == 302
    sub = Subscription.objects.get()
    assert (sub.address, sub.state, sub.source, sub.user) == ("jan@example.pl", "confirmed", "account", resident)
    assert not OutboundMessage.objects.exists()


def test_unverified_account_email_gets_a_link(client, make_area):
    user = UserFactory(email="nowa@example.pl")
    client.force_login(user)
    client.post(ACCOUNT, {"all_areas": "on", "categories": Category.values, "consent": "on"})
    sub = Subscription.objects.get()
    assert sub.state == "pending"
    assert OutboundMessage.objects.get().recipient == "nowa@example.pl"


def test_account_email_without_consent_stores_nothing(client, resident, make_area):
    area = make_area()
    client.force_login(resident)
    response = client.post(ACCOUNT, {"areas": [area.pk], "categories": Category.values})
    assert "Zaznacz zgodę" in response.content.decode()
    assert not Subscription.objects.exists()


def test_sms_confirmed_while_signed_in_is_linked_to_the_account(client, resident, make_area):
    area = make_area()
    client.force_login(resident)
    client.post(
        "/ostrzezenia/subskrypcja/",
        {"phone": "600123456", "areas": [area.pk], "categories": Category.values, "consent": "on"},
    )
    code = OutboundMessage.objects.get(channel="sms").body.split(": ")[1][:6]
    client.post("/ostrzezenia/subskrypcja/kod/", {"code": code})
    sub = Subscription.objects.get()
    assert sub.state == "confirmed" and sub.user == resident
    assert "+48600123456" in client.get(ACCOUNT).content.decode()


def test_dashboard_links_to_the_notifications_page(client, resident, make_subscription):
    make_subscription("jan@example.pl", all_areas=True)
    client.force_login(resident)
    html = client.get("/konto/").content.decode()
    assert "Powiadomienia o zagrożeniach" in html and ACCOUNT in html
    assert "Masz 1 aktywną subskrypcję" in html


# --- Staff import ----------------------------------------------------------------------------------

GOOD_CSV = "email;telefon\nsoltys@example.pl;600 123 456\n;+48 512 345 678\nANNA@example.pl;\n"


def _import(area, text=GOOD_CSV, note="Lista od sołtysa, zgody pisemne z 12.05.2026"):
    user = UserFactory(is_staff=True)
    return services.subscriptions_import(csv_text=text, areas=[area], consent_note=note, user=user)


def test_import_creates_confirmed_subscriptions_with_the_consent_note(make_area, make_alert):
    area = make_area()
    report = _import(area)
    assert report.ok and report.created == 4
    subs = Subscription.objects.order_by("address")
    assert {s.address for s in subs} == {"soltys@example.pl", "anna@example.pl", "+48600123456", "+48512345678"}
    assert all(s.state == "confirmed" and s.source == "import" and "sołtysa" in s.consent_note for s in subs)
    from crisis.targeting import recipients_for_alert

    assert recipients_for_alert(alert=make_alert(areas=[area], send_sms=True, send_email=True)).count() == 4
    assert not OutboundMessage.objects.exists()  # staff attest consent: no confirmation messages


def test_import_with_a_bad_line_imports_nothing_and_reports_lines(make_area):
    area = make_area()
    text = "imie;email;telefon\nOla;ok@example.pl;\nJan;zly-adres;\nEwa;;17 858 00 00\nPiotr;;\n"
    report = _import(area, text)
    assert not report.ok
    assert [line for line, _message in report.errors] == [3, 4, 5]
    assert "zly-adres" in report.errors[0][1] and "stacjonarny" in report.errors[1][1]
    assert not Subscription.objects.exists()


def test_reimport_does_not_duplicate_and_respects_unsubscribed(make_area, make_subscription):
    area = make_area()
    gone = make_subscription("anna@example.pl", all_areas=True, state=Subscription.State.UNSUBSCRIBED)
    first = _import(area)
    assert (first.created, first.skipped_unsubscribed) == (3, 1)
    second = _import(area)
    assert (second.created, second.already_active, second.skipped_unsubscribed) == (0, 3, 1)
    assert Subscription.objects.count() == 4
    gone.refresh_from_db()
    assert gone.state == "unsubscribed"


def test_import_needs_a_consent_note_and_an_area(make_area):
    area = make_area()
    report = services.subscriptions_import(csv_text=GOOD_CSV, areas=[], consent_note="", user=UserFactory())
    messages = " ".join(message for _line, message in report.errors)
    assert "skąd pochodzą zgody" in messages and "co najmniej jeden obszar" in messages
    assert not Subscription.objects.exists()
    assert area.pk  # the area exists but was not chosen


def test_admin_import_preview_then_confirm(client, make_area):
    area = make_area()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="add_subscription")
    )
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 200
    upload = SimpleUploadedFile("lista.csv", GOOD_CSV.encode(), content_type="text/csv")
    response = client.post(
        IMPORT,
        {"file": upload, "areas": [area.pk], "categories": Category.values, "consent_note": "Lista od sołtysa"},
    )
    html = response.content.decode()
    assert "nic jeszcze nie zapisano" in html and not Subscription.objects.exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(IMPORT, {"token": token})
    assert "Zaimportowano" in response.content.decode()
    assert Subscription.objects.filter(state="confirmed", source="import").count() == 4


def test_admin_import_shows_line_errors(client, make_area):
    area = make_area()
    staff = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(staff)
    upload = SimpleUploadedFile("lista.csv", b"email\nok@example.pl\nzle\n", content_type="text/csv")
    response = client.post(
        IMPORT, {"file": upload, "areas": [area.pk], "categories": Category.values, "consent_note": "Lista"}
    )
    html = response.content.decode()
    assert "nic nie zaimportowano" in html and '<th scope="row">3</th>' in html
    assert not Subscription.objects.exists()


def test_admin_import_needs_the_permission(client, db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(IMPORT).status_code in (302, 403)

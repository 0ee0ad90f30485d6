"""The crisis admin (issue 7): composing with the SMS preview, approving by a second person, follow-ups,
the lists, and who gets in."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from crisis.models import Alert, AlertDecision, AlertTemplate, Category
from crisis.roles import APPROVERS, OPERATORS
from crisis.services import alerts as svc
from tests.crisis.conftest import crisis_member
from tests.factories import UserFactory

LIST = "/admin/kryzys/ostrzezenia/"
NEW = LIST + "nowe/"


@pytest.fixture
def area(make_area):
    return make_area("Rudna Mała")


@pytest.fixture(autouse=True)
def broadcast():
    with mock.patch("crisis.tasks.broadcast_start") as task:
        yield task


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def form_data(area, **overrides):
    now = timezone.now()
    data = {
        "status": "Actual",
        "scope": "Public",
        "category": "Met",
        "event": "Burza",
        "level": "ostrzezenie",
        "urgency": "Expected",
        "severity": "Moderate",
        "certainty": "Likely",
        "headline": "Burze z gradem",
        "description": "Prognozowane burze z gradem.",
        "instruction": "",
        "web": "",
        "polygon": "",
        "areas": [area.pk],
        "effective": _local(now),
        "expires": _local(now + dt.timedelta(hours=6)),
        "send_when": "now",
        "send_at": "",
        "send_sms": "on",
        "send_email": "on",
        "show_banner": "on",
        "sms_text": "Ostrzeżenie: burze z gradem do 22:00.",
        "sms_transliterate": "on",
        "sms_max_parts": "2",
        "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def new_alert(operator, area, **fields) -> Alert:
    now = timezone.now()
    values = {
        "category": Category.MET,
        "event": "Burza",
        "headline": "Burze z gradem",
        "description": "Prognozowane burze.",
        "effective": now,
        "expires": now + dt.timedelta(hours=6),
        "sms_text": "Burze z gradem do 22:00.",
    }
    values.update(fields)
    return svc.alert_create(user=operator, areas=[area], **values)


# --- access ------------------------------------------------------------------------------------------


def test_menu_and_pages_for_operator_and_403_for_other_staff(client, operator, area):
    client.force_login(operator)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/kryzys/ostrzezenia/" in dashboard and "/admin/kryzys/subskrypcje/" in dashboard
    for url in (LIST, NEW, "/admin/kryzys/subskrypcje/", "/admin/kryzys/obszary/", "/admin/kryzys/szablony/"):
        assert client.get(url).status_code == 200, url
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get(LIST).status_code == 302  # no admin access at all: Wagtail sends them to the login


def test_staff_without_crisis_role_gets_403(client, db):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert "/admin/kryzys/" not in client.get("/admin/").content.decode()


def test_roles_from_the_migration_have_least_privilege(db):
    def perms(name):
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    operators, approvers = perms(OPERATORS), perms(APPROVERS)
    assert "wagtailadmin.access_admin" in operators
    assert {"crisis.add_alert", "crisis.change_alert", "crisis.view_subscription"} <= operators
    assert "crisis.approve_alert" not in operators and "crisis.change_alerttemplate" not in operators
    assert approvers - operators == {
        "crisis.approve_alert",
        "crisis.add_alertarea",
        "crisis.change_alertarea",
        "crisis.add_alerttemplate",
        "crisis.change_alerttemplate",
        "crisis.add_subscription",
    }
    assert not any(".delete_" in perm for perm in operators | approvers)


# --- composing ---------------------------------------------------------------------------------------


def test_compose_from_template_is_prefilled(client, operator):
    template = AlertTemplate.objects.create(
        name="Burza", event="Burza", category=Category.MET, headline="Burze: {obszar}",
        description="Opis burzy.", sms_text="Burza w gminie.",
    )  # fmt: skip
    client.force_login(operator)
    page = client.get(NEW, {"szablon": template.pk}).content.decode()
    assert "Burze: {obszar}" in page
    assert f'name="template" value="{template.pk}"' in page
    assert "sms-counter.js" in page


def test_sms_preview_button_shows_counts_and_saves_nothing(client, operator, area):
    client.force_login(operator)
    page = client.post(NEW, form_data(area, sms_text="Zażółć " * 30, action="preview"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Zazolc Zazolc" in html  # the transliterated final text
    assert "data-sms-encoding>GSM-7<" in html
    from crisis.services.subscriptions import sms_unsubscribe_hint

    hint = sms_unsubscribe_hint()
    assert hint in html  # the preview shows the SMS as sent, with the unsubscribe instruction
    assert f"data-sms-chars>{209 + 1 + len(hint)}<" in html
    assert "data-sms-parts>2<" in html
    assert not Alert.objects.exists()


def test_sms_preview_warns_over_max_and_ucs2(client, operator, area):
    client.force_login(operator)
    data = form_data(area, sms_text="ą" * 140, action="preview")
    data.pop("sms_transliterate")
    html = client.post(NEW, data).content.decode()
    assert "data-sms-encoding>UCS-2<" in html
    assert "data-sms-parts>3<" in html
    assert "data-sms-over hidden" not in html and "data-sms-over\n" not in html
    assert "przekracza dozwoloną liczbę części" in html


def test_save_creates_a_draft_and_submit_hands_it_over(client, operator, area):
    client.force_login(operator)
    response = client.post(NEW, form_data(area))
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{alert.pk}/"
    assert alert.state == Alert.State.DRAFT and alert.created_by == operator
    response = client.post(f"{LIST}{alert.pk}/zmien/", form_data(area, headline="Burze — poprawka", action="submit"))
    alert.refresh_from_db()
    assert (alert.headline, alert.state) == ("Burze — poprawka", Alert.State.SUBMITTED)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"areas": []}, "co najmniej jeden obszar"),
        ({"send_sms": None, "send_email": None, "show_banner": None}, "co najmniej jeden kanał"),
        ({"sms_text": "a" * 400}, "zajmuje 3 części"),
        ({"send_when": "scheduled", "send_at": ""}, "Podaj datę i godzinę wysyłki"),
    ],
    ids=["no-area", "no-channel", "sms-over", "scheduled-without-time"],
)
def test_compose_bad_input_shows_message_and_stores_nothing(client, operator, area, overrides, message):
    client.force_login(operator)
    response = client.post(NEW, form_data(area, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="error-summary"' in html
    assert not Alert.objects.exists()


def test_expiry_before_effective_in_the_form(client, operator, area):
    client.force_login(operator)
    now = timezone.now()
    response = client.post(NEW, form_data(area, expires=_local(now - dt.timedelta(hours=2))))
    assert "musi być późniejszy" in response.content.decode()
    assert not Alert.objects.exists()


def test_submit_failure_rolls_back_the_new_draft_too(client, operator, area):
    client.force_login(operator)
    response = client.post(NEW, form_data(area, status="Draft", action="submit"))
    assert response.status_code == 400
    assert "nie jest rozsyłany" in response.content.decode()
    assert not Alert.objects.exists()


# --- the alert page and decisions --------------------------------------------------------------------


def test_approver_sees_approve_button_and_recipient_counts(client, operator, approver, area, make_subscription):
    make_subscription("ala@example.pl", areas=[area])
    make_subscription("+48500000001", areas=[area])
    make_subscription("ola@example.pl", all_areas=True)
    make_subscription("nie@example.pl", areas=[area], state="pending")
    alert = svc.alert_submit(alert=new_alert(operator, area), user=operator)
    client.force_login(approver)
    html = client.get(f"{LIST}{alert.pk}/").content.decode()
    assert 'data-action="approve"' in html and 'data-action="reject"' in html
    assert 'data-count="email">2<' in html and 'data-count="sms">1<' in html
    client.force_login(operator)
    html = client.get(f"{LIST}{alert.pk}/").content.decode()
    assert 'data-action="approve"' not in html


def test_approve_by_second_person(client, operator, approver, area, broadcast, django_capture_on_commit_callbacks):
    alert = svc.alert_submit(alert=new_alert(operator, area), user=operator)
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}{alert.pk}/czynnosc/approve/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.state, alert.approved_by) == (Alert.State.APPROVED, approver)
    broadcast.delay.assert_called_once_with(alert.pk)


def test_author_cannot_approve_own_alert(client, area, broadcast):
    author = crisis_member(APPROVERS)
    alert = svc.alert_submit(alert=new_alert(author, area), user=author)
    client.force_login(author)
    page = client.get(f"{LIST}{alert.pk}/").content.decode()
    assert 'data-action="approve"' not in page
    assert "zasada czterech oczu" in page
    response = client.post(f"{LIST}{alert.pk}/czynnosc/approve/")
    assert response.status_code == 403
    assert "zasada czterech oczu" in response.content.decode()
    alert.refresh_from_db()
    assert alert.state == Alert.State.SUBMITTED and alert.approved_by is None
    assert not broadcast.delay.called


def test_author_may_send_own_test_alert(client, area, broadcast, django_capture_on_commit_callbacks):
    author = crisis_member(APPROVERS)
    alert = svc.alert_submit(alert=new_alert(author, area, status=Alert.Status.TEST), user=author)
    client.force_login(author)
    assert 'data-action="approve"' in client.get(f"{LIST}{alert.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST}{alert.pk}/czynnosc/approve/")
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.APPROVED


def test_operator_posting_approve_gets_403(client, operator, area):
    alert = svc.alert_submit(alert=new_alert(crisis_member(OPERATORS), area), user=operator)
    client.force_login(operator)
    response = client.post(f"{LIST}{alert.pk}/czynnosc/approve/")
    assert response.status_code == 403
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SUBMITTED


def test_reject_without_reason_is_refused_then_with_reason_works(client, operator, approver, area):
    alert = svc.alert_submit(alert=new_alert(operator, area), user=operator)
    client.force_login(approver)
    response = client.post(f"{LIST}{alert.pk}/czynnosc/reject/", {"reject-reason": ""})
    assert response.status_code == 400 and "Podaj powód odrzucenia" in response.content.decode()
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SUBMITTED
    client.post(f"{LIST}{alert.pk}/czynnosc/reject/", {"reject-reason": "Zły obszar."})
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.REJECTED
    assert AlertDecision.objects.filter(alert=alert, action="rejected", comment="Zły obszar.").exists()


def test_cancel_and_update_of_a_sent_alert(client, operator, approver, area):
    alert = svc.alert_approve(alert=svc.alert_submit(alert=new_alert(operator, area), user=operator), user=approver)
    client.force_login(operator)
    html = client.get(f"{LIST}{alert.pk}/").content.decode()
    assert 'data-action="cancel"' in html and 'data-action="update"' in html
    response = client.post(
        f"{LIST}{alert.pk}/czynnosc/cancel/", {"cancel-reason": "Burza minęła.", "cancel-sms_text": "Odwolanie burzy."}
    )
    cancel = Alert.objects.get(msg_type=Alert.MsgType.CANCEL)
    assert response["Location"] == f"{LIST}{cancel.pk}/"
    assert (cancel.state, cancel.references, cancel.sms_text) == (Alert.State.SUBMITTED, alert, "Odwolanie burzy.")
    html = client.get(f"{LIST}{alert.pk}/").content.decode()
    assert 'data-action="cancel"' not in html  # one follow-up at a time


def test_update_redirects_to_the_draft_editor(client, operator, approver, area):
    alert = svc.alert_approve(alert=svc.alert_submit(alert=new_alert(operator, area), user=operator), user=approver)
    client.force_login(operator)
    response = client.post(f"{LIST}{alert.pk}/czynnosc/update/")
    update = Alert.objects.get(msg_type=Alert.MsgType.UPDATE)
    assert response["Location"] == f"{LIST}{update.pk}/zmien/"
    assert client.get(response["Location"]).status_code == 200


# --- lists -------------------------------------------------------------------------------------------


def test_list_filters_by_state(client, operator, area):
    draft = new_alert(operator, area, headline="Szkic burzy")
    waiting = svc.alert_submit(alert=new_alert(operator, area, headline="Czeka powódź"), user=operator)
    client.force_login(operator)
    html = client.get(LIST, {"state": "submitted"}).content.decode()
    assert waiting.headline in html and draft.headline not in html


def test_alert_list_queries_do_not_grow(client, operator, area, django_assert_num_queries):
    client.force_login(operator)
    for _i in range(5):
        new_alert(operator, area)
    client.get(LIST)  # warm the per-process caches (content types, site)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        assert client.get(LIST).status_code == 200
    for _i in range(25):
        new_alert(crisis_member(OPERATORS), area)
    with CaptureQueriesContext(connection) as thirty:
        html = client.get(LIST).content.decode()
    assert html.count('data-state="draft"') == 30
    assert len(thirty.captured_queries) == len(five.captured_queries)


def test_subscription_list_searches_by_address_and_filters_by_state(client, operator, make_subscription):
    make_subscription("ala@example.pl")
    make_subscription("+48500000012")
    make_subscription("ola@example.pl", state="unsubscribed")
    client.force_login(operator)
    html = client.get("/admin/kryzys/subskrypcje/", {"q": "+48 500 000 012"}).content.decode()
    assert "+48500000012" in html and "ala@example.pl" not in html
    html = client.get("/admin/kryzys/subskrypcje/", {"state": "unsubscribed"}).content.decode()
    assert "ola@example.pl" in html and "ala@example.pl" not in html
    assert "/admin/kryzys/subskrypcje/add" not in html

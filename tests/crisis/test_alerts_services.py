"""Composing and approving alerts (issue 7): the four-eyes workflow, follow-ups, and every bad input
with its clear message and nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from crisis.models import Alert, AlertDecision, AlertTemplate, Category
from crisis.roles import APPROVERS, OPERATORS
from crisis.services import alerts as svc
from tests.crisis.conftest import crisis_member
from tests.factories import UserFactory


@pytest.fixture
def area(make_area):
    return make_area("Rogoźnica")


@pytest.fixture
def broadcast():
    with mock.patch("crisis.tasks.broadcast_start") as task:
        yield task


def fields(**overrides):
    now = timezone.now()
    values = {
        "category": Category.MET,
        "event": "Burza",
        "headline": "Burze z gradem",
        "description": "Prognozowane burze z gradem.",
        "effective": now,
        "expires": now + dt.timedelta(hours=6),
        "sms_text": "Ostrzeżenie: burze z gradem do 22:00.",
    }
    values.update(overrides)
    return values


def submitted(operator, area, **overrides) -> Alert:
    alert = svc.alert_create(user=operator, areas=[area], **fields(**overrides))
    return svc.alert_submit(alert=alert, user=operator)


# --- composing ---------------------------------------------------------------------------------------


def test_create_gives_identifier_sender_and_default_max_parts(operator, area, settings):
    settings.RATUSZ_CRISIS_SENDER = "kryzys@glogow-mlp.pl"
    settings.RATUSZ_CRISIS_SMS_MAX_PARTS = 3
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    year = timezone.localtime(alert.created_at).year
    assert re.fullmatch(rf"PL-GLOGOW-MLP-{year}-\d{{6}}", alert.identifier)
    assert alert.identifier.endswith(f"{alert.pk:06d}")
    assert (alert.sender, alert.sms_max_parts, alert.state) == ("kryzys@glogow-mlp.pl", 3, Alert.State.DRAFT)
    assert list(alert.areas.all()) == [area]
    assert list(alert.decisions.values_list("action", "user")) == [(AlertDecision.Action.CREATED, operator.pk)]


@pytest.mark.parametrize(
    ("overrides", "areas", "field", "message"),
    [
        ({}, [], "areas", "co najmniej jeden obszar"),
        ({"send_sms": False, "send_email": False, "show_banner": False}, None, "send_sms", "co najmniej jeden kanał"),
        ({"expires": timezone.now() - dt.timedelta(hours=1)}, None, "expires", "musi być późniejszy"),
        ({"sms_text": "a" * 307}, None, "sms_text", "zajmuje 3 części"),
        ({"sms_text": "ą" * 135, "sms_transliterate": False}, None, "sms_text", "włącz zamianę polskich znaków"),
        ({"sms_text": ""}, None, "sms_text", "Wpisz treść SMS"),
    ],
    ids=["no-area", "no-channel", "expiry-before-effective", "sms-over-max", "ucs2-over-max", "sms-empty"],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(operator, area, overrides, areas, field, message):
    with pytest.raises(svc.AlertError) as refused:
        svc.alert_create(user=operator, areas=[area] if areas is None else areas, **fields(**overrides))
    assert message in refused.value.errors[field]
    assert not Alert.objects.exists()
    assert not AlertDecision.objects.exists()


def test_sms_over_max_parts_passes_when_the_maximum_is_raised(operator, area):
    alert = svc.alert_create(user=operator, areas=[area], **fields(sms_text="a" * 307, sms_max_parts=3))
    assert alert.pk


def test_update_of_a_draft_and_refusal_once_submitted(operator, area, make_area):
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    other = make_area("Lipie")
    svc.alert_update(alert=alert, user=operator, areas=[other], headline="Burze z gradem — aktualne")
    alert.refresh_from_db()
    assert alert.headline == "Burze z gradem — aktualne"
    assert list(alert.areas.all()) == [other]
    svc.alert_submit(alert=alert, user=operator)
    with pytest.raises(svc.AlertError, match="tylko szkic albo odrzucone"):
        svc.alert_update(alert=alert, user=operator, headline="Zmiana po przekazaniu")
    alert.refresh_from_db()
    assert alert.headline == "Burze z gradem — aktualne"


def test_invalid_update_changes_nothing(operator, area):
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    with pytest.raises(svc.AlertError):
        svc.alert_update(alert=alert, user=operator, areas=[], headline="Nowy")
    alert.refresh_from_db()
    assert (alert.headline, list(alert.areas.all())) == ("Burze z gradem", [area])
    assert alert.decisions.count() == 1


def test_a_cap_draft_is_not_submitted(operator, area):
    alert = svc.alert_create(user=operator, areas=[area], **fields(status=Alert.Status.DRAFT))
    with pytest.raises(svc.AlertError) as refused:
        svc.alert_submit(alert=alert, user=operator)
    assert "status" in refused.value.errors
    assert Alert.objects.get().state == Alert.State.DRAFT


def test_template_prefill_fills_placeholders(make_area):
    template = AlertTemplate.objects.create(
        name="Powódź",
        event="Powódź",
        category=Category.MET,
        headline="Zagrożenie powodziowe: {obszar}",
        description="Do {do} możliwe podtopienia w: {obszar}.",
        sms_text="Powodz: {obszar} do {do}.",
    )
    expires = timezone.make_aware(dt.datetime(2026, 7, 1, 18, 0))
    values = svc.alert_prefill(template=template, areas=[make_area("Lipie"), make_area("Styków")], expires=expires)
    assert values["headline"] == "Zagrożenie powodziowe: Lipie, Styków"
    assert values["sms_text"] == "Powodz: Lipie, Styków do 01.07 18:00."
    assert svc.alert_prefill(template=template)["headline"] == "Zagrożenie powodziowe: {obszar}"


def test_placeholders_left_in_the_text_are_filled_on_save_before_counting(operator, make_area):
    """The SMS is checked as it will be sent: with the areas' names in place of ``{obszar}``."""
    areas = [make_area("Wysoka Głogowska"), make_area("Pogwizdów Nowy")]
    expires = timezone.make_aware(dt.datetime(2026, 7, 1, 18, 0))
    alert = svc.alert_create(
        user=operator,
        areas=areas,
        **fields(
            headline="Upał: {obszar}",
            effective=expires - dt.timedelta(hours=5),
            expires=expires,
            sms_text="Upal: {obszar} do {do}.",
        ),
    )
    assert alert.headline == "Upał: Wysoka Głogowska, Pogwizdów Nowy"
    assert alert.sms_text == "Upal: Wysoka Głogowska, Pogwizdów Nowy do 01.07 18:00."
    with pytest.raises(svc.AlertError, match="zajmuje 2 części"):
        svc.alert_create(user=operator, areas=areas * 1, **fields(sms_text="{obszar} " + "a" * 130, sms_max_parts=1))


def test_operator_without_permission_cannot_create(db, area):
    with pytest.raises(svc.AlertError) as refused:
        svc.alert_create(user=UserFactory(is_staff=True), areas=[area], **fields())
    assert refused.value.forbidden
    assert not Alert.objects.exists()


# --- approving ---------------------------------------------------------------------------------------


def test_second_person_approves_and_the_broadcast_starts_after_commit(
    operator, approver, area, broadcast, django_capture_on_commit_callbacks
):
    alert = submitted(operator, area)
    with django_capture_on_commit_callbacks(execute=True):
        svc.alert_approve(alert=alert, user=approver)
    alert.refresh_from_db()
    assert (alert.state, alert.approved_by, alert.sent is not None) == (Alert.State.APPROVED, approver, True)
    broadcast.delay.assert_called_once_with(alert.pk)
    assert list(alert.decisions.values_list("action", flat=True)) == ["created", "submitted", "approved"]


def test_scheduled_alert_keeps_its_time(operator, approver, area, broadcast, django_capture_on_commit_callbacks):
    """The task is queued at once and waits for ``send_at`` itself (the beat starts it on time)."""
    send_at = timezone.now() + dt.timedelta(hours=1)
    alert = submitted(operator, area, send_at=send_at)
    with django_capture_on_commit_callbacks(execute=True):
        svc.alert_approve(alert=alert, user=approver)
    alert.refresh_from_db()
    assert (alert.state, alert.send_at, alert.sent) == (Alert.State.APPROVED, send_at, send_at)
    broadcast.delay.assert_called_once_with(alert.pk)


def test_author_cannot_approve_an_actual_alert(area, broadcast, django_capture_on_commit_callbacks):
    author = crisis_member(APPROVERS)  # even with the approver role
    alert = submitted(author, area)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(svc.AlertError) as refused:
        svc.alert_approve(alert=alert, user=author)
    assert "zasada czterech oczu" in refused.value.message
    assert refused.value.forbidden
    alert.refresh_from_db()
    assert (alert.state, alert.approved_by) == (Alert.State.SUBMITTED, None)
    assert not alert.decisions.filter(action=AlertDecision.Action.APPROVED).exists()
    assert not broadcast.delay.called


def test_an_editor_of_the_alert_cannot_approve_it_either(operator, area):
    editor = crisis_member(APPROVERS)
    editor.groups.add(Group.objects.get(name=OPERATORS))
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    svc.alert_update(alert=alert, user=editor, headline="Poprawiony nagłówek")
    svc.alert_submit(alert=alert, user=operator)
    with pytest.raises(svc.AlertError, match="czterech oczu"):
        svc.alert_approve(alert=alert, user=editor)


@pytest.mark.parametrize("status", [Alert.Status.TEST, Alert.Status.EXERCISE])
def test_test_or_exercise_may_be_sent_by_its_author(area, broadcast, status, django_capture_on_commit_callbacks):
    author = crisis_member(APPROVERS)
    alert = submitted(author, area, status=status)
    with django_capture_on_commit_callbacks(execute=True):
        svc.alert_approve(alert=alert, user=author)
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.APPROVED
    broadcast.delay.assert_called_once_with(alert.pk)


def test_operator_cannot_approve(operator, area):
    alert = submitted(crisis_member(OPERATORS), area)
    with pytest.raises(svc.AlertError, match="uprawnień do zatwierdzania"):
        svc.alert_approve(alert=alert, user=operator)
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SUBMITTED


def test_a_draft_cannot_be_approved(operator, approver, area):
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    with pytest.raises(svc.AlertError, match="tylko ostrzeżenie przekazane"):
        svc.alert_approve(alert=alert, user=approver)


def test_reject_needs_a_reason_and_sends_it_back(operator, approver, area):
    alert = submitted(operator, area)
    with pytest.raises(svc.AlertError) as refused:
        svc.alert_reject(alert=alert, user=approver, reason="  ")
    assert "powód" in refused.value.errors["reason"]
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SUBMITTED
    svc.alert_reject(alert=alert, user=approver, reason="Zły obszar.")
    alert.refresh_from_db()
    assert alert.state == Alert.State.REJECTED
    assert alert.decisions.last().comment == "Zły obszar."
    svc.alert_update(alert=alert, user=operator, headline="Poprawione")
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.DRAFT


# --- follow-ups --------------------------------------------------------------------------------------


def approved(operator, approver, area) -> Alert:
    alert = submitted(operator, area)
    return svc.alert_approve(alert=alert, user=approver)


def test_cancel_needs_approval_and_then_takes_the_alert_off_the_website(
    operator, approver, area, broadcast, django_capture_on_commit_callbacks
):
    alert = approved(operator, approver, area)
    canceller = crisis_member(APPROVERS)  # an approver who writes the cancel is its author: four eyes apply
    cancel = svc.alert_cancel(alert=alert, user=canceller, reason="Burza minęła.")
    assert (cancel.msg_type, cancel.references, cancel.state) == (
        Alert.MsgType.CANCEL,
        alert,
        Alert.State.SUBMITTED,
    )
    assert cancel.headline.startswith("ODWOŁANIE: ")
    assert list(cancel.areas.all()) == [area]
    alert.refresh_from_db()
    assert alert.cancelled_at is None  # not until the cancel is approved
    with pytest.raises(svc.AlertError, match="czterech oczu"):
        svc.alert_approve(alert=cancel, user=canceller)
    with (
        mock.patch("crisis.website.alerts_changed") as changed,
        django_capture_on_commit_callbacks(execute=True),
    ):
        svc.alert_approve(alert=cancel, user=approver)
    alert.refresh_from_db()
    assert alert.cancelled_at is not None
    assert alert.decisions.filter(action=AlertDecision.Action.CANCELLED).exists()
    changed.assert_called_once_with()
    broadcast.delay.assert_called_with(cancel.pk)


def test_a_second_cancel_is_refused_while_one_is_pending(operator, approver, area):
    alert = approved(operator, approver, area)
    svc.alert_cancel(alert=alert, user=operator)
    with pytest.raises(svc.AlertError, match="już przygotowany"):
        svc.alert_cancel(alert=alert, user=operator)
    assert alert.followups.count() == 1


def test_a_draft_cannot_be_cancelled(operator, area):
    alert = svc.alert_create(user=operator, areas=[area], **fields())
    with pytest.raises(svc.AlertError, match="tylko zatwierdzone"):
        svc.alert_cancel(alert=alert, user=operator)
    assert Alert.objects.count() == 1


def test_update_followup_is_a_draft_copy_that_replaces_the_alert_when_approved(
    operator, approver, area, broadcast, django_capture_on_commit_callbacks
):
    alert = approved(operator, approver, area)
    update = svc.alert_update_followup(alert=alert, user=operator, headline="Burze słabną")
    assert (update.msg_type, update.references, update.state) == (Alert.MsgType.UPDATE, alert, Alert.State.DRAFT)
    assert (update.description, update.sms_text) == (alert.description, alert.sms_text)
    svc.alert_submit(alert=update, user=operator)
    with django_capture_on_commit_callbacks(execute=True):
        svc.alert_approve(alert=update, user=approver)
    alert.refresh_from_db()
    assert alert.cancelled_at is not None
    assert not alert.is_in_effect()


def test_sms_limit_counts_the_unsubscribe_hint_and_exercise_prefix_that_are_sent(operator, area):
    """Regression: the limit was checked on the operator's text alone, while the broadcast appends the
    unsubscribe instruction and prefixes "ĆWICZENIA:" — so a "fitting" SMS went out in 3 parts."""
    from crisis.channels.content import sms_text
    from crisis.services.subscriptions import sms_unsubscribe_hint
    from crisis.sms import sms_info

    hint = sms_unsubscribe_hint()
    text = "a" * (306 - len(hint))  # fits 2 parts alone, not with " " + hint
    with pytest.raises(svc.AlertError) as refused:
        svc.alert_create(user=operator, areas=[area], **fields(sms_text=text))
    assert "zajmuje 3 części" in refused.value.errors["sms_text"]
    assert not Alert.objects.exists()

    fitting = "a" * (306 - len(hint) - 1)
    alert = svc.alert_create(user=operator, areas=[area], **fields(sms_text=fitting))
    assert sms_info(sms_text(alert), transliterate=True).parts == 2
    exercise = svc.alert_create(
        user=operator, areas=[area], **fields(sms_text="Cwiczenia ewakuacji szkoly.", status=Alert.Status.EXERCISE)
    )
    assert sms_text(exercise).startswith("CWICZENIA: Cwiczenia ewakuacji szkoly.")
    assert sms_text(exercise).endswith(hint)

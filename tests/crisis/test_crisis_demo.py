"""The crisis demo (issue 7): areas, templates, the team, alerts in every interesting state, and
subscriptions; a second run changes nothing."""

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from cms.units.demo_places import seed_places
from crisis.demo import TEAM, WHOLE_GMINA, seed_crisis
from crisis.models import Alert, AlertArea, AlertDecision, AlertTemplate, Subscription
from crisis.roles import APPROVERS, OPERATORS
from crisis.sms import sms_info
from crisis.targeting import recipient_counts


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    seed_places()
    with django_capture_on_commit_callbacks(execute=True):
        accounts = seed_crisis()
    return accounts


def snapshot():
    return {
        "areas": list(AlertArea.objects.order_by("pk").values()),
        "area_localities": sorted(AlertArea.localities.through.objects.values_list("alertarea_id", "locality_id")),
        "templates": list(AlertTemplate.objects.order_by("pk").values()),
        "alerts": list(Alert.objects.order_by("pk").values()),
        "decisions": AlertDecision.objects.count(),
        "subscriptions": list(Subscription.objects.order_by("pk").values()),
        "subscription_areas": Subscription.areas.through.objects.count(),
    }


def test_demo_areas_templates_and_team(seeded):
    names = set(AlertArea.objects.values_list("name", flat=True))
    assert {WHOLE_GMINA, "Głogów Małopolski — miasto", "Rogoźnica", "Budy Głogowskie", "Zabajka"} <= names
    whole = AlertArea.objects.get(name=WHOLE_GMINA)
    assert whole.kind == AlertArea.Kind.GMINA and whole.localities.count() == 15
    assert set(AlertArea.objects.get(name="Budy Głogowskie").localities.values_list("name", flat=True)) == {
        "Budy Głogowskie",
        "Stara Wieś",
    }
    assert AlertArea.objects.get(name="Rogoźnica").slug == "rogoznica"
    assert AlertTemplate.objects.count() == 6
    for email, password, *_rest in TEAM:
        assert authenticate(username=email, password=password) is not None, email
    assert [row[0] for row in seeded] == [row[0] for row in TEAM]


def test_demo_team_has_the_right_roles(seeded):
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.get(email="kryzys@ratusz.local")
    approver = get_user_model().objects.get(email="wojt@ratusz.local")
    assert operator.groups.filter(name=OPERATORS).exists() and not operator.has_perm("crisis.approve_alert")
    assert approver.groups.filter(name=APPROVERS).exists() and approver.has_perm("crisis.approve_alert")


def test_demo_alerts_past_current_and_waiting(seeded):
    now = timezone.now()
    in_effect = [alert for alert in Alert.objects.all() if alert.is_in_effect(now)]
    assert len(in_effect) == 1 and in_effect[0].state == Alert.State.SENT
    past = Alert.objects.filter(state=Alert.State.SENT, expires__lt=now)
    assert past.count() == 1
    waiting = Alert.objects.get(state=Alert.State.SUBMITTED)
    assert waiting.created_by.email == "kryzys@ratusz.local"
    for alert in Alert.objects.all():
        assert "{obszar}" not in alert.headline + alert.sms_text and "{do}" not in alert.sms_text
        assert sms_info(alert.sms_text, transliterate=True).parts <= alert.sms_max_parts
        assert alert.approved_by is None or alert.approved_by != alert.created_by


def test_demo_subscriptions_are_confirmed_and_reach_someone(seeded):
    subs = Subscription.objects.all()
    assert subs.count() == 20
    assert set(subs.values_list("state", flat=True)) == {Subscription.State.CONFIRMED}
    assert set(subs.values_list("channel", flat=True)) == {"email", "sms"}
    assert all(s.address.endswith("@example.pl") or s.address.startswith("+4850000") for s in subs)
    counts = recipient_counts(alert=Alert.objects.get(state=Alert.State.SUBMITTED))
    assert counts["email"] + counts["sms"] > 0


def test_second_run_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        seed_crisis()
    assert snapshot() == before

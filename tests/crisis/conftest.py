"""Builders shared by the crisis tests: areas with localities, alerts, subscriptions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from cms.units.places import Locality
from crisis.models import Alert, AlertArea, Category, Subscription
from crisis.roles import APPROVERS, OPERATORS, crisis_roles_setup
from tests.factories import UserFactory

_seq = itertools.count(1)


@pytest.fixture
def make_area(db):
    def make(name: str | None = None, *, kind=AlertArea.Kind.SOLECTWO, localities: int = 1) -> AlertArea:
        n = next(_seq)
        name = name or f"Sołectwo {n}"
        area = AlertArea.objects.create(name=name, slug=f"obszar-{n}", kind=kind)
        for i in range(localities):
            locality = Locality.objects.create(
                name=f"{name} {i}", simc=f"{9000000 + n * 10 + i:07d}", postal_code="36-060"
            )
            area.localities.add(locality)
        return area

    return make


@pytest.fixture
def make_alert(db):
    def make(*, areas=(), created_by=None, **fields) -> Alert:
        n = next(_seq)
        now = timezone.now()
        defaults = {
            "identifier": f"urn:test:ratusz:{n}",
            "sender": "kryzys@glogow-mlp.pl",
            "category": Category.MET,
            "event": "Burza z gradem",
            "headline": "Burze z gradem nad gminą",
            "description": "Prognozowane są burze z gradem i porywami wiatru do 90 km/h.",
            "instruction": "Zabezpiecz przedmioty na balkonach, nie parkuj pod drzewami.",
            "effective": now,
            "expires": now + dt.timedelta(hours=12),
            "sms_text": "Ostrzezenie: burze z gradem w gminie do 22:00. Zabezpiecz balkony.",
        }
        defaults.update(fields)
        alert = Alert.objects.create(created_by=created_by or UserFactory(), **defaults)
        if areas:
            alert.areas.set(areas)
        return alert

    return make


@pytest.fixture
def make_subscription(db):
    def make(
        address: str,
        *,
        channel=None,
        areas=(),
        all_areas=False,
        categories=None,
        state=Subscription.State.CONFIRMED,
        **fields,
    ) -> Subscription:
        channel = channel or (Subscription.Channel.EMAIL if "@" in address else Subscription.Channel.SMS)
        now = timezone.now()
        sub = Subscription.objects.create(
            channel=channel,
            address=address,
            all_areas=all_areas,
            categories_mask=Category.mask(categories) if categories is not None else Subscription().categories_mask,
            state=state,
            consent_text="Zgadzam się na otrzymywanie ostrzeżeń.",
            consent_at=now,
            confirmed_at=now if state == Subscription.State.CONFIRMED else None,
            **fields,
        )
        if areas:
            sub.areas.set(areas)
        return sub

    return make


def crisis_member(group_name: str, **fields):
    """A staff account in one of the crisis groups (the migration's groups, recreated after a flush)."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(crisis_roles_setup()[group_name])
    return user


@pytest.fixture
def operator(db):
    return crisis_member(OPERATORS)


@pytest.fixture
def approver(db):
    return crisis_member(APPROVERS)


@pytest.fixture
def published(make_alert, make_area):
    """An Actual alert in effect, broadcast (state ``sent``), on the website."""

    def make(**fields):
        fields.setdefault("areas", [make_area(localities=2)])
        fields.setdefault("state", Alert.State.SENT)
        fields.setdefault("sent", timezone.now())
        return make_alert(**fields)

    return make

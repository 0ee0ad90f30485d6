"""Demo of the crisis app: alert areas from the demo localities, templates, the crisis team, a few
alerts and ~20 confirmed subscriptions with fake contacts.

Idempotent: areas and templates are keyed by slug and name, accounts by e-mail, alerts by headline,
subscriptions by address; a second run creates and changes nothing. Run after ``seed_places``.
Nothing is sent: the alert in effect (for the website banner) and the past one are recorded as sent
by ``alert_mark_sent_without_broadcast``, and the one waiting for approval is only submitted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.units.places import Locality

from .models import Alert, AlertArea, AlertTemplate, Category, Subscription
from .models.alerts import Certainty, Level, Severity, Urgency
from .roles import APPROVERS, OPERATORS, crisis_roles_setup
from .services import alerts as svc
from .sms import to_sms_text

TEAM = [
    # e-mail, password, first name, last name, group, description
    ("kryzys@ratusz.local", "ratusz-kryzys-demo", "Krzysztof", "Kryzysowy", OPERATORS,
     "operator zarządzania kryzysowego (przygotowuje ostrzeżenia)"),
    ("wojt@ratusz.local", "ratusz-zatwierdza-demo", "Wanda", "Zatwierdzająca", APPROVERS,
     "zatwierdzająca ostrzeżenia (burmistrz, druga osoba)"),
]  # fmt: skip

WHOLE_GMINA = "Cała gmina"
TOWN_AREA = "Głogów Małopolski — miasto"

# name, event, category, level, urgency, severity, certainty, headline, description, instruction, sms
TEMPLATES = [
    ("Powódź", "Powódź", Category.MET, Level.ALARM, Urgency.IMMEDIATE, Severity.SEVERE, Certainty.LIKELY,
     "Zagrożenie powodziowe: {obszar}",
     "Wody rzeki przekraczają stan alarmowy. Do {do} możliwe zalanie posesji i dróg w rejonie: {obszar}.",
     "Przenieś cenne rzeczy na wyższe kondygnacje, wyłącz prąd i gaz w zagrożonych pomieszczeniach, "
     "nie wjeżdżaj na zalane drogi. Worki z piaskiem wydaje OSP.",
     "ALARM POWODZIOWY: {obszar} do {do}. Zabezpiecz dobytek, nie wjezdzaj na zalane drogi. Info: glogow-mlp.pl"),
    ("Burza", "Burza z gradem", Category.MET, Level.WARNING, Urgency.EXPECTED, Severity.MODERATE, Certainty.LIKELY,
     "Burze z gradem: {obszar}",
     "IMGW prognozuje burze z gradem i porywami wiatru do 90 km/h, ważne do {do}.",
     "Zabezpiecz przedmioty na balkonach i posesji, nie parkuj pod drzewami, unikaj otwartych przestrzeni.",
     "Ostrzezenie: burze z gradem do {do}. Zabezpiecz balkony, nie parkuj pod drzewami."),
    ("Skażenie wody", "Skażenie wody w wodociągu", Category.HEALTH, Level.WARNING, Urgency.IMMEDIATE,
     Severity.SEVERE, Certainty.OBSERVED,
     "Woda z wodociągu niezdatna do picia: {obszar}",
     "Sanepid stwierdził bakterie coli w wodzie z wodociągu zasilającego: {obszar}. Komunikat ważny do {do} "
     "lub do odwołania.",
     "Nie pij wody z kranu, także po przegotowaniu, do odwołania. Beczkowozy stoją przy szkołach i remizach OSP.",
     "Woda z kranu NIEZDATNA do picia: {obszar}. Beczkowozy przy szkolach i remizach. Do odwolania."),
    ("Zamknięcie drogi", "Zamknięcie drogi", Category.TRANSPORT, Level.NOTIFICATION, Urgency.EXPECTED,
     Severity.MINOR, Certainty.OBSERVED,
     "Zamknięta droga: {obszar}",
     "Droga jest zamknięta dla ruchu do {do}. Objazd oznakowany.",
     "Zaplanuj dłuższy dojazd; autobusy szkolne kursują objazdem.",
     "Utrudnienia: zamknieta droga ({obszar}) do {do}. Objazd oznakowany."),
    ("Przerwa w dostawie prądu", "Przerwa w dostawie energii", Category.INFRA, Level.NOTIFICATION,
     Urgency.EXPECTED, Severity.MINOR, Certainty.LIKELY,
     "Przerwa w dostawie prądu: {obszar}",
     "Operator sieci zapowiada wyłączenie prądu do {do} w związku z pracami na linii.",
     "Naładuj telefony, zabezpiecz żywność w lodówkach; osoby korzystające z urządzeń medycznych prosimy o "
     "kontakt z urzędem.",
     "Przerwa w dostawie pradu: {obszar} do {do}. Naladuj telefony."),
    ("Upał", "Upał", Category.MET, Level.WARNING, Urgency.EXPECTED, Severity.MODERATE, Certainty.LIKELY,
     "Upał: {obszar}",
     "IMGW ostrzega przed upałem: temperatura do 34°C, ważne do {do}.",
     "Pij dużo wody, unikaj słońca w godz. 11–16, zadbaj o starszych sąsiadów i zwierzęta.",
     "Ostrzezenie: upal do {do}. Pij wode, unikaj slonca 11-16, zadbaj o starszych sasiadow."),
]  # fmt: skip


def _slug(name: str) -> str:
    return slugify(to_sms_text(name))[:60]


def seed_areas() -> dict[str, AlertArea]:
    """The whole gmina, the town, and one area per sołectwo with its localities."""
    localities = list(Locality.objects.order_by("name"))
    by_solectwo: dict[str, list[Locality]] = defaultdict(list)
    town = []
    for locality in localities:
        if locality.kind == Locality.Kind.TOWN:
            town.append(locality)
        elif locality.solectwo:
            by_solectwo[locality.solectwo].append(locality)
    wanted = [(WHOLE_GMINA, "cala-gmina", AlertArea.Kind.GMINA, localities), (TOWN_AREA, "miasto",
              AlertArea.Kind.OSIEDLE, town)]  # fmt: skip
    wanted += [(name, _slug(name), AlertArea.Kind.SOLECTWO, members) for name, members in sorted(by_solectwo.items())]
    areas = {}
    for order, (name, slug, kind, members) in enumerate(wanted):
        area, created = AlertArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "sort_order": order}
        )
        if created or not area.localities.exists():
            area.localities.set(members)
        areas[name] = area
    return areas


TEMPLATE_FIELDS = ("event", "category", "level", "urgency", "severity", "certainty", "headline", "description",
                   "instruction", "sms_text")  # fmt: skip


def seed_templates() -> dict[str, AlertTemplate]:
    templates = {}
    for name, *values in TEMPLATES:
        defaults = dict(zip(TEMPLATE_FIELDS, values, strict=True))
        templates[name], _created = AlertTemplate.objects.get_or_create(name=name, defaults=defaults)
    return templates


def seed_team() -> dict[str, object]:
    crisis_roles_setup()
    users = {}
    for email, password, first, last, group_name, _description in TEAM:
        user, created = get_user_model().objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
        )
        if created or not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
        group = Group.objects.get(name=group_name)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        users[group_name] = user
    return users


def _alert(template, areas, *, author, effective, expires, **extra) -> Alert | None:
    """Create the alert from ``template`` unless an alert with its headline exists (returns None then)."""
    values = svc.alert_prefill(template=template, areas=areas, expires=expires)
    if Alert.objects.filter(headline=values["headline"]).exists():
        return None
    values.update(effective=effective, expires=expires, **extra)
    return svc.alert_create(user=author, areas=areas, **values)


def seed_alerts(*, areas, templates, team) -> int:
    """One past alert, one in effect (the website's banner), one waiting for the approver."""
    operator, approver = team[OPERATORS], team[APPROVERS]
    now = timezone.now().replace(second=0, microsecond=0)
    created = 0
    past = _alert(
        templates["Burza"], [areas[WHOLE_GMINA]], author=operator,
        effective=now - dt.timedelta(days=12), expires=now - dt.timedelta(days=11, hours=16),
    )  # fmt: skip
    if past:
        svc.alert_mark_sent_without_broadcast(alert=past, approver=approver)
        created += 1
    water = [areas[name] for name in ("Rudna Wielka", "Rudna Mała") if name in areas] or [areas[WHOLE_GMINA]]
    current = _alert(
        templates["Skażenie wody"], water, author=operator,
        effective=now - dt.timedelta(hours=3), expires=now + dt.timedelta(days=30),
    )  # fmt: skip
    if current:
        svc.alert_mark_sent_without_broadcast(alert=current, approver=approver)
        created += 1
    road = [areas.get("Styków") or areas[WHOLE_GMINA]]
    waiting = _alert(
        templates["Zamknięcie drogi"], road, author=operator,
        effective=now + dt.timedelta(days=2), expires=now + dt.timedelta(days=9), show_banner=True,
    )  # fmt: skip
    if waiting:
        svc.alert_submit(alert=waiting, user=operator)
        created += 1
    return created


def seed_subscriptions(*, areas) -> int:
    """20 confirmed subscriptions: 12 e-mail, 8 SMS, spread over the areas; a few for the whole gmina."""
    named = [area for name, area in areas.items() if name != WHOLE_GMINA]
    now = timezone.now()
    created = 0
    for n in range(1, 21):
        is_sms = n % 5 in (0, 3)
        address = f"+485000000{n:02d}" if is_sms else f"mieszkaniec{n:02d}@example.pl"
        channel = Subscription.Channel.SMS if is_sms else Subscription.Channel.EMAIL
        categories = Category.mask([Category.MET, Category.HEALTH, Category.INFRA]) if n % 4 == 0 else None
        sub, was_created = Subscription.objects.get_or_create(
            channel=channel,
            address=address,
            defaults={
                "all_areas": n % 6 == 0,
                "state": Subscription.State.CONFIRMED,
                "source": Subscription.Source.IMPORT if n % 7 == 0 else Subscription.Source.WEB,
                "consent_text": "Chcę otrzymywać ostrzeżenia o zagrożeniach w gminie Głogów Małopolski (dane demo).",
                "consent_note": "sołtys — lista z zebrania wiejskiego (demo)" if n % 7 == 0 else "",
                "consent_at": now - dt.timedelta(days=40 - n),
                "confirmed_at": now - dt.timedelta(days=40 - n),
                **({"categories_mask": categories} if categories else {}),
            },
        )
        if was_created:
            created += 1
            if not sub.all_areas and named:
                sub.areas.set([named[n % len(named)], named[(n * 3) % len(named)]])
    return created


@transaction.atomic
def seed_crisis() -> list[tuple[str, str, str]]:
    """Seed everything above (once); returns the crisis team's accounts for the seed summary."""
    areas = seed_areas()
    templates = seed_templates()
    team = seed_team()
    changed = seed_alerts(areas=areas, templates=templates, team=team)
    seed_subscriptions(areas=areas)
    if changed:
        from . import website

        transaction.on_commit(website.alerts_changed)
    return [(email, password, description) for email, password, *_rest, description in TEAM]

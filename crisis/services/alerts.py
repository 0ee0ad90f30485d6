"""Composing and approving alerts: the four-eyes workflow of issue 7.

draft ──submit──▶ submitted ──approve──▶ approved ──(broadcast)──▶ broadcasting ──▶ sent
  ▲                   │
  └──edit── rejected ◀┘ reject

Every action checks the person's permission, validates the whole alert (so nothing half-valid is
ever submitted or approved), writes an ``AlertDecision`` and either does all of it or nothing
(``AlertError`` carries the Polish message and, where there is one, the form field it belongs to).

Four eyes (GOV.UK Emergency Alerts): an ``Actual`` alert is approved by a person with
``crisis.approve_alert`` who neither created, edited nor submitted it. A ``Test`` or ``Exercise`` may
be approved by its author. Approval queues ``crisis.broadcast_start`` after the commit, so a worker
never sees an approval that was rolled back. A ``Cancel`` or ``Update`` follow-up takes the earlier
alert off the website when it is approved (``references.cancelled_at``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crisis.models import Alert, AlertArea, AlertDecision, AlertTemplate
from crisis.models.alerts import Certainty, Urgency
from crisis.sms import compose_sms, sms_info

#: what a person composes; the rest (identifier, workflow) belongs to the services
EDITABLE_FIELDS = (
    "status",
    "scope",
    "category",
    "event",
    "level",
    "urgency",
    "severity",
    "certainty",
    "effective",
    "expires",
    "headline",
    "description",
    "instruction",
    "web",
    "polygon",
    "template",
    "send_sms",
    "send_email",
    "show_banner",
    "sms_text",
    "sms_transliterate",
    "sms_max_parts",
    "send_at",
)
#: copied from the earlier alert into a Cancel or Update follow-up
FOLLOWUP_FIELDS = tuple(name for name in EDITABLE_FIELDS if name not in ("template", "send_at"))
EDITABLE_STATES = (Alert.State.DRAFT, Alert.State.REJECTED)
PUBLISHED_STATES = (Alert.State.APPROVED, Alert.State.BROADCASTING, Alert.State.SENT)
MAX_SMS_PARTS_LIMIT = 10


class AlertError(Exception):
    """A refused action: ``errors`` maps a form field (or ``None``) to its Polish message."""

    def __init__(self, errors: Mapping[str | None, str] | str, *, forbidden: bool = False):
        self.errors = {None: errors} if isinstance(errors, str) else dict(errors)
        self.forbidden = forbidden
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return " ".join(self.errors.values())


# --- settings and identifiers -----------------------------------------------------------------------


def default_sender() -> str:
    """CAP ``sender``: the office's address (setting ``RATUSZ_CRISIS_SENDER``)."""
    return getattr(settings, "RATUSZ_CRISIS_SENDER", "zarzadzanie.kryzysowe@glogow-mlp.pl")


def _identifier(alert: Alert) -> str:
    """``PL-GLOGOW-MLP-2026-000123``: prefix, year of creation (Warsaw), the row's id.

    Unique because the id is; gaps (a deleted draft) are fine for CAP, which only needs uniqueness
    per sender."""
    prefix = getattr(settings, "RATUSZ_CRISIS_IDENTIFIER_PREFIX", "PL-GLOGOW-MLP")
    return f"{prefix}-{timezone.localtime(alert.created_at).year}-{alert.pk:06d}"


# --- validation -------------------------------------------------------------------------------------


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise AlertError(_("Nie masz uprawnień do tej czynności."), forbidden=True)


def alert_problems(*, alert: Alert, areas: Iterable[AlertArea]) -> dict[str | None, str]:
    """What keeps the alert from being sent, by form field; empty when it may go."""
    problems: dict[str | None, str] = {}
    try:
        alert.full_clean(exclude=["identifier", "created_by", "references", "template"], validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems[None if field == "__all__" else field] = " ".join(messages)
    if not list(areas):
        problems["areas"] = _("Wybierz co najmniej jeden obszar, którego dotyczy ostrzeżenie.")
    if not (alert.send_sms or alert.send_email or alert.show_banner):
        problems["send_sms"] = _("Wybierz co najmniej jeden kanał: SMS, e-mail lub baner na stronie.")
    if alert.effective and alert.expires and alert.expires <= alert.effective:
        problems["expires"] = _("Koniec obowiązywania musi być późniejszy niż jego początek.")
    if alert.send_at and alert.expires and alert.send_at >= alert.expires:
        problems["send_at"] = _("Ostrzeżenie musi zostać wysłane przed końcem jego obowiązywania.")
    if not 1 <= (alert.sms_max_parts or 0) <= MAX_SMS_PARTS_LIMIT:
        problems["sms_max_parts"] = _("Liczba części SMS musi wynosić od 1 do %(n)d.") % {"n": MAX_SMS_PARTS_LIMIT}
    elif alert.send_sms:
        info = sms_info(compose_sms(alert.sms_text or "", status=alert.status), transliterate=alert.sms_transliterate)
        if not (alert.sms_text or "").strip():
            problems["sms_text"] = _("Wpisz treść SMS albo wyłącz kanał SMS.")
        elif not info.fits(alert.sms_max_parts):
            problems["sms_text"] = _(
                "Treść SMS zajmuje %(parts)d części (%(chars)d znaków, %(encoding)s), a dozwolone są najwyżej "
                "%(max)d. Skróć tekst%(hint)s."
            ) % {
                "parts": info.parts,
                "chars": info.chars,
                "encoding": info.encoding,
                "max": alert.sms_max_parts,
                "hint": "" if alert.sms_transliterate else _(" albo włącz zamianę polskich znaków"),
            }
    return problems


def _check(alert: Alert, areas) -> None:
    problems = alert_problems(alert=alert, areas=areas)
    if problems:
        raise AlertError(problems)


def _decide(alert: Alert, action: str, user, comment: str = "") -> AlertDecision:
    return AlertDecision.objects.create(alert=alert, action=action, user=user, comment=comment)


def _apply(alert: Alert, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(alert, name, value)


# --- composing --------------------------------------------------------------------------------------


PLACEHOLDER_FIELDS = ("headline", "description", "instruction", "sms_text")


def fill_placeholders(text: str, *, areas: Iterable[AlertArea] = (), expires: dt.datetime | None = None) -> str:
    """``{obszar}`` → the areas' names, ``{do}`` → the end (``dd.mm HH:MM``, Warsaw); a placeholder whose
    value is not known yet stays as it is."""
    names = [area.name for area in areas]
    if names:
        text = text.replace("{obszar}", ", ".join(names))
    if expires:
        text = text.replace("{do}", formats.date_format(timezone.localtime(expires), "d.m H:i"))
    return text


def _fill_alert(alert: Alert, areas: list[AlertArea]) -> None:
    """Placeholders left in the text (from a template) are filled from the chosen areas and end, so the
    text checked — and the SMS counted — is the text that will be sent."""
    for name in PLACEHOLDER_FIELDS:
        value = getattr(alert, name)
        if value and "{" in value:
            setattr(alert, name, fill_placeholders(value, areas=areas, expires=alert.expires))
    alert.headline = alert.headline[:160]


def alert_prefill(
    *, template: AlertTemplate, areas: Iterable[AlertArea] = (), expires: dt.datetime | None = None
) -> dict[str, Any]:
    """Initial values of a new alert from ``template``; ``{obszar}`` and ``{do}`` are filled in when
    the areas and the end are known, else when the alert is saved (``_fill_alert``)."""
    areas = list(areas)
    values = {
        name: fill_placeholders(getattr(template, name), areas=areas, expires=expires) for name in PLACEHOLDER_FIELDS
    }
    values["headline"] = values["headline"][:160]
    return {
        "template": template,
        "category": template.category,
        "event": template.event,
        "level": template.level,
        "urgency": template.urgency,
        "severity": template.severity,
        "certainty": template.certainty,
        **values,
    }


@transaction.atomic
def alert_create(*, user, areas: Iterable[AlertArea], **fields: Any) -> Alert:
    """A new draft by ``user`` (needs ``crisis.add_alert``); refused whole if anything is invalid."""
    _require(user, "crisis.add_alert")
    areas = list(areas)
    alert = Alert(created_by=user, sender=default_sender(), identifier=f"tmp-{uuid.uuid4()}")
    _apply(alert, fields)
    _fill_alert(alert, areas)
    _check(alert, areas)
    alert.save()
    alert.identifier = _identifier(alert)
    alert.save(update_fields=["identifier"])
    alert.areas.set(areas)
    _decide(alert, AlertDecision.Action.CREATED, user)
    return alert


@transaction.atomic
def alert_update(*, alert: Alert, user, areas: Iterable[AlertArea] | None = None, **fields: Any) -> Alert:
    """Change a draft or a rejected alert (a rejected one goes back to draft, to be submitted again)."""
    _require(user, "crisis.change_alert")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state not in EDITABLE_STATES:
        raise AlertError(_("Można zmieniać tylko szkic albo odrzucone ostrzeżenie; to ma stan „%(state)s”.")
                         % {"state": alert.get_state_display()})  # fmt: skip
    areas = list(alert.areas.all()) if areas is None else list(areas)
    _apply(alert, fields)
    _fill_alert(alert, areas)
    _check(alert, areas)
    alert.state = Alert.State.DRAFT
    alert.save()
    alert.areas.set(areas)
    _decide(alert, AlertDecision.Action.EDITED, user)
    return alert


@transaction.atomic
def alert_submit(*, alert: Alert, user) -> Alert:
    """Hand a draft over for approval (after checking it once more)."""
    _require(user, "crisis.change_alert")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state not in EDITABLE_STATES:
        raise AlertError(_("To ostrzeżenie zostało już przekazane do zatwierdzenia."))
    if alert.status == Alert.Status.DRAFT:
        raise AlertError({"status": _("Komunikat o statusie CAP „szkic” nie jest rozsyłany; zmień status.")})
    _check(alert, alert.areas.all())
    alert.state, alert.submitted_at = Alert.State.SUBMITTED, timezone.now()
    alert.save(update_fields=["state", "submitted_at", "updated_at"])
    _decide(alert, AlertDecision.Action.SUBMITTED, user)
    return alert


# --- deciding ---------------------------------------------------------------------------------------


def is_involved(*, alert: Alert, user) -> bool:
    """Whether ``user`` wrote any part of the alert: created, edited or submitted it."""
    if alert.created_by_id == user.pk:
        return True
    writing = (AlertDecision.Action.CREATED, AlertDecision.Action.EDITED, AlertDecision.Action.SUBMITTED)
    return alert.decisions.filter(user=user, action__in=writing).exists()


def approval_refusal(*, alert: Alert, user) -> str:
    """Why ``user`` may not approve ``alert`` now ("" when they may); the admin shows it instead of the button."""
    if not user.has_perm("crisis.approve_alert"):
        return _("Nie masz uprawnień do zatwierdzania ostrzeżeń.")
    if alert.state != Alert.State.SUBMITTED:
        return _("Zatwierdzić można tylko ostrzeżenie przekazane do zatwierdzenia.")
    if alert.needs_second_person and is_involved(alert=alert, user=user):
        return _(
            "Nie możesz zatwierdzić ostrzeżenia, które sam(a) przygotowałeś(-aś): rzeczywiste ostrzeżenie "
            "zatwierdza druga osoba (zasada czterech oczu). Test lub ćwiczenie możesz wysłać sam(a)."
        )
    return ""


def _queue_broadcast(alert: Alert) -> None:
    """``crisis.broadcast_start`` after the commit. For a future ``send_at`` it does nothing yet and
    the beat task ``crisis.start_due_broadcasts`` starts it on time (no Celery ETA: a long ETA on Redis
    is redelivered after the visibility timeout)."""
    from crisis import tasks

    alert_id = alert.pk
    transaction.on_commit(lambda: tasks.broadcast_start.delay(alert_id))


@transaction.atomic
def alert_approve(*, alert: Alert, user) -> Alert:
    """Approve a submitted alert and queue its broadcast after the commit (a later ``send_at`` waits for it).

    Refused for a person without ``crisis.approve_alert`` and, for an ``Actual`` alert, for anyone
    who wrote it. An approved ``Cancel``/``Update`` takes the earlier alert off the website."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    refusal = approval_refusal(alert=alert, user=user)
    if refusal:
        raise AlertError(refusal, forbidden=alert.state == Alert.State.SUBMITTED)
    now = timezone.now()
    if alert.expires <= now:
        raise AlertError({"expires": _("Ostrzeżenie już wygasło; odrzuć je i przygotuj nowe.")})
    _check(alert, alert.areas.all())
    alert.state, alert.approved_by, alert.approved_at = Alert.State.APPROVED, user, now
    alert.sent = alert.send_at if alert.send_at and alert.send_at > now else now
    alert.save(update_fields=["state", "approved_by", "approved_at", "sent", "updated_at"])
    _decide(alert, AlertDecision.Action.APPROVED, user)
    if alert.msg_type in (Alert.MsgType.CANCEL, Alert.MsgType.UPDATE) and alert.references_id:
        Alert.objects.filter(pk=alert.references_id, cancelled_at__isnull=True).update(cancelled_at=now)
        if alert.msg_type == Alert.MsgType.CANCEL:
            _decide(alert.references, AlertDecision.Action.CANCELLED, user, alert.identifier)
        from crisis import website

        transaction.on_commit(website.alerts_changed)
    _queue_broadcast(alert)
    return alert


@transaction.atomic
def alert_reject(*, alert: Alert, user, reason: str) -> Alert:
    """Send a submitted alert back to its author with the reason (required)."""
    _require(user, "crisis.approve_alert")
    reason = (reason or "").strip()
    if not reason:
        raise AlertError({"reason": _("Podaj powód odrzucenia — autor zobaczy go w historii ostrzeżenia.")})
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != Alert.State.SUBMITTED:
        raise AlertError(_("Odrzucić można tylko ostrzeżenie przekazane do zatwierdzenia."))
    alert.state = Alert.State.REJECTED
    alert.save(update_fields=["state", "updated_at"])
    _decide(alert, AlertDecision.Action.REJECTED, user, reason)
    return alert


# --- follow-ups -------------------------------------------------------------------------------------


def _open_followup(alert: Alert) -> Alert | None:
    return alert.followups.filter(state__in=(*EDITABLE_STATES, Alert.State.SUBMITTED)).first()


def _followup(*, alert: Alert, user, msg_type: str, overrides: Mapping[str, Any]) -> Alert:
    _require(user, "crisis.add_alert")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state not in PUBLISHED_STATES or alert.msg_type == Alert.MsgType.CANCEL:
        raise AlertError(_("Odwołać lub zaktualizować można tylko zatwierdzone ostrzeżenie."))
    if alert.cancelled_at:
        raise AlertError(_("To ostrzeżenie zostało już odwołane lub zastąpione aktualizacją."))
    pending = _open_followup(alert)
    if pending:
        raise AlertError(
            _("Do tego ostrzeżenia jest już przygotowany komunikat „%(headline)s” (%(state)s); dokończ go.")
            % {"headline": pending.headline, "state": pending.get_state_display()}
        )
    fields = {name: getattr(alert, name) for name in FOLLOWUP_FIELDS}
    fields.update(overrides)
    followup = Alert(
        created_by=user, sender=alert.sender, identifier=f"tmp-{uuid.uuid4()}", msg_type=msg_type, references=alert
    )
    _apply(followup, fields)
    areas = list(alert.areas.all())
    _fill_alert(followup, areas)
    _check(followup, areas)
    followup.save()
    followup.identifier = _identifier(followup)
    followup.save(update_fields=["identifier"])
    followup.areas.set(areas)
    _decide(followup, AlertDecision.Action.CREATED, user)
    return followup


@transaction.atomic
def alert_cancel(*, alert: Alert, user, reason: str = "", **overrides: Any) -> Alert:
    """Create the ``Cancel`` of a published alert, already submitted for approval (four eyes apply to
    it as to any alert; a Test or Exercise cancel may be approved by its author). The earlier alert
    stays on the website until the cancel is approved."""
    now = timezone.now()
    headline = _("ODWOŁANIE: %(headline)s") % {"headline": alert.headline}
    defaults = {
        "headline": headline[:160],
        "description": _("Ostrzeżenie „%(headline)s” jest nieaktualne i zostaje odwołane.")
        % {"headline": alert.headline}
        + (f"\n\n{reason.strip()}" if reason.strip() else ""),
        "instruction": "",
        "urgency": Urgency.PAST,
        "certainty": Certainty.OBSERVED,
        "effective": now,
        "expires": max(alert.expires, now + dt.timedelta(hours=1)),
        "sms_text": _("ODWOLANIE: %(headline)s") % {"headline": alert.headline},
    }
    defaults.update(overrides)
    followup = _followup(alert=alert, user=user, msg_type=Alert.MsgType.CANCEL, overrides=defaults)
    followup.state, followup.submitted_at = Alert.State.SUBMITTED, now
    followup.save(update_fields=["state", "submitted_at"])
    _decide(followup, AlertDecision.Action.SUBMITTED, user)
    return followup


@transaction.atomic
def alert_update_followup(*, alert: Alert, user, **overrides: Any) -> Alert:
    """Create an ``Update`` of a published alert as a draft prefilled from it, to be edited and
    submitted; when approved it replaces the earlier alert on the website."""
    defaults = {"effective": timezone.now()}
    defaults.update(overrides)
    return _followup(alert=alert, user=user, msg_type=Alert.MsgType.UPDATE, overrides=defaults)


# --- demo only --------------------------------------------------------------------------------------


@transaction.atomic
def alert_mark_sent_without_broadcast(*, alert: Alert, approver) -> Alert:
    """FOR THE DEMO SEEDER ONLY: record an alert as approved and sent without sending anything, so the
    demo site has an alert in effect and one in the past. Never called by the admin."""
    now = timezone.now()
    alert.state, alert.approved_by = Alert.State.SENT, approver
    alert.approved_at = alert.sent = alert.submitted_at = min(alert.effective, now)
    alert.save(update_fields=["state", "approved_by", "approved_at", "sent", "submitted_at", "updated_at"])
    _decide(alert, AlertDecision.Action.SUBMITTED, alert.created_by)
    _decide(alert, AlertDecision.Action.APPROVED, approver)
    return alert

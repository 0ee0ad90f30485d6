"""Writes of alert subscriptions: subscribe, confirm (link or code), change, unsubscribe, import.

Nothing is sent to a contact before its owner proves it is theirs: an e-mail address by a signed
link, a mobile number by a 6-digit code typed on the page that asked for it. The code itself is never
stored, only its HMAC (``Subscription.confirm_secret``); 5 wrong tries void it, and at most
``SEND_LIMIT`` confirmations per hour go to one contact (counted in the shared cache), so the form
cannot be used to flood someone's phone or mailbox.

**A stranger can neither change nor reveal a subscription.** The public form answers the same way
whether the contact is new, pending, active or unsubscribed. A contact that was never confirmed
(``pending``) simply takes the new choice, since nothing is sent to it anyway. A contact that was
confirmed (or unsubscribed) keeps its areas, categories and state until the owner confirms the
*new* choice: the e-mail link carries that choice (signed), the SMS code is bound by its HMAC to a
digest of it (kept in the requester's session as ``change_token``). A new request voids the previous
link or code, so old links cannot be replayed after unsubscribing.

The unsubscribe link is signed, never expires, and names one subscription only (RFC 8058 one-click
POST, no login, no CSRF: the signature is the authentication).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from cms.messaging import services as messaging
from crisis.models import AlertArea, Category, Subscription

CONFIRM_SALT = "crisis.subscriptions.confirm"
CHANGE_SALT = "crisis.subscriptions.change"
UNSUBSCRIBE_SALT = "crisis.subscriptions.unsubscribe"
CODE_SALT = "crisis.subscriptions.code"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # an e-mail link works for 3 days
CODE_MAX_AGE = timedelta(minutes=30)  # an SMS code for half an hour
MAX_ATTEMPTS = 5  # wrong codes before the code is void
SEND_LIMIT = 3  # confirmations per contact per SEND_WINDOW
SEND_WINDOW = 3600
TOPIC = "crisis-subscription"


class SubscriptionError(Exception):
    """A confirmation or code that cannot be accepted; ``code`` names why, ``message`` says it in Polish.

    Codes: ``invalid`` (forged or broken link), ``expired``, ``outdated`` (replaced by a newer one or
    already used), ``wrong_code``, ``too_many_attempts``, ``rate_limited``.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Choice:
    """What a subscriber asked for; carried in a signed link or bound to a code until confirmed."""

    all_areas: bool
    area_ids: tuple[int, ...]
    categories_mask: int
    consent_text: str

    def as_dict(self) -> dict:
        return {"all": self.all_areas, "a": list(self.area_ids), "c": self.categories_mask, "t": self.consent_text}

    @classmethod
    def from_dict(cls, data: dict) -> Choice:
        return cls(bool(data["all"]), tuple(int(pk) for pk in data["a"]), int(data["c"]), str(data["t"]))

    def digest(self) -> str:
        return hashlib.sha256(repr(sorted(self.as_dict().items())).encode()).hexdigest()


@dataclass(frozen=True)
class PendingConfirmation:
    """One contact waiting for its owner; ``change_token`` (SMS to an existing contact only) must be
    handed back to ``subscription_confirm_sms`` with the code."""

    subscription: Subscription
    change_token: str = ""


@dataclass
class ConfirmResult:
    subscription: Subscription
    already_confirmed: bool = False


# --- Contacts ------------------------------------------------------------------------------------


def normalize_phone(raw: str) -> str:
    """A Polish mobile number in E.164 (``+48…``), or ``ValidationError`` with the reason in Polish."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, "PL")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Wpisz numer telefonu komórkowego, np. 600 123 456."), code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("To nie jest prawidłowy numer telefonu, np. 600 123 456."), code="invalid")
    if phonenumbers.region_code_for_number(number) != "PL":
        raise ValidationError(_("Wysyłamy SMS-y tylko na polskie numery komórkowe (+48)."), code="foreign")
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(
            _("To numer stacjonarny lub specjalny — podaj numer telefonu komórkowego."), code="not_mobile"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Wpisz adres e-mail w formacie nazwa@domena.pl."), code="invalid") from None
    return email


def mask_address(address: str) -> str:
    """``a***@example.pl`` or ``+48 *** *** 456``: enough to recognise one's own contact on a page."""
    if "@" in address:
        local, _sep, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{address[:3]} *** *** {address[-3:]}"


def _make_choice(*, areas, all_areas: bool, categories, consent_text: str) -> Choice:
    area_ids = tuple(sorted({area.pk if isinstance(area, AlertArea) else int(area) for area in areas or ()}))
    if not all_areas and not area_ids:
        raise ValidationError(_("Wybierz co najmniej jeden obszar albo całą gminę."), code="no_area")
    categories = list(categories or ())
    if not categories:
        raise ValidationError(_("Wybierz co najmniej jedną kategorię zagrożeń."), code="no_category")
    if not (consent_text or "").strip():
        raise ValidationError(_("Bez zgody nie możemy wysyłać ostrzeżeń."), code="no_consent")
    return Choice(bool(all_areas), area_ids, Category.mask(categories), consent_text.strip())


def _apply_choice(subscription: Subscription, choice: Choice) -> None:
    subscription.all_areas = choice.all_areas
    subscription.categories_mask = choice.categories_mask
    subscription.consent_text = choice.consent_text
    subscription.save()
    subscription.areas.set(AlertArea.objects.filter(pk__in=choice.area_ids))


# --- Rate limit ----------------------------------------------------------------------------------


def _limit_key(channel: str, address: str) -> str:
    return "crisis-sub:sent:" + hashlib.sha256(f"{channel}:{address}".encode()).hexdigest()[:32]


def _check_limit(channel: str, address: str) -> None:
    if (cache.get(_limit_key(channel, address)) or 0) >= SEND_LIMIT:
        raise SubscriptionError(
            "rate_limited",
            _("Wysłaliśmy już kilka wiadomości na ten adres lub numer. Spróbuj ponownie za godzinę."),
        )


def _count_send(channel: str, address: str) -> None:
    key = _limit_key(channel, address)
    cache.add(key, 0, timeout=SEND_WINDOW)  # add() opens the window; incr() never moves its expiry
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=SEND_WINDOW)


# --- Subscribe and confirm -----------------------------------------------------------------------


@transaction.atomic
def subscription_request(
    *,
    email: str | None = None,
    phone: str | None = None,
    areas=(),
    all_areas: bool = False,
    categories=(),
    consent_text: str,
    user=None,
    source: str = Subscription.Source.WEB,
) -> list[PendingConfirmation]:
    """Ask the owners of ``email`` and/or ``phone`` to confirm; see the module docstring for who may
    change what. Raises ``ValidationError`` (bad input) or ``SubscriptionError("rate_limited")``
    before writing anything."""
    contacts = []
    if email:
        contacts.append((Subscription.Channel.EMAIL, normalize_email(email)))
    if phone:
        contacts.append((Subscription.Channel.SMS, normalize_phone(phone)))
    if not contacts:
        raise ValidationError(_("Podaj adres e-mail lub numer telefonu komórkowego."), code="no_contact")
    choice = _make_choice(areas=areas, all_areas=all_areas, categories=categories, consent_text=consent_text)
    for channel, address in contacts:
        _check_limit(channel, address)
    return [
        _request_one(channel=channel, address=address, choice=choice, user=user, source=source)
        for channel, address in contacts
    ]


def _request_one(*, channel, address, choice: Choice, user, source) -> PendingConfirmation:
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().filter(channel=channel, address=address).first()
    change = None
    if subscription is None:
        subscription = Subscription(channel=channel, address=address, source=source, consent_at=now)
        _apply_choice(subscription, choice)
    elif subscription.state == Subscription.State.PENDING and subscription.confirmed_at is None:
        subscription.consent_at = now
        _apply_choice(subscription, choice)  # nothing is ever sent to it: the newest request wins
    else:
        change = choice  # confirmed or unsubscribed: only the owner's confirmation may change it
    _count_send(channel, address)
    if channel == Subscription.Channel.EMAIL:
        _send_link(subscription, change=change, user=user, now=now)
        return PendingConfirmation(subscription)
    _send_code(subscription, change=change, now=now)
    change_token = signing.dumps(change.as_dict(), salt=CHANGE_SALT, compress=True) if change else ""
    return PendingConfirmation(subscription, change_token)


def _send_link(subscription: Subscription, *, change: Choice | None, user, now) -> None:
    nonce = secrets.token_urlsafe(12)
    payload = {"s": subscription.pk, "n": nonce, "at": now.isoformat()}
    if change is not None:
        payload["c"] = change.as_dict()
    if user is not None and getattr(user, "is_authenticated", False):
        payload["u"] = user.pk
    token = signing.dumps(payload, salt=CONFIRM_SALT, compress=True)
    subscription.confirm_secret = _hmac(f"link:{subscription.pk}:{nonce}")
    subscription.confirm_attempts = 0
    subscription.confirm_sent_at = now
    subscription.save(update_fields=["confirm_secret", "confirm_attempts", "confirm_sent_at"])
    shown = change or _row_choice(subscription)
    context = {
        "link": _absolute(reverse("crisis_subscribe:confirm_email", kwargs={"token": token})),
        "days": CONFIRM_MAX_AGE // 86400,
        "is_change": change is not None,
        "areas": _area_names(shown),
        "categories": [Category(value).label for value in Category.from_mask(shown.categories_mask)],
    }
    subject = "".join(render_to_string("crisis/subscriptions/email/confirm_subject.txt", context).splitlines())
    messaging.queue_email(
        to=subscription.address,
        subject=subject,
        body=render_to_string("crisis/subscriptions/email/confirm_body.txt", context),
        key=f"crisis-sub-confirm:{subscription.pk}:{nonce}",
        topic=TOPIC,
    )


def _send_code(subscription: Subscription, *, change: Choice | None, now) -> None:
    code = f"{secrets.randbelow(10**6):06d}"
    subscription.confirm_secret = _code_hmac(subscription, code, change)
    subscription.confirm_attempts = 0
    subscription.confirm_sent_at = now
    subscription.save(update_fields=["confirm_secret", "confirm_attempts", "confirm_sent_at"])
    messaging.queue_sms(
        to=subscription.address,
        body=f"Kod potwierdzenia ostrzezen gminy: {code}. Wazny 30 min. Jesli to nie Ty, zignoruj te wiadomosc.",
        key=f"crisis-sub-code:{subscription.pk}:{_hmac(code + now.isoformat())[:16]}",
        topic=TOPIC,
    )


@transaction.atomic
def subscription_resend_code(*, subscription: Subscription, change_token: str = "") -> None:
    """A new SMS code for the same request (the old one stops working); counts towards the limit."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _check_limit(subscription.channel, subscription.address)
    _count_send(subscription.channel, subscription.address)
    _send_code(subscription, change=_load_change(change_token), now=timezone.now())


@transaction.atomic
def subscription_confirm_email(token: str, *, user=None) -> ConfirmResult:
    """Confirm by the link; applies the choice it carries. ``user`` (the signed-in person who clicks)
    is linked to the subscription only if it is the one who asked for it."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise SubscriptionError("expired", _("Link wygasł. Zapisz się ponownie, wyślemy nowy.")) from None
    except (signing.BadSignature, ValueError):
        raise SubscriptionError(
            "invalid", _("Ten link jest nieprawidłowy. Sprawdź, czy skopiowano go w całości.")
        ) from None
    subscription = Subscription.objects.select_for_update().filter(pk=payload.get("s")).first()
    if subscription is None:
        raise SubscriptionError("invalid", _("Ten link jest nieprawidłowy. Sprawdź, czy skopiowano go w całości."))
    expected = _hmac(f"link:{subscription.pk}:{payload.get('n')}")
    if not subscription.confirm_secret or not constant_time_compare(subscription.confirm_secret, expected):
        if subscription.state == Subscription.State.CONFIRMED and not subscription.confirm_secret:
            return ConfirmResult(subscription, already_confirmed=True)
        raise SubscriptionError(
            "outdated", _("Ten link został już użyty albo zastąpiony nowszym. Użyj linku z ostatniej wiadomości.")
        )
    change = Choice.from_dict(payload["c"]) if payload.get("c") else None
    link_user = None
    if user is not None and getattr(user, "is_authenticated", False) and payload.get("u") == user.pk:
        link_user = user
    _confirm(subscription, change=change, user=link_user, consent_at=payload.get("at"))
    return ConfirmResult(subscription)


def subscription_confirm_sms(
    *, subscription: Subscription, code: str, change_token: str = "", user=None
) -> ConfirmResult:
    """Confirm by the SMS code typed on the page that asked for it (so ``user``, if signed in, is its
    owner and is linked). Wrong codes count; the ``MAX_ATTEMPTS``-th voids the code.

    The error is raised after the transaction commits, so a wrong try is counted, not rolled back."""
    with transaction.atomic():
        outcome = _confirm_sms_locked(subscription=subscription, code=code, change_token=change_token, user=user)
    if isinstance(outcome, SubscriptionError):
        raise outcome
    return outcome


def _confirm_sms_locked(*, subscription, code, change_token, user) -> ConfirmResult | SubscriptionError:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    change = _load_change(change_token)
    too_many = SubscriptionError("too_many_attempts", _("Zbyt wiele błędnych prób. Poproś o nowy kod."))
    if not subscription.confirm_secret:
        if subscription.state == Subscription.State.CONFIRMED and change is None:
            return ConfirmResult(subscription, already_confirmed=True)
        return SubscriptionError("outdated", _("Ten kod już nie obowiązuje. Poproś o nowy kod."))
    if subscription.confirm_attempts >= MAX_ATTEMPTS:
        return too_many
    if subscription.confirm_sent_at and subscription.confirm_sent_at < timezone.now() - CODE_MAX_AGE:
        return SubscriptionError("expired", _("Kod wygasł. Poproś o nowy kod."))
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not constant_time_compare(subscription.confirm_secret, _code_hmac(subscription, code, change)):
        subscription.confirm_attempts += 1
        subscription.save(update_fields=["confirm_attempts"])
        left = MAX_ATTEMPTS - subscription.confirm_attempts
        if left <= 0:
            return too_many
        return SubscriptionError("wrong_code", _("Nieprawidłowy kod. Pozostało prób: %(left)s.") % {"left": left})
    _confirm(subscription, change=change, user=user if getattr(user, "is_authenticated", False) else None)
    return ConfirmResult(subscription)


def _confirm(subscription: Subscription, *, change: Choice | None, user, consent_at=None) -> None:
    now = timezone.now()
    if change is not None:
        _apply_choice(subscription, change)
        subscription.consent_at = _parse_time(consent_at) or now
    subscription.state = Subscription.State.CONFIRMED
    subscription.confirmed_at = now
    subscription.unsubscribed_at = None
    subscription.confirm_secret = ""
    subscription.confirm_attempts = 0
    if user is not None and subscription.user_id is None:
        subscription.user = user
    subscription.save()


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    """Stop every message to this contact at once (a running broadcast skips it); idempotent."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.state != Subscription.State.UNSUBSCRIBED:
        subscription.state = Subscription.State.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
    subscription.confirm_secret = ""
    subscription.confirm_attempts = 0
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, areas, all_areas: bool, categories) -> Subscription:
    """The owner (signed in, see ``subscriptions_for_user``) changes areas and categories directly."""
    choice = _make_choice(
        areas=areas, all_areas=all_areas, categories=categories, consent_text=subscription.consent_text or "-"
    )
    _apply_choice(subscription, choice)
    return subscription


@transaction.atomic
def account_email_subscribe(*, user, areas, all_areas: bool, categories, consent_text: str) -> Subscription:
    """Subscribe the account's own e-mail address. Confirmed at once when the account proved that
    address (``User.email_confirmed_at``); otherwise the usual link is sent."""
    choice = _make_choice(areas=areas, all_areas=all_areas, categories=categories, consent_text=consent_text)
    address = normalize_email(user.email)
    if user.email_confirmed_at is None:
        _check_limit(Subscription.Channel.EMAIL, address)
        pending = _request_one(
            channel=Subscription.Channel.EMAIL,
            address=address,
            choice=choice,
            user=user,
            source=Subscription.Source.ACCOUNT,
        )
        return pending.subscription
    now = timezone.now()
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        channel=Subscription.Channel.EMAIL,
        address=address,
        defaults={"source": Subscription.Source.ACCOUNT, "consent_at": now, "consent_text": choice.consent_text},
    )
    subscription.consent_at = now
    _apply_choice(subscription, choice)
    _confirm(subscription, change=None, user=user)
    subscription.user = user
    subscription.save(update_fields=["user"])
    return subscription


def subscriptions_for_user(*, user) -> QuerySet[Subscription]:
    """The signed-in person's subscriptions: linked to the account, or for its e-mail address once the
    account proved it. Not matched by the profile's phone: it is typed, never proven, and matching
    it would show a stranger's SMS subscription to whoever types that number."""
    mine = Q(user=user)
    if user.email_confirmed_at is not None:
        mine |= Q(channel=Subscription.Channel.EMAIL, address=user.email.lower())
    return Subscription.objects.filter(mine).prefetch_related("areas").order_by("channel", "address")


# --- Unsubscribe links and SMS stop --------------------------------------------------------------


def unsubscribe_token(*, subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(_unsubscribe_value(subscription))


def _unsubscribe_value(subscription: Subscription) -> str:
    return f"{subscription.pk}.{subscription.channel}"


def subscription_from_unsubscribe_token(token: str) -> Subscription | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _sep, channel = value.partition(".")
    return Subscription.objects.filter(pk=int(pk) if pk.isdigit() else 0, channel=channel).first()


def unsubscribe_url(*, subscription: Subscription) -> str:
    """Absolute one-click unsubscribe URL for ``List-Unsubscribe`` (GET: a page; POST: RFC 8058)."""
    return unsubscribe_url_maker()(subscription)


def unsubscribe_url_maker() -> Callable[[Subscription], str]:
    """``unsubscribe_url`` for many subscriptions (a broadcast batch): the URL is reversed once and
    each token only signed — ``reverse()`` per e-mail cost more CPU than sending it. The token
    (``<pk>.<channel>:<base64url signature>``) has only characters ``reverse`` leaves as they are."""
    marker = "TOKEN"
    prefix, _sep, suffix = _absolute(reverse("crisis_subscribe:unsubscribe", kwargs={"token": marker})).partition(
        marker
    )
    signer = signing.Signer(salt=UNSUBSCRIBE_SALT)

    def make(subscription: Subscription) -> str:
        return f"{prefix}{signer.sign(_unsubscribe_value(subscription))}{suffix}"

    return make


def sms_unsubscribe_hint() -> str:
    """ASCII, at most 40 characters: where to unsubscribe, for the end of every alert SMS."""
    configured = getattr(settings, "RATUSZ_CRISIS_SMS_UNSUBSCRIBE_HINT", "")
    if configured:
        return configured[:40]
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc.removeprefix("www.")
    hint = f"Wypisz: {host}{reverse('crisis_subscribe:stop')}".rstrip("/")
    if len(hint) > 40 or not hint.isascii():
        hint = "Wypisz: strona gminy /ostrzezenia/stop"
    return hint


def _stop_key(subscription_pk: int) -> str:
    return f"crisis-sub:stop:{subscription_pk}"


@transaction.atomic
def sms_stop_request(*, phone: str) -> Subscription | None:
    """Send a stop code to an active or pending number; ``None`` (and nothing sent) otherwise. The
    page looks the same either way. Raises ``ValidationError`` or ``SubscriptionError("rate_limited")``."""
    address = normalize_phone(phone)
    _check_limit(Subscription.Channel.SMS, address)
    subscription = (
        Subscription.objects.filter(channel=Subscription.Channel.SMS, address=address)
        .exclude(state=Subscription.State.UNSUBSCRIBED)
        .first()
    )
    if subscription is None:
        return None
    _count_send(Subscription.Channel.SMS, address)
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(_stop_key(subscription.pk), {"h": _hmac(f"stop:{subscription.pk}:{code}"), "n": 0}, 30 * 60)
    messaging.queue_sms(
        to=address,
        body=f"Kod wypisania z ostrzezen gminy: {code}. Jesli to nie Ty, zignoruj te wiadomosc.",
        key=f"crisis-sub-stop:{subscription.pk}:{secrets.token_hex(8)}",
        topic=TOPIC,
    )
    return subscription


def sms_stop_confirm(*, subscription_pk: int | None, code: str) -> Subscription:
    """Unsubscribe the number if ``code`` is the stop code sent to it; same limits as confirmation."""
    state = cache.get(_stop_key(subscription_pk)) if subscription_pk else None
    if not state or state["n"] >= MAX_ATTEMPTS:
        raise SubscriptionError("wrong_code", _("Nieprawidłowy lub nieaktualny kod. Poproś o nowy kod."))
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not constant_time_compare(state["h"], _hmac(f"stop:{subscription_pk}:{code}")):
        state["n"] += 1
        cache.set(_stop_key(subscription_pk), state, 30 * 60)
        raise SubscriptionError(
            "wrong_code", _("Nieprawidłowy kod. Pozostało prób: %(left)s.") % {"left": MAX_ATTEMPTS - state["n"]}
        )
    cache.delete(_stop_key(subscription_pk))
    return subscription_unsubscribe(subscription=Subscription.objects.get(pk=subscription_pk))


# --- Helpers -------------------------------------------------------------------------------------


def _hmac(value: str) -> str:
    return salted_hmac(CODE_SALT, value, algorithm="sha256").hexdigest()


def _code_hmac(subscription: Subscription, code: str, change: Choice | None) -> str:
    return _hmac(f"code:{subscription.pk}:{code}:{change.digest() if change else ''}")


def _load_change(change_token: str) -> Choice | None:
    if not change_token:
        return None
    try:
        return Choice.from_dict(signing.loads(change_token, salt=CHANGE_SALT))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _row_choice(subscription: Subscription) -> Choice:
    return Choice(
        subscription.all_areas,
        tuple(subscription.areas.values_list("pk", flat=True)),
        subscription.categories_mask,
        subscription.consent_text,
    )


def _area_names(choice: Choice) -> list[str]:
    names = [_("cała gmina")] if choice.all_areas else []
    return names + list(AlertArea.objects.filter(pk__in=choice.area_ids).values_list("name", flat=True))


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# Staff import lives in its own module; re-exported so callers have one entry point.
from .subscriptions_import import ImportReport, parse_import_csv, subscriptions_import  # noqa: E402

__all__ = [
    "ImportReport",
    "account_email_subscribe",
    "mask_address",
    "normalize_email",
    "normalize_phone",
    "parse_import_csv",
    "sms_stop_confirm",
    "sms_stop_request",
    "sms_unsubscribe_hint",
    "subscription_confirm_email",
    "subscription_confirm_sms",
    "subscription_request",
    "subscription_resend_code",
    "subscription_unsubscribe",
    "subscription_update",
    "subscriptions_for_user",
    "subscriptions_import",
    "unsubscribe_url",
]

"""Writes of the resident accounts: registration, e-mail confirmation, profile, identity level.

Registration never says whether an e-mail address already has an account: the person registering
always sees the same message, and the owner of an existing address gets an e-mail instead (so an
attacker learns nothing, and the owner learns that someone tried).
"""

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

CONFIRM_SALT = "cms.accounts.confirm-email"


class ConfirmationError(Exception):
    """The confirmation link is forged, broken (``code="invalid"``) or too old (``code="expired"``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ConfirmationResult:
    user: object
    already_confirmed: bool


def confirmation_max_age() -> int:
    return int(getattr(settings, "RATUSZ_ACCOUNT_CONFIRM_DAYS", 3)) * 24 * 3600


def confirmation_token_make(*, user) -> str:
    """A signed, timestamped token naming the account and the address it was sent to."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(*, template: str, to: str, context: dict) -> bool:
    """Render ``accounts/email/<template>_{subject,body}.txt`` and send; ``False`` if the server failed.

    A failed send leaves the account in place: the resident can ask for the link again.
    """
    subject = "".join(render_to_string(f"accounts/email/{template}_subject.txt", context).splitlines())
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    try:
        send_mail(subject, body, None, [to])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not send the %s e-mail", template)
        return False
    return True


def confirmation_email_send(*, user, request=None) -> bool:
    token = confirmation_token_make(user=user)
    link = _absolute(request, reverse("accounts:confirm", kwargs={"token": token}))
    return _send(
        template="confirm",
        to=user.email,
        context={"user": user, "link": link, "days": confirmation_max_age() // 86400},
    )


def resident_register(*, email: str, first_name: str, last_name: str, password: str, request=None) -> None:
    """Create an inactive account and send the confirmation link; see the module docstring."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    existing = user_model.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = user_model.objects.create_user(
                    email=email, password=password, first_name=first_name, last_name=last_name, is_active=False
                )
        except IntegrityError:
            # A double click or two tabs: the other request created it and sent the link.
            return
    if existing is None:
        confirmation_email_send(user=user, request=request)
    elif not existing.is_active and existing.email_confirmed_at is None:
        # Registered before but never confirmed: a fresh link is what the owner needs.
        confirmation_email_send(user=existing, request=request)
    else:
        _send(
            template="already_registered",
            to=existing.email,
            context={
                "user": existing,
                "login_link": _absolute(request, reverse("accounts:login")),
                "reset_link": _absolute(request, reverse("accounts:password_reset")),
            },
        )


def confirmation_resend(*, email: str, request=None) -> None:
    """Send a new link if the address has an unconfirmed account; silent otherwise (no disclosure)."""
    user_model = get_user_model()
    user = user_model.objects.filter(
        email=user_model.objects.normalize_email(email).lower(), is_active=False, email_confirmed_at__isnull=True
    ).first()
    if user is not None:
        confirmation_email_send(user=user, request=request)


@transaction.atomic
def resident_confirm(*, token: str) -> ConfirmationResult:
    """Activate the account named by a confirmation token; confirming twice is harmless."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=confirmation_max_age())
    except signing.SignatureExpired as error:
        raise ConfirmationError("expired") from error
    except signing.BadSignature as error:
        raise ConfirmationError("invalid") from error
    user_model = get_user_model()
    user = user_model.objects.select_for_update().filter(pk=payload.get("u"), email=payload.get("e")).first()
    if user is None:
        raise ConfirmationError("invalid")
    if user.email_confirmed_at is not None:
        return ConfirmationResult(user=user, already_confirmed=True)
    if not user.is_active and user.last_login is not None:
        # Deactivated by the office after it had been used: a link must not bring it back.
        raise ConfirmationError("invalid")
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    return ConfirmationResult(user=user, already_confirmed=False)


@transaction.atomic
def identity_level_set(*, resident, level: str, by) -> None:
    """Set the identity level and record who did it and when (a clerk now, login.gov.pl later)."""
    user_model = get_user_model()
    if level == resident.identity_level:
        return
    resident.identity_level = level
    if level == user_model.IdentityLevel.VERIFIED:
        resident.identity_verified_by = by
        resident.identity_verified_at = timezone.now()
    else:
        resident.identity_verified_by = None
        resident.identity_verified_at = None
    resident.save(update_fields=["identity_level", "identity_verified_by", "identity_verified_at"])


@transaction.atomic
def profile_update(*, user, data: dict) -> None:
    """Save the resident's own profile fields (already validated by ``ProfileForm``).

    The name and PESEL of a verified account are not in ``data``: the form shows them read-only,
    because they are what the verification proved (see docs/accounts.md).
    """
    stored = get_user_model().objects.select_for_update().get(pk=user.pk)  # ``user`` may hold form edits
    allowed = {"first_name", "last_name", "phone", "street", "house_number", "postal_code", "locality", "pesel"}
    if stored.is_identity_verified:
        allowed -= {"first_name", "last_name", "pesel"}
    changed = [name for name in sorted(allowed) if name in data and getattr(stored, name) != data[name]]
    for name in changed:
        setattr(stored, name, data[name])
    if changed:
        stored.save(update_fields=changed)
    user.refresh_from_db()

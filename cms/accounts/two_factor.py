"""Two-factor authentication for everyone who can open the back office (OWASP ASVS 2.7/2.8).

A staff member proves a second factor once per session: a TOTP code from an authenticator app (RFC
6238, ``django_otp`` TOTP device) or one of ten single-use recovery codes (a ``django_otp`` static
device named ``recovery``). ``StaffTwoFactorMiddleware`` sends a signed-in person with admin access
who has not done so in this session to the set-up page (no confirmed device yet) or to the
verification page — for every ``/admin/`` address except signing in and out and these pages.

Services here are the only place that creates, confirms or removes devices.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODES = 10
STAFF_SESSION_KEY = "ratusz_staff_last_seen"  # set once the second factor is given: idle timeout


def has_admin_access(user) -> bool:
    """Whether ``user`` may open the Wagtail admin (and so needs a second factor there)."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


def has_second_factor(user) -> bool:
    """A confirmed authenticator app (recovery codes alone do not count as set up)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device of a set-up in progress (created on first call; the secret stays the
    same across reloads of the set-up page until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The device's secret as authenticator apps take it when typed in (RFC 4648 base32, no padding)."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def provisioning_uri(device: TOTPDevice) -> str:
    """``otpauth://totp/...``: what the QR code on the set-up page holds (Google Authenticator's key
    URI format, understood by every authenticator app)."""
    issuer = getattr(settings, "WAGTAIL_SITE_NAME", "Ratusz")
    label = quote(f"{issuer}:{device.user.email}")
    return (
        f"otpauth://totp/{label}?secret={secret_base32(device)}&issuer={quote(issuer)}"
        f"&digits={device.digits}&period={device.step}&algorithm=SHA1"
    )


@transaction.atomic
def two_factor_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a set-up with the first code the app shows: the device becomes the user's only
    authenticator, ten new recovery codes are made (returned once, never shown again) and this session
    counts as verified. ``None`` when the code is wrong (nothing changes)."""
    if device.confirmed or not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_regenerate(user=device.user)
    otp_login(request, device)
    mark_staff_session(request)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def two_factor_verify(*, request, token: str) -> bool:
    """Check a TOTP or recovery code for ``request.user`` (a recovery code is used up); on success the
    session counts as verified. Wrong codes are throttled by the devices themselves (growing delays)."""
    user = request.user
    device = match_token(user, _digits(token))
    if device is None or device.user_id != user.pk:
        return False
    otp_login(request, device)
    mark_staff_session(request)
    return True


@transaction.atomic
def two_factor_reset(*, user) -> int:
    """Remove every second factor of ``user`` (a lost phone): they set one up again at their next
    sign-in to the admin. Returns the number of devices removed. For administrators only
    (``manage.py two_factor_reset``)."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def mark_staff_session(request) -> None:
    """Start the idle-timeout clock of a staff session (``StaffSessionTimeoutMiddleware``)."""
    request.session[STAFF_SESSION_KEY] = int(time.time())


def _digits(token: str) -> str:
    """What people type: spaces and dashes (``12345-67890``, ``123 456``) are ignored."""
    return "".join(ch for ch in (token or "") if ch.isalnum())[:16]

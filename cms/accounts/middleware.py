"""Back-office guards: a second factor before the admin, and the end of idle staff sessions.

Both run after ``django_otp.middleware.OTPMiddleware`` (which tells whether this session gave a
second factor). Neither adds a query to a resident's request: the admin-access check runs only for
``/admin/`` addresses, and the idle timeout only for sessions marked as staff by the second factor.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .two_factor import STAFF_SESSION_KEY, has_admin_access, has_second_factor

logger = logging.getLogger("ratusz.security")

ADMIN_PREFIX = "/admin/"
# Reachable without a second factor: signing in and out, password reset, the 2FA pages themselves, and
# the admin's icon sprite and translations catalogue, which those pages load (no data in them).
EXEMPT_PREFIXES = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/2fa/",
    "/admin/sprite/",
    "/admin/jsi18n/",
)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ADMIN_PREFIX) and not path.startswith(EXEMPT_PREFIXES):
            user = request.user
            if user.is_authenticated and not user.is_verified() and has_admin_access(user):
                target = "accounts_2fa:verify" if has_second_factor(user) else "accounts_2fa:setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Signs a staff session out after ``RATUSZ_STAFF_IDLE_SECONDS`` without a request (30 min by
    default; ASVS 3.3.2). The last-seen time is written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        last_seen = session.get(STAFF_SESSION_KEY) if session is not None else None
        if last_seen is not None:
            now = int(time.time())
            idle = getattr(settings, "RATUSZ_STAFF_IDLE_SECONDS", 30 * 60)
            if now - last_seen > idle:
                email = getattr(request.user, "email", "")
                logout(request)
                logger.info("staff session ended after inactivity", extra={"user": email})
                messages.info(request, _("Sesja wygasła po okresie bezczynności. Zaloguj się ponownie."))
                if request.path_info.startswith(ADMIN_PREFIX):
                    return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}")
            elif now - last_seen >= 60:
                session[STAFF_SESSION_KEY] = now
        return self.get_response(request)

"""The second-factor pages of the back office (``/admin/2fa/…``): set-up with an authenticator app,
verification at sign-in, recovery codes. Styled as the Wagtail sign-in page they follow.

Each page needs a signed-in person with admin access; anyone else is sent to the admin sign-in.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

from . import two_factor
from .redirects import safe_next

logger = logging.getLogger("ratusz.security")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kod"),
        max_length=32,
        help_text=gettext_lazy("Sześć cyfr z aplikacji uwierzytelniającej albo jeden z kodów zapasowych."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    return safe_next(request) or reverse("wagtailadmin_home")


def _staff_only(view):
    @never_cache
    @login_required(login_url="wagtailadmin_login")
    def wrapped(request, *args, **kwargs):
        if not two_factor.has_admin_access(request.user):
            return redirect("wagtailadmin_login")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _qr_svg(data: str) -> str:
    """The provisioning URI as an inline SVG QR code: one ``<path>`` of the dark modules, with a quiet
    zone of four (reportlab's QR encoder; no JavaScript, no style attributes, no external service)."""
    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    count = qr.getModuleCount()
    size = count + 8
    path = "".join(
        f"M{col + 4},{row + 4}h1v1h-1z" for row in range(count) for col in range(count) if qr.isDark(row, col)
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="200" height="200" '
        'shape-rendering="crispEdges" aria-hidden="true" focusable="false">'
        '<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{}"/></svg>',
        size,
        size,
        path,
    )


@_staff_only
@require_http_methods(["GET", "POST"])
def setup(request):
    """Step 1 of the set-up: scan the QR code (or type the key), enter the code the app shows."""
    if two_factor.has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts_2fa:verify')}?{urlencode({'next': _next(request)})}")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.two_factor_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            logger.info("second factor set up", extra={"user": request.user.email})
            return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error(
            "token", _("Nieprawidłowy kod. Sprawdź, czy zegar telefonu jest ustawiony poprawnie, i wpisz nowy kod.")
        )
    uri = two_factor.provisioning_uri(device)
    context = {"form": form, "secret": two_factor.secret_base32(device), "qr_svg": _qr_svg(uri), "next": _next(request)}
    return render(request, "accounts/two_factor/setup.html", context)


@_staff_only
@require_http_methods(["GET", "POST"])
def verify(request):
    """At each sign-in to the admin: a code from the app or a recovery code."""
    if not two_factor.has_second_factor(request.user):
        return redirect(f"{reverse('accounts_2fa:setup')}?{urlencode({'next': _next(request)})}")
    if request.user.is_verified():
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(request=request, token=form.cleaned_data["token"]):
            left = two_factor.recovery_codes_left(request.user)
            if left <= 3:
                messages.warning(request, _("Zostało Ci %(left)d kodów zapasowych. Wygeneruj nowe.") % {"left": left})
            return redirect(_next(request))
        logger.warning("wrong second-factor code", extra={"user": request.user.email})
        form.add_error("token", _("Nieprawidłowy kod albo zbyt wiele prób — odczekaj chwilę i wpisz nowy kod."))
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": _next(request)})


@_staff_only
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """How many recovery codes are left; new ones on request (the old ones stop working)."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts_2fa:verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        codes = two_factor.recovery_codes_regenerate(user=request.user)
        return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": _next(request)})
    left = two_factor.recovery_codes_left(request.user)
    return render(request, "accounts/two_factor/recovery_status.html", {"left": left})

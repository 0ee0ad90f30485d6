"""``verified_identity_required``: what a service uses when it needs a proven identity.

Anonymous visitors go to the sign-in page (with ``next``); signed-in residents whose identity is not
verified go to ``/konto/weryfikacja/``, which explains how to get verified, also with ``next`` so
they can come back. Verified residents (and nobody else) get through.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse


def _verification_redirect(request):
    url = reverse("accounts:verification_required")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def verified_identity_required(view_func):
    """Decorator for function views; see the module docstring."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not user.is_identity_verified:
            return _verification_redirect(request)
        return view_func(request, *args, **kwargs)

    return wrapper


class VerifiedIdentityRequiredMixin:
    """The same rule for class-based views; put it first among the bases."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not user.is_identity_verified:
            return _verification_redirect(request)
        return super().dispatch(request, *args, **kwargs)

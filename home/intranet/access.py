"""Who may see the intranet, and what everybody else gets.

Staff are active accounts with ``is_staff`` (every office and unit employee who works in the Wagtail
admin has it; residents never do) or superusers. Everybody else is sent to the sign-in page with
``next=`` pointing back, the same answer Wagtail's own "private, signed-in users" restriction gives
to anonymous visitors. A signed-in resident lands on the same page, where Wagtail says (in Polish)
that their account has no access to the page and asks to sign in with one that has: a person who
followed a link to the intranet expects to be asked for a staff login, not a bare error.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def sign_in_url() -> str:
    """Wagtail's front-end sign-in page (``WAGTAIL_FRONTEND_LOGIN_URL`` when the project sets one)."""
    return getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or reverse("wagtailcore_login")


def staff_sign_in_response(request):
    """A redirect to the sign-in page with ``next`` back to the requested address, never cached."""
    response = redirect_to_login(request.get_full_path(), sign_in_url())
    add_never_cache_headers(response)
    return response

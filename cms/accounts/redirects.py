"""``?next=`` handling for every sign-in-related view: only addresses on this site are followed."""

from django.utils.http import url_has_allowed_host_and_scheme

from cms.security.log import security_refusal


def safe_next(request) -> str:
    """The ``next`` address (POST, then GET) if it is on this site; otherwise ``""`` — and an address on
    another site is logged as a refused open redirect (issue 11)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    if target:
        security_refusal(request=request, event="open_redirect", next=target)
    return ""

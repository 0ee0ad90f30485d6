"""The client's real address behind nginx (production only, ``cms/settings/production.py``).

gunicorn sees every request coming from nginx, so ``REMOTE_ADDR`` would be 127.0.0.1 for everyone and
the sign-in throttle (``cms.accounts.throttle``) and the form rate limits (``cms.security.ratelimit``)
would lock out the whole town after one guesser. nginx sets ``X-Real-IP`` to the address it saw
(``deploy/nginx/ratusz.conf``, overwriting whatever a client sent); this takes it, but only from a
peer listed in ``RATUSZ_TRUSTED_PROXIES``, so nobody can choose their own address by sending the header
directly.
"""

import ipaddress

from django.conf import settings


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = set(getattr(settings, "RATUSZ_TRUSTED_PROXIES", ()) or ())

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if peer in self.trusted and real and _valid_ip(real):
            request.META["REMOTE_ADDR"] = real
        return self.get_response(request)

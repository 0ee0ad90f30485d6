"""The SMS gateway's delivery-report callback: ``/ostrzezenia/raporty/smsapi/<secret>/``.

SMSAPI.pl calls the ``notify_url`` we send with every message (``RATUSZ_SMSAPI["notify_url"]``), by
GET or POST, with one or many reports (``crisis.services.delivery_reports``), and expects the plain
answer ``OK``; it repeats a report that got anything else. The URL carries a secret
(``RATUSZ_SMSAPI["callback_secret"]``) because the gateway signs nothing: the path segment is
compared in constant time, and a wrong one (or none configured) answers 403, logs a warning and
changes nothing. The secret is in the path rather than the query so the gateway can append its own
parameters without care; ``?secret=`` on the bare URL is accepted too.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .services.delivery_reports import delivery_reports_apply, parse_smsapi_reports

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache  # a GET report must never be answered from the page cache
@require_http_methods(["GET", "POST"])
def smsapi_report(request, secret: str = ""):
    secret = secret or request.GET.get("secret", "")
    if not _secret_ok(secret):
        logger.warning(
            "Forged or misconfigured SMS delivery report from %s refused (wrong secret)",
            request.META.get("REMOTE_ADDR", "?"),
        )
        return HttpResponse("FORBIDDEN", status=403, content_type="text/plain")
    # POSTed reports come in the body; a POST with the parameters in the query string is read too.
    params = request.POST if ("MsgId" in request.POST or "idx" in request.POST) else request.GET
    outcome = delivery_reports_apply(reports=parse_smsapi_reports(params))
    logger.debug("SMS delivery reports applied: %s", outcome)
    return HttpResponse("OK", content_type="text/plain")


def _secret_ok(given: str) -> bool:
    expected = (getattr(settings, "RATUSZ_SMSAPI", {}) or {}).get("callback_secret", "")
    if not expected:
        logger.error("RATUSZ_SMSAPI['callback_secret'] is empty: every SMS delivery report is refused")
        return False
    return hmac.compare_digest(given.encode(), expected.encode())

"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability, in plain text.

``Contact`` and ``Expires`` are required by the RFC. The contact comes from ``RATUSZ_SECURITY_CONTACT``
(a ``mailto:`` or ``https:`` URI, several separated by commas); ``Expires`` is a rolling date
``RATUSZ_SECURITY_TXT_DAYS`` ahead (the RFC recommends less than a year), so the file never goes stale
while the site is maintained.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET


def security_txt_body(*, request) -> str:
    contacts = [c.strip() for c in str(settings.RATUSZ_SECURITY_CONTACT).split(",") if c.strip()]
    expires = (timezone.now() + timedelta(days=settings.RATUSZ_SECURITY_TXT_DAYS)).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in contacts]
    lines.append(f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: pl, en")
    lines.append(f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}")
    policy = getattr(settings, "RATUSZ_SECURITY_POLICY_URL", "")
    if policy:
        lines.append(f"Policy: {policy}")
    return "\n".join(lines) + "\n"


@require_GET
def security_txt(request):
    response = HttpResponse(security_txt_body(request=request), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response

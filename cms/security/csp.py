"""Content-Security-Policy on every response (issue 11, docs/security.md).

Two policies: the public site's strict one (nothing inline, nothing from other origins) and a relaxed
one for the Wagtail admin under ``/admin/``, whose date widgets print inline scripts and whose
templates use inline styles (``RATUSZ_CSP_ADMIN`` in ``cms/settings/base.py`` says what and why).
A view that sets its own policy keeps it (Wagtail's document serving sends ``default-src
'none'``). The self-contained 500 page carries one inline ``<style>`` block: its hash is added to that
response's policy, so even the error page needs no ``'unsafe-inline'``.
"""

import base64
import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

PUBLIC_DEFAULT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

_STYLE_BLOCK = re.compile(rb"<style[^>]*>(.*?)</style>", re.S | re.I)


def build_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items() if values is not None)


def _with_media_origin(directives: dict[str, list[str]]) -> dict[str, list[str]]:
    """Media on S3-compatible storage has its own origin: images must be allowed from it."""
    media_url = getattr(settings, "MEDIA_URL", "") or ""
    match = re.match(r"^(https?://[^/]+)", media_url)
    if not match:
        return directives
    result = {name: list(values) for name, values in directives.items()}
    for name in ("img-src", "media-src"):
        values = result.setdefault(name, ["'self'"])
        if match.group(1) not in values:
            values.append(match.group(1))
    return result


@lru_cache(maxsize=1)
def policies() -> tuple[str, str]:
    """(public policy, admin policy) as header values, built once; cleared when a test changes the settings."""
    public = _with_media_origin(getattr(settings, "RATUSZ_CSP", None) or PUBLIC_DEFAULT)
    admin = _with_media_origin(getattr(settings, "RATUSZ_CSP_ADMIN", None) or public)
    return build_policy(public), build_policy(admin)


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in ("RATUSZ_CSP", "RATUSZ_CSP_ADMIN", "MEDIA_URL"):
        policies.cache_clear()


def _style_hashes(content: bytes) -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"
        for block in _STYLE_BLOCK.findall(content)
    ]


def _add_style_hashes(policy: str, hashes: list[str]) -> str:
    parts = []
    for part in policy.split("; "):
        if part.startswith("style-src "):
            part = f"{part} {' '.join(hashes)}"
        parts.append(part)
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Adds the policy for the request's area unless the response already carries one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response or REPORT_ONLY_HEADER in response:
            return response
        public, admin = policies()
        admin_prefix = getattr(settings, "RATUSZ_CSP_ADMIN_PREFIX", "/admin/")
        policy = admin if request.path.startswith(admin_prefix) else public
        if (
            response.status_code >= 500
            and not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            hashes = _style_hashes(response.content)
            if hashes:
                policy = _add_style_hashes(policy, hashes)
        header = REPORT_ONLY_HEADER if getattr(settings, "RATUSZ_CSP_REPORT_ONLY", False) else HEADER
        response[header] = policy
        return response

"""System checks: a production site must not run on generated development keys."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def generated_keys_in_production(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    found = []
    if settings.EPUAP_GENERATE_DEV_KEYS and "127.0.0.1" not in settings.EPUAP_URL:
        found.append(
            CheckWarning(
                "EPUAP_GENERATE_DEV_KEYS is on while EPUAP_URL points at a real ePUAP.",
                hint="Set EPUAP_GENERATE_DEV_KEYS=0 and EPUAP_CERT_FILE/EPUAP_KEY_FILE to the office's certificate.",
                id="epuap.W001",
            )
        )
    if settings.LOGINGOV_GENERATE_DEV_KEYS and "127.0.0.1" not in settings.LOGINGOV_IDP_SSO_URL:
        found.append(
            CheckWarning(
                "LOGINGOV_GENERATE_DEV_KEYS is on while login.gov.pl points at a real node.",
                hint="Set LOGINGOV_GENERATE_DEV_KEYS=0 and the LOGINGOV_SP_* keys (docs/login-gov-pl.md).",
                id="epuap.W002",
            )
        )
    return found

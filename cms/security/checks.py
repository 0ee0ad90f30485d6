"""Deployment checks of our own, run by ``manage.py check --deploy`` (and so by ``make check-deploy``):
placeholders copied from ``deploy/ratusz.env.example`` and a missing Content-Security-Policy."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register

PLACEHOLDERS = ("CHANGE-ME", "replace-with", "dev-only-not-secret")
CHECKED_VARIABLES = ("SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD", "AWS_S3_SECRET_ACCESS_KEY", "REDIS_URL")


@register(Tags.security, deploy=True)
def check_placeholders(app_configs, **kwargs):
    found = [
        name
        for name in CHECKED_VARIABLES
        if any(marker in os.environ.get(name, "") for marker in PLACEHOLDERS)
        or (name == "SECRET_KEY" and any(marker in settings.SECRET_KEY for marker in PLACEHOLDERS))
    ]
    return [
        Warning(
            f"{name} still holds the example's placeholder.",
            hint="Put the real value into the environment file (docs/deploy.md).",
            id="security.W001",
        )
        for name in found
    ]


@register(Tags.security, deploy=True)
def check_csp(app_configs, **kwargs):
    if "cms.security.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            "ContentSecurityPolicyMiddleware is not in MIDDLEWARE: pages go out without a Content-Security-Policy.",
            id="security.W002",
        )
    ]

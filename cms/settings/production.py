"""Production: every secret and address from the environment; refuses to start without them.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``. Recommended: ``REDIS_URL`` (cache,
broker), ``EMAIL_URL``-style SMTP settings (``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``), ``WAGTAILADMIN_BASE_URL``, ``CSRF_TRUSTED_ORIGINS``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False


def _require(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = [h for h in _require("ALLOWED_HOSTS").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@glogow-mlp.pl")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS through SMSAPI.pl (docs/messaging.md): never the development console backend in production.
RATUSZ_MESSAGING_BACKENDS["sms"] = os.environ.get(  # noqa: F405
    "RATUSZ_SMS_BACKEND", "cms.messaging.backends.smsapi.SmsapiBackend"
)

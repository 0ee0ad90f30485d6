"""Production: every secret and address from the environment; refuses to start without them.

docs/deploy.md walks through a deployment; ``deploy/ratusz.env.example`` lists every variable.

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
# The client's address from nginx's X-Real-IP, trusted only from these peers (cms.security.proxy): the
# sign-in throttle and the form rate limits count per client, not per proxy.
RATUSZ_TRUSTED_PROXIES = [p for p in os.environ.get("RATUSZ_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p]
MIDDLEWARE = ["cms.security.proxy.TrustedProxyMiddleware", *MIDDLEWARE]  # noqa: F405
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # nothing reads it from JavaScript: forms and the admin carry the token
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # and CSP frame-ancestors 'none' (cms.security.csp); the admin preview: 'self'
# Wagtail documents always through the permission-checked view (attachment, real type, nosniff),
# never a redirect to the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

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

# --- Media storage (issue 11, docs/deploy.md) ---
# RATUSZ_MEDIA_STORAGE=s3: uploads on S3-compatible object storage (MinIO, Ceph, OVH, AWS) through
# django-storages, so that any number of web and worker machines share them. Objects are private and
# reached by short-lived signed URLs; case documents get their own prefix (eservices/cases/storage.py).
# Default "local": the file system under RATUSZ_VAR_DIR (one machine, or a shared volume).
RATUSZ_MEDIA_STORAGE = os.environ.get("RATUSZ_MEDIA_STORAGE", "local")
if RATUSZ_MEDIA_STORAGE == "s3":
    _s3 = {
        "bucket_name": _require("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "default_acl": None,  # the bucket's policy: private
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, max-age=3600"},
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "media"}}  # noqa: F405
    STORAGES["cases"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "cases"}}  # noqa: F405
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        MEDIA_URL = f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}/media/"
    elif os.environ.get("AWS_S3_ENDPOINT_URL"):
        MEDIA_URL = f"{os.environ['AWS_S3_ENDPOINT_URL'].rstrip('/')}/{_s3['bucket_name']}/media/"
elif RATUSZ_MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("RATUSZ_MEDIA_STORAGE must be 'local' or 's3'.")

# --- Logs (issue 11): one JSON object per line on stderr, collected by journald -------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cms.security.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},  # CSRF failures, disallowed hosts
        "ratusz.security": {"level": "WARNING"},  # refused input: open redirects, rate limits (cms.security)
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

"""Test settings: fast hashing, in-memory cache and e-mail; the database comes from ``DATABASE_URL``.

Tasks run eagerly here, whatever ``REDIS_URL`` says: the test that needs a real worker
(``tests/test_celery_worker.py``) starts one itself and points it at Redis.
"""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
# Static files come from the finders in tests; WhiteNoise would only warn about a missing STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The alerts state (crisis.website) is recomputed at least every minute in production; in tests a
# recompute between a warm-up request and a measured one would add its two queries to a query count
# (seen on a loaded CI machine). Tests of that safety net set it themselves.
RATUSZ_ALERTS_STATE_MAX_SECONDS = 3600

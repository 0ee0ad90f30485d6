"""Test settings: fast hashing, in-memory cache and e-mail; the database comes from ``DATABASE_URL``.

Tasks run eagerly here, whatever ``REDIS_URL`` says: the test that needs a real worker
(``tests/test_celery_worker.py``) starts one itself and points it at Redis.
"""

import os
from pathlib import Path
from urllib.parse import urlparse, urlunparse

# Under pytest-xdist (``make test`` runs two workers) each worker is a process of its own with its own
# test database (pytest-django adds the ``_gw0`` suffix). Redis and the var directory are shared
# resources too: Celery queues, the rate limiter's keys and a test's ``flushdb`` would reach the other
# worker, so each worker gets the next Redis database numbers after the one in ``REDIS_URL`` (gw0: +1,
# gw1: +2, …) and a var directory of its own. Done once per process tree, before ``base`` reads the
# environment; subprocesses a test starts (Celery workers) inherit the rewritten values.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ.get("RATUSZ_TEST_WORKER") != _WORKER:
    _number = int(_WORKER.removeprefix("gw"))
    if os.environ.get("REDIS_URL"):
        _redis = urlparse(os.environ["REDIS_URL"])
        _db = int(_redis.path.strip("/") or 0) + 1 + _number
        os.environ["REDIS_URL"] = urlunparse(_redis._replace(path=f"/{_db}"))
    _var = Path(os.environ.get("RATUSZ_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
    os.environ["RATUSZ_VAR_DIR"] = str(_var / f"test-{_WORKER}")
    os.environ["RATUSZ_TEST_WORKER"] = _WORKER

from .base import *  # noqa: E402, F403

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

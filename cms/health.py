"""``/healthz``: is the database, the cache and the task broker answering?

Load balancers and monitoring poll it; it answers 200 with ``"status": "ok"`` when everything
answers and 503 naming what failed otherwise. It never caches.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _check_cache() -> str:
    key = "healthz:probe"
    token = str(time.monotonic_ns())
    cache.set(key, token, 10)
    if cache.get(key) != token:
        raise RuntimeError("cache did not return what was stored")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (no broker: tasks run in-process)"
    from cms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return conn.transport_cls if isinstance(conn.transport_cls, str) else "redis"


@never_cache
def healthz(request):
    checks: dict[str, dict[str, str]] = {}
    healthy = True
    for name, probe in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = {"status": "ok", "detail": probe()}
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a health fact to report
            healthy = False
            checks[name] = {"status": "error", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)

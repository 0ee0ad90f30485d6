"""Celery application.

Without ``REDIS_URL`` tasks run eagerly in the web process (the embedded default, nothing to install);
with it they go through Redis to ``celery -A cms worker`` and periodic jobs run under ``celery beat``.
The switch lives in the settings (``CELERY_TASK_ALWAYS_EAGER``), not in business code.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
@signals.task_postrun.connect
def _database_connections_like_requests(task=None, **kwargs) -> None:
    """Django's request rule for tasks: keep the connection for ``CONN_MAX_AGE``, drop a broken one.

    Celery's Django fixup closes the database connection before and after *every* task unless
    ``CELERY_DB_REUSE_MAX`` is set (it is, in the settings); a new PostgreSQL connection per task
    cost a crisis broadcast 2,000 connections (a backend process each). Eager tasks run inside the
    caller's transaction and are left alone.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@app.task(name="cms.ping")
def ping(value: str = "pong") -> str:
    """Round-trip probe used by ``/healthz`` and the broker test: returns its argument."""
    return value

"""Celery application.

Without ``REDIS_URL`` tasks run eagerly in the web process (the embedded default, nothing to install);
with it they go through Redis to ``celery -A cms worker`` and periodic jobs run under ``celery beat``.
The switch lives in the settings (``CELERY_TASK_ALWAYS_EAGER``), not in business code.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="cms.ping")
def ping(value: str = "pong") -> str:
    """Round-trip probe used by ``/healthz`` and the broker test: returns its argument."""
    return value

"""Background work: eager in-process without Redis; through Redis to a real worker with it."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_without_redis_tasks_run_in_process():
    from cms.celery import ping

    assert ping.delay("eager").get(timeout=1) == "eager"


@pytest.mark.celery
@pytest.mark.redis
def test_real_worker_round_trips_a_task_through_redis(tmp_path):
    from celery import Celery

    redis_url = os.environ["REDIS_URL"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "RATUSZ_VAR_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client = Celery("probe", broker=redis_url, backend=redis_url, set_as_current=False)
        token = uuid.uuid4().hex
        result = client.send_task("cms.ping", args=[token], queue=queue)
        deadline = time.monotonic() + 60
        while not result.ready() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert worker.poll() is None, "the worker exited early:\n" + (worker.stdout.read() if worker.stdout else "")
        assert result.get(timeout=5) == token
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_sees_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from cms.celery import app

    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        response = client.get("/healthz")
        assert response.json()["checks"]["broker"]["status"] == "ok", response.json()
    finally:
        app.conf.broker_url = "memory://"


@pytest.mark.postgres  # SQLite's in-memory test database ignores close()
@pytest.mark.django_db(transaction=True)
def test_worker_tasks_keep_their_database_connection_until_conn_max_age(settings):
    """Celery's fixup would open a new PostgreSQL connection for every task; tasks now follow Django's
    request rule: the connection lives for CONN_MAX_AGE and is then replaced."""
    from celery import signals
    from django.db import connection

    from cms.celery import app, ping

    assert app.conf.get("CELERY_DB_REUSE_MAX")  # the fixup leaves the connections to the handler below

    class Request:
        is_eager = False

    class Task:
        request = Request()

    def run_task():
        signals.task_prerun.send(sender=ping, task=Task(), task_id="t", args=(), kwargs={})
        connection.ensure_connection()
        used = connection.connection
        signals.task_postrun.send(sender=ping, task=Task(), task_id="t", args=(), kwargs={})
        return used

    old_max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    try:
        connection.settings_dict["CONN_MAX_AGE"] = 60
        first, second = run_task(), run_task()
        assert first is second and connection.connection is first

        connection.settings_dict["CONN_MAX_AGE"] = 0  # expired at the end of the next task
        connection.close()
        third, fourth = run_task(), run_task()
        assert third is not fourth and connection.connection is None
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = old_max_age

"""Crisis broadcast at scale (issue 7): 100,000 residents with an e-mail and a phone each, one alert to all.

Builds a fresh PostgreSQL database, bulk-inserts 2 × N confirmed subscriptions (one e-mail and one SMS
contact per resident), starts the SMSAPI and SMTP stand-ins on 127.0.0.1 (``cms.messaging.standins``,
separate processes) and a real Celery worker (prefork, ``--concurrency``) on Redis, approves the alert
by sending ``crisis.broadcast_start`` and waits until the broadcast is done. Prints the time from the
approval to the last message handed over (the greatest ``Delivery.sent_at``), deliveries a second, the
stand-ins' counts (and repeats) and the peak RSS (``VmHWM``) of every worker process.

    .venv/bin/python bench/crisis_bench.py --database-url postgres://postgres@127.0.0.1:5432/h4bbench \
        --redis-url redis://127.0.0.1:6379/9
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database_url: str, env: dict) -> None:
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def build(n: int) -> int:
    """Insert ``n`` residents (an e-mail and an SMS subscription each) and an approved alert; returns its id."""
    from django.db import connection
    from django.utils import timezone

    from crisis.models import Alert, AlertArea, Category, Subscription
    from tests.factories import UserFactory

    tables = ["crisis_delivery", "crisis_broadcast", "crisis_alertdecision", "crisis_alert_areas", "crisis_alert"]
    with connection.cursor() as cursor:  # the bench's own database: start from nothing, fast
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    now = timezone.now()
    reuse = Subscription.objects.filter(state=Subscription.State.CONFIRMED).count() == 2 * n
    if not reuse:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE crisis_subscription_areas, crisis_subscription CASCADE")
    common = {"all_areas": True, "state": Subscription.State.CONFIRMED, "consent_text": "zgoda", "consent_at": now}
    step = 10_000
    for start in range(0, 0 if reuse else n, step):
        rows = []
        for i in range(start, min(n, start + step)):
            rows.append(Subscription(channel="email", address=f"mieszkaniec{i}@example.pl", **common))
            rows.append(Subscription(channel="sms", address=f"+48500{i:06d}", **common))
        Subscription.objects.bulk_create(rows, batch_size=step)
    with connection.cursor() as cursor:  # autovacuum may be off: fresh statistics for the planner
        cursor.execute("VACUUM (ANALYZE) crisis_subscription")
        cursor.execute("VACUUM (ANALYZE) crisis_delivery")
    area, _ = AlertArea.objects.get_or_create(name="Cała gmina", slug="cala-gmina", kind=AlertArea.Kind.GMINA)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email="kryzys-bench@example.pl").first()
    user = user or UserFactory(email="kryzys-bench@example.pl")
    alert = Alert.objects.create(
        identifier=f"urn:bench:ratusz:{int(time.time())}",
        sender="kryzys@glogow-mlp.pl",
        category=Category.MET,
        event="Burza z gradem",
        headline="Burze z gradem nad gminą",
        description="Prognozowane są burze z gradem i porywami wiatru do 90 km/h.",
        instruction="Zabezpiecz przedmioty na balkonach.",
        effective=now,
        expires=now + timezone.timedelta(hours=12),
        sms_text="Ostrzezenie: burze z gradem w gminie do 22:00. Zabezpiecz balkony.",
        created_by=user,
        approved_by=user,
        approved_at=now,
        state=Alert.State.APPROVED,
    )
    alert.areas.set([area])
    return alert.pk


def worker_pids(root_pid: int) -> list[int]:
    pids, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo.extend(int(c) for c in children)
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--email-mark-every", type=int, default=1)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="crisis-bench-"))
    sms_port, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-secret",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "RATUSZ_VAR_DIR": str(tmp),
        "WAGTAILADMIN_BASE_URL": "https://glogow-mlp.example",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "RATUSZ_SMSAPI_BASE_URL": f"http://127.0.0.1:{sms_port}",
        "RATUSZ_SMSAPI_TOKEN": "bench",
        "RATUSZ_CRISIS_RATE_SMS": "20000",  # high limits: the limiter runs (Redis) but does not brake
        "RATUSZ_CRISIS_RATE_EMAIL": "20000",
        "RATUSZ_CRISIS_EMAIL_MARK_EVERY": str(args.email_mark_every),
        "FINANCE_ALLOW_SANDBOX": "1",  # production settings, but no payment gateway is involved here
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    if not args.skip_prepare:
        prepare(args.database_url, env)
    import django

    django.setup()
    import redis
    from django.db.models import Max, Min
    from django.utils import timezone

    from crisis.models import Alert, Delivery

    t = time.monotonic()
    alert_id = build(args.residents)
    print(f"built {2 * args.residents} subscriptions in {time.monotonic() - t:.1f} s", flush=True)  # noqa: T201
    redis.Redis.from_url(args.redis_url).flushdb()

    smtp_stats = tmp / "smtp.json"
    standins = [
        subprocess.Popen(
            [PY, "-m", "cms.messaging.standins.smsapi", "--port", str(sms_port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [PY, "-m", "cms.messaging.standins.smtp", "--port", str(smtp_port), "--stats-file", str(smtp_stats)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    log = (tmp / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            PY,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=prefork",
            f"--concurrency={args.concurrency}",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    peak: dict[int, float] = {}
    cpu: dict[int, float] = {}
    cpu_standins: dict[int, float] = {}
    try:
        time.sleep(8)  # the worker and the stand-ins start
        load_before = os.getloadavg()
        cpu_start = {pid: cpu_seconds(pid) for pid in worker_pids(worker.pid)}
        cpu_start.update({proc.pid: cpu_seconds(proc.pid) for proc in standins})
        from celery import Celery

        approved = time.time()
        Alert.objects.filter(pk=alert_id).update(approved_at=timezone.now())
        Celery("bench", broker=args.redis_url).send_task("crisis.broadcast_start", args=[alert_id])
        deadline = time.monotonic() + 3600
        while Alert.objects.get(pk=alert_id).state != Alert.State.SENT and time.monotonic() < deadline:
            for pid in worker_pids(worker.pid):
                try:
                    peak[pid] = max(peak.get(pid, 0.0), vm_hwm_mb(pid))
                    cpu[pid] = cpu_seconds(pid)
                except OSError:
                    pass
            for proc in standins:
                cpu_standins[proc.pid] = cpu_seconds(proc.pid)
            time.sleep(1)
        load_after = os.getloadavg()
        for pid in worker_pids(worker.pid):
            peak[pid] = max(peak.get(pid, 0.0), vm_hwm_mb(pid))
        with urllib.request.urlopen(f"http://127.0.0.1:{sms_port}/_standin/stats", timeout=5) as r:  # noqa: S310
            sms_stats = json.load(r)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        for proc in standins:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)

    span = Delivery.objects.filter(alert_id=alert_id).aggregate(first=Min("claimed_at"), last=Max("sent_at"))
    counts = {}
    for state in Delivery.State.values:
        counts[state] = Delivery.objects.filter(alert_id=alert_id, state=state).count()
    total = sum(counts.values())
    seconds = span["last"].timestamp() - approved
    result = {
        "deliveries": total,
        "states": counts,
        "approval_to_last_handover_s": round(seconds, 1),
        "deliveries_per_s": round(total / seconds, 0),
        "worker_peak_rss_mb": {str(pid): round(mb, 1) for pid, mb in sorted(peak.items())},
        "smtp": json.loads(smtp_stats.read_text()) if smtp_stats.exists() else {},
        "smsapi": sms_stats,
        "worker_cpu_s": round(sum(v - cpu_start.get(k, 0.0) for k, v in cpu.items()), 1),
        "worker_cpu_by_process_s": {str(k): round(v - cpu_start.get(k, 0.0), 1) for k, v in sorted(cpu.items())},
        "standins_cpu_s": round(sum(v - cpu_start.get(k, 0.0) for k, v in cpu_standins.items()), 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "email_mark_every": args.email_mark_every,
    }
    print(json.dumps(result, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the HTTP benchmarks share: a production-like environment, a fresh demo database, gunicorn, wrk.

``http_bench.py`` (public pages) and ``catalogue_bench.py`` (``/uslugi/``) differ only in the addresses
they measure and the table they print.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run(cmd, env, **kw):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kw)


def prepare(env, db: str, database_url: str | None) -> None:
    if db == "postgres":
        import psycopg

        base = database_url.rsplit("/", 1)[0]
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS ratusz_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE ratusz_bench")
        env["DATABASE_URL"] = f"{base}/ratusz_bench"
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "seed_demo", "--news", "200"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def count_queries(env, paths) -> dict[str, int]:
    code = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
c = Client()
for p in {paths!r}:
    c.get(p)
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(p)
    print("Q", p, r.status_code, len(ctx.captured_queries))
"""
    env = {**env, "RATUSZ_PAGE_CACHE_SECONDS": "0"}
    out = run([PY, "manage.py", "shell", "-c", code], env).stdout
    return {line.split()[1]: int(line.split()[3]) for line in out.splitlines() if line.startswith("Q ")}


def serve(env, port: int, cache_seconds: int):
    env = {**env, "RATUSZ_PAGE_CACHE_SECONDS": str(cache_seconds)}
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "cms.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True,
        text=True,
        capture_output=True,
    ).stdout

    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "errors": int(non2xx.group(1)) if non2xx else 0}


def production_env(*, redis_url: str = "") -> dict[str, str]:
    """Settings as in production (DEBUG off), a throw-away var directory; no DATABASE_URL yet."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only-" + "x7Kp2Qm9Lr4Vt8Nw3Zs6Yb1Hc5Jd0Fg" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "RATUSZ_VAR_DIR": tempfile.mkdtemp(prefix="ratusz-bench-"),
        "LOG_LEVEL": "WARNING",
        "FINANCE_ALLOW_SANDBOX": "1",  # no real payment gateway here (system check finance.E001)
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def measure(env, paths, *, port: int, seconds: int, connections: int) -> dict:
    """wrk on every path with the anonymous page cache off, then on: ``{("uncached"|"cached", path): stats}``."""
    results = {}
    for label, cache_seconds in (("uncached", 0), ("cached", 600)):
        proc = serve(env, port, cache_seconds)
        try:
            for path in paths:
                url = f"http://127.0.0.1:{port}{path}"
                wrk(url, 2, connections)  # warm up
                results[(label, path)] = wrk(url, seconds, connections)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    return results


def table_rows(paths, queries: dict, results: dict) -> str:
    """Markdown rows: path, queries, uncached req/s p50 p99, cached req/s p50 p99, speed-up."""
    rows = []
    for path in paths:
        u, c = results[("uncached", path)], results[("cached", path)]
        errors = u["errors"] + c["errors"]
        rows.append(
            f"| `{path}` | {queries.get(path, '?')} | {u['rps']:.0f} | {u['p50']:.1f} | {u['p99']:.1f} | "
            f"{c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} | {c['rps'] / u['rps']:.1f}×"
            + (f" ({errors} non-2xx!)" if errors else "")
            + " |\n"
        )
    return "".join(rows)


TABLE_HEAD = (
    "| address | SQL queries | uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms | speed-up |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
)

"""Throughput and latency of the public pages under gunicorn (2 workers, DEBUG off), measured with wrk.

Usage (from the repository root, after ``make install-dev``; needs ``wrk``: ``apt-get install wrk``)::

    .venv/bin/python bench/http_bench.py --db sqlite
    .venv/bin/python bench/http_bench.py --db postgres --database-url postgres://postgres@127.0.0.1:5432/postgres \
        --redis-url redis://127.0.0.1:6379/1

For each database it builds a fresh demo site with 200 news items, then measures every page twice:
with the anonymous page cache off (``RATUSZ_PAGE_CACHE_SECONDS=0``: every request renders) and on.
It prints a Markdown table (requests/s, p50, p99, SQL queries per uncached render) to paste into
``docs/benchmarks.md``. All traffic goes to 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PAGES = ["/", "/aktualnosci/", "NEWS_PAGE", "/szukaj/?q=podatek"]


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


def first_news_url(env) -> str:
    code = "from home.models import NewsPage; print(NewsPage.objects.live().order_by('-date').first().url)"
    return run([PY, "manage.py", "shell", "-c", code], env).stdout.strip().splitlines()[-1]


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="", help="use Redis as the cache (production-like)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.stderr.write("wrk is not installed: apt-get install wrk\n")
        return 2

    var_dir = tempfile.mkdtemp(prefix="ratusz-bench-")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only-" + "x7Kp2Qm9Lr4Vt8Nw3Zs6Yb1Hc5Jd0Fg" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "RATUSZ_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    prepare(env, args.db, args.database_url)
    pages = [first_news_url(env) if p == "NEWS_PAGE" else p for p in PAGES]
    queries = count_queries(env, pages)

    results = {}
    for label, cache_seconds in (("uncached", 0), ("cached", 600)):
        proc = serve(env, args.port, cache_seconds)
        try:
            for path in pages:
                url = f"http://127.0.0.1:{args.port}{path}"
                wrk(url, 2, args.connections)  # warm up
                results[(label, path)] = wrk(url, args.seconds, args.connections)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    cache_name = "Redis" if args.redis_url else "file cache"
    sys.stdout.write(
        f"\n### {args.db} ({cache_name}), gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.seconds}s\n\n"
    )
    sys.stdout.write(
        "| page | SQL queries | uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms | speed-up |\n"
    )
    sys.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    for path in pages:
        u, c = results[("uncached", path)], results[("cached", path)]
        errors = u["errors"] + c["errors"]
        sys.stdout.write(
            f"| `{path}` | {queries.get(path, '?')} | {u['rps']:.0f} | {u['p50']:.1f} | {u['p99']:.1f} | "
            f"{c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} | {c['rps'] / u['rps']:.1f}×"
            + (f" ({errors} non-2xx!)" if errors else "")
            + " |\n"
        )
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

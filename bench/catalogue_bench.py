"""Throughput and latency of the service catalogue (``/uslugi/`` with filters) under gunicorn, with wrk.

Usage (from the repository root; needs ``wrk`` and, for PostgreSQL, a server)::

    .venv/bin/python bench/catalogue_bench.py --db postgres \
        --database-url postgres://postgres@127.0.0.1:5432/postgres

It reuses ``bench/http_bench.py``: a fresh demo site (42 services) in a throw-away database, gunicorn
with 2 workers and DEBUG off, each address measured with the anonymous page cache off
(``RATUSZ_PAGE_CACHE_SECONDS=0``: every request renders) and on. Prints a Markdown table for
``docs/catalogue.md``. All traffic goes to 127.0.0.1.
"""

import argparse
import datetime as dt
import os
import shutil
import signal
import sys
import tempfile

from http_bench import count_queries, prepare, serve, wrk

PATHS = [
    "/uslugi/",
    "/uslugi/?kategoria=podatki-i-oplaty",
    "/uslugi/?zdarzenie=budowa-domu&online=on&sortuj=popularnosc",
    "/uslugi/?q=zaswiadczenie",
    "/uslugi/?kategoria=sprawy-obywatelskie&jednostka=UM&q=meldunek&page=1",
    "/uslugi/zaswiadczenie-o-niezaleganiu/",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.stderr.write("wrk is not installed: apt-get install wrk\n")
        return 2

    var_dir = tempfile.mkdtemp(prefix="ratusz-catalogue-bench-")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only-" + "x7Kp2Qm9Lr4Vt8Nw3Zs6Yb1Hc5Jd0Fg" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "RATUSZ_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
    }
    prepare(env, args.db, args.database_url)
    queries = count_queries(env, PATHS)

    results = {}
    for label, cache_seconds in (("uncached", 0), ("cached", 600)):
        proc = serve(env, args.port, cache_seconds)
        try:
            for path in PATHS:
                url = f"http://127.0.0.1:{args.port}{path}"
                wrk(url, 2, args.connections)  # warm up
                results[(label, path)] = wrk(url, args.seconds, args.connections)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    out = sys.stdout
    out.write(
        f"\n### /uslugi/ on {args.db}, gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.seconds}s "
        f"({os.cpu_count()} CPU, {dt.date.today().isoformat()})\n\n"
        "| address | SQL queries | uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    for path in PATHS:
        u, c = results[("uncached", path)], results[("cached", path)]
        errors = u["errors"] + c["errors"]
        out.write(
            f"| `{path}` | {queries.get(path, '?')} | {u['rps']:.0f} | {u['p50']:.1f} | {u['p99']:.1f} | "
            f"{c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} |" + (f" {errors} non-2xx!" if errors else "") + "\n"
        )
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

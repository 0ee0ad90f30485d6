"""Throughput and latency of the service catalogue (``/uslugi/`` with filters) under gunicorn, with wrk.

Usage (from the repository root; needs ``wrk`` and, for PostgreSQL, a server)::

    .venv/bin/python bench/catalogue_bench.py --db postgres \
        --database-url postgres://postgres@127.0.0.1:5432/postgres

It shares ``bench/_http.py`` with ``http_bench.py``: a fresh demo site (42 services) in a throw-away database, gunicorn
with 2 workers and DEBUG off, each address measured with the anonymous page cache off
(``RATUSZ_PAGE_CACHE_SECONDS=0``: every request renders) and on. Prints a Markdown table for
``docs/catalogue.md``. All traffic goes to 127.0.0.1.
"""

import argparse
import datetime as dt
import os
import shutil
import sys

from _http import TABLE_HEAD, count_queries, measure, prepare, production_env, table_rows

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
    parser.add_argument("--redis-url", default="", help="use Redis as the cache (production-like)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.stderr.write("wrk is not installed: apt-get install wrk\n")
        return 2

    env = production_env(redis_url=args.redis_url)
    prepare(env, args.db, args.database_url)
    queries = count_queries(env, PATHS)
    results = measure(env, PATHS, port=args.port, seconds=args.seconds, connections=args.connections)
    sys.stdout.write(
        f"\n### /uslugi/ on {args.db}, gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.seconds}s "
        f"({os.cpu_count()} CPU, {dt.date.today().isoformat()})\n\n" + TABLE_HEAD + table_rows(PATHS, queries, results)
    )
    shutil.rmtree(env["RATUSZ_VAR_DIR"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

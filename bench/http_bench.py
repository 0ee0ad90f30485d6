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
import datetime as dt
import os
import shutil
import sys

from _http import PY, TABLE_HEAD, count_queries, measure, prepare, production_env, run, table_rows

PAGES = ["/", "/aktualnosci/", "NEWS_PAGE", "/szukaj/?q=podatek"]


def first_news_url(env) -> str:
    code = "from home.models import NewsPage; print(NewsPage.objects.live().order_by('-date').first().url)"
    return run([PY, "manage.py", "shell", "-c", code], env).stdout.strip().splitlines()[-1]


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

    env = production_env(redis_url=args.redis_url)
    prepare(env, args.db, args.database_url)
    pages = [first_news_url(env) if p == "NEWS_PAGE" else p for p in PAGES]
    queries = count_queries(env, pages)
    results = measure(env, pages, port=args.port, seconds=args.seconds, connections=args.connections)

    cache_name = "Redis" if args.redis_url else "file cache"
    sys.stdout.write(
        f"\n### {args.db} ({cache_name}), gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.seconds}s "
        f"({os.cpu_count()} CPU, {dt.date.today().isoformat()})\n\n" + TABLE_HEAD + table_rows(pages, queries, results)
    )
    shutil.rmtree(env["RATUSZ_VAR_DIR"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

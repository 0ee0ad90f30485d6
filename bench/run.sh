#!/usr/bin/env bash
# Runs the HTTP benchmark on SQLite (file cache) and on PostgreSQL (Redis cache). See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python bench/http_bench.py --db sqlite "$@"
.venv/bin/python bench/http_bench.py --db postgres --database-url "${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
    --redis-url "${BENCH_REDIS_URL:-redis://127.0.0.1:6379/1}" "$@"

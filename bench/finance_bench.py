"""The resident office at scale: ledger import, daily balances report, the resident's balance page.

Usage (from the repository root; needs a PostgreSQL server, trust auth)::

    .venv/bin/python bench/finance_bench.py --database-url postgres://postgres@127.0.0.1:5432/f4bench

Drops and re-creates that database and runs ``migrate``; writes a ledger CSV (the format of
``docs/finance.md``, "Import z systemu finansowo-księgowego") for ``--taxpayers`` taxpayers (20,000)
× ``--years`` years (10) of property tax: per taxpayer and year one liability, four instalments and
one payment (85 % of taxpayers pay in full in March; 10 % now and then late in December, with the
interest; 5 % now and then only half) — ≈ 1,000,000 instalment and payment rows — then measures in
process, with production settings (DEBUG off):

* ``import_ledger`` of the whole file (validation, bulk writes, allocation of every payment);
* the same file again (idempotent: nothing created or updated);
* ``balances_all``: every taxpayer's arrears, interest to today, upcoming, paid and overpaid;
* the resident's page ``/konto/naleznosci/`` of one taxpayer with ten years of data, ``--requests``
  requests with Django's test ``Client``: p50 / p99 and the query count — the default view (this
  year and what is still unpaid from earlier years) and ``?rok=wszystkie`` (all ten years).

Prints a Markdown table. ``--skip-prepare`` reuses the database (measures the page and the report).
"""

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _http import production_env  # noqa: E402


def prepare(env: dict, database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def setup(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    os.chdir(ROOT)
    import django

    django.setup()
    from django.conf import settings

    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


def _pesel(i: int) -> str:
    from stdnum.pl import pesel

    born = dt.date(1940, 1, 1) + dt.timedelta(days=i % 20000)
    month = born.month + (20 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{i % 10000:04d}"
    return body + pesel.calc_check_digit(body)


def write_ledger(path: Path, *, taxpayers: int, years: int, seed: int = 6) -> int:
    """The ledger CSV; returns the number of instalment + payment rows."""
    from eservices.finance.ledger_import import COLUMNS
    from eservices.finance.schedules import instalment_schedule

    rnd = random.Random(seed)
    today = dt.date.today()
    last = today.year  # the history ends in the current year, as a resident's would
    year_range = range(last - years + 1, last + 1)
    dues = {
        y: [s.due_date for s in instalment_schedule(kind="property", year=y, total=Decimal("4000"))] for y in year_range
    }
    counted = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";", restval="")
        writer.writeheader()
        for t in range(1, taxpayers + 1):
            tp = f"P{t:06d}"
            writer.writerow({"record": "taxpayer", "id": tp, "kind": "person", "name": f"Podatnik {t}",
                             "pesel": _pesel(t), "address": f"ul. Rynek {t % 200 + 1}", "postal_code": "36-060",
                             "locality": "Głogów Małopolski"})  # fmt: skip
            base = rnd.randrange(120, 1500)
            profile = rnd.random()  # 85 % pay on time, 10 % sometimes late, 5 % in arrears some years
            for y in year_range:
                lid = f"{tp}-{y}"
                part = Decimal(base + (y - year_range[0]) * 5)
                total = part * 4
                writer.writerow({"record": "liability", "id": lid, "taxpayer": tp, "kind": "property",
                                 "year": y, "legal_basis": f"FN.3120.{t}.{y}",
                                 "amount": f"{total:.2f}".replace(".", ",")})  # fmt: skip
                for n, due in enumerate(dues[y], start=1):
                    writer.writerow({"record": "instalment", "liability": lid, "number": n, "date": due.isoformat(),
                                     "amount": f"{part:.2f}"})  # fmt: skip
                roll = rnd.random()
                if profile < 0.85 or roll < 0.5:
                    paid_on, amount = dt.date(y, 3, 10), total
                elif profile < 0.95:
                    late = (total * Decimal("1.05")).quantize(Decimal("0.01"))
                    paid_on, amount = min(dt.date(y, 12, 20), today), late
                else:
                    paid_on, amount = dt.date(y, 3, 12), (total / 2).quantize(Decimal("0.01"))
                writer.writerow({"record": "payment", "id": f"W-{lid}", "taxpayer": tp, "date": paid_on.isoformat(),
                                 "amount": f"{amount:.2f}".replace(".", ","), "bank_reference": f"B{t:06d}{y}",
                                 "title": f"podatek od nieruchomości {y}"})  # fmt: skip
                counted += 5
    return counted


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_timed(fn):
    """(wall seconds, CPU seconds of this process + its PostgreSQL backend, result). On a busy machine
    the wall time grows with the load, the CPU seconds much less: they make runs under different
    loads comparable. Not a bound on the idle wall time: during ``COPY`` client and server work at
    once (two cores), elsewhere in turn, and disk waits are not counted."""
    cpu, pg = time.process_time(), _backend_cpu()
    seconds, result = timed(fn)
    return seconds, time.process_time() - cpu + _backend_cpu() - pg, result


def _timed_calls(label: str, hit, requests: int) -> dict:
    from django.db import connection

    queries = []  # counted with a wrapper: the request_started signal empties ``connection.queries``

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        hit()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        hit()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"label": label, "p50": statistics.median(times), "p99": times[int(len(times) * 0.99) - 1],
            "queries": len(queries)}  # fmt: skip


def _most_in_arrears() -> str:
    """The external id of the taxpayer with the most liabilities still unpaid (the default view of
    the page shows those: the heaviest case of it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.external_id FROM finance_liability l JOIN finance_taxpayer t ON t.id = l.taxpayer_id "
            "JOIN finance_instalment i ON i.liability_id = l.id LEFT JOIN (SELECT instalment_id, sum(principal) AS "
            "paid FROM finance_allocation GROUP BY 1) a ON a.instalment_id = i.id WHERE i.amount > coalesce(a.paid, 0) "
            "GROUP BY t.external_id ORDER BY count(DISTINCT l.id) DESC, 1 LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else "P000001"


def measure_page(requests: int) -> list[dict]:
    """The resident's page and the selector behind it: for the first taxpayer (ten years, usually
    all paid) the default view and all years; for the taxpayer most in arrears the default view."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from eservices.finance import services
    from eservices.finance.balances import balance_for_taxpayer
    from eservices.finance.models import Taxpayer

    results = []
    # the default view (this year and what is unpaid from earlier years), then the whole history
    cases = [
        ("P000001", "/konto/naleznosci/"),
        ("P000001", "/konto/naleznosci/?rok=wszystkie"),
        (_most_in_arrears(), "/konto/naleznosci/"),
    ]
    for ext, path in cases:
        taxpayer = Taxpayer.objects.get(external_id=ext)
        user, _created = get_user_model().objects.get_or_create(
            email=f"bench-podatnik-{ext}@bench.example", defaults={"password": "!"}
        )
        services.taxpayer_grant_access(user=user, taxpayer=taxpayer)
        client = Client()
        client.force_login(user)

        def page(client=client, path=path):
            assert client.get(path).status_code == 200

        shown = balance_for_taxpayer(taxpayer=taxpayer, current="rok=" not in path).liabilities
        label = f"{path}, {ext} ({len(shown)} liabilities, {sum(len(i.instalments) for i in shown)} instalments shown)"
        results.append(_timed_calls(label, page, requests))
    taxpayer = Taxpayer.objects.get(external_id="P000001")
    selector = _timed_calls(
        "balance_for_taxpayer (selector, all years), P000001", lambda: balance_for_taxpayer(taxpayer=taxpayer), requests
    )
    return [*results, selector]


def add(rows: list, what: str, value: str, notes: str) -> None:
    rows.append((what, value, notes))
    sys.stderr.write(f"{what}: {value} ({notes})\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/f4bench")
    parser.add_argument("--taxpayers", type=int, default=20000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    env = {**production_env(), "DATABASE_URL": args.database_url}
    rows = []
    if not args.skip_prepare:
        prepare(env, args.database_url)
    setup(env)
    from eservices.finance.balances import balances_all
    from eservices.finance.ledger_import import import_ledger
    from eservices.finance.models import Allocation, Instalment, Payment

    if not args.skip_prepare:
        path = Path(tempfile.mkdtemp(prefix="finance-bench-")) / "ksiega.csv"
        seconds, counted = timed(lambda: write_ledger(path, taxpayers=args.taxpayers, years=args.years))
        sys.stderr.write(f"ledger written: {counted:,} instalment+payment rows in {seconds:.1f} s ({path})\n")
        seconds, cpu, report = cpu_timed(lambda: import_ledger(path))
        assert report.ok, report.errors[:5]
        c = report.counts
        what = f"import {counted:,} instalment+payment rows ({args.taxpayers:,} taxpayers × {args.years} years)"
        notes = (f"created: {c['instalment'].created:,} instalments, {c['payment'].created:,} payments; "
                 f"{Allocation.objects.count():,} allocations; {report.rebooked:,} taxpayers booked; "
                 + ", ".join(f"{k} {v:.1f} s (CPU {report.cpu_seconds[k]:.1f})"
                             for k, v in report.seconds.items()))  # fmt: skip
        add(rows, what, f"{seconds:.1f} s (CPU {cpu:.1f} s)", notes + f"; load {os.getloadavg()[0]:.1f}")
        seconds, cpu, report = cpu_timed(lambda: import_ledger(path))
        assert report.ok and report.changed == 0
        unchanged = sum(x.unchanged for x in report.counts.values())
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
        add(
            rows,
            "re-import of the same file (idempotent)",
            f"{seconds:.1f} s (CPU {cpu:.1f} s)",
            f"0 changed, {unchanged:,} unchanged; {phases}",
        )
        path.unlink()
    seconds, summaries = timed(lambda: list(balances_all()))
    overdue = sum(1 for s in summaries if s.overdue > 0)
    add(rows, "balances_all: every taxpayer's balance and interest (daily report)", f"{seconds:.1f} s",
                 f"{len(summaries):,} taxpayers, {overdue:,} in arrears; {Instalment.objects.count():,} instalments, "
                 f"{Payment.objects.count():,} payments")  # fmt: skip
    for page in measure_page(args.requests):
        what = f"{page['label']}, {args.years} years of data ({args.requests} requests)"
        timing = f"p50 {page['p50']:.1f} ms, p99 {page['p99']:.1f} ms"
        add(rows, what, timing, f"{page['queries']} queries per call")
    sys.stdout.write(
        f"\n### Finance (eBOM), PostgreSQL, {os.cpu_count()} cores\n\n| what | time | notes |\n|---|---|---|\n"
    )
    for what, value, notes in rows:
        sys.stdout.write(f"| {what} | {value} | {notes} |\n")


if __name__ == "__main__":
    main()

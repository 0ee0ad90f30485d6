"""The participatory budget at scale: a voting burst and the results computation.

Usage (from the repository root; needs a PostgreSQL server, trust auth)::

    .venv/bin/python bench/budget_bench.py --database-url postgres://postgres@127.0.0.1:5432/h8

Drops and re-creates that database and runs ``migrate``; creates an edition in its voting phase with
15 district pools and the city-wide pool, 64 accepted projects (approval voting, 3 per pool), then
measures in process, with production settings (DEBUG off):

* **voting burst**: ``--ballots`` (20,000) ballots cast through ``voting.ballot_cast_verified`` (the
  verified-account path: validation, eligibility, the identity claim) by ``--workers`` (4) processes
  at once, each its own database connection, like web workers; 5 % of the voters try a second time
  (another district, another worker) — every such attempt must be refused. Checked afterwards in SQL:
  no identity hash with two counted ballots, one claim per counted ballot.
* **e-mail path**: ``--email-ballots`` (2,000) ballots cast with ``ballot_cast_declared`` (which
  queues the e-mail) and confirmed with ``ballot_confirm``: two transactions per ballot.
* **results**: the counted ballots are topped up with bulk inserts to ``--results-ballots`` (100,000),
  the two tables are ANALYZEd (autovacuum does that after a bulk load; with the statistics of an empty
  table the planner picks a nested loop, ~1.1 s instead of ~0.3 s) and ``results.compute_results`` is
  timed (median of 5 runs) with its query count.

Prints a Markdown table.
"""

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
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
    os.environ.update(env)
    os.chdir(ROOT)
    import django

    django.setup()


def pesel(i: int) -> str:
    """A valid PESEL per voter number (born 1950–2004)."""
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    year, month, day = 1950 + i % 55, 1 + (i // 55) % 12, 1 + (i // 660) % 28
    body = f"{year % 100:02d}{month:02d}{day:02d}{i % 10000:04d}"
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + str((10 - total % 10) % 10)


def build_edition():
    import datetime as dt

    from django.utils import timezone

    from eservices.budget.models import Edition, Pool, Proposal
    from tests.factories import UserFactory

    now = timezone.now()
    day = dt.timedelta(days=1)
    edition = Edition.objects.create(
        year=2030, name="Bench", slug="bench", proposals_start=now - 60 * day, proposals_end=now - 50 * day,
        verification_end=now - 20 * day, voting_start=now - day, voting_end=now + 10 * day,
        results_date=now + 12 * day, max_projects=3, min_votes=10, allow_email_voting=True,
    )  # fmt: skip
    pools = [Pool.objects.create(edition=edition, kind="city", name="Cała gmina", slug="city", amount=2000000)]
    pools += [Pool.objects.create(edition=edition, name=f"Sołectwo {i}", slug=f"s{i}", amount=Decimal(150000),
                                  sort_order=i) for i in range(15)]  # fmt: skip
    author = UserFactory()
    rnd = random.Random(8)
    proposals, number = [], 0
    for pool in pools:
        for _ in range(10 if pool.kind == "city" else 4):
            number += 1
            proposals.append(Proposal(edition=edition, pool=pool, author=author, title=f"Projekt {number}",
                                      description="-", justification="-", number=number, status="accepted",
                                      cost=Decimal(rnd.randrange(10, 120) * 1000)))  # fmt: skip
    Proposal.objects.bulk_create(proposals)
    return edition.pk


def _ballot_plan(edition_id: int, voters: list[int], seed: int):
    from eservices.budget.models import Pool, Proposal

    rnd = random.Random(seed)
    pools = list(Pool.objects.filter(edition_id=edition_id))
    city = next(p for p in pools if p.kind == "city")
    districts = [p for p in pools if p.kind == "district"]
    by_pool: dict[int, list[int]] = {}
    for pk, pool_id in Proposal.objects.filter(edition_id=edition_id).values_list("pk", "pool_id"):
        by_pool.setdefault(pool_id, []).append(pk)
    plan = []
    for voter in voters:
        district = rnd.choice(districts)
        chosen = rnd.sample(by_pool[district.pk], rnd.randint(1, 3)) + rnd.sample(by_pool[city.pk], rnd.randint(0, 3))
        plan.append((voter, district, dict.fromkeys(chosen, 1)))
    return plan


def burst_worker(args):
    """One 'web worker': casts its share of ballots; returns (counted, refused, errors)."""
    edition_id, voters, seed = args
    from django.contrib.auth import get_user_model
    from django.db import connection

    from eservices.budget import voting
    from eservices.budget.models import Edition
    from eservices.budget.rules import BudgetError

    connection.close()
    edition = Edition.objects.prefetch_related("pools").get(pk=edition_id)
    User = get_user_model()
    counted = refused = errors = 0
    for voter, district, choices in _ballot_plan(edition_id, voters, seed):
        user = User(email=f"v{voter}@example.pl", identity_level="verified", pesel=pesel(voter))
        try:
            voting.ballot_cast_verified(edition=edition, district=district, choices=choices, user=user)
            counted += 1
        except BudgetError:
            refused += 1
        except Exception as error:  # noqa: BLE001 — counted and reported, the burst goes on
            errors += 1
            sys.stderr.write(f"error: {error!r}\n")
    connection.close()
    return counted, refused, errors


def email_worker(args):
    edition_id, voters, seed = args
    from django.db import connection

    from eservices.budget import voting
    from eservices.budget.models import Ballot, Edition

    connection.close()
    edition = Edition.objects.prefetch_related("pools").get(pk=edition_id)
    counted = 0
    for voter, district, choices in _ballot_plan(edition_id, voters, seed):
        _ballot, token = voting.ballot_cast_declared(
            edition=edition,
            district=district,
            choices=choices,
            first_name="Jan",
            last_name=f"N{voter}",
            address="Lipie 1",
            pesel=pesel(voter),
            email=f"v{voter}@example.pl",
        )
        counted += voting.ballot_confirm(token=token).status == Ballot.Status.COUNTED
    connection.close()
    return counted, 0, 0


def run_parallel(fn, edition_id: int, voters: list[int], workers: int):
    from django.db import connections

    connections.close_all()
    chunks = [(edition_id, voters[i::workers], 100 + i) for i in range(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    pool = multiprocessing.get_context("fork").Pool(workers)
    parts = pool.map(fn, chunks)
    pool.close()
    pool.join()  # the workers are reaped: their CPU time is in RUSAGE_CHILDREN
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, [sum(p[i] for p in parts) for i in range(3)]


def top_up(edition_id: int, total: int) -> int:
    """Bulk-insert counted ballots (with claims) until the edition has ``total`` counted ballots."""
    from django.utils import timezone

    from eservices.budget.identity import identity_hash
    from eservices.budget.models import Ballot, BallotChoice, IdentityClaim

    have = Ballot.objects.filter(edition_id=edition_id, status="counted").count()
    missing = total - have
    start, batch = 10_000_000, 5000
    for offset in range(0, missing, batch):
        voters = list(range(start + offset, start + min(offset + batch, missing)))
        plan = _ballot_plan(edition_id, voters, offset)
        now = timezone.now()
        ballots = [Ballot(edition_id=edition_id, pool=district, channel="online", status="counted", created_at=now,
                          confirmed_at=now, identity_hash=identity_hash(edition_id=edition_id, key=f"bulk:{voter}"))
                   for voter, district, _c in plan]  # fmt: skip
        Ballot.objects.bulk_create(ballots)
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=b, proposal_id=pk) for b, (_v, _d, c) in zip(ballots, plan, strict=True) for pk in c]
        )
        IdentityClaim.objects.bulk_create(
            [IdentityClaim(edition_id=edition_id, identity_hash=b.identity_hash, ballot=b) for b in ballots]
        )
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h8")
    parser.add_argument("--ballots", type=int, default=20000)
    parser.add_argument("--email-ballots", type=int, default=2000)
    parser.add_argument("--results-ballots", type=int, default=100000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    args = parser.parse_args()
    # Celery through Redis (e-mails queue there, as in production), our own Redis database.
    env = {**production_env(redis_url=args.redis_url), "DATABASE_URL": args.database_url}
    prepare(env, args.database_url)
    setup(env)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eservices.budget import results
    from eservices.budget.models import Ballot, Edition, IdentityClaim

    edition_id = build_edition()
    unique = int(args.ballots / 1.05)
    voters = list(range(unique)) + random.Random(1).sample(range(unique), args.ballots - unique)
    random.Random(2).shuffle(voters)
    rows = []
    load = os.getloadavg()[0]
    seconds, cpu, (counted, refused, errors) = run_parallel(burst_worker, edition_id, voters, args.workers)
    dup_sql = ("SELECT count(*) FROM (SELECT identity_hash FROM budget_ballot WHERE edition_id=%s AND "
               "status='counted' GROUP BY identity_hash HAVING count(*) > 1) d")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(dup_sql, [edition_id])
        duplicates = cursor.fetchone()[0]
    claims = IdentityClaim.objects.filter(edition_id=edition_id).count()
    assert counted == unique and refused == args.ballots - unique and errors == 0 and duplicates == 0
    assert claims == Ballot.objects.filter(edition_id=edition_id, status="counted").count() == unique
    rows.append((f"voting burst: {args.ballots:,} ballots, {args.workers} processes, verified accounts",
                 f"{args.ballots / seconds:,.0f} ballots/s ({seconds:.1f} s)",
                 f"{counted:,} counted, {refused:,} second attempts refused, 0 errors; duplicates counted: "
                 f"{duplicates}; Python CPU {cpu / args.ballots * 1000:.2f} ms a ballot; "
                 f"load {load:.1f} → {os.getloadavg()[0]:.1f}"))  # fmt: skip

    email_voters = list(range(5_000_000, 5_000_000 + args.email_ballots))
    seconds, cpu, (counted, _r, _e) = run_parallel(email_worker, edition_id, email_voters, args.workers)
    assert counted == args.email_ballots
    rows.append((f"e-mail path: {args.email_ballots:,} ballots cast + confirmed, {args.workers} processes",
                 f"{args.email_ballots / seconds:,.0f} ballots/s ({seconds:.1f} s)",
                 f"two transactions per ballot, one outbox e-mail each; Python CPU "
                 f"{cpu / args.email_ballots * 1000:.2f} ms a ballot"))  # fmt: skip

    added = top_up(edition_id, args.results_ballots)
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load; stale statistics → nested loop
        cursor.execute("ANALYZE budget_ballot; ANALYZE budget_ballotchoice")
    edition = Edition.objects.get(pk=edition_id)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            outcome = results.compute_results(edition=edition)
            timings.append(time.perf_counter() - started)
    assert outcome["ballots"] == args.results_ballots
    funded = sum(1 for p in outcome["pools"] for r in p["rows"] if r["status"] == results.FUNDED)
    rows.append((f"results: {args.results_ballots:,} counted ballots ({added:,} bulk-added), 16 pools, 70 projects",
                 f"{statistics.median(timings) * 1000:.0f} ms median of 5 (max {max(timings) * 1000:.0f} ms)",
                 f"{len(ctx.captured_queries)} queries; {funded} projects funded"))  # fmt: skip

    sys.stdout.write("| what | result | notes |\n|---|---|---|\n")
    for row in rows:
        sys.stdout.write("| " + " | ".join(row) + " |\n")


if __name__ == "__main__":
    main()

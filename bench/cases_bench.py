"""Cases at scale: 100,000 cases in PostgreSQL, the clerk's list, the resident's list, submissions/s.

Usage (from the repository root; needs a PostgreSQL server, trust auth)::

    .venv/bin/python bench/cases_bench.py --database-url postgres://postgres@127.0.0.1:5432/h7bench

Drops and re-creates that database, runs ``migrate`` and ``seed_demo`` (20 units, 42 services with
forms), then bulk-creates ``--cases`` cases (3 years, statuses mixed, ~2,000 residents, one resident
with exactly 50 cases) and measures in process with Django's test ``Client`` and production settings
(DEBUG off):

* the clerk's filtered list ``/admin/sprawy/`` (``cases_admin:index``) as a unit head and as the
  secretary (all units), ``--requests`` requests cycling through filters, p50/p99 and queries;
* the resident's ``/konto/sprawy/`` for the resident with 50 cases;
* the statistics report ``/admin/sprawy-statystyka/`` (aggregates + live cases);
* end-to-end submissions: the last step of the "zameldowanie" form (Submission → Case → receipt task
  queued), once with Celery eager (receipt PDF rendered and e-mailed inside the request) and once
  with the task only published to the in-memory broker (what the request itself costs).

``--skip-prepare`` reuses the database as it is (e.g. to re-measure); ``--only-list`` measures only
the clerk's list (the per-variant lines go to stderr). Prints a Markdown table.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _http import production_env  # noqa: E402

# ul. Rzeszowska 12/3 in Głogów Małopolski (SIMC 0662041, ULIC 19345), as the demo register has it
ADDRESS = {"adres-pobytu__locality": "0662041", "adres-pobytu__street": "0662041-19345",
           "adres-pobytu__house_number": "12", "adres-pobytu__flat_number": "3", "adres-pobytu__postal_code": "36-060",
           "data-zamieszkania": "2024-03-01", "wlasciciel": "tak"}  # fmt: skip
STATUS_MIX = [("resolved", 60), ("refused", 5), ("left_unexamined", 3), ("withdrawn", 4), ("submitted", 6),
              ("registered", 6), ("in_progress", 12), ("awaiting_supplement", 4)]  # fmt: skip


def prepare(env: dict, database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    for cmd in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True, capture_output=True)


def setup(env: dict) -> None:
    os.environ.update(env)
    os.chdir(ROOT)
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


def _code(i: int) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    chars = []
    for _ in range(12):
        i, r = divmod(i, len(alphabet))
        chars.append(alphabet[r])
    s = "".join(reversed(chars))
    return f"{s[:4]}-{s[4:8]}-{s[8:]}"


def build(n_cases: int, n_residents: int = 2000, seed: int = 5) -> dict:
    """Bulk-create staff, residents and ``n_cases`` cases; returns the people to measure with."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection, transaction
    from django.utils import timezone

    from cms.units.models import OrgUnit
    from eservices.cases.deadlines import due_date_for
    from eservices.cases.models import Case, CaseCounter, CaseEvent, CaseWorker
    from eservices.catalogue.models import ServicePage

    rnd = random.Random(seed)
    User = get_user_model()
    units = list(OrgUnit.objects.order_by("pk"))
    services = list(ServicePage.objects.live().order_by("pk"))
    access = Group.objects.get_or_create(name="Bench: panel")[0]
    access.permissions.add(Permission.objects.get(codename="access_admin"))
    # A previous run that failed after creating the people (they own no case yet): start again.
    User.objects.filter(email__endswith="@bench.example", cases__isnull=True).delete()
    with transaction.atomic():
        residents = User.objects.bulk_create([
            User(email=f"mieszkaniec{i}@bench.example", first_name="Jan", last_name=f"Nowak{i}",
                 street="Rynek", house_number="1", postal_code="36-060", locality="Głogów Małopolski",
                 password="!") for i in range(n_residents)
        ])  # fmt: skip
        staff = []
        for unit in units:
            for role, count in (("head", 1), ("clerk", 3)):
                for k in range(count):
                    staff.append((User(email=f"{role}{k}.{unit.code.lower()}@bench.example", first_name=role,
                                       last_name=unit.code, is_staff=True, password="!"), unit, role))  # fmt: skip
        secretary = User(email="sekretariat@bench.example", first_name="Sekretariat", last_name="UM", is_staff=True,
                         password="!")  # fmt: skip
        User.objects.bulk_create([u for u, _, _ in staff] + [secretary])
        CaseWorker.objects.bulk_create([CaseWorker(user=u, unit=unit, role=role) for u, unit, role in staff]
                                       + [CaseWorker(user=secretary, unit=units[0], role="secretary")])  # fmt: skip
        access.user_set.add(*[u for u, _, _ in staff], secretary)
    clerks_of = {}
    for user, unit, _role in staff:
        clerks_of.setdefault(unit.pk, []).append(user)

    now = timezone.now()
    start = now - dt.timedelta(days=3 * 365)
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    counters: dict[tuple[int, str, int], int] = {  # seed_demo has opened a few cases already
        (u, s, y): n for u, s, y, n in CaseCounter.objects.values_list("unit_id", "symbol", "year", "last_number")
    }
    heavy = residents[0]  # the resident with exactly 50 cases
    rows = []
    for i in range(n_cases):
        service = services[i % len(services)] if rnd.random() < 0.97 else None
        unit = (service.unit if service and service.unit_id else None) or units[i % len(units)]
        if service is None and i % 3 == 0:
            unit = units[i % len(units)]
        received = start + dt.timedelta(seconds=rnd.randrange(int((now - start).total_seconds())))
        age = (now - received).days
        status = rnd.choice(statuses)
        if age > 120 and status not in ("resolved", "refused", "left_unexamined", "withdrawn") and rnd.random() < 0.95:
            status = "resolved"
        symbol = (service.jrwa_symbol if service else "") or "0000"
        local = timezone.localdate(received)
        key = (unit.pk, symbol, local.year)
        counters[key] = number = counters.get(key, 0) + 1
        applicant = heavy if i < 50 else residents[1 + rnd.randrange(len(residents) - 1)]
        closed = None
        if status in ("resolved", "refused", "left_unexamined", "withdrawn"):
            closed = min(received + dt.timedelta(days=rnd.randint(1, 60), hours=rnd.randint(0, 8)), now)
        months = 2 if service and service.deadline == "2m" else 1
        rows.append(Case(
            reference=f"{unit.code.upper()}.{symbol}.{number}.{local.year}", unit=unit, jrwa_symbol=symbol,
            number=number, year=local.year, service=service, title=service.title if service else "Pismo ogólne",
            channel="web", applicant=applicant, applicant_name=f"{applicant.first_name} {applicant.last_name}",
            applicant_email=applicant.email, applicant_pesel="44051401359", answers={"imie": "Jan", "uwagi": "—"},
            status=status, assigned_to=None if status == "submitted" else rnd.choice(clerks_of[unit.pk]),
            received_at=received, registered_at=None if status == "submitted" else received, handling_months=months,
            due_date=due_date_for(start=local, months=months), closed_at=closed,
            suspended_since=local + dt.timedelta(days=3) if status == "awaiting_supplement" else None,
            verification_code=_code(10_000_000 + i),
        ))  # fmt: skip
    t0 = time.perf_counter()
    with transaction.atomic():
        for k in range(0, len(rows), 5000):
            created = Case.objects.bulk_create(rows[k : k + 5000])
            CaseEvent.objects.bulk_create([
                CaseEvent(case=c, kind="submitted", actor=c.applicant, from_applicant=True, status_to="submitted",
                          created_at=c.received_at, data={"channel": "web"}) for c in created
            ])  # fmt: skip
        CaseCounter.objects.bulk_create(
            [CaseCounter(unit_id=u, symbol=s, year=y, last_number=n) for (u, s, y), n in counters.items()],
            update_conflicts=True, unique_fields=["unit", "symbol", "year"], update_fields=["last_number"],
        )  # fmt: skip
    with connection.cursor() as cursor:  # production runs autovacuum; a bench server may not
        cursor.execute("VACUUM (ANALYZE)")  # sets the visibility map: index-only scans for the counts
    build_seconds = time.perf_counter() - t0
    biggest = max(clerks_of, key=lambda pk: Case.objects.filter(unit_id=pk).count())
    head = next(u for u, unit, role in staff if unit.pk == biggest and role == "head")
    return {"heavy": heavy, "head": head, "secretary": secretary, "build_seconds": build_seconds,
            "unit": biggest, "services": services}  # fmt: skip


def _p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))]


def timed(client, url_list, n, detail: dict | None = None):
    """GET each URL of the cycle ``n`` times in all; returns (p50 ms, p99 ms, {url: queries}).

    ``detail`` (if given) receives ``{url: (p50 ms, p99 ms, queries)}`` per variant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for url in url_list:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[url] = len(ctx.captured_queries)
    times, per_url = [], {}
    for i in range(n):
        url = url_list[i % len(url_list)]
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        per_url.setdefault(url, []).append(times[-1])
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    if len(url_list) > 1:  # which filter is slow: one line per variant, p50 ms and queries
        for url, values in per_url.items():
            sys.stderr.write(
                f"  {statistics.median(values):7.1f} ms  p99 {_p99(values):7.1f} ms  {queries[url]:3d} q  {url}\n"
            )
    if detail is not None:
        detail.update({url: (statistics.median(v), _p99(v), queries[url]) for url, v in per_url.items()})
    return statistics.median(times), _p99(times), queries


def admin_list_urls(people) -> list[str]:
    from django.urls import reverse
    from django.utils import timezone

    from eservices.cases.models import Case

    base = reverse("cases_admin:index")
    today = timezone.localdate()
    ref = Case.objects.filter(unit_id=people["unit"]).values_list("reference", flat=True).first()
    service = (
        Case.objects.filter(unit_id=people["unit"], service__isnull=False).values_list("service_id", flat=True).first()
    )
    return [
        base,
        f"{base}?status=in_progress",
        f"{base}?deadline=po-terminie",
        f"{base}?deadline=wkrotce",
        f"{base}?clerk=nieprzydzielone",
        f"{base}?service={service}",
        f"{base}?status=resolved&p=20",
        f"{base}?received_at_after={today - dt.timedelta(days=90)}&received_at_before={today}",
        f"{base}?unit={people['unit']}&status=registered",
        f"{base}?q={ref}",
    ]


def submissions(client, resident, n: int, *, eager: bool) -> tuple[float, float, float, int]:
    """The last step of "zameldowanie" ``n`` times (steps 1–3 untimed).

    Returns (per second, p50, p99, receipts stored during the run)."""
    from cms.celery import app
    from eservices.cases.models import CaseDocument
    from eservices.forms.models import Draft

    receipts = CaseDocument.objects.filter(kind="receipt").count()
    # "zameldowanie" needs a trusted-profile identity; the form checks the PESEL against it
    type(resident).objects.filter(pk=resident.pk).update(identity_level="verified", pesel="44051401359")

    url = "/uslugi/zameldowanie/wniosek/"
    app.conf.task_always_eager = eager
    times = []
    for _ in range(n):
        client.post(url + "?krok=1", {"imie": "Jan", "nazwisko": "Nowak", "pesel": "44051401359",
                                      "email": resident.email, "telefon": ""})  # fmt: skip
        response = client.post(url + "?krok=2", ADDRESS)
        assert response.status_code == 302, "step 2 refused: the address must come from the TERYT register"
        response = client.post(url + "?krok=3", {"zgoda-ewidencja": "on"})
        draft = Draft.objects.filter(user=resident).order_by("-pk").first()
        assert draft is not None and response.status_code == 302, response.content[:2000]
        t = time.perf_counter()
        response = client.post(url + "?krok=4", {"submission_token": draft.submission_token, "declaration": "1"})
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 302, response.content[:2000]
    times.sort()
    receipts = CaseDocument.objects.filter(kind="receipt").count() - receipts
    return 1000 * n / sum(times), statistics.median(times), times[min(n - 1, int(n * 0.99))], receipts


def receipt_render(n: int) -> tuple[float, float]:
    """The receipt PDF alone (what an eager submission adds besides storing and e-mailing it): p50, p99 ms."""
    from eservices.cases.models import Case
    from eservices.cases.receipts import render_receipt
    from eservices.cases.selectors import receipt_data_for

    cases = list(Case.objects.select_related("unit", "service").filter(submission__isnull=False)[:n])
    times = []
    for case in cases:
        t = time.perf_counter()
        render_receipt(receipt_data_for(case=case))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h7bench")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument(
        "--only-list", action="store_true", help="measure only the clerk's list (with --skip-prepare: quick re-runs)"
    )
    args = parser.parse_args()

    env = production_env()
    env["DATABASE_URL"] = args.database_url
    if not args.skip_prepare:
        t = time.perf_counter()
        prepare(env, args.database_url)
        sys.stderr.write(f"migrate + seed_demo: {time.perf_counter() - t:.0f} s\n")
    # production settings use the manifest static storage (the admin pages need it); the var dir is new
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup(env)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from eservices.cases.models import Case

    if args.skip_prepare and Case.objects.count() >= args.cases:
        User = get_user_model()
        heavy = User.objects.get(email="mieszkaniec0@bench.example")
        secretary = User.objects.get(email="sekretariat@bench.example")
        from eservices.cases.models import CaseWorker

        unit = Case.objects.values("unit_id").order_by().annotate(n=__import__("django").db.models.Count("id")) \
            .order_by("-n").first()["unit_id"]  # fmt: skip
        head = CaseWorker.objects.get(unit_id=unit, role="head", user__email__endswith="@bench.example").user
        people = {"heavy": heavy, "head": head, "secretary": secretary, "build_seconds": 0, "unit": unit}
        from django.db import connection

        with connection.cursor() as cursor:  # a database built before the build step vacuumed it
            cursor.execute("VACUUM (ANALYZE) cases_case")
    else:
        people = build(args.cases)
    total = Case.objects.count()
    rows, variants = [], []
    for who in ("head", "secretary"):
        client = Client()
        client.force_login(people[who])
        detail = {}
        p50, p99, queries = timed(client, admin_list_urls(people), args.requests, detail)
        variants += [(who, url, *figures) for url, figures in detail.items()]
        label = "unit head (own unit)" if who == "head" else "secretary (all units)"
        rows.append((f"clerk's list `/admin/sprawy/` + 10 filter variants, {label}", p50, p99,
                     f"{min(queries.values())}–{max(queries.values())}"))  # fmt: skip
    if args.only_list:
        sys.stdout.write(f"\n### Clerk's list: {total:,} cases in PostgreSQL, {os.cpu_count()} cores\n\n")
        sys.stdout.write("| what | p50 ms | p99 ms | queries |\n|---|---:|---:|---:|\n")
        for what, p50, p99, q in rows:
            sys.stdout.write(f"| {what} | {p50:.1f} | {p99:.1f} | {q} |\n")
        sys.stdout.write(f"\n{args.requests // 10} requests per variant (p99 of so few is their maximum):\n\n")
        sys.stdout.write("| who | variant | p50 ms | p99 ms | queries |\n|---|---|---:|---:|---:|\n")
        for who, url, p50, p99, q in variants:
            query = url.split("?", 1)[1] if "?" in url else "(no filter)"
            sys.stdout.write(f"| {who} | `{query}` | {p50:.1f} | {p99:.1f} | {q} |\n")
        return 0
    client = Client()
    client.force_login(people["heavy"])
    p50, p99, queries = timed(client, ["/konto/sprawy/"], args.requests)
    own = Case.objects.filter(applicant=people["heavy"]).count()  # 50, more after a rerun's submissions
    rows.append((f"resident's list `/konto/sprawy/` ({own} cases)", p50, p99, str(max(queries.values()))))
    client = Client()
    client.force_login(people["secretary"])
    stats_url = reverse("cases_stats:index")
    year = Case.objects.order_by("-received_at").first().received_at.year
    stats_urls = [f"{stats_url}?year={year}", f"{stats_url}?year={year - 1}&unit={people['unit']}"]
    p50, p99, queries = timed(client, stats_urls, max(20, args.requests // 10))
    rows.append(("statistics report `/admin/sprawy-statystyka/` (year, unit)", p50, p99,
                 f"{min(queries.values())}–{max(queries.values())}"))  # fmt: skip

    client = Client()
    client.force_login(people["heavy"])
    sub = {}
    for eager in (False, True):
        sub[eager] = submissions(client, people["heavy"], args.submissions, eager=eager)

    render = receipt_render(args.submissions)

    out = sys.stdout
    out.write(f"\n### Cases: {total:,} cases in PostgreSQL, Django test Client in process, production settings "
              f"(DEBUG off), {os.cpu_count()} cores\n\n")  # fmt: skip
    if people["build_seconds"]:
        out.write(f"Bulk-created {args.cases:,} cases (+ one event each) in {people['build_seconds']:.0f} s.\n\n")
    out.write("| what | p50 ms | p99 ms | queries |\n|---|---:|---:|---:|\n")
    for what, p50, p99, q in rows:
        out.write(f"| {what} | {p50:.1f} | {p99:.1f} | {q} |\n")
    out.write("\n| submission, last step (form → Submission → Case → receipt task) | per second | p50 ms | p99 ms "
              "| receipts stored |\n|---|---:|---:|---:|---:|\n")  # fmt: skip
    labels = {False: "receipt task queued only (not executed)",
              True: "Celery eager: receipt PDF rendered + e-mailed in the request"}  # fmt: skip
    for eager in (False, True):
        per_second, p50, p99, receipts = sub[eager]
        out.write(f"| {labels[eager]} | {per_second:.1f} | {p50:.1f} | {p99:.1f} | {receipts}/{args.submissions} |\n")
    out.write(
        f"| receipt PDF render alone (reportlab, no storage/e-mail) | — | {render[0]:.1f} | {render[1]:.1f} | — |\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

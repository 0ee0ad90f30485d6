"""Server time and SQL queries of the online application flow, step by step (``/uslugi/<slug>/wniosek/``).

Usage (from the repository root)::

    .venv/bin/python bench/forms_bench.py --db sqlite                 # throw-away SQLite in a temp directory
    .venv/bin/python bench/forms_bench.py --db postgres --database-url postgres://postgres@127.0.0.1:5432/h3bench

It migrates and seeds the demo site (``seed_demo``, idempotent; ``--no-seed`` skips it on a seeded
database), signs in a verified resident and walks the live demo form with the most steps (found at run
time: the ``ApplicationForm`` with most ``step_break`` blocks) with Django's test client, N times:
every step's GET and POST, the summary and the submission. Answers are generated from the step's
Django form fields (valid PESEL, dates, a small PDF for files). Times are in-process server time
(routing, views, templates, database; no network). Prints a Markdown table.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VALUES = {"pesel": "44051401359", "nip": "1234563218", "regon": "123456785", "nrb": "61109010140000071219812874",
          "phone": "600100200", "email": "mieszkaniec.bench@example.pl"}  # fmt: skip


def setup_django(db: str, database_url: str, seed: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["RATUSZ_PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ["RATUSZ_VAR_DIR"] = tempfile.mkdtemp(prefix="ratusz-forms-bench-")
    if db == "postgres":
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if seed:
        call_command("seed_demo", verbosity=0)


def pick_form():
    from eservices.forms.models import ApplicationForm

    forms = list(ApplicationForm.objects.filter(live=True, service__live=True).select_related("service"))
    if not forms:
        raise SystemExit("no live application form: run seed_demo first")
    return max(forms, key=lambda f: sum(1 for block in f.fields if block.block_type == "step_break"))


def _value(kind: str, spec: dict, part: str, field):
    import datetime as dt

    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("zalacznik.pdf", PDF, content_type="application/pdf")
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.MultipleChoiceField):
        return [next(str(v) for v, _label in field.choices if v)]
    if isinstance(field, forms.ChoiceField):
        return next(str(v) for v, _label in field.choices if v)
    if kind == "date":
        today = dt.date.today()
        return (
            today + dt.timedelta(days=30) if spec.get("allow_past") is False else today - dt.timedelta(days=30)
        ).isoformat()
    if kind == "number":
        return str(spec.get("min_value") or 1)
    if part == "postal_code":
        return "36-060"
    if part in ("house_number", "flat_number"):
        return "1"
    if kind in VALUES:
        return VALUES[kind]
    return "Głogów Małopolski"[: getattr(field, "max_length", None) or 200]


def step_data(step, known: dict) -> dict:
    from eservices.forms.fields import step_form

    kinds = {item["value"]["name"]: (item["type"], item["value"]) for item in step.field_items}
    form = step_form(step, known=known, draft_files={})
    data = {}
    for key, field in form.fields.items():
        base, _sep, part = key.partition("__")
        kind, spec = kinds.get(base, ("text", {}))
        value = _value(kind, spec, part, field)
        if value is not None:
            data[key] = value
    return data


def timed(client, method: str, url: str, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        elapsed = (time.perf_counter() - started) * 1000
    return response, elapsed, len(queries)


def walk(client, form, url: str, samples: dict) -> None:
    """One complete application: every step GET + POST, then the summary and the submission."""
    from eservices.forms.fields import definition_of, steps_of
    from eservices.forms.models import Draft

    steps = steps_of(definition_of(form))
    known: dict = {}
    for step in steps:
        response, ms, n = timed(client, "get", f"{url}?krok={step.number}")
        assert response.status_code == 200, (step.number, response.status_code)
        samples.setdefault(f"krok {step.number}: GET", []).append((ms, n))
        data = step_data(step, known)
        response, ms, n = timed(client, "post", f"{url}?krok={step.number}", data)
        if response.status_code != 302:
            errors = re.findall(r'class="form-error"[^>]*>(.*?)</p>', response.content.decode(), re.S)
            raise SystemExit(f"step {step.number} did not validate: {errors}")
        samples.setdefault(f"krok {step.number}: POST", []).append((ms, n))
        known.update({k: v for k, v in data.items() if isinstance(v, str)})
    summary = f"{url}?krok={len(steps) + 1}"
    response, ms, n = timed(client, "get", summary)
    assert response.status_code == 200, response.status_code
    samples.setdefault("podsumowanie: GET", []).append((ms, n))
    token = Draft.objects.get(form=form, user=response.wsgi_request.user).submission_token
    response, ms, n = timed(client, "post", summary, {"submission_token": token, "declaration": "1"})
    assert response.status_code == 302 and "/wyslany/" in response.url, response.status_code
    samples.setdefault("wysłanie: POST", []).append((ms, n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h3bench")
    parser.add_argument("--repetitions", "-n", type=int, default=30)
    parser.add_argument("--no-seed", action="store_true", help="the database is migrated and seeded already")
    args = parser.parse_args()
    setup_django(args.db, args.database_url, seed=not args.no_seed)

    from django.db import connection
    from django.test import Client

    from cms.accounts.models import User

    user, _created = User.objects.get_or_create(email="mieszkaniec.bench@example.pl", defaults={
        "first_name": "Jan", "last_name": "Benchmarkowy", "pesel": "44051401359"})  # fmt: skip
    user.identity_level = User.IdentityLevel.VERIFIED
    user.save()
    form = pick_form()
    url = f"/uslugi/{form.service.slug}/wniosek/"
    client = Client()
    client.force_login(user)
    samples: dict[str, list[tuple[float, int]]] = {}
    walk(client, form, url, {})  # warm-up: templates, connections
    for _ in range(args.repetitions):
        walk(client, form, url, samples)

    def p95(values):
        return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]

    out = sys.stdout
    out.write(
        f"\n### Application flow `{url}` ({form.title}), {connection.vendor}, {args.repetitions} runs, "
        f"{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {os.cpu_count()} CPUs\n\n"
        "| request | median ms | p95 ms | SQL queries |\n|---|---:|---:|---:|\n"
    )
    for label, rows in samples.items():
        ms = [row[0] for row in rows]
        queries = sorted({row[1] for row in rows})
        counted = f"{queries[0]}–{queries[-1]}" if len(queries) > 1 else str(queries[0])
        out.write(f"| {label} | {statistics.median(ms):.1f} | {p95(ms):.1f} | {counted} |\n")


if __name__ == "__main__":
    main()

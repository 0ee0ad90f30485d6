"""How fast is the admin's page explorer for a unit with 1,000 pages? (issue 3, performance)

Run against a throwaway database, never a real one — it adds pages::

    export RATUSZ_VAR_DIR=/tmp/ratusz-explorer
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/admin_explorer_bench.py [--pages 1000] [--repeat 10] [--unit MGBP]

It puts ``--pages`` StandardPages under the unit's page (only the missing ones, so a second run adds
nothing), then GETs ``/admin/pages/<unit page>/`` and ``?p=2`` with the Django test client as the
superuser and as the unit's moderator, and prints the median and worst time and the SQL query count.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def _setup():
    import django

    if "RATUSZ_VAR_DIR" not in os.environ:
        sys.exit("Set RATUSZ_VAR_DIR to a throwaway folder (e.g. /tmp/ratusz-explorer): this script adds pages.")
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # measure without Django's debug overhead; queries are counted explicitly


def ensure_pages(unit_page, count: int) -> int:
    """Add StandardPages ``bench-0001`` … under ``unit_page`` until it has ``count`` of them."""
    from django.db import transaction

    from home.models import StandardPage

    existing = set(unit_page.get_children().filter(slug__startswith="bench-").values_list("slug", flat=True))
    added = 0
    parent = unit_page
    with transaction.atomic():
        for i in range(1, count + 1):
            slug = f"bench-{i:04d}"
            if slug in existing:
                continue
            page = StandardPage(title=f"Strona testowa {i:04d}", slug=slug, intro="Strona do pomiaru eksploratora.")
            parent.add_child(instance=page)
            page.save_revision().publish()
            parent = type(parent).objects.get(pk=parent.pk)  # numchild changed
            added += 1
    return added


def measure(client, url: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, content types, caches
    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    return statistics.median(times), max(times), queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--unit", default="MGBP", help="code of the unit whose page gets the pages")
    args = parser.parse_args()
    _setup()

    from django.contrib.auth import get_user_model
    from django.test import Client

    from home.editorial.services import unit_section_setup
    from home.models import UnitPage

    unit_page = UnitPage.objects.select_related("unit").get(unit__code=args.unit)
    started = time.perf_counter()
    added = ensure_pages(unit_page, args.pages)
    out = sys.stdout.write
    children = unit_page.get_children().count()
    out(f"{args.unit}: {children} child pages ({added} added in {time.perf_counter() - started:.1f} s)\n")

    section = unit_section_setup(unit=unit_page.unit, unit_page=unit_page)
    users = get_user_model().objects
    people = {"superuser": users.filter(is_superuser=True).order_by("pk").first()}
    moderator = users.filter(groups=section.moderators).order_by("pk").first()
    if moderator is not None:
        people[f"moderator ({moderator.email})"] = moderator

    out(f"{'who':40} {'url':34} {'median ms':>9} {'max ms':>8} {'queries':>7} {'status':>6}\n")
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        for suffix in ("", "?p=2", "?ordering=-latest_revision_created_at"):
            url = f"/admin/pages/{unit_page.pk}/{suffix}"
            median, worst, queries, status = measure(client, url, args.repeat)
            out(f"{who:40} {url:34} {median:9.1f} {worst:8.1f} {queries:7d} {status:6d}\n")


if __name__ == "__main__":
    main()

"""``manage.py seed_demo``: fill an empty installation with the demo site of Gmina Głogów Małopolski.

Safe to run any number of times: what exists is left alone, what is missing is created.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from home.demo.news import DEFAULT_NEWS_COUNT
from home.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Tworzy treści demonstracyjne Gminy Głogów Małopolski (bezpieczne przy ponownym uruchomieniu)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--news",
            type=int,
            default=DEFAULT_NEWS_COUNT,
            metavar="N",
            help=f"Łączna liczba aktualności (domyślnie {DEFAULT_NEWS_COUNT}); ponad wybrane treści "
            "powstają komunikaty z szablonów, np. do testów wydajności.",
        )

    def handle(self, *args, news: int, **options):
        if news < 0:
            raise CommandError("--news musi być liczbą nieujemną.")
        # Every page save runs search-index and reference-index tasks in-process; their INFO lines
        # would bury the summary.
        task_logger = logging.getLogger("django_tasks")
        previous_level = task_logger.level
        task_logger.setLevel(logging.WARNING)
        started = time.monotonic()
        try:
            result = seed_demo(news=news)
        finally:
            task_logger.setLevel(previous_level)
        elapsed = time.monotonic() - started

        self.stdout.write(
            self.style.SUCCESS(
                f"Dane demonstracyjne gotowe w {elapsed:.1f} s: nowych stron {result.created_pages}, "
                f"jednostek {result.units}, aktualności {result.news}."
            )
        )
        self.stdout.write("Konta demonstracyjne (e-mail / hasło):")
        for email, password, description in result.accounts:
            self.stdout.write(f"  {email} / {password}  ({description})")
        self.stdout.write("Strona: http://127.0.0.1:8000/   Panel: http://127.0.0.1:8000/admin/")

"""``manage.py finance_export_payments --date YYYY-MM-DD [--output FILE | --storage]``: the online
payments booked that day as CSV for the finance system (columns: docs/finance.md)."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError

from eservices.finance.payments.export import export_to_storage, write_csv


class Command(BaseCommand):
    help = "Eksport płatności online z danego dnia do CSV dla systemu finansowo-księgowego."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="dzień księgowania, RRRR-MM-DD")
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--output", help="plik wynikowy (domyślnie standardowe wyjście)")
        target.add_argument("--storage", action="store_true", help="zapisz do folderu eksportu (jak zadanie dzienne)")

    def handle(self, *args, date, output=None, storage=False, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"Nieprawidłowa data {date!r}: podaj RRRR-MM-DD, np. 2025-03-17.") from None
        if storage:
            name, count = export_to_storage(day=day)
            self.stderr.write(f"Zapisano {count} płatności do {name}.")
            return
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = write_csv(day=day, stream=stream)
        else:
            count = write_csv(day=day, stream=self.stdout if self.stdout else sys.stdout)
        self.stderr.write(f"Wyeksportowano {count} płatności z dnia {day.isoformat()}.")

"""``manage.py finance_import <path> [--dry-run]``: import the finance system's ledger export (CSV).

All or nothing: with any error in the file nothing is written, the errors are printed with their
line numbers and the command exits with status 1. The format: docs/finance.md, "Import z systemu
finansowo-księgowego".
"""

from django.core.management.base import BaseCommand, CommandError

from eservices.finance.ledger_import import import_ledger


class Command(BaseCommand):
    help = "Importuje eksport księgi z systemu finansowo-księgowego (CSV, średnik, UTF-8); wszystko albo nic."

    def add_arguments(self, parser):
        parser.add_argument("path", help="plik CSV z eksportu systemu finansowo-księgowego")
        parser.add_argument(
            "--dry-run", action="store_true", help="tylko sprawdź plik i policz zmiany, nic nie zapisuj"
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            report = import_ledger(path, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Nie można otworzyć pliku {path}: {exc.strerror}") from exc
        stream = self.stdout if report.ok else self.stderr
        for line in report.lines():
            stream.write(line)
        if not report.ok:
            raise CommandError("Import przerwany: plik zawiera błędy, nic nie zapisano.", returncode=1)

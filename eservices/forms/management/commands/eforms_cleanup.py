"""``manage.py eforms_cleanup``: the same cleanup as the daily Celery beat task, run by hand."""

from django.core.management.base import BaseCommand

from eservices.forms.services import drafts_cleanup


class Command(BaseCommand):
    help = "Usuwa wygasłe wnioski robocze z plikami oraz osierocone pliki w eforms/ (starsze niż doba)."

    def handle(self, *args, **options):
        counts = drafts_cleanup()
        self.stdout.write(
            f"Usunięto: wnioski robocze {counts['drafts']}, ich pliki {counts['draft_files']}, "
            f"pliki osierocone {counts['orphan_files']}."
        )

"""``manage.py epuap_standin [--port 8041]``: run the local ePUAP stand-in for development and the demo."""

from django.core.management.base import BaseCommand

from eservices.epuap.standin import EpuapStandin


class Command(BaseCommand):
    help = "Uruchamia lokalny zastępnik ePUAP (SOAP) na 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8041)

    def handle(self, *args, port: int, **options):
        self.stdout.write(f"ePUAP stand-in: http://127.0.0.1:{port} (Ctrl+C kończy)")
        EpuapStandin(port=port).serve_forever()

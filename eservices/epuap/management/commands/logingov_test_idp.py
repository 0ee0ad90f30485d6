"""``manage.py logingov_test_idp [--port 8042]``: the local test identity provider (login.gov.pl's part).

Uses the SP certificate from settings (generated in development) and writes its own certificate to
``LOGINGOV_IDP_CERT_FILE`` so the portal trusts it. Never point a production site at it.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from eservices.epuap.keys import load_keypair
from eservices.epuap.logingov import sp_keypair
from eservices.epuap.logingov_idp import LocalIdentityProvider


class Command(BaseCommand):
    help = "Uruchamia lokalny testowy login.gov.pl (SAML, HTTP-Artifact) na 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8042)

    def handle(self, *args, port: int, **options):
        cert_file = settings.LOGINGOV_IDP_CERT_FILE
        keypair = load_keypair(
            cert_file.with_name("test-idp-key.pem"), cert_file, common_name="login.gov.pl — test", generate=True
        )
        idp = LocalIdentityProvider(
            sp_cert=sp_keypair().certificate,
            sp_entity_id=settings.LOGINGOV_SP_ENTITY_ID,
            port=port,
            keypair=keypair,
            entity_id=settings.LOGINGOV_IDP_ENTITY_ID,
        )
        self.stdout.write(f"Testowy login.gov.pl: {idp.start()} (Ctrl+C kończy)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            idp.stop()

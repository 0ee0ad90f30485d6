"""Two workers pulling the same mailbox at once (PostgreSQL): every document is exactly one case."""

import threading

import pytest
from django.db import connection

from eservices.cases.models import Case
from eservices.epuap import inbound
from eservices.epuap.gateway.soap import SoapGateway
from eservices.epuap.models import InboundDocument

from .conftest import OFFICE_BOX, letter, send_from_resident

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_pulls_never_duplicate(standin, standin_url, office_keys, office):
    for n in range(12):
        send_from_resident(standin, letter(title=f"Pismo {n}"))
    barrier, errors = threading.Barrier(3), []

    def worker():
        gateway = SoapGateway(url=standin_url, keypair=office_keys, timeout=5)
        try:
            barrier.wait()
            inbound.mailbox_pull(unit=office, gateway=gateway)
        except Exception as error:  # noqa: BLE001 — a refused confirmation of a document already taken is fine
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    inbound.mailbox_pull(unit=office, gateway=SoapGateway(url=standin_url, keypair=office_keys, timeout=5))
    assert Case.objects.count() == 12
    assert InboundDocument.objects.filter(case__isnull=False).values("case").distinct().count() == 12
    assert standin.documents(OFFICE_BOX, include_confirmed=False) == []

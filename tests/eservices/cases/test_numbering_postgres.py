"""Gapless numbering under concurrency (PostgreSQL): 50 cases opened at once get numbers 1..50."""

import threading

import pytest
from django.db import connection

from eservices.cases import services
from eservices.cases.models import Case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_parallel_openings_get_numbers_one_to_fifty(office, resident):
    barrier = threading.Barrier(10)
    errors = []

    def worker(count):
        try:
            barrier.wait()
            for _ in range(count):
                services.case_open(
                    unit=office, title="Wniosek", applicant=resident, applicant_name="Jan Nowak", jrwa_symbol="5340"
                )
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(5,)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(unit=office).values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert Case.objects.values("reference").distinct().count() == 50

"""One ballot per person under concurrency (PostgreSQL): the same person from 8 connections at once,
online and on paper, gets exactly one counted ballot."""

import threading

import pytest
from django.db import connection

from eservices.budget import voting
from eservices.budget.models import Ballot, IdentityClaim
from eservices.budget.rules import BudgetError
from tests.factories import UserFactory

from .conftest import PESEL_A, make_edition, make_pool, make_proposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_same_person_eight_requests_at_once_one_ballot_counted():
    """Regression: the paper acceptance locked the edition row too (``select_related`` under
    ``select_for_update``), which deadlocked against the foreign-key checks of concurrent inserts."""
    edition = make_edition()
    pool = make_pool(edition, "Lipie", "1000")
    project = make_proposal(edition, pool, "Ławki", "100", number=1)
    voter = UserFactory(identity_level="verified", pesel=PESEL_A)
    clerk, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    papers = [
        voting.paper_ballot_enter(
            edition=edition,
            district=pool,
            choices={project.pk: 1},
            first_name="Jan",
            last_name="Nowak",
            address="Lipie 1",
            pesel=PESEL_A,
            by=clerk,
        )
        for _ in range(4)
    ]
    barrier = threading.Barrier(8)
    outcomes, errors = [], []

    def online():
        try:
            barrier.wait()
            outcomes.append(
                voting.ballot_cast_verified(edition=edition, district=pool, choices={project.pk: 1}, user=voter).status
            )
        except BudgetError as refused:
            outcomes.append(refused.message)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    def paper(ballot):
        try:
            barrier.wait()
            outcomes.append(voting.paper_ballot_accept(ballot=ballot, by=second).status)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=online) for _ in range(4)] + [
        threading.Thread(target=paper, args=(b,)) for b in papers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count(Ballot.Status.COUNTED) == 1
    assert Ballot.objects.filter(status=Ballot.Status.COUNTED).count() == 1
    assert IdentityClaim.objects.count() == 1
    assert Ballot.objects.filter(channel="paper", status=Ballot.Status.TO_ACCEPT).count() == 0
    refusals = [o for o in outcomes if o != Ballot.Status.COUNTED]
    assert len(refusals) == 7 and all(
        o in (Ballot.Status.REFUSED, "Ta osoba już oddała głos w tej edycji. Każdy może zagłosować tylko raz.")
        for o in refusals
    )

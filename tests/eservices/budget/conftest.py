"""Fixtures of the participatory-budget tests: an edition in the voting phase with two districts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from eservices.budget.models import Edition, Pool, Proposal
from tests.factories import UserFactory

# Valid PESELs (check digit correct): born 1990-01-01, 1985-05-12, 2015-03-03 (a child)
PESEL_A, PESEL_B, PESEL_CHILD = "90010100009", "85051200005", "15230300004"


def make_edition(*, year=2027, phase="voting", **overrides) -> Edition:
    now = timezone.now()
    day = dt.timedelta(days=1)
    if phase == "voting":
        start = now - 60 * day
        dates = {
            "proposals_start": start,
            "proposals_end": start + 20 * day,
            "verification_end": start + 40 * day,
            "voting_start": now - day,
            "voting_end": now + 10 * day,
            "results_date": now + 12 * day,
        }
    elif phase == "proposals":
        dates = {
            "proposals_start": now - day,
            "proposals_end": now + 10 * day,
            "verification_end": now + 20 * day,
            "voting_start": now + 30 * day,
            "voting_end": now + 40 * day,
            "results_date": now + 45 * day,
        }
    else:  # after
        start = now - 90 * day
        dates = {
            "proposals_start": start,
            "proposals_end": start + 10 * day,
            "verification_end": start + 20 * day,
            "voting_start": start + 30 * day,
            "voting_end": now - day,
            "results_date": now,
        }
    values = dict(
        year=year,
        name=f"Budżet obywatelski {year}",
        slug=f"bo-{year}",
        required_endorsements=2,
        max_projects=2,
        **dates,
    )
    values.update(overrides)
    return Edition.objects.create(**values)


def make_pool(edition, name, amount, kind=Pool.Kind.DISTRICT, order=0) -> Pool:
    from django.utils.text import slugify

    return Pool.objects.create(
        edition=edition, name=name, slug=slugify(name), amount=Decimal(amount), kind=kind, sort_order=order
    )


def make_proposal(edition, pool, title, cost, *, status=Proposal.Status.ACCEPTED, number=None, author=None):
    return Proposal.objects.create(
        edition=edition,
        pool=pool,
        title=title,
        description="Opis",
        justification="Bo warto",
        cost=Decimal(cost),
        cost_items=[{"name": "Całość", "amount": str(cost)}],
        status=status,
        number=number,
        author=author or UserFactory(),
    )


@pytest.fixture
def edition(db):
    return make_edition()


@pytest.fixture
def pools(edition):
    return {
        "lipie": make_pool(edition, "Lipie", "100000", order=1),
        "styków": make_pool(edition, "Styków", "100000", order=2),
        "city": make_pool(edition, "Cała gmina", "500000", kind=Pool.Kind.CITY),
    }


@pytest.fixture
def projects(edition, pools):
    P = pools
    return {
        "ławki": make_proposal(edition, P["lipie"], "Ławki w Lipiu", "20000", number=1),
        "plac": make_proposal(edition, P["lipie"], "Plac zabaw w Lipiu", "90000", number=2),
        "oświetlenie": make_proposal(edition, P["lipie"], "Oświetlenie w Lipiu", "30000", number=3),
        "boisko": make_proposal(edition, P["styków"], "Boisko w Stykowie", "80000", number=4),
        "park": make_proposal(edition, P["city"], "Park miejski", "300000", number=5),
        "rowery": make_proposal(edition, P["city"], "Stacje rowerowe", "250000", number=6),
    }


@pytest.fixture
def verified_voter(db):
    return UserFactory(identity_level="verified", pesel=PESEL_A)

"""Shared fixtures of the resident office (eBOM) tests: a taxpayer with a linked user, a property-tax
liability with its instalments, the rate table. Reused by the pages, payments and ledger tests."""

import datetime as dt
from decimal import Decimal

import pytest

from eservices.finance import services
from eservices.finance.interest import load_rates
from eservices.finance.models import Liability, Taxpayer, TaxpayerAccess
from tests.factories import UserFactory


@pytest.fixture
def finance_user(db):
    return UserFactory(email="podatnik@example.pl", first_name="Jan", last_name="Podatnik")


@pytest.fixture
def taxpayer(finance_user):
    """Jan Podatnik, a person, seen by ``finance_user`` as his own."""
    payer = services.taxpayer_create(
        name="Jan Podatnik",
        kind=Taxpayer.Kind.PERSON,
        pesel="44051401359",
        address="ul. Rzeszowska 1",
        postal_code="36-060",
        locality="Głogów Małopolski",
        external_id="P-0001",
    )
    services.taxpayer_grant_access(user=finance_user, taxpayer=payer, relation=TaxpayerAccess.Relation.OWN)
    return payer


@pytest.fixture
def other_taxpayer(db):
    """Somebody else, linked to another account."""
    payer = services.taxpayer_create(name="Anna Inna", pesel="02070803628", external_id="P-0002")
    services.taxpayer_grant_access(user=UserFactory(email="inna@example.pl"), taxpayer=payer)
    return payer


@pytest.fixture
def property_liability(taxpayer):
    """Property tax 2025, 400.00 zł: 4 × 100.00, due 17.03 (15.03 is a Saturday), 15.05, 15.09 and
    17.11.2025 (15.11 is a Saturday)."""
    return services.liability_create(
        taxpayer=taxpayer,
        kind=Liability.Kind.PROPERTY,
        year=2025,
        total=Decimal("400.00"),
        legal_basis="FN.3120.1.2025",
        external_id="L-2025-0001",
    )


@pytest.fixture
def rate_table(db):
    """The historic rates loaded by the data migration (list of ``RatePeriod``, oldest first).

    A transactional test runs after others have flushed the database, which removes what data
    migrations inserted: the rates are put back then.
    """
    import importlib

    from django.apps import apps

    from eservices.finance.models import InterestRate

    if not InterestRate.objects.exists():
        importlib.import_module("eservices.finance.migrations.0002_interest_rates").load(apps, None)
    return load_rates()


DUE_2025 = [dt.date(2025, 3, 17), dt.date(2025, 5, 15), dt.date(2025, 9, 15), dt.date(2025, 11, 17)]

"""The budget demo: idempotent, fast, and the public pages work on it."""

import pytest
from django.urls import reverse

from cms.units.demo_places import seed_places
from eservices.budget.demo import seed_budget
from eservices.budget.models import Ballot, Edition, Proposal

pytestmark = pytest.mark.django_db


def test_seed_budget_twice_and_pages(client):
    seed_places()
    accounts = seed_budget()
    seed_budget()
    assert {a[0] for a in accounts} == {"budzet@ratusz.local", "ocena@ratusz.local"}
    current, past = Edition.objects.order_by("-year")
    assert current.is_voting_open() and current.pools.count() >= 10
    assert Proposal.objects.filter(edition=current).count() == 15
    assert set(Proposal.objects.filter(edition=current).values_list("status", flat=True)) >= {
        "accepted",
        "draft",
        "rejected",
        "appealed",
        "formal",
        "merit",
    }
    assert Ballot.objects.filter(edition=past).count() == 300
    assert client.get(reverse("budget:list")).status_code == 200
    assert client.get(reverse("budget:ballot") + "?obszar=rogoznica").status_code == 200
    assert client.get(reverse("budget:results")).status_code == 200
    page = client.get(reverse("budget:results")).content.decode()
    assert f"?edycja={past.slug}" in page
    page = client.get(reverse("budget:results") + f"?edycja={past.slug}").content.decode()
    assert "Kompleks rekreacyjny nad zalewem" in page and "wybrany do realizacji" in page
    assert client.get(reverse("budget:results_pdf") + f"?edycja={past.slug}").content.startswith(b"%PDF")
    assert client.get(reverse("budget:results") + "?edycja=nie-ma").status_code == 404

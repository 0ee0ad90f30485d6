"""The demo seed: clerks with roles and cases in every status for the demo residents, once."""

from eservices.cases.demo import RESIDENTS, seed_cases
from eservices.cases.models import Case, CaseWorker
from tests.factories import UserFactory


def test_seed_cases_creates_clerks_and_cases_once(catalogue):
    catalogue.site.units[0].code = "UM"
    catalogue.site.units[0].save()
    for email in RESIDENTS:
        UserFactory(email=email)
    seed_cases()
    assert CaseWorker.objects.filter(user__email="urzednik@ratusz.local", role="clerk").exists()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {
        "submitted",
        "registered",
        "in_progress",
        "awaiting_supplement",
        "resolved",
        "refused",
        "left_unexamined",
        "withdrawn",
    }
    count = Case.objects.count()
    assert count == 30
    seed_cases()
    assert Case.objects.count() == count

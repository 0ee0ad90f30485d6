"""The demo: a letter that became a case of the verified demo resident, and one unassigned document."""

from eservices.cases.models import Case
from eservices.epuap.demo import seed_epuap
from eservices.epuap.models import InboundDocument
from tests.factories import UserFactory


def test_demo_seed_is_idempotent(office):
    maria = UserFactory(pesel="85030512345", identity_level="verified")
    seed_epuap()
    seed_epuap()
    case = Case.objects.get()
    assert case.applicant == maria and case.channel == "epuap"
    assert InboundDocument.objects.filter(status="unassigned").count() == 1

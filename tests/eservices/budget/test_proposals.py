"""Proposals: drafts, submission rules, verification steps with public reasons, appeals and deadlines."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from eservices.budget import services
from eservices.budget.models import Decision, Proposal
from eservices.budget.rules import BudgetError
from tests.factories import UserFactory

from .conftest import make_edition, make_pool, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_edition():
    edition = make_edition(phase="proposals", required_endorsements=2)
    make_pool(edition, "Lipie", "100000")
    return edition


def draft(edition, author, cost="Ławki; 12 000,50\nKosze; 3000", endorsements="Jan Nowak, Lipie 1\nEwa Lis, Lipie 2"):
    return services.proposal_save_draft(
        author=author,
        edition=edition,
        cost_text=cost,
        data={
            "pool": edition.pools.first(),
            "title": "Ławki",
            "description": "Opis",
            "justification": "Bo",
            "endorsements": endorsements,
        },
    )


def test_draft_then_submit(open_edition, mailoutbox):
    author = UserFactory()
    proposal = draft(open_edition, author)
    assert proposal.status == Proposal.Status.DRAFT and proposal.cost == Decimal("15000.50")
    services.proposal_submit(proposal=proposal, by=author)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert Decision.objects.filter(proposal=proposal, step="submit").exists()


def test_bad_cost_line_writes_nothing(open_edition):
    with pytest.raises(BudgetError) as err:
        draft(open_edition, UserFactory(), cost="Ławki 12000")
    assert "Wiersz 1 kosztorysu" in err.value.message
    assert not Proposal.objects.exists()


def test_too_few_endorsements(open_edition):
    author = UserFactory()
    proposal = draft(open_edition, author, endorsements="Jan Nowak, Lipie 1")
    with pytest.raises(BudgetError) as err:
        services.proposal_submit(proposal=proposal, by=author)
    assert "co najmniej 2" in err.value.message
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT


def test_proposal_after_deadline_refused(open_edition):
    author = UserFactory()
    proposal = draft(open_edition, author)
    later = open_edition.proposals_end + dt.timedelta(minutes=1)
    with pytest.raises(BudgetError) as err:
        services.proposal_submit(proposal=proposal, by=author, now=later)
    assert "Termin minął" in err.value.message
    with pytest.raises(BudgetError):
        services.proposal_save_draft(
            author=author,
            edition=open_edition,
            cost_text="A; 1",
            now=later,
            data={"pool": open_edition.pools.first(), "title": "X"},
        )
    assert Proposal.objects.count() == 1


def test_verification_path_with_reasons_appeal_and_history(edition, pools, mailoutbox):
    coordinator, evaluator = UserFactory(is_staff=True), UserFactory(is_staff=True)
    proposal = make_proposal(edition, pools["lipie"], "Skatepark", "50000", status=Proposal.Status.SUBMITTED)
    services.proposal_assign(proposal=proposal, evaluator=evaluator, by=coordinator)
    services.proposal_formal_check(proposal=proposal, positive=True, reason="", by=evaluator)
    with pytest.raises(BudgetError) as err:
        services.proposal_merit_check(proposal=proposal, positive=False, reason=" ", by=evaluator)
    assert "publicznego uzasadnienia" in err.value.message
    services.proposal_merit_check(
        proposal=proposal, positive=False, reason="Działka prywatna.", by=evaluator, corrected_cost=Decimal("65000")
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED and proposal.public_reason == "Działka prywatna."
    with pytest.raises(BudgetError):
        services.proposal_appeal(proposal=proposal, text="Nie", by=UserFactory())
    services.proposal_appeal(proposal=proposal, text="Gmina dzierżawi działkę.", by=proposal.author)
    services.proposal_appeal_decide(proposal=proposal, granted=True, reason="Umowa dzierżawy.", by=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.number and proposal.final_cost == Decimal("65000")
    steps = list(proposal.decisions.values_list("step", flat=True))
    assert steps == ["assign", "formal", "merit", "appeal", "appeal_decision"]
    from cms.messaging.models import OutboundMessage

    mails = OutboundMessage.objects.filter(topic="budget", recipient=proposal.author.email)
    assert mails.count() == 3  # formal passed, rejected (with the reason and the appeal days), appeal decided
    assert any("Działka prywatna." in m.body and "7 dni" in m.body for m in mails)


def test_appeal_after_window_refused(edition, pools):
    proposal = make_proposal(edition, pools["lipie"], "X", "100", status=Proposal.Status.REJECTED)
    proposal.rejected_at = timezone.now() - dt.timedelta(days=edition.appeal_days + 1)
    proposal.save()
    with pytest.raises(BudgetError) as err:
        services.proposal_appeal(proposal=proposal, text="Proszę", by=proposal.author)
    assert "Termin na odwołanie minął" in err.value.message
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED and not proposal.decisions.exists()

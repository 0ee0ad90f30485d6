"""Back office: access per role, verification through the admin, paper ballots with a second person,
results computed and published."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from eservices.budget.models import Ballot, Edition, Proposal, ResultRun
from eservices.budget.roles import COORDINATORS, EVALUATORS
from tests.factories import UserFactory

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def staff(group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_access_per_role(client, edition, pools, projects):
    evaluator, other_evaluator = staff(EVALUATORS), staff(EVALUATORS)
    mine = make_proposal(edition, pools["lipie"], "Mój", "100", status=Proposal.Status.FORMAL)
    mine.evaluator = evaluator
    mine.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get(reverse("budget_admin:index")).status_code in (302, 403)
    client.force_login(other_evaluator)
    assert client.get(reverse("budget_admin:proposal", args=[mine.pk])).status_code == 404
    assert "Mój" not in client.get(reverse("budget_admin:index")).content.decode()
    assert client.get(reverse("budget_results:index")).status_code == 403
    client.force_login(evaluator)
    assert "Mój" in client.get(reverse("budget_admin:index")).content.decode()
    assert client.get(reverse("budget_admin:proposal", args=[mine.pk])).status_code == 200
    client.force_login(UserFactory())  # a resident
    assert client.get(reverse("budget_admin:index")).status_code == 302


def test_verification_through_admin(client, edition, pools):
    coordinator, evaluator = staff(COORDINATORS), staff(EVALUATORS)
    proposal = make_proposal(edition, pools["lipie"], "Skwer", "100", status=Proposal.Status.SUBMITTED)
    url = reverse("budget_admin:proposal", args=[proposal.pk])
    client.force_login(coordinator)
    client.post(url, {"action": "assign", "evaluator": evaluator.pk})
    client.force_login(evaluator)
    client.post(url, {"action": "formal", "positive": "1", "reason": ""})
    response = client.post(url, {"action": "merit", "positive": "0", "reason": ""}, follow=True)
    assert "publicznego uzasadnienia" in response.content.decode()
    client.post(url, {"action": "merit", "positive": "1", "reason": "OK", "corrected_cost": "150,00"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and str(proposal.corrected_cost) == "150.00"
    assert client.post(url, {"action": "appeal", "positive": "1", "reason": "x"}).status_code == 403


def test_paper_ballot_needs_second_person(client, edition, pools, projects):
    first, second = staff(EVALUATORS), staff(COORDINATORS)
    url = reverse("budget_paper:index") + "?obszar=lipie"
    client.force_login(first)
    response = client.post(
        url,
        {
            f"p{projects['ławki'].pk}": "on",
            "first_name": "Jan",
            "last_name": "Nowak",
            "address": "Lipie 3",
            "pesel": "",
            "paper_number": "A-1",
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.status == Ballot.Status.TO_ACCEPT and ballot.channel == "paper"
    response = client.post(url, {"action": "accept", "ballot": ballot.pk}, follow=True)
    assert "inna osoba" in response.content.decode()
    client.force_login(second)
    client.post(url, {"action": "accept", "ballot": ballot.pk})
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.COUNTED and ballot.accepted_by == second


def test_results_compute_and_publish(client, edition, pools, projects):
    client.force_login(staff(COORDINATORS))
    client.post(reverse("budget_results:index"), {"action": "compute", "edycja": edition.pk})
    run = ResultRun.objects.get()
    response = client.post(
        reverse("budget_results:index"), {"action": "publish", "run": run.pk, "edycja": edition.pk}, follow=True
    )
    assert "dopiero po zakończeniu" in response.content.decode()
    Edition.objects.filter(pk=edition.pk).update(voting_end=edition.voting_start)
    client.post(reverse("budget_results:index"), {"action": "publish", "run": run.pk, "edycja": edition.pk})
    run.refresh_from_db()
    assert run.published
    pdf = client.get(reverse("budget_admin:result_download", args=[run.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_edition_admin_pages_render(client, edition, pools):
    client.force_login(staff(COORDINATORS))
    index = client.get("/admin/budzet/edycje/")
    assert index.status_code == 200 and edition.name in index.content.decode()
    assert client.get(f"/admin/budzet/edycje/edit/{edition.pk}/").status_code == 200
    assert client.get("/admin/budzet/kategorie/").status_code == 200

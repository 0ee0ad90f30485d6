"""Public pages: list and filter, detail (drafts private), submit form, ballot, confirmation, results."""

import re

import pytest
from django.urls import reverse

from eservices.budget import results
from eservices.budget.models import Ballot, Edition, Proposal
from tests.factories import UserFactory

from .conftest import PESEL_A, make_edition, make_pool, make_proposal

pytestmark = pytest.mark.django_db


def test_list_filters_and_hides_drafts(client, edition, pools, projects):
    make_proposal(edition, pools["lipie"], "Tajny szkic", "10", status=Proposal.Status.DRAFT)
    page = client.get(reverse("budget:list")).content.decode()
    assert "Ławki w Lipiu" in page and "Boisko w Stykowie" in page and "Tajny szkic" not in page
    page = client.get(reverse("budget:list"), {"pool": pools["styków"].pk}).content.decode()
    assert "Boisko w Stykowie" in page and "Ławki w Lipiu" not in page


def test_draft_visible_to_author_only(client, edition, pools):
    author = UserFactory()
    proposal = make_proposal(edition, pools["lipie"], "Szkic", "10", status=Proposal.Status.DRAFT, author=author)
    url = reverse("budget:proposal", args=[proposal.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("budget:edit", args=[proposal.pk])).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200
    assert client.get(reverse("budget:edit", args=[proposal.pk])).status_code == 200


def test_submit_form_requires_login_and_shows_errors(client):
    edition = make_edition(phase="proposals", required_endorsements=1)
    pool = make_pool(edition, "Lipie", "1000")
    assert client.get(reverse("budget:new")).status_code == 302
    client.force_login(UserFactory())
    response = client.post(
        reverse("budget:new"),
        {
            "title": "Ławki",
            "pool": pool.pk,
            "description": "D",
            "justification": "J",
            "cost_items_text": "zle",
            "endorsements": "Jan",
            "submit": "1",
        },
    )
    assert "Wiersz 1 kosztorysu" in response.content.decode() and not Proposal.objects.exists()
    response = client.post(
        reverse("budget:new"),
        {
            "title": "Ławki",
            "pool": pool.pk,
            "description": "D",
            "justification": "J",
            "cost_items_text": "A; 100",
            "endorsements": "Jan Nowak, Lipie 1",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED


def test_ballot_flow_with_email_confirmation(client, edition, pools, projects, mailoutbox):
    page = client.get(reverse("budget:ballot")).content.decode()
    assert "Twoje sołectwo lub osiedle" in page
    url = reverse("budget:ballot") + "?obszar=" + pools["lipie"].slug
    page = client.get(url).content.decode()
    assert "Ławki w Lipiu" in page and "Park miejski" in page and "Boisko w Stykowie" not in page
    data = {
        f"p{projects['ławki'].pk}": "on",
        f"p{projects['plac'].pk}": "on",
        f"p{projects['oświetlenie'].pk}": "on",
        "first_name": "Jan",
        "last_name": "Nowak",
        "address": "Lipie 1",
        "email": "jan@example.pl",
        "residence": "on",
    }
    response = client.post(url, data)
    assert "najwyżej 2 projekty" in response.content.decode() and not Ballot.objects.exists()
    del data[f"p{projects['oświetlenie'].pk}"]
    response = client.post(url, {**data, "pesel": "12345678901"})
    assert "PESEL jest nieprawidłowy" in response.content.decode() and not Ballot.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    from cms.messaging.models import OutboundMessage

    body = OutboundMessage.objects.get(topic="budget").body
    token = re.search(r"/potwierdz/([^/]+)/", body).group(1)
    assert client.get(reverse("budget:confirm", args=[token])).status_code == 200
    assert Ballot.objects.get().status == Ballot.Status.PENDING
    client.post(reverse("budget:confirm", args=[token]))
    assert Ballot.objects.get().status == Ballot.Status.COUNTED


def test_verified_account_second_ballot_message(client, edition, pools, projects):
    client.force_login(UserFactory(identity_level="verified", pesel=PESEL_A))
    url = reverse("budget:ballot") + "?obszar=" + pools["lipie"].slug
    assert client.post(url, {f"p{projects['ławki'].pk}": "on"}).status_code == 302
    response = client.post(url, {f"p{projects['plac'].pk}": "on"})
    assert "już oddała głos" in response.content.decode()
    assert Ballot.objects.count() == 1


def test_ballot_closed_outside_window(client, pools):
    Edition.objects.update(voting_start=pools["lipie"].edition.voting_end)
    assert "Teraz nie można oddać głosu" in client.get(reverse("budget:ballot")).content.decode()


def test_results_public_only_when_published_and_show_no_voters(client, edition, pools, projects):
    client.force_login(UserFactory(identity_level="verified", pesel=PESEL_A))
    client.post(reverse("budget:ballot") + "?obszar=lipie", {f"p{projects['ławki'].pk}": "on"})
    client.logout()
    assert client.get(reverse("budget:results_csv")).status_code == 404
    run = results.result_run_create(edition=edition)
    Edition.objects.filter(pk=edition.pk).update(voting_end=edition.voting_start)
    run.refresh_from_db()
    results.result_run_publish(run=run)
    page = client.get(reverse("budget:results")).content.decode()
    assert "Ławki w Lipiu" in page and "Frekwencja" in page
    # the vote bars are SVG (the public CSP forbids style attributes): the one vote is the top, 100 %
    assert 'class="budget-bar__fill budget-bar__fill--funded" width="100"' in page and "style=" not in page
    assert Ballot.objects.get().identity_hash not in page and "Kowalska" not in page
    assert client.get(reverse("budget:results_csv")).status_code == 200
    assert client.get(reverse("budget:results_pdf")).content.startswith(b"%PDF")
    assert b"VOTES" in client.get(reverse("budget:results_pabulib", args=[pools["lipie"].pk])).content


def test_dashboard_panel_shows_own_projects_only(client, edition, pools):
    author = UserFactory()
    make_proposal(edition, pools["lipie"], "Mój projekt", "10", status=Proposal.Status.SUBMITTED, author=author)
    make_proposal(edition, pools["lipie"], "Cudzy projekt", "10", status=Proposal.Status.SUBMITTED)
    client.force_login(author)
    page = client.get("/konto/").content.decode()
    assert "Mój projekt" in page and "Cudzy projekt" not in page and "Zagłosuj" in page


def test_points_ballot_through_the_page(client, edition, pools, projects, verified_voter):
    Edition.objects.filter(pk=edition.pk).update(voting_method="points", points="3,2,1")
    client.force_login(verified_voter)
    url = reverse("budget:ballot") + "?obszar=lipie"
    page = client.get(url).content.decode()
    assert f'name="p{projects["ławki"].pk}"' in page and "3 pkt" in page
    response = client.post(url, {f"p{projects['ławki'].pk}": "3", f"p{projects['plac'].pk}": "3"})
    assert "3/2/1" in response.content.decode() and not Ballot.objects.exists()
    assert client.post(url, {f"p{projects['ławki'].pk}": "3", f"p{projects['plac'].pk}": "1"}).status_code == 302
    assert sorted(Ballot.objects.get().choices.values_list("points", flat=True)) == [1, 3]


def test_ballots_from_one_address_are_rate_limited(client, settings, edition, pools, projects):
    """Issue 11: a script cannot flood the ballot form from one IP address (429, nothing recorded)."""
    settings.RATUSZ_FORM_RATE_LIMITS = {**settings.RATUSZ_FORM_RATE_LIMITS, "ballot": (1, 3600)}
    client.force_login(UserFactory(identity_level="verified", pesel=PESEL_A))
    choice = {f"p{projects['ławki'].pk}": "on"}
    client.post(reverse("budget:ballot") + "?obszar=lipie", choice)
    assert Ballot.objects.count() == 1
    client.force_login(UserFactory(identity_level="verified", email="druga@example.pl"))
    refused = client.post(reverse("budget:ballot") + "?obszar=lipie", choice)
    assert refused.status_code == 429 and "zbyt wiele formularzy" in refused.content.decode()
    assert Ballot.objects.count() == 1


def test_public_list_query_count_does_not_grow_with_the_proposals(client, settings, edition, pools, projects):
    """Fast by design: the list reads pools and categories with the proposals, whatever their number."""
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0  # measure the view, not the anonymous page cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("budget:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        make_proposal(edition, pools["styków"], f"Chodnik nr {n}", "10000", number=10 + n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Chodnik nr 19" in page
    assert len(many.captured_queries) == len(few.captured_queries)

"""Voting rules, one ballot per person, duplicates across paper and online, the voting window."""

import datetime as dt

import pytest
from django.utils import timezone

from eservices.budget import voting
from eservices.budget.models import Ballot, BallotChoice, Edition, IdentityClaim
from eservices.budget.rules import BudgetError
from tests.factories import UserFactory

from .conftest import PESEL_A, PESEL_B, PESEL_CHILD, make_edition, make_pool, make_proposal

pytestmark = pytest.mark.django_db


def ids(projects, *names, points=None):
    return {projects[n].pk: (points[i] if points else 1) for i, n in enumerate(names)}


def declared(edition, pool, choices, **extra):
    values = {"first_name": "Jan", "last_name": "Nowak", "address": "Lipie 12", "pesel": "", "email": "jan@example.pl"}
    values.update(extra)
    return voting.ballot_cast_declared(edition=edition, district=pool, choices=choices, **values)


def test_verified_voter_ballot_counts_at_once(edition, pools, projects, verified_voter):
    ballot = voting.ballot_cast_verified(
        edition=edition, district=pools["lipie"], choices=ids(projects, "ławki", "park"), user=verified_voter
    )
    assert ballot.status == Ballot.Status.COUNTED
    assert ballot.choices.count() == 2
    assert PESEL_A not in ballot.identity_hash and len(ballot.identity_hash) == 64


def test_too_many_projects_refused_and_nothing_recorded(edition, pools, projects, verified_voter):
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition,
            district=pools["lipie"],
            choices=ids(projects, "ławki", "plac", "oświetlenie"),
            user=verified_voter,
        )
    assert "najwyżej 2 projekty" in err.value.message
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


def test_project_from_another_district_refused(edition, pools, projects, verified_voter):
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition, district=pools["lipie"], choices=ids(projects, "boisko"), user=verified_voter
        )
    assert "z innego obszaru" in err.value.message
    assert not Ballot.objects.exists()


def test_points_rule(pools, projects, edition, verified_voter):
    Edition.objects.filter(pk=edition.pk).update(voting_method="points", points="3,2,1")
    edition.refresh_from_db()
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition,
            district=pools["lipie"],
            choices=ids(projects, "ławki", "plac", points=[3, 3]),
            user=verified_voter,
        )
    assert "3/2/1" in err.value.message
    with pytest.raises(BudgetError):
        voting.ballot_cast_verified(
            edition=edition, district=pools["lipie"], choices=ids(projects, "ławki", points=[5]), user=verified_voter
        )
    ballot = voting.ballot_cast_verified(
        edition=edition,
        district=pools["lipie"],
        choices=ids(projects, "ławki", "plac", "oświetlenie", points=[1, 3, 2]),
        user=verified_voter,
    )
    assert sorted(ballot.choices.values_list("points", flat=True)) == [1, 2, 3]


def test_knapsack_rule_over_money_limit(pools, projects, edition, verified_voter):
    Edition.objects.filter(pk=edition.pk).update(voting_method="knapsack")
    edition.refresh_from_db()
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition, district=pools["lipie"], choices=ids(projects, "ławki", "plac"), user=verified_voter
        )
    assert "110 000,00 zł" in err.value.message and "100 000,00 zł" in err.value.message
    assert not Ballot.objects.exists()
    ballot = voting.ballot_cast_verified(
        edition=edition,
        district=pools["lipie"],
        choices=ids(projects, "ławki", "oświetlenie", "park"),
        user=verified_voter,
    )
    assert ballot.status == Ballot.Status.COUNTED


def test_second_ballot_refused(edition, pools, projects, verified_voter):
    voting.ballot_cast_verified(
        edition=edition, district=pools["lipie"], choices=ids(projects, "ławki"), user=verified_voter
    )
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition, district=pools["styków"], choices=ids(projects, "boisko"), user=verified_voter
        )
    assert "już oddała głos" in err.value.message
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 1


def test_ballot_outside_voting_window(pools, projects, verified_voter):
    edition = pools["lipie"].edition
    later = edition.voting_end + dt.timedelta(minutes=1)
    with pytest.raises(BudgetError) as err:
        voting.ballot_cast_verified(
            edition=edition, district=pools["lipie"], choices=ids(projects, "ławki"), user=verified_voter, now=later
        )
    assert "Karta nie została przyjęta" in err.value.message
    assert not Ballot.objects.exists()


def test_invalid_pesel_and_min_age(edition, pools, projects):
    with pytest.raises(BudgetError) as err:
        declared(edition, pools["lipie"], ids(projects, "ławki"), pesel="90010100000")
    assert "PESEL jest nieprawidłowy" in err.value.message and err.value.field == "pesel"
    Edition.objects.filter(pk=edition.pk).update(min_age=16)
    edition.refresh_from_db()
    with pytest.raises(BudgetError) as err:
        declared(edition, pools["lipie"], ids(projects, "ławki"), pesel=PESEL_CHILD)
    assert "ukończyły 16 lat" in err.value.message
    with pytest.raises(BudgetError) as err:
        declared(edition, pools["lipie"], ids(projects, "ławki"))
    assert err.value.field == "age_declared"
    assert not Ballot.objects.exists()


def test_email_confirmation_counts_and_cannot_change(edition, pools, projects, mailoutbox):
    ballot, token = declared(edition, pools["lipie"], ids(projects, "ławki"))
    assert ballot.status == Ballot.Status.PENDING
    assert token not in ballot.confirm_token_hash
    assert voting.ballot_confirm(token=token).status == Ballot.Status.COUNTED
    again = voting.ballot_confirm(token=token)
    assert again.status == Ballot.Status.COUNTED and again.choices.count() == 1
    with pytest.raises(BudgetError):
        voting.ballot_confirm(token="zly-token")


def test_duplicate_paper_after_online_refused(edition, pools, projects, verified_voter):
    clerk, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    voting.ballot_cast_verified(
        edition=edition, district=pools["lipie"], choices=ids(projects, "ławki"), user=verified_voter
    )
    paper = voting.paper_ballot_enter(
        edition=edition,
        district=pools["lipie"],
        choices=ids(projects, "plac"),
        first_name="Inna",
        last_name="Pisownia",
        address="gdzie indziej",
        pesel=PESEL_A,
        by=clerk,
    )
    assert paper.status == Ballot.Status.TO_ACCEPT
    with pytest.raises(BudgetError) as err:
        voting.paper_ballot_accept(ballot=paper, by=clerk)
    assert "inna osoba" in err.value.message
    paper = voting.paper_ballot_accept(ballot=paper, by=second)
    assert paper.status == Ballot.Status.REFUSED
    assert Ballot.objects.filter(status=Ballot.Status.COUNTED).count() == 1


def test_duplicate_online_after_paper_without_pesel(edition, pools, projects):
    clerk, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    paper = voting.paper_ballot_enter(
        edition=edition,
        district=pools["lipie"],
        choices=ids(projects, "plac"),
        first_name="Jan",
        last_name="NOWAK",
        address="Lipie  12",
        pesel="",
        by=clerk,
    )
    voting.paper_ballot_accept(ballot=paper, by=second)
    with pytest.raises(BudgetError) as err:
        declared(edition, pools["lipie"], ids(projects, "ławki"))
    assert "już oddała głos" in err.value.message


def test_duplicate_rule_both_invalid(pools, projects, edition):
    Edition.objects.filter(pk=edition.pk).update(duplicate_rule="invalidate_both")
    edition.refresh_from_db()
    first, t1 = declared(edition, pools["lipie"], ids(projects, "ławki"), pesel=PESEL_B)
    second, t2 = declared(edition, pools["lipie"], ids(projects, "plac"), pesel=PESEL_B, email="inny@example.pl")
    voting.ballot_confirm(token=t1)
    assert voting.ballot_confirm(token=t2).status == Ballot.Status.INVALID
    first.refresh_from_db()
    assert first.status == Ballot.Status.INVALID
    assert IdentityClaim.objects.get().duplicates == 1


def test_register_limits_voters(edition, pools, projects):
    voting.register_import(edition=edition, pesels=[PESEL_A])
    with pytest.raises(BudgetError) as err:
        declared(edition, pools["lipie"], ids(projects, "ławki"), pesel=PESEL_B)
    assert "rejestrze mieszkańców" in err.value.message
    ballot, _t = declared(edition, pools["lipie"], ids(projects, "ławki"), pesel=PESEL_A)
    assert ballot.pk


def test_same_pesel_other_edition_not_linkable(pools, projects, verified_voter):
    edition = pools["lipie"].edition
    other = make_edition(year=2030, slug="bo-2030")
    pool = make_pool(other, "Lipie", "1000")
    project = make_proposal(other, pool, "X", "100", number=1)
    a = voting.ballot_cast_verified(
        edition=edition, district=pools["lipie"], choices=ids(projects, "ławki"), user=verified_voter
    )
    b = voting.ballot_cast_verified(edition=other, district=pool, choices={project.pk: 1}, user=verified_voter)
    assert a.identity_hash != b.identity_hash
    assert timezone.now()  # both counted
    assert {a.status, b.status} == {Ballot.Status.COUNTED}

"""Results: threshold, greedy allocation with a skipped project, reproducible tie draw, exports."""

import datetime as dt
from decimal import Decimal

import pytest

from eservices.budget import results, voting
from eservices.budget.models import Edition
from tests.factories import UserFactory

from .conftest import make_edition, make_pool, make_proposal

pytestmark = pytest.mark.django_db


def cast(edition, pool, projects, n_voters, start=0):
    clerk, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    for i in range(start, start + n_voters):
        ballot = voting.paper_ballot_enter(
            edition=edition,
            district=pool,
            choices={p.pk: 1 for p in projects},
            first_name="Osoba",
            last_name=str(i),
            address="Lipie",
            pesel="",
            by=clerk,
        )
        voting.paper_ballot_accept(ballot=ballot, by=second)


def test_greedy_skips_project_that_does_not_fit_and_funds_cheaper_after_it():
    edition = make_edition(max_projects=3, min_votes=2)
    pool = make_pool(edition, "Lipie", "100000")
    city = make_pool(edition, "Cała gmina", "10", kind="city")
    big = make_proposal(edition, pool, "Duży", "70000", number=1)
    too_big = make_proposal(edition, pool, "Za drogi", "40000", number=2)
    cheap = make_proposal(edition, pool, "Tani", "25000", number=3)
    rare = make_proposal(edition, pool, "Mało głosów", "1000", number=4)
    cast(edition, pool, [big, too_big, cheap], 1)
    cast(edition, pool, [big, too_big], 2, start=10)
    cast(edition, pool, [big], 1, start=20)
    cast(edition, pool, [rare], 1, start=30)
    outcome = results.compute_results(edition=edition)
    rows = {r["title"]: r for r in outcome["pools"][0]["rows"]}
    assert outcome["pools"][0]["name"] == "Lipie" and outcome["pools"][1]["name"] == city.name
    assert rows["Duży"]["votes"] == 4 and rows["Duży"]["status"] == results.FUNDED
    assert rows["Za drogi"]["status"] == results.NO_MONEY
    assert rows["Tani"]["votes"] == 1 and rows["Tani"]["status"] == results.BELOW  # under the threshold of 2
    Edition.objects.filter(pk=edition.pk).update(min_votes=1)
    edition.refresh_from_db()
    outcome = results.compute_results(edition=edition)
    rows = {r["title"]: r for r in outcome["pools"][0]["rows"]}
    assert rows["Za drogi"]["status"] == results.NO_MONEY and rows["Tani"]["status"] == results.FUNDED
    assert rows["Mało głosów"]["status"] == results.FUNDED
    assert Decimal(outcome["pools"][0]["remaining"]) == Decimal("4000")
    assert outcome["ballots"] == 5 and outcome["pools"][0]["paper"] == 5


def test_ties_resolved_reproducibly_from_logged_seed():
    edition = make_edition(max_projects=6)
    pool = make_pool(edition, "Lipie", "100")  # only one of them fits
    tied = [make_proposal(edition, pool, f"P{i}", "100", number=i) for i in range(1, 7)]
    cast(edition, pool, tied, 2)
    run = results.result_run_create(edition=edition)
    assert run.outcome["ties"][0]["votes"] == 2 and sorted(run.outcome["ties"][0]["order"]) == [1, 2, 3, 4, 5, 6]
    again = results.compute_results(edition=edition, seed=run.seed)
    assert again["ties"] == run.outcome["ties"] and again["pools"] == run.outcome["pools"]
    funded = [r["number"] for r in run.outcome["pools"][0]["rows"] if r["status"] == results.FUNDED]
    assert funded == [run.outcome["ties"][0]["order"][0]]


def test_exports_csv_pabulib_pdf():
    edition = make_edition()
    pool = make_pool(edition, "Lipie", "1000")
    a = make_proposal(edition, pool, "Ławki; nowe", "500", number=1)
    b = make_proposal(edition, pool, "Kosze", "300", number=2)
    cast(edition, pool, [a, b], 3)
    run = results.result_run_create(edition=edition)
    csv_text = results.results_csv(run)
    assert "Ławki; nowe" in csv_text and "wybrany do realizacji" in csv_text
    pb = results.results_pabulib(edition=edition, run=run, pool_id=pool.pk)
    assert pb.startswith("META\nkey;value\n") and "num_votes;3" in pb and "\nPROJECTS\n" in pb
    assert "1;500;3;Ławki, nowe;1" in pb and "VOTES\nvoter_id;vote\n1;1,2\n" in pb
    from eservices.budget.pdf import protocol_pdf

    assert protocol_pdf(edition=edition, run=run).startswith(b"%PDF")


def test_publish_only_after_voting(edition, pools, projects):
    from eservices.budget.rules import BudgetError

    run = results.result_run_create(edition=edition)
    with pytest.raises(BudgetError):
        results.result_run_publish(run=run)
    Edition.objects.filter(pk=edition.pk).update(voting_end=edition.voting_start + dt.timedelta(seconds=1))
    run.refresh_from_db()
    assert results.result_run_publish(run=run).published

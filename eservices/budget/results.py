"""Results: tally, threshold, logged tie draw, greedy allocation per pool; exports.

Per pool (district pools first, then the city-wide pool): projects with at least the edition's
minimum votes, by votes descending; projects with equal votes are ordered by a random draw whose
seed is logged in the ``ResultRun`` (recomputing with the same seed gives the same order); then chosen
greedily while money remains — a project that does not fit is skipped (and noted) and a cheaper one
after it may still be funded. Two aggregate queries whatever the number of ballots.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Ballot, BallotChoice, Edition, Proposal, ResultRun

FUNDED, NO_MONEY, BELOW = "funded", "no_money", "below_threshold"
STATUS_LABELS = {FUNDED: gettext_lazy("wybrany do realizacji"), NO_MONEY: gettext_lazy("nie mieści się w puli"),
                 BELOW: gettext_lazy("poniżej progu głosów")}  # fmt: skip


def tally(edition: Edition) -> dict[int, int]:
    """Votes (points) per proposal over counted ballots."""
    rows = (
        BallotChoice.objects.filter(ballot__edition=edition, ballot__status=Ballot.Status.COUNTED)
        .values_list("proposal_id")
        .annotate(total=Sum("points"))
    )
    return dict(rows)


def turnout(edition: Edition) -> dict[int, dict]:
    rows = (
        Ballot.objects.filter(edition=edition, status=Ballot.Status.COUNTED)
        .values_list("pool_id", "channel")
        .annotate(n=Count("pk"))
    )
    out: dict[int, dict] = {}
    for pool_id, channel, n in rows:
        entry = out.setdefault(pool_id, {"online": 0, "paper": 0, "total": 0})
        entry[channel] += n
        entry["total"] += n
    return out


def compute_results(*, edition: Edition, seed: str | None = None) -> dict:
    """The whole outcome as plain data (JSON-ready); ``seed`` reproduces an earlier draw."""
    seed = seed or secrets.token_hex(8)
    rng = random.Random(seed)
    votes = tally(edition)
    pools = sorted(edition.pools.all(), key=lambda p: (p.is_city, p.sort_order, p.name))
    proposals = list(Proposal.objects.filter(edition=edition, status=Proposal.Status.ACCEPTED).order_by("number", "pk"))
    by_pool: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        by_pool.setdefault(proposal.pool_id, []).append(proposal)
    counts = turnout(edition)
    ties, out_pools = [], []
    for pool in pools:
        ranked = sorted(by_pool.get(pool.pk, []), key=lambda p: -votes.get(p.pk, 0))
        ordered: list[Proposal] = []
        for score, group in groupby(ranked, key=lambda p: votes.get(p.pk, 0)):
            group = list(group)
            if len(group) > 1:
                rng.shuffle(group)
                ties.append({"pool": pool.name, "votes": score, "order": [p.number for p in group]})
            ordered.extend(group)
        remaining, rows = pool.amount, []
        for proposal in ordered:
            cost, score = proposal.final_cost, votes.get(proposal.pk, 0)
            if score < edition.min_votes or score == 0:
                status = BELOW
            elif cost <= remaining:
                status, remaining = FUNDED, remaining - cost
            else:
                status = NO_MONEY
            rows.append({"proposal": proposal.pk, "number": proposal.number, "title": proposal.title,
                         "votes": score, "cost": str(cost), "status": status})  # fmt: skip
        out_pools.append({
            "pool": pool.pk, "name": pool.name, "kind": pool.kind, "amount": str(pool.amount),
            "remaining": str(remaining), "rows": rows, "ballots": counts.get(pool.pk, {}).get("total", 0),
            "online": counts.get(pool.pk, {}).get("online", 0), "paper": counts.get(pool.pk, {}).get("paper", 0),
        })  # fmt: skip
    return {"seed": seed, "pools": out_pools, "ties": ties,
            "ballots": sum(c["total"] for c in counts.values())}  # fmt: skip


@transaction.atomic
def result_run_create(*, edition: Edition, by=None, seed: str | None = None) -> ResultRun:
    outcome = compute_results(edition=edition, seed=seed)
    return ResultRun.objects.create(edition=edition, seed=outcome["seed"], outcome=outcome, computed_by=by)


@transaction.atomic
def result_run_publish(*, run: ResultRun, by=None) -> ResultRun:
    """Publish ``run`` (only after voting ended); any earlier published run is withdrawn."""
    from .rules import BudgetError

    if timezone.now() <= run.edition.voting_end:
        raise BudgetError(_("Wyniki można opublikować dopiero po zakończeniu głosowania."))
    ResultRun.objects.filter(edition=run.edition, published=True).exclude(pk=run.pk).update(published=False)
    run.published = True
    run.save(update_fields=["published"])
    return run


def results_csv(run: ResultRun) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("pula"), _("numer"), _("tytuł"), _("głosy"), _("koszt"), _("wynik")])
    for pool in run.outcome["pools"]:
        for row in pool["rows"]:
            writer.writerow([pool["name"], row["number"], row["title"], row["votes"], row["cost"].replace(".", ","),
                             STATUS_LABELS[row["status"]]])  # fmt: skip
    return buffer.getvalue()


def results_pabulib(*, edition: Edition, run: ResultRun, pool_id: int) -> str:
    """One pool in the Pabulib format (pabulib.org): META, PROJECTS and VOTES sections, ``;``-separated.

    Voters are numbered per file, never identified; a ballot's votes list the projects of that pool.
    """
    pool = next(p for p in run.outcome["pools"] if p["pool"] == pool_id)
    rows = pool["rows"]
    ballots = (
        BallotChoice.objects.filter(
            ballot__edition=edition, ballot__status=Ballot.Status.COUNTED, proposal__pool_id=pool_id
        )
        .order_by("ballot_id", "-points", "proposal__number")
        .values_list("ballot_id", "proposal__number", "points")
    )
    vote_type = {"approval": "approval", "points": "cumulative", "knapsack": "approval"}[edition.voting_method]
    votes_lines = []
    for index, (_ballot, group) in enumerate(groupby(ballots, key=lambda r: r[0]), start=1):
        group = list(group)
        line = f"{index};{','.join(str(n) for _b, n, _p in group)}"
        if vote_type == "cumulative":
            line += ";" + ",".join(str(p) for _b, _n, p in group)
        votes_lines.append(line)
    out = io.StringIO()
    out.write("META\nkey;value\n")
    meta = {
        "description": f"{edition.name} — {pool['name']}", "country": "Poland", "unit": "Głogów Małopolski",
        "subunit": pool["name"], "instance": str(edition.year), "num_projects": str(len(rows)),
        "num_votes": str(len(votes_lines)), "budget": str(int(Decimal(pool["amount"]))), "vote_type": vote_type,
        "rule": "greedy", "date_begin": timezone.localtime(edition.voting_start).strftime("%d.%m.%Y"),
        "date_end": timezone.localtime(edition.voting_end).strftime("%d.%m.%Y"), "language": "pl",
        "min_length": "1",
    }  # fmt: skip
    if edition.voting_method == "approval":
        meta["max_length"] = str(edition.max_projects)
    for key, value in meta.items():
        out.write(f"{key};{value}\n")
    out.write("PROJECTS\nproject_id;cost;votes;name;selected\n")
    for row in rows:
        name = row["title"].replace(";", ",")
        selected = 1 if row["status"] == FUNDED else 0
        out.write(f"{row['number']};{int(Decimal(row['cost']))};{row['votes']};{name};{selected}\n")
    out.write("VOTES\nvoter_id;vote" + (";points" if vote_type == "cumulative" else "") + "\n")
    out.write("\n".join(votes_lines) + ("\n" if votes_lines else ""))
    return out.getvalue()

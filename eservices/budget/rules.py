"""The voting rules of an edition, checked on the server (the browser checks the same, but only helps).

A ballot covers two pools: the voter's district pool and the city-wide one. ``choices`` maps a
proposal id to the points given (1 for the approval and knapsack methods). Every refusal is a
``BudgetError`` with a Polish message that names the pool and the limit.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Edition, Pool, Proposal


class BudgetError(Exception):
    """A refused action: ``message`` is shown to the person as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def money(value: Decimal) -> str:
    whole = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole} zł"


def ballot_pools(*, edition: Edition, district: Pool) -> list[Pool]:
    """The pools on a ballot: the chosen district (if it is one) and every city-wide pool."""
    pools = [p for p in edition.pools.all() if p.is_city]
    if not district.is_city:
        pools.insert(0, district)
    return pools


def validate_choices(*, edition: Edition, district: Pool, choices: dict[int, int]) -> list[tuple[Proposal, int]]:
    """Check ``choices`` against the edition's rules; return ``(proposal, points)`` pairs to record."""
    if district.edition_id != edition.pk:
        raise BudgetError(_("Wybrany obszar nie należy do tej edycji."), field="pool")
    choices = {int(pk): int(points) for pk, points in choices.items() if int(points) > 0}
    if not choices:
        raise BudgetError(_("Wybierz co najmniej jeden projekt."))
    pools = ballot_pools(edition=edition, district=district)
    pool_ids = {p.pk for p in pools}
    pools_by_id = {p.pk: p for p in edition.pools.all()}
    proposals = {}
    for proposal in Proposal.objects.filter(pk__in=choices.keys(), edition_id=edition.pk).order_by():
        proposal.pool = pools_by_id[proposal.pool_id]  # no join: the pools are loaded with the edition
        proposals[proposal.pk] = proposal
    by_pool: dict[int, list[tuple[Proposal, int]]] = defaultdict(list)
    for pk, points in choices.items():
        proposal = proposals.get(pk)
        if proposal is None or proposal.status != Proposal.Status.ACCEPTED:
            raise BudgetError(_("Jednego z wybranych projektów nie ma na karcie do głosowania."))
        if proposal.pool_id not in pool_ids:
            raise BudgetError(
                _(
                    "Projekt „%(title)s” jest z innego obszaru (%(pool)s). Możesz głosować na projekty ze swojego "
                    "obszaru i z puli ogólnogminnej."
                )
                % {"title": proposal.title, "pool": proposal.pool.name}
            )
        by_pool[proposal.pool_id].append((proposal, points))

    method = edition.voting_method
    for pool in pools:
        chosen = by_pool.get(pool.pk, [])
        if not chosen:
            continue
        if method == Edition.VotingMethod.APPROVAL:
            if any(points != 1 for _p, points in chosen):
                raise BudgetError(_("W tym głosowaniu projekt można tylko zaznaczyć, bez punktów."))
            if len(chosen) > edition.max_projects:
                raise BudgetError(
                    _("W puli „%(pool)s” możesz wybrać najwyżej %(max)d projekty, a wybrano %(n)d.")
                    % {"pool": pool.name, "max": edition.max_projects, "n": len(chosen)}
                )
        elif method == Edition.VotingMethod.POINTS:
            allowed = edition.point_values()
            given = sorted((points for _p, points in chosen), reverse=True)
            remaining = list(allowed)
            for points in given:
                if points not in remaining:
                    raise BudgetError(
                        _(
                            "W puli „%(pool)s” możesz przyznać punkty %(allowed)s — każdą wartość tylko jednemu "
                            "projektowi."
                        )
                        % {"pool": pool.name, "allowed": "/".join(map(str, allowed))}
                    )
                remaining.remove(points)
        else:  # knapsack
            if any(points != 1 for _p, points in chosen):
                raise BudgetError(_("W tym głosowaniu projekt można tylko zaznaczyć, bez punktów."))
            total = sum((p.final_cost for p, _points in chosen), Decimal("0"))
            if total > pool.amount:
                raise BudgetError(
                    _(
                        "Wybrane projekty w puli „%(pool)s” kosztują razem %(total)s, a pula wynosi %(amount)s. "
                        "Odznacz któryś projekt."
                    )
                    % {"pool": pool.name, "total": money(total), "amount": money(pool.amount)}
                )
    return [(proposals[pk], points) for pk, points in choices.items()]

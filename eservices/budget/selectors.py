"""Reads of the participatory budget; public reads never show drafts or who voted for what."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Edition, Pool, Proposal, ResultRun
from .rules import ballot_pools


def current_edition() -> Edition | None:
    """The latest edition (by year); pools prefetched."""
    return Edition.objects.prefetch_related("pools").order_by("-year").first()


def proposal_public_list(*, edition: Edition) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(edition=edition)
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("pool", "category")
        .order_by("pool__kind", "pool__sort_order", "number", "title")
    )


def proposal_for_viewer(*, pk: int, user) -> Proposal | None:
    """A proposal the viewer may see: anything but a draft, and the author's own drafts."""
    visible = ~Q(status=Proposal.Status.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author_id=user.pk)
    return Proposal.objects.select_related("pool", "category", "edition").filter(visible, pk=pk).first()


def proposals_of_author(*, user) -> QuerySet[Proposal]:
    return Proposal.objects.filter(author=user).select_related("edition", "pool").order_by("-created_at")


def ballot_groups(*, edition: Edition, district: Pool) -> list[dict]:
    """The ballot's pools (district first, then city-wide) with their accepted projects: one query."""
    pools = ballot_pools(edition=edition, district=district)
    proposals = Proposal.objects.filter(edition=edition, status=Proposal.Status.ACCEPTED, pool__in=pools).order_by(
        "number", "pk"
    )
    by_pool: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        by_pool.setdefault(proposal.pool_id, []).append(proposal)
    return [{"pool": pool, "proposals": by_pool.get(pool.pk, [])} for pool in pools]


def published_run(*, edition: Edition) -> ResultRun | None:
    return edition.result_runs.filter(published=True).first()

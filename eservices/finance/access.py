"""Who may see which taxpayer (``TaxpayerAccess``), and the finance officers' group.

A resident sees the taxpayers linked to their account: their own, their company's, those they
represent — everything of them — and their spouse's, of which only the joint liability (łączne
zobowiązanie pieniężne). Anyone else's taxpayer is a 404, never a 403: the portal does not confirm
that a taxpayer exists.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import F, QuerySet
from django.http import Http404

from .models import Liability, Taxpayer, TaxpayerAccess

FINANCE_GROUP = "Finanse — księgowość"
SPOUSE_KINDS = frozenset({Liability.Kind.JOINT})


def visible_kinds(relation: str) -> frozenset[str] | None:
    """The liability kinds ``relation`` may see; ``None`` means all."""
    return SPOUSE_KINDS if relation == TaxpayerAccess.Relation.SPOUSE else None


def taxpayers_for_user(user) -> QuerySet[Taxpayer]:
    """The taxpayers ``user`` may see, each annotated with ``relation`` (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Taxpayer.objects.none()
    return (
        Taxpayer.objects.filter(access__user=user)
        .annotate(relation=F("access__relation"))
        .order_by("access__created_at", "pk")
    )


def taxpayer_for_user(user, pk) -> Taxpayer:
    """The taxpayer ``pk`` if ``user`` may see it, with ``relation`` and ``visible_kinds``; else 404."""
    try:
        taxpayer = taxpayers_for_user(user).get(pk=int(pk))
    except (Taxpayer.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    taxpayer.visible_kinds = visible_kinds(taxpayer.relation)
    return taxpayer


def finance_group() -> Group:
    """The group "Finanse — księgowość": into the admin, and every permission on the finance models."""
    group, _created = Group.objects.get_or_create(name=FINANCE_GROUP)
    permissions = Permission.objects.filter(content_type__app_label="finance") | Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*permissions)
    return group

"""Reads of the units register."""

from django.db.models import QuerySet

from .models import OrgUnit


def unit_list(*, unit_type: str | None = None) -> QuerySet[OrgUnit]:
    """Units in display order, the office first, with their parent loaded in the same query."""
    qs = OrgUnit.objects.select_related("parent").order_by("parent_id", "name")
    if unit_type:
        qs = qs.filter(unit_type=unit_type)
    return qs


def office_unit() -> OrgUnit | None:
    """The town office: the unit with no parent and type ``office``."""
    return OrgUnit.objects.filter(parent__isnull=True, unit_type=OrgUnit.UnitType.OFFICE).first()

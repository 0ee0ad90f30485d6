"""Reads of the units register."""

from django.db.models import Prefetch, QuerySet

from .models import Locality, OrgUnit, Street


def unit_list(*, unit_type: str | None = None) -> QuerySet[OrgUnit]:
    """Units in display order, the office first, with their parent loaded in the same query."""
    qs = OrgUnit.objects.select_related("parent").order_by("parent_id", "name")
    if unit_type:
        qs = qs.filter(unit_type=unit_type)
    return qs


def office_unit() -> OrgUnit | None:
    """The town office: the unit with no parent and type ``office``."""
    return OrgUnit.objects.filter(parent__isnull=True, unit_type=OrgUnit.UnitType.OFFICE).first()


def localities_with_streets() -> QuerySet[Locality]:
    """Every locality by name with its streets (by name) prefetched: two queries however many there are.

    Used by address fields of application forms and by anything that groups streets by locality
    (alert areas, participatory-budget areas).
    """
    return (
        Locality.objects.select_related("parent")
        .prefetch_related(Prefetch("streets", queryset=Street.objects.order_by("name")))
        .order_by("name", "simc")
    )

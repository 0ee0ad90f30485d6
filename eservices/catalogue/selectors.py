"""Reads of the service catalogue: the filtered, sorted, paginated listing of ``/uslugi/``."""

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.db.models import QuerySet
from django.http import QueryDict

from home.models import OfficeSettings, paginate

from .filters import ServiceFilter
from .models import ServiceIndexPage, ServicePage

SERVICES_PER_PAGE = 20
ORDERINGS = {"nazwa": ("title", "pk"), "popularnosc": ("-popularity", "title", "pk")}


@dataclass
class ServiceListing:
    filterset: ServiceFilter
    page: PaginatorPage
    total: int
    sort: str
    active: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return bool(self.active)


def services_live(*, index: ServiceIndexPage | None = None) -> QuerySet[ServicePage]:
    """Published services, with what a listing row shows fetched in a constant number of queries."""
    services = ServicePage.objects.live().public()
    if index is not None:
        services = services.child_of(index)
    # A listing row shows title, intro, unit and categories: the card's StreamFields stay in the database.
    return services.defer_streamfields().select_related("unit").prefetch_related("categories")


def _active_filters(filterset: ServiceFilter) -> list[tuple[str, str]]:
    if not filterset.is_bound:
        return []
    filterset.form.is_valid()  # cleaned_data keeps the valid fields even when another one is bad
    data = filterset.form.cleaned_data
    active = []
    for name in ("q", "kategoria", "zdarzenie", "jednostka", "online"):
        value = data.get(name)
        if value:
            label = str(filterset.form.fields[name].label)
            active.append((label, "tak" if value is True else str(value)))
    return active


def service_listing(*, index: ServiceIndexPage | None, params: QueryDict) -> ServiceListing:
    """``/uslugi/`` for the GET ``params``: bad values are dropped with a message, never an error."""
    filterset = ServiceFilter(params or None, queryset=services_live(index=index))
    services = filterset.qs.distinct().order_by(*ORDERINGS[filterset.sort])
    page = paginate(services, params.get("page"), SERVICES_PER_PAGE)
    errors = [str(message) for messages in filterset.form.errors.values() for message in messages]
    return ServiceListing(
        filterset=filterset,
        page=page,
        total=page.paginator.count,
        sort=filterset.sort,
        active=_active_filters(filterset),
        errors=list(dict.fromkeys(errors)),
    )


def service_bank_account(*, service: ServicePage, request) -> str:
    """The account shown on the card: the service's own, else the office's (``OfficeSettings``)."""
    if service.bank_account:
        return service.bank_account
    return OfficeSettings.for_request(request).bank_account_display


def service_related(*, service: ServicePage) -> list[ServicePage]:
    return list(service.related_services.live().public().order_by("title"))

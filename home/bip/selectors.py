"""Reads of the BIP module: the metryczka of a page and its change register.

The metryczka of any page costs a fixed number of queries, however long its register: one to tell
whether the page is in BIP (skipped when the editor ticked ``is_bip``), one for the publishing unit,
one for the register (the latest entries with the total and the first author as window functions)
and, only for pages published before the register existed, one for the page's owner. The office's
settings are cached on the request by Wagtail and already read by the footer.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import FirstValue
from django.urls import reverse
from wagtail.models import Page, Site

from home.models import BipFieldsMixin, OfficeSettings, UnitPage

from .models import BipChangeRecord
from .services import person_name

METRYCZKA_CHANGES = 20


@dataclass
class Metryczka:
    """What the metryczka shows (rozporządzenie w sprawie BIP: podmiot, wytworzył, wprowadził, daty, zmiany)."""

    publisher: str
    author: str
    produced_on: dt.date | None
    entered_by: str
    first_published_at: dt.datetime | None
    last_changed_by: str
    last_published_at: dt.datetime | None
    changes: list = field(default_factory=list)  # oldest first, at most METRYCZKA_CHANGES, numbered
    total_changes: int = 0
    register_url: str = ""

    @property
    def has_more_changes(self) -> bool:
        return self.total_changes > len(self.changes)


def bip_publisher(*, page: Page, request=None) -> str:
    """The publishing body (podmiot udostępniający): the unit of the nearest unit page at or above
    ``page``, else the office's name from the site settings."""
    paths = [page.path[: i * page.steplen] for i in range(1, page.depth + 1)] if page.path else []
    unit_page = (
        UnitPage.objects.filter(path__in=paths).select_related("unit").order_by("-depth").only("unit__name").first()
        if paths
        else None
    )
    if unit_page is not None:
        return unit_page.unit.name
    if request is not None:
        return OfficeSettings.for_request(request).name
    site = Site.objects.filter(is_default_site=True).first()
    return OfficeSettings.for_site(site).name if site else ""


def bip_changes(*, page_ref: int) -> QuerySet[BipChangeRecord]:
    """Every recorded publication of the page (also a deleted one), oldest first."""
    return BipChangeRecord.objects.filter(page_ref=page_ref).order_by("published_at", "id")


def _latest_changes(page_ref: int, limit: int) -> list[BipChangeRecord]:
    """The newest ``limit`` entries, each annotated with the register's total and first author: one query."""
    oldest_first = [F("published_at").asc(), F("id").asc()]
    whole_register = {
        "total": Window(Count("id")),
        "first_user": Window(FirstValue("user_name"), order_by=oldest_first),
    }
    rows = list(
        BipChangeRecord.objects.filter(page_ref=page_ref)
        .annotate(**whole_register)
        .order_by("-published_at", "-id")[:limit]
    )
    rows.reverse()
    return rows


def bip_metryczka(*, page: Page, request=None) -> Metryczka | None:
    """The metryczka of ``page``, or ``None`` when the page is not a BIP page."""
    if not isinstance(page, BipFieldsMixin) or not page.in_bip:
        return None
    changes = _latest_changes(page.pk, METRYCZKA_CHANGES) if page.pk else []
    if changes:
        total = changes[-1].total
        entered_by = changes[-1].first_user
        last = changes[-1]
        last_changed_by, last_published_at = last.user_name, last.published_at
        for number, change in enumerate(changes, start=total - len(changes) + 1):
            change.number = number
    else:
        # Published before the register existed (or by the demo seeder): the page's owner entered it.
        total = 0
        entered_by = person_name(page.owner) if page.owner_id else ""
        last_changed_by, last_published_at = "", page.last_published_at
    return Metryczka(
        publisher=bip_publisher(page=page, request=request),
        author=page.bip_author,
        produced_on=page.bip_produced_on,
        entered_by=entered_by,
        first_published_at=page.first_published_at,
        last_changed_by=last_changed_by,
        last_published_at=last_published_at,
        changes=changes,
        total_changes=total,
        register_url=reverse("bip_change_register", args=[page.pk]) if page.pk else "",
    )


def bip_sections(*, index: Page) -> QuerySet[Page]:
    """The live public pages directly under the BIP section, in the editor's order."""
    return index.get_children().live().public().specific().order_by("path")

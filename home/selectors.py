"""Reads for the public site. Each returns a queryset whose query count does not grow with its size."""

from django.db.models import QuerySet
from wagtail.models import Page

from .models import NewsPage, UnitIndexPage, UnitPage
from .sitesearch.selectors import SearchResults, search_entries


def news_list(*, within: Page | None = None, tag=None) -> QuerySet[NewsPage]:
    """Live public news under ``within`` (the gmina's or a unit's section), newest first,
    with their lead image and its renditions prefetched."""
    qs = NewsPage.objects.live().public()
    if within is not None:
        qs = qs.descendant_of(within)
    if tag is not None:
        qs = qs.filter(tags=tag)
    return (
        qs.select_related("image")
        .prefetch_related("image__renditions", "tags")
        .order_by("-date", "-first_published_at", "-pk")
    )


def news_latest(*, within: Page, limit: int = 4) -> QuerySet[NewsPage]:
    return news_list(within=within)[:limit]


def unit_pages(*, index: UnitIndexPage) -> QuerySet[UnitPage]:
    """The units' pages with their register entry, the office first, then by name."""
    return (
        UnitPage.objects.live()
        .public()
        .child_of(index)
        .select_related("unit", "unit__parent")
        .order_by("unit__parent_id", "unit__name")
    )


def menu_pages(*, root: Page) -> QuerySet[Page]:
    """Top-level pages shown in the main menu (``show_in_menus``)."""
    return root.get_children().live().public().in_menu().specific().order_by("path")


def search_pages(*, query: str, kind: str | None = None) -> SearchResults:
    """The site search's results for a cleaned ``query``: live public pages, news, units and
    documents, Polish-aware, best first, with counts per kind; ``kind`` is a ``?typ=`` value
    (``strony``, ``aktualnosci``, ``jednostki``, ``dokumenty``). See ``home.sitesearch``."""
    return search_entries(query=query, slug=kind)

"""Reads of the intranet; each listing is a fixed number of queries whatever its size."""

from django.db.models import Q, QuerySet
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from .models import IntranetAnnouncementPage, IntranetDocumentsPage, StaffMember, fold


def intranet_announcements(*, intranet: Page) -> QuerySet[IntranetAnnouncementPage]:
    """Live announcements under the intranet, newest first.

    Not ``.public()``: the whole intranet is private; access is checked when the page is served.
    """
    return IntranetAnnouncementPage.objects.live().descendant_of(intranet).order_by("-date", "-first_published_at")


def intranet_sections(*, intranet: Page) -> QuerySet[Page]:
    """The intranet's pages that are not announcements (the directory, the documents), in tree order."""
    return (
        intranet.get_children()
        .live()
        .not_type(IntranetAnnouncementPage)
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "slug")
    )


def staff_search(*, query: str = "") -> QuerySet[StaffMember]:
    """Staff whose name, position, department or unit matches every word of ``query``.

    Diacritics and case do not matter (``lacka`` finds ``Łącka``); an empty query lists everybody.
    """
    staff = StaffMember.objects.select_related("unit").order_by("last_name", "first_name", "id")
    for word in query.split():
        folded = fold(word)
        staff = staff.filter(
            Q(search_text__contains=folded) | Q(unit__name__icontains=word) | Q(unit__short_name__icontains=word)
        )
    return staff


def intranet_documents(*, collection: Collection) -> QuerySet:
    """Documents of ``collection`` and the collections under it, newest first."""
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    return get_document_model().objects.filter(collection__in=collections).order_by("-created_at", "title")


def staff_only_collection_paths() -> list[str]:
    """Tree paths of the collections whose documents only staff may download (those an
    IntranetDocumentsPage shows; their sub-collections are matched by path prefix)."""
    return list(
        IntranetDocumentsPage.objects.exclude(collection=None).values_list("collection__path", flat=True).distinct()
    )

"""Writes of the intranet: the locks that keep it private."""

from django.db import transaction
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, Page, PageViewRestriction

INTRANET_COLLECTION = "Intranet"


@transaction.atomic
def intranet_restrict(*, page: Page) -> PageViewRestriction:
    """Make ``page`` (the IntranetPage) and its subtree private to signed-in users.

    This restriction is what keeps the intranet out of every ``.public()`` listing (search, sitemap,
    feeds, API); the staff check itself is ``StaffOnlyMixin``. Idempotent.
    """
    restriction = PageViewRestriction.objects.filter(page=page, restriction_type=BaseViewRestriction.LOGIN).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=BaseViewRestriction.LOGIN)
    return restriction


@transaction.atomic
def intranet_collection_ensure(*, name: str = INTRANET_COLLECTION) -> Collection:
    """The top-level collection for staff documents, private to signed-in users. Idempotent."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(collection=collection, restriction_type=BaseViewRestriction.LOGIN)
    return collection

"""Writes of the site search index.

Each keeps ``SearchEntry`` in step with one change on the site: a page published, unpublished or
moved, a document saved, a unit renamed (``handlers.py`` connects them to Wagtail's signals), or the
whole index rebuilt (``manage.py search_rebuild``, ``seed_demo``). Deleting a page or a document
deletes its entry by ``on_delete=CASCADE``.

Rows are upserted (``INSERT … ON CONFLICT``), so two editors publishing the same page at once
cannot trip over the unique page column; on PostgreSQL the ``tsvector`` is then computed by the
database in one ``UPDATE`` from the token columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from wagtail.documents import get_document_model
from wagtail.models import Page

from home.models import UnitPage

from .indexing import document_entry, page_entry, unit_sections
from .models import SearchEntry

BATCH_SIZE = 500
UPDATE_FIELDS = ["kind", "unit", "title", "summary", "date", "title_tokens", "body_tokens", "indexed_at"]


def _vector():
    return SearchVector("title_tokens", weight="A", config="simple") + SearchVector(
        "body_tokens", weight="B", config="simple"
    )


def uses_full_text() -> bool:
    """PostgreSQL keeps a ``tsvector``; other databases search the token columns directly."""
    return connection.vendor == "postgresql"


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _upsert(entries: list[SearchEntry], *, key: str) -> None:
    if not entries:
        return
    SearchEntry.objects.bulk_create(
        entries, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=[key], update_fields=UPDATE_FIELDS
    )
    if uses_full_text():
        ids = [getattr(e, f"{key}_id") for e in entries]
        SearchEntry.objects.filter(**{f"{key}_id__in": ids}).update(search_vector=_vector())


@transaction.atomic
def search_index_page(*, page: Page) -> SearchEntry | None:
    """Index ``page`` as it is now, or drop it from the index if it is not live (or is the tree root).

    View restrictions and expiry are not checked here but when searching, so adding a restriction
    hides a page at once, without reindexing.
    """
    page = page.specific
    if not page.live or page.depth <= 1:
        search_remove_page(page=page)
        return None
    entry = page_entry(page, sections=unit_sections())
    _upsert([entry], key="page")
    return entry


@transaction.atomic
def search_index_subtree(*, page: Page) -> int:
    """Reindex ``page`` and everything under it (after a move: new unit section, new address).

    Returns the number of pages indexed.
    """
    subtree = Page.objects.descendant_of(page, inclusive=True)
    SearchEntry.objects.filter(page__in=subtree.filter(live=False)).delete()
    sections = unit_sections()
    count = 0
    for batch in _batches(subtree.live().filter(depth__gt=1).specific().iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
        _upsert([page_entry(p, sections=sections) for p in batch], key="page")
        count += len(batch)
    return count


def search_remove_page(*, page: Page) -> None:
    SearchEntry.objects.filter(page_id=page.pk).delete()


@transaction.atomic
def search_index_document(*, document) -> SearchEntry:
    """Index a document by its title and tags; its collection's view restrictions apply when searching."""
    entry = document_entry(document)
    _upsert([entry], key="document")
    return entry


def search_index_unit_section(*, unit) -> int:
    """Reindex a unit's section after the unit changed (its name is in its pages' text and labels)."""
    unit_page = UnitPage.objects.filter(unit=unit).first()
    return search_index_subtree(page=unit_page) if unit_page is not None else 0


@transaction.atomic
def search_index_rebuild() -> int:
    """Replace the whole index with every live page and every document; returns the entry count.

    Bulk: one ``INSERT`` per 500 entries and, on PostgreSQL, one ``UPDATE`` for all vectors.
    Readers see the old index until the transaction commits.
    """
    SearchEntry.objects.all().delete()
    sections = unit_sections()
    pages = Page.objects.live().filter(depth__gt=1).specific().iterator(chunk_size=BATCH_SIZE)
    for batch in _batches(pages, BATCH_SIZE):
        SearchEntry.objects.bulk_create([page_entry(p, sections=sections) for p in batch])
    documents = get_document_model().objects.prefetch_related("tags").iterator(chunk_size=BATCH_SIZE)
    for batch in _batches(documents, BATCH_SIZE):
        SearchEntry.objects.bulk_create([document_entry(d) for d in batch])
    if uses_full_text():
        SearchEntry.objects.update(search_vector=_vector())
    return SearchEntry.objects.count()

"""Signal receivers that keep the index fresh; each calls one service.

A failure to index is logged and does not undo the publication that triggered it (the same choice
Wagtail makes for its own search index): an editor's publish must not fail because of the search
index, and ``manage.py search_rebuild`` repairs the index. The service runs in a savepoint so a
database error in it cannot poison the editor's transaction.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.units.models import OrgUnit

from . import services

logger = logging.getLogger(__name__)


def _safely(service, **kwargs) -> None:
    try:
        with transaction.atomic():
            service(**kwargs)
    except Exception:
        logger.exception("Site search index not updated by %s; run `manage.py search_rebuild`", service.__name__)


def on_page_published(sender, instance, **kwargs):
    _safely(services.search_index_page, page=instance)


def on_page_unpublished(sender, instance, **kwargs):
    _safely(services.search_remove_page, page=instance)


def on_page_moved(sender, instance, **kwargs):
    _safely(services.search_index_subtree, page=instance)


def on_document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _safely(services.search_index_document, document=instance)


def on_unit_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        _safely(services.search_index_unit_section, unit=instance)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="sitesearch.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="sitesearch.page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="sitesearch.page_moved")
    post_save.connect(on_document_saved, sender=get_document_model(), dispatch_uid="sitesearch.document_saved")
    post_save.connect(on_unit_saved, sender=OrgUnit, dispatch_uid="sitesearch.unit_saved")

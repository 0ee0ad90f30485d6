from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Project-wide wiring: page-cache invalidation on publishing."""

    name = "cms"
    label = "cms"
    verbose_name = _("Ratusz")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from .cache import invalidate_pages

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(invalidate_pages, dispatch_uid=f"pagecache-{id(signal)}")
        # Site-wide data rendered on every page (settings in the footer, units, menus).
        post_save.connect(_invalidate_for_site_data, dispatch_uid="pagecache-post-save")
        post_delete.connect(_invalidate_for_site_data, dispatch_uid="pagecache-post-delete")


SITE_DATA_APPS = {"wagtailcore", "home", "units", "wagtailsettings", "wagtailimages", "wagtaildocs"}


def _invalidate_for_site_data(sender, **kwargs):
    from .cache import invalidate_pages

    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in SITE_DATA_APPS:
        return
    # Drafts and revisions do not change what visitors see; publishing fires its own signal.
    if meta.model_name in (
        "revision",
        "pagelogentry",
        "modellogentry",
        "pagesubscription",
        "taskstate",
        "workflowstate",
        "rendition",
        "referenceindex",
        "comment",
        "commentreply",
    ):
        return
    invalidate_pages()

"""Admin menu item "Import księgi" and its URL (``/admin/finanse-import/``).

Wagtail discovers only ``wagtail_hooks`` modules, so ``wagtail_hooks`` imports this one at its end.
Views are imported inside the hooks.
"""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_import_urls():
    from .import_views import LedgerImportView

    return [path("finanse-import/", LedgerImportView.as_view(), name="finance_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    from wagtail.admin.menu import MenuItem

    from .import_views import user_can_import

    class ImportMenuItem(MenuItem):
        def is_shown(self, request):
            return user_can_import(request.user)

    return ImportMenuItem(
        _("Import księgi"), reverse_lazy("finance_import"), name="finance-import", icon_name="upload", order=251
    )

"""Admin "Import subskrypcji" (``/admin/ostrzezenia-import/``): staff import a list of contacts.

Upload (CSV + areas + categories + where the consents are) → dry run showing the counts or every
error with its line number → confirm → import. Between the two steps the file's text and the
choices wait in the cache under a random token bound to the user, for an hour; on confirm they are
validated again inside the importing transaction. Needs ``crisis.add_subscription``.

Wagtail discovers only ``wagtail_hooks`` modules, so ``crisis/wagtail_hooks.py`` imports this one at
its end. The menu item goes into the "Zarządzanie kryzysowe" submenu (hook
``register_crisis_menu_item``). The view is imported inside the hooks: importing Wagtail's admin
views may load the admin URLconf, which collects ``register_admin_urls`` while this module is
still being imported.
"""

from __future__ import annotations

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

PERMISSION = "crisis.add_subscription"


def user_can_import(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(PERMISSION))


@hooks.register("register_admin_urls")
def register_subscription_import_urls():
    from .views_subscription_import import SubscriptionImportView

    return [path("ostrzezenia-import/", SubscriptionImportView.as_view(), name="crisis_subscription_import")]


@hooks.register("register_crisis_menu_item")
def register_subscription_import_menu_item():
    from wagtail.admin.menu import MenuItem

    class ImportMenuItem(MenuItem):
        def is_shown(self, request):
            return user_can_import(request.user)

    return ImportMenuItem(
        _("Import subskrypcji"),
        reverse_lazy("crisis_subscription_import"),
        name="crisis-subscription-import",
        icon_name="upload",
        order=500,
    )

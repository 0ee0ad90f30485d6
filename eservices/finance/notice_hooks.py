"""Admin menu item "Upomnienia" and its URLs (``/admin/finanse-upomnienia/``, the PDFs below it).

Wagtail discovers only ``wagtail_hooks`` modules, so ``wagtail_hooks`` imports this one at its end.
"""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_notice_urls():
    from .notice_views import NoticeIssueView, notice_pdf

    return [
        path("finanse-upomnienia/", NoticeIssueView.as_view(), name="finance_notices"),
        path("finanse-upomnienia/<int:pk>/pdf/", notice_pdf, name="finance_notice_pdf"),
    ]


@hooks.register("register_admin_menu_item")
def register_notice_menu_item():
    from wagtail.admin.menu import MenuItem

    from .import_views import user_can_import

    class NoticeMenuItem(MenuItem):
        def is_shown(self, request):
            return user_can_import(request.user)

    return NoticeMenuItem(
        _("Upomnienia"), reverse_lazy("finance_notices"), name="finance-notices", icon_name="warning", order=252
    )

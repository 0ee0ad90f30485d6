"""Admin menu item "Statystyka spraw" and its URLs (``/admin/sprawy-statystyka/``).

Imported at the bottom of ``models_stats`` (Wagtail discovers only ``wagtail_hooks`` modules), so it
must not import models or admin UI at module level: everything is imported inside the hooks.
"""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_stats_urls():
    from .stats_views import StatsView, stats_csv

    urls = [
        path("", StatsView.as_view(), name="index"),
        path("csv/", stats_csv, name="csv"),
    ]
    return [path("sprawy-statystyka/", include((urls, "cases_stats"), namespace="cases_stats"))]


@hooks.register("register_admin_menu_item")
def register_stats_menu_item():
    from wagtail.admin.menu import MenuItem

    from .stats_views import user_can_see_stats

    class StatsMenuItem(MenuItem):
        def is_shown(self, request):
            return user_can_see_stats(request.user)

    return StatsMenuItem(
        _("Statystyka spraw"), reverse_lazy("cases_stats:index"), name="cases-stats", icon_name="table", order=262
    )

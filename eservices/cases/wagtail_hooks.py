"""The "Sprawy" menu of the Wagtail admin: the clerk's back office (see ``admin_views``)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .admin_views import has_back_office
from .models import CaseWorker


class CasesMenuItem(MenuItem):
    """Shown only to superusers and staff with a case-handling role (``CaseWorker``)."""

    def is_shown(self, request):
        cached = getattr(request, "_cases_back_office", None)
        if cached is None:
            cached = request._cases_back_office = has_back_office(request.user)
        return cached


@hooks.register("register_admin_urls")
def register_cases_admin_urls():
    return [path("sprawy/", include(admin_urls, namespace="cases_admin"))]


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return CasesMenuItem(
        _("Sprawy"), reverse("cases_admin:index"), name="sprawy", icon_name="folder-open-inverse", order=247
    )


class CaseWorkerViewSet(SnippetViewSet):
    """Who handles cases in which unit ("Pracownicy spraw"); saving a row lets the person into the admin."""

    model = CaseWorker
    icon = "user"
    menu_label = _("Pracownicy spraw")
    menu_name = "case-workers"
    add_to_settings_menu = True
    list_display = ["user", "unit", "role"]
    list_filter = ["unit", "role"]
    search_fields = ["user__email", "user__last_name"]
    search_backend_name = None  # plain database lookups: the model is not in the search index
    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("role")]


register_snippet(CaseWorkerViewSet)

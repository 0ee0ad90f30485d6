"""The catalogue's snippets in the admin menu, grouped under "Usługi"."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LifeEvent, ServiceCategory


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"
    menu_label = _("Kategorie usług")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "user"
    menu_label = _("Zdarzenia życiowe")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class ServiceCatalogueGroup(SnippetViewSetGroup):
    items = (ServiceCategoryViewSet, LifeEventViewSet)
    menu_icon = "list-ul"
    menu_label = _("Usługi")
    menu_name = "uslugi"
    menu_order = 240


register_snippet(ServiceCatalogueGroup)

"""The units register in the admin menu (Ustawienia → Jednostki organizacyjne)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OrgUnit


class OrgUnitViewSet(SnippetViewSet):
    model = OrgUnit
    icon = "site"
    menu_label = _("Jednostki")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "code", "unit_type", "phone", "email"]
    list_filter = ["unit_type"]
    search_fields = ["name", "short_name", "code", "city"]
    ordering = ["name"]


register_snippet(OrgUnitViewSet)

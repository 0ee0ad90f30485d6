"""The units register and the territorial register in the admin menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Locality, OrgUnit, Street


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


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "home"
    menu_label = _("Miejscowości")
    list_display = ["name", "simc", "kind", "solectwo", "postal_code"]
    list_filter = ["kind"]
    search_fields = ["name", "simc", "solectwo"]
    ordering = ["name"]


class StreetViewSet(SnippetViewSet):
    model = Street
    icon = "pick"
    menu_label = _("Ulice")
    list_display = ["full_name", "locality", "ulic"]
    list_filter = ["locality", "feature"]
    search_fields = ["name", "ulic"]
    ordering = ["locality__name", "name"]

    def get_queryset(self, request):
        return Street.objects.select_related("locality")


class PlacesGroup(SnippetViewSetGroup):
    """Miejscowości i ulice: the TERYT register of the gmina (SIMC and ULIC codes)."""

    items = (LocalityViewSet, StreetViewSet)
    menu_icon = "home"
    menu_label = _("Miejscowości i ulice")
    menu_name = "miejscowosci-i-ulice"
    menu_order = 260


register_snippet(OrgUnitViewSet)
register_snippet(PlacesGroup)

"""Application forms in the admin menu, in their own "Formularze wniosków" group."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ApplicationForm


class ApplicationFormViewSet(SnippetViewSet):
    model = ApplicationForm
    icon = "form"
    menu_label = _("Formularze wniosków")
    menu_name = "formularze-wnioskow"
    menu_order = 245
    add_to_admin_menu = True
    list_display = ["title", "service", "live", "updated_at"]
    search_fields = ["title"]


register_snippet(ApplicationFormViewSet)

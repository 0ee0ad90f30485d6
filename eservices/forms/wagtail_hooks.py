"""Application forms in the admin menu ("Formularze wniosków") and the submitted ones ("Złożone wnioski")."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import SubmissionViewSet
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


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("eforms_submissions")

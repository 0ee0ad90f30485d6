"""Admin and serving hooks of the intranet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import is_staff_member, staff_sign_in_response
from .models import IntranetPage, StaffMember
from .selectors import staff_only_collection_paths
from .services import intranet_restrict


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "group"
    menu_label = _("Pracownicy (intranet)")
    menu_name = "intranet-staff"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["full_name", "position", "department", "unit", "room", "phone"]
    list_filter = ["unit"]
    search_fields = ["first_name", "last_name", "position", "department", "email"]
    search_backend_name = None  # plain ORM search: the directory is small and not in the site index
    ordering = ["last_name", "first_name"]


register_snippet(StaffMemberViewSet)


@hooks.register("before_serve_document")
def staff_only_documents(document, request):
    """Documents of the intranet's collections go to staff only.

    Wagtail's collection privacy ("signed-in users") already sends anonymous visitors to sign in,
    but it lets any signed-in resident through; this hook closes that gap.
    """
    if is_staff_member(request.user):
        return None
    path = document.collection.path
    if any(path.startswith(prefix) for prefix in staff_only_collection_paths()):
        return staff_sign_in_response(request)
    return None


@hooks.register("after_create_page")
def keep_new_intranet_private(request, page):
    """A newly created intranet home is private from the start, before anybody publishes it."""
    if isinstance(page.specific, IntranetPage):
        intranet_restrict(page=page)

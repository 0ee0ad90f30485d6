"""The gradebook's registers in the Wagtail admin, under "Edukacja": schools, years and terms,
classes, students with guardians, staff, teaching assignments and substitutions. They are edited by
the school secretariat (Django model permissions); teachers enter grades in ``/dziennik/`` and write
notices as pages under their SchoolPage (page permissions, see home/demo and docs/roles.md)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import (
    Guardianship,
    School,
    SchoolClass,
    SchoolStaff,
    SchoolYear,
    Student,
    Subject,
    Substitution,
    TeachingAssignment,
    Term,
)


def _viewset(model_, icon_, label, slug, display, filters=(), search=()):
    attrs = {
        "model": model_,
        "icon": icon_,
        "menu_label": label,
        "menu_name": slug,
        "url_prefix": f"edukacja/{slug}",
        "list_display": display,
        "list_filter": list(filters),
        "search_fields": list(search),
        "search_backend_name": None,
        "exclude_form_fields": [],
        "add_to_reference_index": False,
    }
    return type(f"{model_.__name__}ViewSet", (ModelViewSet,), attrs)


SchoolViewSet = _viewset(School, "home", _("Szkoły"), "szkoly", ["unit", "plus_minus"])
YearViewSet = _viewset(
    SchoolYear, "date", _("Lata szkolne"), "lata", ["name", "school", "starts_on", "ends_on"], ["school"]
)
TermViewSet = _viewset(Term, "date", _("Semestry"), "semestry", ["year", "number", "starts_on", "ends_on"])
ClassViewSet = _viewset(
    SchoolClass, "group", _("Oddziały"), "oddzialy", ["name", "year", "form_tutor"], ["year__school"], ["name"]
)
SubjectViewSet = _viewset(
    Subject, "list-ul", _("Przedmioty"), "przedmioty", ["name", "short", "school"], ["school"], ["name"]
)
StudentViewSet = _viewset(
    Student,
    "user",
    _("Uczniowie"),
    "uczniowie",
    ["last_name", "first_name", "school_class"],
    ["school_class__year__school"],
    ["last_name", "first_name"],
)
GuardianViewSet = _viewset(
    Guardianship,
    "user",
    _("Opiekunowie"),
    "opiekunowie",
    ["student", "guardian"],
    search=["student__last_name", "guardian__email"],
)
StaffViewSet = _viewset(
    SchoolStaff,
    "user",
    _("Pracownicy szkół"),
    "pracownicy",
    ["user", "school", "role"],
    ["school", "role"],
    ["user__last_name", "user__email"],
)
AssignmentViewSet = _viewset(
    TeachingAssignment,
    "tasks",
    _("Przydziały"),
    "przydzialy",
    ["school_class", "subject", "teacher"],
    ["school_class__year__school"],
)
SubstitutionViewSet = _viewset(
    Substitution, "repeat", _("Zastępstwa"), "zastepstwa", ["date", "lesson", "kind", "teacher"], ["kind"]
)


class EducationGroup(ViewSetGroup):
    items = (
        SchoolViewSet,
        YearViewSet,
        TermViewSet,
        ClassViewSet,
        SubjectViewSet,
        StudentViewSet,
        GuardianViewSet,
        StaffViewSet,
        AssignmentViewSet,
        SubstitutionViewSet,
    )
    menu_icon = "group"
    menu_label = _("Edukacja")
    menu_name = "edukacja"
    menu_order = 260


@hooks.register("register_admin_viewset")
def register_education_viewsets():
    return EducationGroup()


@hooks.register("register_admin_menu_item")
def register_gradebook_link():
    return MenuItem(_("E-dziennik"), reverse("education:home"), icon_name="edit", order=261)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
def school_page_only_for_heads(request, page):
    """Teachers' page rights are granted on their SchoolPage so they can add notices under it; the
    school page itself is edited by the head (or by editors with rights from higher up the tree)."""
    from django.core.exceptions import PermissionDenied
    from wagtail.models import GroupPagePermission

    from .models import SchoolPage

    if page.specific_class is not SchoolPage or request.user.is_superuser:
        return None
    user = request.user
    school_id = SchoolPage.objects.filter(pk=page.pk).values_list("school_id", flat=True).first()
    if SchoolStaff.objects.filter(user=user, school_id=school_id, role=SchoolStaff.Role.HEAD).exists():
        return None
    if GroupPagePermission.objects.filter(group__user=user, page__in=page.get_ancestors()).exists():
        return None
    raise PermissionDenied

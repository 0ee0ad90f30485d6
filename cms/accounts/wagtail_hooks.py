"""Residents ("Mieszkańcy") in the Wagtail admin: a clerk looks a resident up and verifies them.

The section is built on the ``Resident`` proxy model, so only accounts that are neither staff nor
superusers are listed or editable, and a clerk needs ``accounts.view_resident`` and
``accounts.change_resident`` (nothing on ``User``, so no access to Wagtail's own user management).
Setting the identity level goes through ``identity_level_set``, which records who and when.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.audit.services import access_log_record

from .models import Resident
from .services import identity_level_set
from .validators import validate_pesel, validate_postal_code

# Without this, Resident would inherit the policy Wagtail registers for User (permissions on User).
register_permission_policy(Resident, ModelPermissionPolicy(Resident), exact_class=True)


class ResidentForm(WagtailAdminModelForm):
    def clean_pesel(self):
        pesel = (self.cleaned_data.get("pesel") or "").strip()
        if pesel:
            validate_pesel(pesel)
        return pesel

    def clean_postal_code(self):
        code = (self.cleaned_data.get("postal_code") or "").strip()
        if code:
            validate_postal_code(code)
        return code

    class Meta:
        widgets = {"identity_level": forms.RadioSelect}


class ResidentIndexView(IndexView):
    def get_base_queryset(self):
        return Resident.objects.select_related("identity_verified_by")


def _log_access(request, action: str, resident) -> None:
    access_log_record(request=request, action=action, subject_type="resident", subject_id=resident.pk,
                      subject_label=f"{resident.get_full_name()} <{resident.email}>")  # fmt: skip


class ResidentInspectView(InspectView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        _log_access(request, "view", self.object)
        return response


class ResidentEditView(EditView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        _log_access(request, "view", self.object)
        return response

    def save_instance(self):
        """Save the profile fields, then set the identity level through the service (who and when)."""
        resident = self.form.instance
        new_level = resident.identity_level
        resident.identity_level = self.form.initial.get("identity_level", Resident.IdentityLevel.UNVERIFIED)
        super().save_instance()
        identity_level_set(resident=resident, level=new_level, by=self.request.user)
        _log_access(self.request, "change", resident)
        return resident


class ResidentViewSet(ModelViewSet):
    model = Resident
    name = "residents"
    url_prefix = "mieszkancy"
    icon = "user"
    menu_label = _("Mieszkańcy")
    menu_order = 250
    add_to_admin_menu = True
    form_fields = [
        "first_name",
        "last_name",
        "phone",
        "street",
        "house_number",
        "postal_code",
        "locality",
        "pesel",
        "identity_level",
    ]
    index_view_class = ResidentIndexView
    edit_view_class = ResidentEditView
    inspect_view_class = ResidentInspectView
    search_fields = ["email", "first_name", "last_name", "pesel"]
    search_backend_name = None  # plain database lookups: the user model is not search-indexed
    list_filter = ["identity_level", "is_active"]
    list_display = [
        "email",
        Column("full_name", label=_("Imię i nazwisko"), accessor="get_full_name"),
        "identity_level",
        Column("identity_verified_by", label=_("Potwierdził(a)")),
        DateColumn("identity_verified_at", label=_("Potwierdzono")),
        "is_active",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        from django.forms.models import modelform_factory

        return modelform_factory(Resident, form=ResidentForm, fields=self.form_fields)


@hooks.register("register_admin_viewset")
def register_resident_viewset():
    return ResidentViewSet("residents")


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Account page → "Kody zapasowe": how many recovery codes are left, new ones on request."""
    from django.urls import reverse

    return {
        "url": reverse("accounts_2fa:recovery_codes"),
        "label": _("Weryfikacja dwuetapowa — kody zapasowe"),
        "help_text": _("Kody jednorazowe na wypadek utraty telefonu z aplikacją uwierzytelniającą."),
    }

"""*Ustawienia → Rejestr dostępu*: the access log for the data protection officer (group "Inspektor
ochrony danych"), searchable by whose data, by staff member and by address; filterable by action,
kind of data and date. Read-only for everyone, administrators included."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AccessLogEntry


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only ``view``: a log that its readers could edit would prove nothing."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions, **kwargs):
        if "view" not in actions:
            return super().users_with_any_permission([], **kwargs)
        return super().users_with_any_permission(["view"], **kwargs)


class AccessLogViewSet(ModelViewSet):
    model = AccessLogEntry
    icon = "view"
    menu_label = _("Rejestr dostępu")
    name = "rejestr-dostepu"
    add_to_settings_menu = True
    list_display = ["at", "user_email", "action", "subject_type", "subject_label", "path"]
    list_filter = {"action": ["exact"], "subject_type": ["exact"], "at": ["gte", "lte"]}
    search_fields = ["subject_label", "subject_id", "user_email", "path"]
    search_backend_name = None  # database lookups: the log is not in the search index
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []


register_permission_policy(AccessLogEntry, ReadOnlyPolicy(AccessLogEntry))


@hooks.register("register_admin_viewset")
def register_access_log():
    return AccessLogViewSet("rejestr-dostepu")

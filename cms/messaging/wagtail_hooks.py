"""The outbox in the admin (Ustawienia → Wiadomości wychodzące): read-only, for administrators.

Rows are written only by ``services``; nobody adds or edits a message by hand. Superusers see the
list; anyone else needs ``messaging.view_outboundmessage`` (grant it to an administrators' group).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OutboundMessage


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Grants "view" by the Django permission and refuses add/change/delete to everyone, superusers too."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(OutboundMessage, ViewOnlyPermissionPolicy(OutboundMessage), exact_class=True)


class OutboundMessageViewSet(SnippetViewSet):
    model = OutboundMessage
    icon = "mail"
    menu_label = _("Wiadomości wychodzące")
    url_prefix = "wiadomosci-wychodzace"
    add_to_settings_menu = True
    menu_order = 900
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "recipient",
        "subject",
        "topic",
        Column("status", label=_("status"), accessor="get_status_display"),
        "attempts",
        DateColumn("created_at", label=_("utworzono")),
        DateColumn("sent_at", label=_("wysłano")),
    ]
    list_filter = {"status": ["exact"], "topic": ["exact"], "channel": ["exact"]}
    search_fields = ["recipient"]
    search_backend_name = None  # plain database lookups: the outbox is not search-indexed
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "channel",
        "recipient",
        "subject",
        "body",
        "topic",
        "key",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "attachments",
    ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(content_type__app_label="messaging", codename="view_outboundmessage")


register_snippet(OutboundMessageViewSet)

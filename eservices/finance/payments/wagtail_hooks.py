"""Admin: "Płatności online" — a read-only listing of transactions with their notification log.

Wagtail loads ``wagtail_hooks`` at the app root only, so ``eservices/finance/wagtail_hooks.py`` imports
this module. Nothing here can be added, edited or deleted: transactions are written only by the
payment workflow, and the ledger by the booking service.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import PaymentNotification, PaymentTransaction


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view" (the finance group has it); add, change and delete are never allowed."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"] if "view" in actions else [])


class PaymentTransactionViewSet(SnippetViewSet):
    model = PaymentTransaction
    icon = "form"
    menu_label = _("Transakcje")
    menu_name = "transakcje"
    list_display = ["external_id", "taxpayer", "amount", "status", "provider", "created_at", "paid_at"]
    list_filter = ["status", "provider"]
    search_fields = ["external_id", "provider_reference", "taxpayer__name"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "external_id",
        "taxpayer",
        "user",
        "amount",
        "currency",
        "title",
        "status",
        "provider",
        "provider_reference",
        "payment",
        "breakdown",
        "created_at",
        "paid_at",
        "checked_at",
    ]


class PaymentNotificationViewSet(SnippetViewSet):
    """Every notification and failed status check, with why it was rejected (forged signature, wrong
    amount, an expired transaction): where the finance officer looks when a payer says they paid."""

    model = PaymentNotification
    icon = "mail"
    menu_label = _("Powiadomienia operatora")
    menu_name = "powiadomienia"
    list_display = ["received_at", "provider", "source", "transaction", "verified", "accepted", "reason"]
    list_filter = ["accepted", "verified", "source", "provider"]
    search_fields = ["reason", "transaction__external_id"]
    search_backend_name = None
    ordering = ["-received_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "provider",
        "source",
        "transaction",
        "remote_addr",
        "verified",
        "accepted",
        "reason",
        "headers",
        "body",
    ]


class OnlinePaymentsGroup(SnippetViewSetGroup):
    items = (PaymentTransactionViewSet, PaymentNotificationViewSet)
    menu_icon = "form"
    menu_label = _("Płatności online")
    menu_name = "platnosci-online"
    menu_order = 251  # right after "Należności"


for _model in (PaymentTransaction, PaymentNotification):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))
register_snippet(OnlinePaymentsGroup)

"""Subskrypcje in the crisis admin: a read-only list of who hears alerts, searchable by address.

Read-only on purpose: a subscription changes only by its owner's confirmation or unsubscribe (the
consent must be theirs) or by a documented import. The list never loads the consent texts.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import BaseListingView

from . import admin_forms as af
from .admin_views import _forbidden
from .models import Subscription

CHANNEL_LABELS = dict(Subscription.Channel.choices)
STATE_LABELS = dict(Subscription.State.choices)
SOURCE_LABELS = dict(Subscription.Source.choices)


def has_subscription_access(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.has_perm("crisis.view_subscription")


class TextColumn(Column):
    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html("<td>{}</td>", value if value not in (None, "") else self.empty_value_display)


def _areas(subscription: Subscription) -> str:
    if subscription.all_areas:
        return _("cała gmina")
    return str(subscription.area_count)


class SubscriptionIndexView(BaseListingView):
    """Confirmed, pending and unsubscribed contacts; filters by state, channel and source; 50 a page."""

    model = Subscription
    page_title = gettext_lazy("Subskrypcje ostrzeżeń")
    header_icon = "mail"
    index_url_name = "crisis_subscriptions:index"
    index_results_url_name = "crisis_subscriptions:index_results"
    paginate_by = 50
    filterset_class = af.SubscriptionFilterSet
    is_searchable = True
    search_backend_name = None
    verbose_name = gettext_lazy("subskrypcja")
    verbose_name_plural = gettext_lazy("subskrypcji")
    columns = [
        TextColumn("address", label=gettext_lazy("adres")),
        TextColumn("channel", label=gettext_lazy("kanał"), accessor=lambda s: CHANNEL_LABELS[s.channel]),
        TextColumn("state", label=gettext_lazy("stan"), accessor=lambda s: STATE_LABELS[s.state]),
        TextColumn("areas", label=gettext_lazy("obszary"), accessor=_areas),
        TextColumn("source", label=gettext_lazy("źródło"), accessor=lambda s: SOURCE_LABELS[s.source]),
        DateColumn("confirmed_at", label=gettext_lazy("potwierdzono")),
        DateColumn("created_at", label=gettext_lazy("utworzono")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not has_subscription_access(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            Subscription.objects.only(
                "id", "address", "channel", "state", "source", "all_areas", "confirmed_at", "created_at"
            )
            .annotate(area_count=Count("areas"))
            .order_by("-created_at", "-pk")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip().lower().replace(" ", "")
        return queryset.filter(address__icontains=query)


class SubscriptionIndexResultsView(SubscriptionIndexView):
    results_only = True

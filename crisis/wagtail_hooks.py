"""The "Zarządzanie kryzysowe" menu of the Wagtail admin.

Ostrzeżenia (compose, approve, follow-ups: ``admin_views``), Obszary ostrzegania and Szablony
ostrzeżeń (model viewsets), Subskrypcje (read-only list). Other crisis modules add their items to the
same submenu with ``@hooks.register("register_crisis_menu_item")`` (the subscription import does)
and panels to the alert page with ``@hooks.register("crisis_alert_detail_panels")``.
"""

from importlib.util import find_spec

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_urls
from .admin_subscriptions import SubscriptionIndexResultsView, SubscriptionIndexView, has_subscription_access
from .admin_views import has_crisis_access
from .models import AlertArea, AlertTemplate

CRISIS_MENU_HOOK = "register_crisis_menu_item"


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return has_crisis_access(request.user)


class AlertViewSet(ViewSet):
    """Ostrzeżenia: the workflow views of ``admin_views`` under ``/admin/kryzys/ostrzezenia/``."""

    name = "crisis_alerts"
    url_prefix = "kryzys/ostrzezenia"
    icon = "warning"
    menu_label = _("Ostrzeżenia")
    menu_name = "ostrzezenia"
    menu_item_class = AlertsMenuItem

    def get_urlpatterns(self):
        return admin_urls.urlpatterns


class SubscriptionsMenuItem(MenuItem):
    def is_shown(self, request):
        return has_subscription_access(request.user)


class SubscriptionViewSet(ViewSet):
    """Subskrypcje: read-only (see ``admin_subscriptions``)."""

    name = "crisis_subscriptions"
    url_prefix = "kryzys/subskrypcje"
    icon = "mail"
    menu_label = _("Subskrypcje")
    menu_name = "subskrypcje"
    menu_item_class = SubscriptionsMenuItem

    def get_urlpatterns(self):
        return [
            path("", SubscriptionIndexView.as_view(), name="index"),
            path("wyniki/", SubscriptionIndexResultsView.as_view(), name="index_results"),
        ]


class AlertAreaViewSet(ModelViewSet):
    model = AlertArea
    icon = "site"
    menu_label = _("Obszary ostrzegania")
    menu_name = "obszary-ostrzegania"
    url_prefix = "kryzys/obszary"
    list_display = ["name", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("sort_order")]),
        FieldPanel("localities"),
        FieldPanel("polygon"),
    ]


class AlertTemplateViewSet(ModelViewSet):
    model = AlertTemplate
    icon = "doc-full"
    menu_label = _("Szablony ostrzeżeń")
    menu_name = "szablony-ostrzezen"
    url_prefix = "kryzys/szablony"
    list_display = ["name", "event", "category", "level"]
    list_filter = ["category", "level"]
    search_fields = ["name", "event"]
    search_backend_name = None
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("event")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("urgency"), FieldPanel("severity"), FieldPanel("certainty")]),
            ],
            heading=_("Klasyfikacja"),
        ),
        FieldPanel("headline", help_text=_("Znaczniki: {obszar} — nazwy obszarów, {do} — koniec obowiązywania.")),
        FieldPanel("description"),
        FieldPanel("instruction"),
        FieldPanel("sms_text"),
    ]


class CrisisGroup(ViewSetGroup):
    items = (AlertViewSet, AlertAreaViewSet, AlertTemplateViewSet, SubscriptionViewSet)
    menu_icon = "warning"
    menu_label = _("Zarządzanie kryzysowe")
    menu_name = "zarzadzanie-kryzysowe"
    menu_order = 255
    submenu_hook = CRISIS_MENU_HOOK


@hooks.register("register_admin_viewset")
def register_crisis_viewsets():
    return CrisisGroup()


# Admin modules of the other crisis parts register their own hooks: the broadcast's progress and
# report (crisis/admin_broadcast.py) and the subscription import (crisis/admin_subscription_import.py).
# Wagtail discovers only wagtail_hooks modules, so they are imported here, each when it exists.
if find_spec("crisis.admin_broadcast") is not None:
    from . import admin_broadcast  # noqa: F401,E402
if find_spec("crisis.admin_subscription_import") is not None:
    from . import admin_subscription_import  # noqa: F401,E402

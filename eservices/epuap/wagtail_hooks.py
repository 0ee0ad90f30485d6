"""The "ePUAP" item of the Wagtail admin menu (secretary and superusers) and its URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import is_registry_staff


class EpuapMenuItem(MenuItem):
    def is_shown(self, request):
        return is_registry_staff(request.user)


@hooks.register("register_admin_urls")
def register_epuap_admin_urls():
    return [path("epuap/", include(admin_urls, namespace="epuap_admin"))]


@hooks.register("register_admin_menu_item")
def register_epuap_menu_item():
    return EpuapMenuItem(_("ePUAP"), reverse("epuap_admin:index"), name="epuap", icon_name="mail", order=248)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    name = "home.sitesearch"
    label = "sitesearch"
    verbose_name = _("Wyszukiwarka serwisu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import handlers

        handlers.connect()

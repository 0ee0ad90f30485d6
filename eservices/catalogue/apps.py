from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "eservices.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog usług")
    default_auto_field = "django.db.models.BigAutoField"

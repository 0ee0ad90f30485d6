from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    """The staff intranet (/intranet/): announcements, the staff directory and documents for staff."""

    name = "home.intranet"
    label = "intranet"
    verbose_name = _("Intranet")
    default_auto_field = "django.db.models.BigAutoField"

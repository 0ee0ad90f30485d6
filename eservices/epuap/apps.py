from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpuapConfig(AppConfig):
    """The ePUAP mailbox gateway (inbound pull, outbound sending) and login with login.gov.pl."""

    name = "eservices.epuap"
    label = "epuap"
    verbose_name = _("ePUAP i login.gov.pl")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 — registers the system checks

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cms.audit"
    label = "audit"
    verbose_name = _("Rejestr dostępu do danych osobowych")
    default_auto_field = "django.db.models.BigAutoField"

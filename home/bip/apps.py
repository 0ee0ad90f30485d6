from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BipConfig(AppConfig):
    """Biuletyn Informacji Publicznej: the metryczka and the append-only change register."""

    name = "home.bip"
    label = "bip"
    verbose_name = _("Biuletyn Informacji Publicznej")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .receivers import record_bip_publication

        page_published.connect(record_bip_publication, dispatch_uid="bip-change-register")

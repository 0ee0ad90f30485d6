from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EformsConfig(AppConfig):
    name = "eservices.forms"
    label = "eforms"
    verbose_name = _("Formularze wniosków")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        from .selectors import drafts_for_user

        register_panel(
            key="drafts",
            title=_("Twoje wnioski robocze"),
            template="eforms/dashboard_panel.html",
            get_context=lambda request: {"drafts": drafts_for_user(user=request.user)},
            order=20,
        )

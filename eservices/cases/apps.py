from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eservices.cases"
    label = "cases"
    verbose_name = _("Sprawy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        from . import access  # noqa: F401  (connects the CaseWorker signal)
        from .selectors import cases_for_resident

        register_panel(
            key="cases",
            title=_("Twoje sprawy"),
            template="cases/dashboard_panel.html",
            get_context=lambda request: {"cases": list(cases_for_resident(user=request.user)[:5])},
            order=10,
        )

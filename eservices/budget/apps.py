from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "eservices.budget"
    label = "budget"
    verbose_name = _("Budżet obywatelski")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        register_panel(
            key="budget",
            title=_("Budżet obywatelski"),
            template="budget/dashboard_panel.html",
            get_context=_dashboard_context,
            order=40,
        )


def _dashboard_context(request) -> dict:
    """The current edition's phase and the signed-in person's own projects (never anyone else's)."""
    from .selectors import current_edition, proposals_of_author

    return {"edition": current_edition(), "proposals": list(proposals_of_author(user=request.user)[:5])}

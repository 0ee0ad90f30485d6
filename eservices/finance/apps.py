from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "eservices.finance"
    label = "finance"
    verbose_name = _("Należności")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        from . import checks  # noqa: F401  (registers the system checks)
        from .access import taxpayers_for_user

        register_panel(
            key="finance",
            title=_("Twoje należności"),
            template="finance/dashboard_panel.html",
            get_context=_dashboard_context,
            order=20,
            is_shown=lambda request: taxpayers_for_user(request.user).exists(),
        )


def _dashboard_context(request) -> dict:
    """Per taxpayer the signed-in person may see: due now and the next instalment."""
    from django.utils import timezone

    from .access import taxpayers_for_user, visible_kinds
    from .balances import balance_for_taxpayer

    today = timezone.localdate()
    return {
        "balances": [
            balance_for_taxpayer(taxpayer=taxpayer, today=today, kinds=visible_kinds(taxpayer.relation))
            for taxpayer in taxpayers_for_user(request.user)
        ]
    }

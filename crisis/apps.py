from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "crisis"
    label = "crisis"
    verbose_name = _("Zarządzanie kryzysowe")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        register_panel(
            key="crisis-subscriptions",
            title=_("Powiadomienia o zagrożeniach"),
            template="crisis/subscriptions/dashboard_panel.html",
            get_context=_dashboard_context,
            order=40,
        )


def _dashboard_context(request) -> dict:
    """How many of the signed-in person's own subscriptions are active (one COUNT query)."""
    from .models import Subscription
    from .services.subscriptions import subscriptions_for_user

    active = subscriptions_for_user(user=request.user).filter(state=Subscription.State.CONFIRMED)
    return {"active": active.order_by().count()}

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    label = "education"
    verbose_name = _("Edukacja")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.accounts.dashboard import register_panel

        from . import signals  # noqa: F401  (notice e-mails on publish)
        from .access import has_gradebook_role

        register_panel(
            key="education",
            title=_("E-dziennik"),
            template="education/dashboard_panel.html",
            get_context=_dashboard_context,
            order=40,
            is_shown=lambda request: has_gradebook_role(request.user),
        )


def _dashboard_context(request) -> dict:
    """Only the signed-in person's own children (or themself) and the classes they teach."""
    from .access import roles_for_user

    return {"roles": roles_for_user(request.user)}

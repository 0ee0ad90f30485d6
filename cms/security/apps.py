from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "security"
    verbose_name = _("Bezpieczeństwo")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks

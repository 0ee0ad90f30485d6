from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemeConfig(AppConfig):
    """Templates, CSS and small progressive-enhancement scripts of the public site."""

    name = "theme"
    label = "theme"
    verbose_name = _("Wygląd strony")

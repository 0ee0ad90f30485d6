"""``{% logingov_enabled as on %}``: whether to show the "Zaloguj przez login.gov.pl" button."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def logingov_enabled() -> bool:
    return bool(getattr(settings, "LOGINGOV_ENABLED", False))

"""``crisis_banner`` in every template's context: the alerts the banner shows (``banner.html``).

Lazy: nothing is read until a template uses it (the Wagtail admin never does). It reads the alerts
state the page-cache middleware already fetched for this request, so the banner on a page always
matches the alerts version in that page's cache key (``crisis.website``).
"""

from django.utils.functional import SimpleLazyObject

from . import website


def alerts_banner(request):
    return {"crisis_banner": SimpleLazyObject(lambda: list(website.alerts_state(request)["banner"]))}

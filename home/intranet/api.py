"""The public pages API without private pages, whoever asks.

Wagtail's ``PagesAPIViewSet`` hides a restricted page only from requests that do not satisfy its
restriction, and a "signed-in users" restriction is satisfied by any signed-in resident: with a
session cookie, ``/api/v2/pages/`` would list the intranet. The API is the public API, so it shows
what ``.public()`` shows, to everybody.
"""

from wagtail.api.v2.views import PagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()

from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home import views as home_views
from home.intranet.api import PublicPagesAPIViewSet

from .health import healthz
from .security.securitytxt import security_txt

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)  # never private pages (issue 3)
api_router.register_endpoint("images", ImagesAPIViewSet)

urlpatterns = [
    path("admin/2fa/", include("cms.accounts.urls_two_factor")),  # the admin's second factor (issue 11)
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("szukaj/", home_views.search, name="search"),
    path("aktualnosci/rss.xml", home_views.news_rss, name="news_rss"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "theme/favicon.svg", permanent=True)),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),  # RFC 9116, issue 11
    path("", include("eservices.cases.urls")),  # /konto/sprawy/…, /weryfikacja/…
    path("", include("eservices.finance.urls")),  # /konto/naleznosci/…, /naleznosci/kalendarz/<token>.ics
    path("", include("eservices.finance.payments.urls")),  # /konto/naleznosci/<pk>/zaplac/, /platnosci/…
    path("", include("crisis.urls")),  # /ostrzezenia/…, /konto/powiadomienia/
    path("budzet-obywatelski/", include("eservices.budget.urls")),
    path("", include("eservices.epuap.urls")),  # /konto/login-gov-pl/…, /uslugi/<slug>/wniosek-epuap.xml (issue 10)
    path("konto/", include("cms.accounts.urls")),
    path("dziennik/", include("education.urls")),  # e-gradebook (issue 9)
    path("uslugi/<slug:slug>/wniosek/", include("eservices.forms.urls")),
    path("", include("home.bip.urls")),
]

if settings.DEBUG:
    # Images only, non-images as attachments, nosniff: as nginx serves media in production (issue 11).
    from .security.media import media_urlpatterns

    urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

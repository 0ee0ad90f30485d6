"""Public URLs of the crisis app, mounted at the site root by ``cms/urls.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("crisis.urls_subscriptions")),  # /ostrzezenia/subskrypcja/…, /konto/powiadomienia/
    path("", include("crisis.urls_webhooks")),  # /ostrzezenia/raporty/… (gateway delivery reports)
    path("", include("crisis.urls_public")),  # /ostrzezenia/, cap.xml, rss.xml, detail pages
]

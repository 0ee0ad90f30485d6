"""The public alerts pages and feeds: ``/ostrzezenia/`` (list), ``/ostrzezenia/<id>/`` (detail) and
the feeds ``/ostrzezenia/cap.xml`` (Atom of CAP 1.2), ``/ostrzezenia/<id>/cap.xml``, ``/ostrzezenia/rss.xml``."""

from django.urls import path

from . import views_public

app_name = "crisis_public"

urlpatterns = [
    path("ostrzezenia/", views_public.alert_list, name="list"),
    path("ostrzezenia/cap.xml", views_public.cap_feed, name="cap_feed"),
    path("ostrzezenia/rss.xml", views_public.rss_feed, name="rss_feed"),
    path("ostrzezenia/<int:pk>/", views_public.alert_detail, name="detail"),
    path("ostrzezenia/<int:pk>/cap.xml", views_public.alert_cap, name="alert_cap"),
]

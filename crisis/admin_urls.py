"""URLs of the alerts' back office, mounted by ``wagtail_hooks`` at ``/admin/kryzys/ostrzezenia/``
(namespace ``crisis_alerts``)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.AlertIndexView.as_view(), name="index"),
    path("wyniki/", admin_views.AlertIndexResultsView.as_view(), name="index_results"),
    path("nowe/", admin_views.alert_create, name="create"),
    path("<int:pk>/", admin_views.alert_detail, name="detail"),
    path("<int:pk>/zmien/", admin_views.alert_edit, name="edit"),
    path("<int:pk>/czynnosc/<slug:action>/", admin_views.alert_action, name="action"),
]

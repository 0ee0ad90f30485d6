"""URLs of the ePUAP back office, mounted by ``wagtail_hooks`` at ``/admin/epuap/`` (``epuap_admin``)."""

from django.urls import path

from . import admin_views

app_name = "epuap_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("pobierz/", admin_views.pull_now, name="pull_now"),
    path("dokumenty/<int:pk>/", admin_views.document_detail, name="document"),
    path("dokumenty/<int:pk>/xml/", admin_views.document_xml, name="document_xml"),
    path("dokumenty/<int:pk>/sprawa/", admin_views.document_open_case, name="document_open_case"),
    path("dokumenty/<int:pk>/rozpatrz/", admin_views.document_dismiss, name="document_dismiss"),
    path("sprawy/<int:pk>/wyslij/", admin_views.case_send, name="case_send"),
    path("wysylki/<int:pk>/ponow/", admin_views.dispatch_retry, name="dispatch_retry"),
]

"""URLs of the clerk's back office, mounted by ``wagtail_hooks`` at ``/admin/sprawy/`` (``cases_admin``)."""

from django.urls import path

from . import admin_views

app_name = "cases_admin"

urlpatterns = [
    path("", admin_views.back_office_required(admin_views.CaseIndexView.as_view()), name="index"),
    path("wyniki/", admin_views.back_office_required(admin_views.CaseIndexResultsView.as_view()), name="index_results"),
    path("eksport.csv", admin_views.export_csv, name="export"),
    path("zarejestruj/", admin_views.counter_register, name="counter"),
    path("<int:pk>/", admin_views.case_detail, name="detail"),
    path("<int:pk>/czynnosc/<slug:action>/", admin_views.case_action, name="action"),
    path("<int:pk>/dokumenty/<int:document_pk>/", admin_views.document_download, name="document"),
    path("<int:pk>/pliki/<str:name>/<int:index>/", admin_views.file_download, name="file"),
]

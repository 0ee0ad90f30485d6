"""``/konto/login-gov-pl/…`` and ``/uslugi/<slug>/wniosek-epuap.xml`` (mounted at "" in cms/urls.py)."""

from django.urls import path

from . import form_export, logingov_views

app_name = "logingov"

urlpatterns = [
    path("konto/login-gov-pl/", logingov_views.start, name="start"),
    path("konto/login-gov-pl/acs/", logingov_views.acs, name="acs"),
    path("konto/login-gov-pl/email/", logingov_views.email, name="email"),
    path("konto/login-gov-pl/metadata/", logingov_views.metadata, name="metadata"),
    path("uslugi/<slug:slug>/wniosek-epuap.xml", form_export.form_as_epuap, name="form_export"),
]

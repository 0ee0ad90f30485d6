"""Online payment addresses (namespace ``finance_pay``), included at the root by ``cms/urls.py``
before the resident pages, so ``/konto/naleznosci/<pk>/zaplac/`` is served here."""

from django.urls import path

from . import sandbox_views, views

app_name = "finance_pay"

urlpatterns = [
    # the resident's balances page links here: ``{% url 'finance_pay:pay' taxpayer.pk %}?raty=<ids>``
    path("konto/naleznosci/<int:taxpayer_pk>/zaplac/", views.pay_start, name="pay"),
    path("platnosci/powiadomienie/<slug:provider>/", views.notify, name="notify"),
    path("platnosci/sandbox/<str:token>/", sandbox_views.sandbox_page, name="sandbox"),
    path("platnosci/sandbox/<str:token>/status.json", sandbox_views.sandbox_status, name="sandbox_status"),
    path("platnosci/<str:external_id>/", views.transaction_status, name="status"),
]

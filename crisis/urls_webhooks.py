"""Gateway callbacks (namespace ``crisis_webhooks``): ``/ostrzezenia/raporty/smsapi/<secret>/``.

Configure SMSAPI's ``notify_url`` as ``https://<site>/ostrzezenia/raporty/smsapi/<callback_secret>/``
(``RATUSZ_SMSAPI_NOTIFY_URL``, docs/messaging.md).
"""

from django.urls import path

from . import views_webhooks

app_name = "crisis_webhooks"

urlpatterns = [
    path("ostrzezenia/raporty/smsapi/", views_webhooks.smsapi_report, name="smsapi"),
    path("ostrzezenia/raporty/smsapi/<str:secret>/", views_webhooks.smsapi_report, name="smsapi_secret"),
]

"""Subscription URLs: the public pages under ``/ostrzezenia/`` (namespace ``crisis_subscribe``)
and the resident's ``/konto/powiadomienia/`` (namespace ``crisis_account``)."""

from django.urls import include, path

from . import views_subscriptions as views

public_patterns = [
    path("ostrzezenia/subskrypcja/", views.subscribe, name="subscribe"),
    path("ostrzezenia/subskrypcja/kod/", views.code, name="code"),
    path("ostrzezenia/subskrypcja/potwierdz/<str:token>/", views.confirm_email, name="confirm_email"),
    path("ostrzezenia/wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("ostrzezenia/stop/", views.stop, name="stop"),
    path("ostrzezenia/stop/kod/", views.stop_code, name="stop_code"),
]

account_patterns = [
    path("", views.account, name="list"),
    path("<int:pk>/", views.account_change, name="change"),
    path("<int:pk>/wypisz/", views.account_unsubscribe, name="unsubscribe"),
]

urlpatterns = [
    path("", include((public_patterns, "crisis_subscribe"))),
    path("konto/powiadomienia/", include((account_patterns, "crisis_account"))),
]
